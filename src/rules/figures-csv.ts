/**
 * Figures and task progress from CSV (exports of other systems, hand-made sheets saved as CSV).
 * Columns are found by header, English or Chinese (填报单位, 指标, 报告期, 数值, 同比增长, 上年同期, 说明),
 * in any order. A bad row becomes a finding with its row number and the other rows are still read;
 * only a file without the needed columns is an error, because then nothing can be read.
 */
import * as Papa from 'papaparse/papaparse.js';
import type { Figure, TaskProgress, Entered } from '../model/submission';
import type { Finding } from '../model/finding';
import { PlanbookError } from '../model/errors';
import { message } from './messages';
import { toNumber } from './values';
import { unguardCell } from '../model/csv-guard';
import { parsePeriod, readPeriod } from '../model/period';

export interface CsvRead<T> {
  items: T[];
  /** The CSV row (1-based, header = row 1) each item came from, for messages that point at the file. */
  rows: number[];
  findings: Finding[];
}

const FIGURE_HEADERS: Record<keyof Figure, string[]> = {
  orgUnit: ['orgunit', 'unit', '填报单位', '报送单位', '单位名称'],
  indicator: ['indicator', '指标', '指标名称'],
  period: ['period', '报告期', '时期'],
  value: ['value', '数值', '本期数', '本月止累计', '本期累计', '累计', 'value to date'],
  // The growth headers districts write (同比%, 比上年增长%, 增幅% …); the trailing % is ignored by headerKey.
  growth: ['growth', '同比增长', '增速', '同比增速', '同比增长率', '增长率', '增长', '同比', '比上年增长', '比上年同期增长', '比上年', '增幅', '同比增幅', '增长幅度', 'growth rate', 'yoy'],
  sameLastYear: ['samelastyear', 'base', '上年同期', '上年同期数'],
  note: ['note', '说明', '备注'],
};

const TASK_HEADERS: Record<'orgUnit' | 'taskNo' | 'period' | 'status' | 'progress' | 'text' | 'note', string[]> = {
  orgUnit: ['orgunit', 'unit', '填报单位', '责任单位', '报送单位'],
  taskNo: ['task', 'taskno', 'no', 'no.', '任务序号', '序号', '任务编号'],
  period: ['period', '报告期'],
  status: ['status', '状态', '进展状态'],
  progress: ['progress', '完成进度', '完成', '进度'],
  text: ['text', '进展情况', '推进情况'],
  note: ['note', '说明', '备注'],
};

/**
 * A header compared without BOM, case, spaces or a trailing percent marker, so every header a
 * planbook form, report or export prints reads back: 同比增长% (the form), 同比增长（%） (the report
 * CSV), 同比增长(%), 完成% and 完成进度（%） all name their column.
 */
function headerKey(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/(?:[（(]\s*[%％]\s*[)）]|[%％])$/, '');
}

/** A header's names: itself, and each side of a bilingual "本期累计 / Value to date" (CSV exports in both languages). */
function headerNames(h: string): string[] {
  const parts = h.split(' / ');
  return [h, ...(parts.length > 1 ? parts : [])].map(headerKey);
}

function mapColumns<K extends string>(header: string[], spec: Record<K, string[]>): Partial<Record<K, number>> {
  const keys = header.map(headerNames);
  const out: Partial<Record<K, number>> = {};
  for (const [k, names] of Object.entries(spec) as [K, string[]][]) {
    const i = keys.findIndex((hs) => names.some((n) => hs.includes(headerKey(n))));
    if (i >= 0) out[k] = i;
  }
  return out;
}

/**
 * A cell as entered: empty → null, a number as the one reader reads it (values.ts; a trailing % on a
 * growth or a progress, which are in percent points) → number, else the text as typed, which the
 * checks read the same way the store's are read (a value "5.5%" of an indicator in % is 5.5 there).
 */
function entered(cell: string | undefined, percent = false): Entered {
  if (cell === undefined) return null;
  const t = cell.trim();
  if (t === '') return null;
  const n = toNumber(t, { percent });
  return n === null ? null : Number.isNaN(n) ? t : n;
}

interface Parsed {
  header: string[];
  body: string[][];
  /** Papa's row errors, keyed by the body row's index + 1 (as Papa numbers data rows after the header). */
  errors: Map<number, string>;
  /** The file line of the header, 1-based: rows are numbered from it. */
  headerRow: number;
}

/**
 * The table of a CSV: normally its first row is the header. A file planbook's `report` wrote holds
 * several tables, each after a title line and separated by a blank line; when the first row lacks
 * the `required` columns, the first table whose header has them is read, up to the blank line after it.
 */
