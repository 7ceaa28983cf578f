/**
 * CSV export of report tables, findings and figures (papaparse). UTF-8 with a BOM so Excel opens Chinese
 * correctly, and formula-injection safe: a text cell starting with = + - @ tab or CR is prefixed with '
 * (src/model/csv-guard.ts, which the readers undo) so Excel shows it as text; real numbers, negative
 * ones too, stay numbers. Papa's own `escapeFormulae: true` pattern (/^[=+\-@\t\r].*$/) needs the
 * whole text on one line, so a multi-line note starting with '=' would go out unguarded: planbook
 * passes its own pattern.
 */
import * as Papa from 'papaparse/papaparse.js';
import type { Lang } from '../model/i18n';
import { SEVERITY_LABELS, type Finding } from '../model/finding';
import type { Entered, Figure } from '../model/submission';
import type { Table, Cell, Column } from './table';
import { FORMULA_START } from '../model/csv-guard';

/** 'both' writes "中文 / English" headers and labels, for files read by both kinds of reader. */
export type CsvLang = Lang | 'both';

const BOM = '\uFEFF';

function text(b: { zh: string; en: string }, lang: CsvLang): string {
  return lang === 'both' ? `${b.zh} / ${b.en}` : b[lang];
}

function cell(c: Column, v: Cell, lang: CsvLang): string | number | null {
  if (v === null || v === undefined) return null;
  // Own properties only: a cell reading "__proto__" or "constructor" must not pick up Object.prototype.
  if (c.type === 'enum' && typeof v === 'string' && c.labels && Object.prototype.hasOwnProperty.call(c.labels, v)) return text(c.labels[v]!, lang);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return v;
}

export function rowsToCsv(header: string[], rows: (string | number | null)[][]): string {
  return BOM + Papa.unparse([header, ...rows], { escapeFormulae: FORMULA_START, newline: '\r\n' });
}

export function tableToCsv(table: Table, lang: CsvLang = 'zh'): string {
  const header = table.columns.map((c) => text(c.header, lang));
  const rows = table.rows.map((r) => table.columns.map((c) => cell(c, r[c.key] ?? null, lang)));
  return rowsToCsv(header, rows);
}

// The one label of each severity, beside its type.
const SEVERITY = SEVERITY_LABELS;

export function findingsToCsv(findings: readonly Finding[], lang: CsvLang = 'both'): string {
  const h = (zh: string, en: string): string => text({ zh, en }, lang);
  const header = [h('严重程度', 'Severity'), h('规则', 'Rule'), h('填报单位', 'Unit'), h('指标/任务', 'Indicator/task'), h('报告期', 'Period'), h('字段', 'Field'), h('已说明', 'Explained'), h('信息', 'Message')];
  const rows = findings.map((f) => {
    const s = f.subject;
    const what = s.kind === 'figure' ? s.indicator : s.kind === 'task' ? String(s.taskNo) : '';
    return [text(SEVERITY[f.severity], lang), f.rule, s.orgUnit, what, s.period, f.field, f.explained ? text({ zh: '是', en: 'yes' }, lang) : '', text(f.message, lang === 'both' ? 'both' : lang)];
  });
  return rowsToCsv(header, rows);
}

/**
 * Figures as the figures CSV that `planbook check|report --figures` reads (src/rules/figures-csv.ts),
 * headed as the indicator form heads its columns: 填报单位,指标,报告期,数值,同比增长%,上年同期,说明.
 * Numbers stay numbers; a text value (an entry that is not a number) is written as entered.
 */
export function figuresToCsv(figures: readonly Figure[]): string {
  const header = ['填报单位', '指标', '报告期', '数值', '同比增长%', '上年同期', '说明'];
  const out = (v: Entered): string | number | null => (typeof v === 'number' ? (Number.isFinite(v) ? v : null) : v);
  return rowsToCsv(
    header,
    figures.map((f) => [f.orgUnit, f.indicator, f.period, out(f.value), out(f.growth), out(f.sameLastYear), f.note]),
  );
}
