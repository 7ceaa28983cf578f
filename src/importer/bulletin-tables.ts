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
import type { ImportProblem } from './types';
import { normaliseIndicator } from './indicator-names';
import { msg } from '../model/i18n';

type Column = 'name' | 'unit' | 'value' | 'growth' | 'growth-since-start' | 'other';

interface Header {
  columns: Column[];
  /** The value column's unit from its header (绝对数（亿元）), or '' when a 单位 column or the name cell gives it. */
  measureUnit: string;
  /** What an industry table's value column measures (行业 | 增加值（亿元）): 工业 → 工业增加值. */
  measure: string;
}

const VALUE_HEAD = /^(?:绝对数|绝对额|绝对值|产量|完成额|完成数|年末数|总量|数值|金额|本年|全年)(?:[（(](.+)[）)])?$/;
const GROWTH_HEAD = /^(?:比上年|同比|较上年)?(?:增长|上涨|增速)(?:[（(]?%[）)]?)?$|^增长%$/;
const SINCE_START_HEAD = /^(?:比年初|比上年末)(?:增长|增减)(?:[（(]%[）)])?$/;
const SKIPPED_TABLE = /分行业|分地区|分类|构成|比重|以上年为100|指数/;
/** An industry table is read when its value column names the measure (增加值（亿元）): the row names the industry. */
const INDUSTRY_TABLE = /分行业|行业/;
const NEVER_READ = /分地区|分类|构成|比重|以上年为100|指数/;
const MEASURE_HEAD = /^(增加值|总产值|产值|营业收入|利润总额)[（(](.+)[）)]$/;
/** A year column (指标 | 2022年 | 2023年 | 比上年增长): the bulletin year's is the value, the others are not read. */
const YEAR_HEAD = /^(\d{4})年$/;
/** A unit in brackets at the end of a name cell: 地区生产总值（亿元）. */
const UNIT_IN_NAME = /[（(]([^）()（\d]{1,6})[）)]$/;
const PART = /^(?:其中[：:]?|在总计中[：:]?|#)/;
const NUMBERING = /^(?:[（(]\d+[）)]|\d+[.．、]|[一二三四五六七八九十]+、)/;
const BARE = /^(?:第[一二三]产业|城镇|乡村|农村|城市|城区|男性|女性|铁路|公路|水运|航空|其他|合计|总计|国有企业|集体企业|股份制企业|轻工业|重工业)$/;
const PLACEHOLDER = /^(?:—+|-+|－+|…+|\/)?$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

function headerOf(cells: string[], year: string, industry: boolean): Header | null {
  const columns: Column[] = [];
  let unit = '';
  let measure = '';
  let yearColumn = false;
  for (const [i, raw] of cells.entries()) {
    const c = raw.replace(/\s+/g, '');
    let m: RegExpExecArray | null;
    if (i === 0) columns.push('name');
    else if (/^单位$/.test(c)) columns.push('unit');
    else if ((m = VALUE_HEAD.exec(c))) {
      columns.push('value');
      unit = m[1] ?? '';
    } else if (industry && (m = MEASURE_HEAD.exec(c))) {
      columns.push('value');
      measure = m[1];
      unit = m[2];
    } else if ((m = YEAR_HEAD.exec(c)) && m[1] === year && !columns.includes('value')) {
      columns.push('value');
      yearColumn = true;
    } else if (GROWTH_HEAD.test(c.replace(/[（(]%[）)]$/, '')) || GROWTH_HEAD.test(c)) columns.push('growth');
    else if (SINCE_START_HEAD.test(c)) columns.push('growth-since-start');
    else columns.push('other');
  }
  const has = (k: Column): boolean => columns.includes(k);
  if (!has('value') && !has('growth')) return null;
  if (industry && !measure) return null;
  // With a year column the unit is in each name cell (地区生产总值（亿元）); a row without one is reported.
  if (has('value') && !unit && !has('unit') && !yearColumn) return null;
  return { columns, measureUnit: unit, measure };
}

const badRow = (row: string, why: { zh: string; en: string }): ReturnType<typeof msg> => msg(`统计表的一行“${row}”无法读取（${why.zh}），未导入`, `A table row "${row}" could not be read (${why.en}); not imported`);

function cellNumber(c: string | undefined): number | null | 'bad' {
  const t = (c ?? '').replace(/\s+/g, '');
  if (PLACEHOLDER.test(t)) return null;
  return NUMBER.test(t) ? Number(t) : 'bad';
}

/**
 * Figures of every readable table in the lines, for `period`, and a problem for each row of a read
 * table that holds numbers but cannot be read (cells that do not fit the header, a cell that is no
 * number, a value with no unit). Pure; O(lines).
 */
export function readBulletinTables(id: string, lines: LogicalLine[], period: string): { actuals: Actual[]; problems: ImportProblem[] } {
  const out: Actual[] = [];
  const problems: ImportProblem[] = [];
  const year = /^\d{4}$/.test(period) ? period : '';
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
      const industry = INDUSTRY_TABLE.test(title) || /^行业$/.test(cells[0].replace(/\s+/g, ''));
      const never = NEVER_READ.test(title) || NEVER_READ.test(l.text) || (!industry && SKIPPED_TABLE.test(title + l.text));
      header = never ? null : headerOf(cells, year, industry);
      if (!header) title = '表 skipped';
      continue;
    }
    const report = (why: { zh: string; en: string }): void => {
      if (/\d/.test(cells.slice(1).join(''))) problems.push({ document: id, line: l.line, message: badRow(cells.join(' ').slice(0, 40), why) });
    };
    if (cells.length !== header.columns.length) {
      report({ zh: '单元格数与表头不符', en: 'its cells do not match the header' });
      continue;
    }
    const rawName = cells[0].replace(/\s+/g, '');
    if (PART.test(rawName)) continue;
    const named = normaliseIndicator(rawName.replace(NUMBERING, '').replace(/[（(][^）)]*[）)]$/, ''));
    const name = header.measure && !named.endsWith(header.measure) ? named + header.measure : named;
    if (name.length < 2 || name.length > 20 || (!header.measure && BARE.test(name)) || /\d/.test(name)) continue;
    let value: number | null = null;
    let growth: number | null = null;
    let unit = header.measureUnit || (UNIT_IN_NAME.exec(rawName)?.[1] ?? '');
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
    if (bad) report({ zh: '有单元格不是数字', en: 'a cell is not a number' });
    else if (value !== null && (unit === '' || unit.length > 6 || /\d/.test(unit))) report({ zh: '数值没有可识别的单位', en: 'its value has no unit that can be read' });
    if (bad || (value === null && growth === null) || (value !== null && unit === '') || unit.length > 6 || /\d/.test(unit)) continue;
    out.push({
      indicator: name,
      period,
      value,
      measureUnit: value === null ? '' : unit,
      growth,
      status: 'final',
      text: cells.join(' '),
      source: { document: id, line: l.line },
    });
  }
  return { actuals: out, problems };
}