function parseRows<K extends string>(text: string, what: { zh: string; en: string }, spec: Record<K, string[]>, required: readonly K[]): Parsed {
  const clean = text.replace(/^\uFEFF/, '');
  const r = Papa.parse(clean, { skipEmptyLines: 'greedy' });
  if (r.data.length === 0) throw new PlanbookError('VALIDATION', { zh: `${what.zh}是空的，没有表头也没有数据`, en: `The ${what.en} is empty: no header, no rows` });
  const has = (row: string[]): boolean => {
    const col = mapColumns(row.map(unguardCell), spec);
    return required.every((k) => col[k] !== undefined);
  };
  const errors = new Map<number, string>();
  if (!has(r.data[0]!)) {
    const whole = Papa.parse(clean, { skipEmptyLines: false });
    const all = whole.data;
    const at = all.findIndex(has);
    if (at > 0) {
      let end = all.findIndex((row, i) => i > at && row.every((c) => c.trim() === ''));
      if (end < 0) end = all.length;
      for (const e of whole.errors) if (e.row !== undefined && e.row > at && e.row < end) errors.set(e.row - at, e.message);
      const data = all.slice(at, end).map((row) => row.map(unguardCell));
      return { header: data[0]!, body: data.slice(1), errors, headerRow: at + 1 };
    }
  }
  for (const e of r.errors) if (e.row !== undefined) errors.set(e.row, e.message);
  // Every cell as it was before planbook's writer guarded it against formula injection ('=… → =…).
  const data = r.data.map((row) => row.map(unguardCell));
  return { header: data[0]!, body: data.slice(1), errors, headerRow: 1 };
}

/**
 * A CSV period as the forms print it (2023年1-8月, 2023-6, 2023年6月, ２０２３-０６) read by the one
 * period reader every input path uses (model/period.ts readPeriod: the custom functions' and the
 * workbook's), with an info finding saying how it was read; text that is no period stays as typed,
 * for the checks to refuse with their own words.
 */
function csvPeriod(raw: string, row: number, unit: string, findings: Finding[]): string {
  if (raw === '' || parsePeriod(raw)) return raw;
  const r = readPeriod(raw);
  if (!r) return raw;
  findings.push({
    rule: 'csv-period',
    severity: 'info',
    subject: { kind: 'submission', orgUnit: unit, period: r.period },
    field: null,
    message: message('csv-period', { row, reason: r.read }),
    numbers: { row },
    explained: false,
  });
  return r.period;
}

function rowFinding(row: number, unit: string, period: string, reason: { zh: string; en: string }): Finding {
  return {
    rule: 'csv-row',
    severity: 'error',
    subject: { kind: 'submission', orgUnit: unit, period },
    field: null,
    message: message('csv-row', { row, reason }),
    numbers: { row },
    explained: false,
  };
}

function missingColumns(missing: string[], what: { zh: string; en: string }, zhNames: Record<string, string>): PlanbookError {
  return new PlanbookError('VALIDATION', {
    zh: `${what.zh}缺少必需的列：${missing.map((m) => `${zhNames[m]}（${m}）`).join('、')}；第一行应为表头，例如：填报单位,指标,报告期,数值,同比增长,上年同期,说明`,
    en: `The ${what.en} lacks required columns: ${missing.join(', ')}; the first row must be a header such as unit,indicator,period,value,growth,base,note`,
  });
}

/** Headers of the report's main-indicator table that are not figures; they mark the file as a report. */
const REPORT_ONLY = [
  '全年目标',
  'annual target',
  '数据状态',
  'figure state',
  '计量单位',
  'measure unit',
  '目标增速',
  'target growth',
  '与目标差',
  'against target',
  '完成全年',
  'of annual amount',
  '时间进度',
  'time progress',
  '超/低于时间进度',
  'ahead/behind time',
  '完成情况',
  'status',
];

/**
 * The columns no figure field took, by header, for a notice: a column dropped without a word is a
 * growth rate lost. A report table's own columns (全年目标, 完成情况 …) are expected, not named.
 */
function unusedColumns(header: string[], col: Partial<Record<keyof Figure, number>>, report: boolean): string[] {
  const used = new Set(Object.values(col));
  const known = REPORT_ONLY.map(headerKey);
  return header.filter((h, i) => !used.has(i) && h.trim() !== '' && !(report && headerNames(h).some((n) => known.some((k) => n.startsWith(k))))).map((h) => h.trim());
}

/**
 * Figures from CSV: columns by header (FIGURE_HEADERS); a bad row is a `csv-row` error with its
 * number, a column not understood a `csv-column` info naming it. The report's own CSV (`planbook
 * report --format csv`) reads back too: its main-indicator table is taken, its 计量单位 / "Unit"
 * column is a measure unit (not 填报单位), its rows without a figure (无数据) are skipped, and a row
 * repeating the figure of an earlier row under another name of the same indicator (an alias in the
 * plan) is read once.
 */
