/**
 * The tables of a statistical bulletin (统计公报), as rows of tab-joined cells:
 *   指标	绝对数（亿元）	比上年增长（%）        产品名称	单位	产量	比上年增长（%）
 *   财政总收入	148.87	3.5                      钢材	吨	1577693	48.8
 * A row gives a figure of the bulletin's year: its value (unit from a 单位 column or the value
 * column's header), its growth, or both; "—" and empty cells are no value. Read conservatively,
 * because a table's rows are often parts named only by the table they stand in:
 *  - a table is read only when its header names a value or a growth column and every row has the
 *    header's number of cells (a merged cell holding two numbers, "5.24.6", is no number);
 *  - breakdown tables (分行业, 分地区, 构成, 比重) and index tables (以上年为100) are skipped;
 *  - rows that are a part (其中：, #, 在总计中：) or a bare sector or place (第一产业, 城镇, 铁路)
 *    are skipped: their names do not say what was measured.
 */
import type { Actual } from '../model/plan';
import type { LogicalLine } from './normalize';
import { normaliseIndicator } from './indicator-names';

type Column = 'name' | 'unit' | 'value' | 'growth' | 'growth-since-start' | 'other';

interface Header {
  columns: Column[];
  /** The value column's unit from its header (绝对数（亿元）), or '' when a 单位 column gives it. */
  unit: string;
}

const VALUE_HEAD = /^(?:绝对数|绝对额|绝对值|产量|完成额|完成数|年末数|总量|数值|金额|本年|全年)(?:[（(](.+)[）)])?$/;
const GROWTH_HEAD = /^(?:比上年|同比|较上年)?(?:增长|上涨|增速)(?:[（(]?%[）)]?)?$|^增长%$/;
const SINCE_START_HEAD = /^(?:比年初|比上年末)(?:增长|增减)(?:[（(]%[）)])?$/;
const SKIPPED_TABLE = /分行业|分地区|分类|构成|比重|以上年为100|指数/;
const PART = /^(?:其中[：:]?|在总计中[：:]?|#)/;
const NUMBERING = /^(?:[（(]\d+[）)]|\d+[.．、]|[一二三四五六七八九十]+、)/;
const BARE = /^(?:第[一二三]产业|城镇|乡村|农村|城市|城区|男性|女性|铁路|公路|水运|航空|其他|合计|总计|国有企业|集体企业|股份制企业|轻工业|重工业)$/;
const PLACEHOLDER = /^(?:—+|-+|－+|…+|\/)?$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

function headerOf(cells: string[]): Header | null {
  const columns: Column[] = [];
  let unit = '';
  for (const [i, raw] of cells.entries()) {
    const c = raw.replace(/\s+/g, '');
    let m: RegExpExecArray | null;
    if (i === 0) columns.push('name');
    else if (/^单位$/.test(c)) columns.push('unit');
    else if ((m = VALUE_HEAD.exec(c))) {
      columns.push('value');
      unit = m[1] ?? '';
    } else if (GROWTH_HEAD.test(c)) columns.push('growth');
    else if (SINCE_START_HEAD.test(c)) columns.push('growth-since-start');
    else columns.push('other');
  }
  const has = (k: Column): boolean => columns.includes(k);
  if (!has('value') && !has('growth')) return null;
  if (has('value') && !unit && !has('unit')) return null;
  return { columns, unit };
}

function cellNumber(c: string | undefined): number | null | 'bad' {
  const t = (c ?? '').replace(/\s+/g, '');
  if (PLACEHOLDER.test(t)) return null;
  return NUMBER.test(t) ? Number(t) : 'bad';
}

/** Figures of every readable table in the lines, for `period`. Pure; O(lines). */
export function readBulletinTables(id: string, lines: LogicalLine[], period: string): Actual[] {
  const out: Actual[] = [];
  let header: Header | null = null;
  let title = '';
  for (const l of lines) {
    if (!l.text.includes('\t')) {
      header = null;
      if (/^表\s*\d+/.test(l.text)) title = l.text;
      continue;
    }
    const cells = l.text.split('\t');
    if (!header) {
      header = SKIPPED_TABLE.test(title) || SKIPPED_TABLE.test(l.text) ? null : headerOf(cells);
      if (!header) title = '表 skipped';
      continue;
    }
    if (cells.length !== header.columns.length) continue;
    const rawName = cells[0].replace(/\s+/g, '');
    if (PART.test(rawName)) continue;
    const name = normaliseIndicator(rawName.replace(NUMBERING, '').replace(/[（(][^）)]*[）)]$/, ''));
    if (name.length < 2 || name.length > 20 || BARE.test(name) || /\d/.test(name)) continue;
    let value: number | null = null;
    let growth: number | null = null;
    let unit = header.unit;
    let bad = false;
    header.columns.forEach((k, i) => {
      if (k === 'unit') unit = cells[i].replace(/\s+/g, '');
      if (k === 'value' || k === 'growth' || (k === 'growth-since-start' && /余额$/.test(name))) {
        const n = cellNumber(cells[i]);
        if (n === 'bad') bad = true;
        else if (k === 'value') value = n;
        else growth = n;
      }
    });
    if (bad || (value === null && growth === null) || unit.length > 6 || /\d/.test(unit)) continue;
    out.push({
      indicator: name,
      period,
      value,
      unit: value === null ? '' : unit,
      growth,
      status: 'final',
      text: cells.join(' '),
      source: { document: id, line: l.line },
    });
  }
  return out;
}