export function readFiguresCsv(text: string): CsvRead<Figure> {
  const what = { zh: '数据文件（CSV）', en: 'figures CSV' };
  const required = ['indicator', 'period', 'value'] as const;
  const { header, body, errors, headerRow } = parseRows(text, what, FIGURE_HEADERS, required);
  const col = mapColumns(header, FIGURE_HEADERS);
  const missing = required.filter((k) => col[k] === undefined);
  if (missing.length > 0) throw missingColumns(missing, what, { indicator: '指标', period: '报告期', value: '数值' });
  const keys = header.map(headerNames);
  const report = keys.some((hs) => hs.includes(headerKey('全年目标')) || hs.includes(headerKey('annual target')));
  // Before the report's measure-unit column is let go below: it is expected, not a column to name.
  const unused = unusedColumns(header, col, report);
  // An English report (before 2026-12 it headed 计量单位 "Unit") has no 填报单位: its "Unit" is the measure.
  if (report && col.orgUnit !== undefined && keys[col.orgUnit]!.some((n) => n === 'unit' || n === '计量单位')) delete col.orgUnit;
  const out: CsvRead<Figure> = { items: [], rows: [], findings: [] };
  if (unused.length > 0) {
    out.findings.push({
      rule: 'csv-column',
      severity: 'info',
      subject: { kind: 'submission', orgUnit: '', period: '' },
      field: null,
      message: message('csv-column', { raw: unused.map((h) => `“${h}”`).join('、') }),
      numbers: {},
      explained: false,
    });
  }
  const seen = new Map<string, string[]>();
  body.forEach((cells, i) => {
    const row = i + 1 + headerRow;
    const get = (k: keyof Figure): string | undefined => (col[k] === undefined ? undefined : cells[col[k]!]);
    const unit = (get('orgUnit') ?? '').trim();
    const indicator = (get('indicator') ?? '').trim();
    const period = (get('period') ?? '').trim();
    const parseError = errors.get(i + 1);
    if (parseError) {
      out.findings.push(rowFinding(row, unit, period, { zh: `CSV 格式错误（${parseError}）`, en: `malformed CSV (${parseError})` }));
      return;
    }
    if (report) {
      // A report row without a figure (无数据, 暂无判断) is not an error, and an alias row repeats its indicator's figure.
      if (period === '' && (get('value') ?? '').trim() === '' && (get('growth') ?? '').trim() === '') return;
      const key = [period, get('value'), get('growth'), ...cells.slice(col.indicator! + 1, col.indicator! + 2)].join('\u0001');
      const twin = seen.get(key);
      if (twin && isAliasRow(twin, cells, col.indicator!)) return;
      seen.set(key, cells);
    }
    if (indicator === '' || period === '') {
      out.findings.push(rowFinding(row, unit, period, { zh: indicator === '' ? '没有填写指标名称' : '没有填写报告期', en: indicator === '' ? 'no indicator name' : 'no period' }));
      return;
    }
    out.items.push({
      orgUnit: unit,
      indicator,
      period: csvPeriod(period, row, unit, out.findings),
      value: entered(get('value')),
      growth: entered(get('growth'), true),
      sameLastYear: entered(get('sameLastYear')),
      note: (get('note') ?? '').trim(),
    });
    out.rows.push(row);
  });
  return out;
}

/** Two report rows whose indicator names end alike (城镇登记失业率 / 登记失业率) and agree in every other cell but the target text. */
function isAliasRow(prev: string[], row: string[], ind: number): boolean {
  const a = (prev[ind] ?? '').trim();
  const b = (row[ind] ?? '').trim();
  if (a === '' || b === '' || !(a.endsWith(b) || b.endsWith(a))) return false;
  return row.every((c, j) => j === ind || j === ind + 2 || c === prev[j]);
}

export function readTaskProgressCsv(text: string): CsvRead<TaskProgress> {
  const what = { zh: '任务进展文件（CSV）', en: 'task progress CSV' };
  const required = ['taskNo', 'period', 'status'] as const;
  const { header, body, errors, headerRow } = parseRows(text, what, TASK_HEADERS, required);
  const col = mapColumns(header, TASK_HEADERS);
  const missing = required.filter((k) => col[k] === undefined);
  if (missing.length > 0) throw missingColumns(missing, what, { taskNo: '任务序号', period: '报告期', status: '状态' });
  const out: CsvRead<TaskProgress> = { items: [], rows: [], findings: [] };
  body.forEach((cells, i) => {
    const row = i + 1 + headerRow;
    const get = (k: keyof typeof TASK_HEADERS): string => (col[k] === undefined ? '' : (cells[col[k]!] ?? '').trim());
    const unit = get('orgUnit');
    const period = get('period');
    const parseError = errors.get(i + 1);
    if (parseError) {
      out.findings.push(rowFinding(row, unit, period, { zh: `CSV 格式错误（${parseError}）`, en: `malformed CSV (${parseError})` }));
      return;
    }
    const no = Number(get('taskNo'));
    if (get('taskNo') === '' || !Number.isInteger(no) || no <= 0) {
      out.findings.push(rowFinding(row, unit, period, { zh: `任务序号“${get('taskNo')}”应为正整数`, en: `task number "${get('taskNo')}" must be a positive whole number` }));
      return;
    }
    if (period === '') {
      out.findings.push(rowFinding(row, unit, period, { zh: '没有填写报告期', en: 'no period' }));
      return;
    }
    const status = get('status');
    out.items.push({
      orgUnit: unit,
      taskNo: no,
      period: csvPeriod(period, row, unit, out.findings),
      status: status === '' ? null : status,
      progress: entered(get('progress'), true),
      text: get('text'),
      note: get('note'),
    });
    out.rows.push(row);
  });
  return out;
}
