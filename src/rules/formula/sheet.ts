/**
 * The 审核公式 sheet, as rows: what a statistician types in a workbook (编号, 公式, 类型, 提示信息 …) ⇄
 * FormulaRuleDef[]. Pure: the .xlsx side (src/hosts/xlsx/rules-sheet.ts) only moves cell text. Reading
 * compiles every formula against the catalog so each bad one is reported by sheet row and character,
 * in both languages, before anything is published.
 */
import type { Bilingual } from '../../model/i18n';
import type { Severity } from '../../model/finding';
import { indexCatalog, type Catalog } from '../catalog';
import { placeholderProblem, unknownPlaceholders } from './placeholders';
import { compileFormula } from './compile';
import type { FormulaRuleDef } from './types';
import { planWordProblems, scopeProblems, SCOPE_COLUMNS, type PlanWords } from './scope';

export const SHEET_NAME = '审核公式';

/** Columns in the order `rules export` writes them; reading finds them by header, in any order. */
export const COLUMNS = ['编号', '公式', '类型', '提示信息', '提示信息（英文）', '适用单位', '适用报表', '适用报告期', '容差'] as const;
type Column = (typeof COLUMNS)[number];

const HEADER_WORDS: Record<Column, string[]> = {
  编号: ['编号', 'id', '规则编号'],
  公式: ['公式', 'formula', '审核公式'],
  类型: ['类型', 'severity', '审核类型', '性质'],
  提示信息: ['提示信息', 'message', '提示', '错误提示'],
  '提示信息（英文）': ['提示信息（英文）', '提示信息(英文)', '英文提示', 'message (en)', 'message_en', 'english'],
  适用单位: ['适用单位', 'units', '单位'],
  适用报表: ['适用报表', 'forms', '报表'],
  适用报告期: ['适用报告期', 'periods', '报告期'],
  容差: ['容差', 'tolerance'],
};

/** 类型 words, in a Map: a cell is user text, and `toString` or `constructor` must be an unknown word, not an Object property. */
const SEVERITY_WORDS: ReadonlyMap<string, Severity> = new Map<string, Severity>([
  ['强制性', 'error'],
  ['强制', 'error'],
  ['error', 'error'],
  ['错误', 'error'],
  ['核实性', 'warning'],
  ['核实', 'warning'],
  ['warning', 'warning'],
  ['警告', 'warning'],
  ['提示', 'info'],
  ['提示性', 'info'],
  ['info', 'info'],
]);
const SEVERITY_OUT: Record<Severity, string> = { error: '强制性', warning: '核实性', info: '提示' };

/** A problem in the sheet: 1-based row, the column it is in, and for a formula the 1-based character. */
export interface RowProblem {
  row: number;
  column: Column | null;
  position: number | null;
  message: Bilingual;
}

export type Cell = string | number | boolean | null | undefined;

function text(c: Cell): string {
  return c === null || c === undefined ? '' : String(c).trim();
}

/** A list cell: 区财政局、区商务局 (or , ， ; ；newline); 全部/所有/* or empty: no limit. */
function list(c: Cell): string[] | undefined {
  const t = text(c);
  if (t === '' || /^(全部|所有|\*|all)$/i.test(t)) return undefined;
  const items = t
    .split(/[、,，;；\n]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return items.length > 0 ? items : undefined;
}

/**
 * Reads the sheet's rows (the first row with a 公式 header is the header; rows above it are a title).
 * Returns the rules that compile and every problem; a bad row never hides the others. Scope words
 * (适用报表, 适用报告期) must name a form and a possible period; with `plan`, 适用单位 must name its units
 * and 汇总's sections and 任务进度's task numbers its tasks (scope.ts), each with the nearest word.
 */
export function readRuleRows(rows: readonly (readonly Cell[])[], catalog: Catalog, plan: PlanWords | null = null): { formulas: FormulaRuleDef[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const headerAt = rows.findIndex((r) => r.some((c) => HEADER_WORDS.公式.includes(text(c).toLowerCase())));
  if (headerAt < 0) {
    return {
      formulas: [],
      problems: [
        {
          row: 1,
          column: null,
          position: null,
          message: { zh: `“${SHEET_NAME}”表没有表头行（至少需要“编号”“公式”“类型”三列）`, en: `the "${SHEET_NAME}" sheet has no header row (it needs at least the columns 编号, 公式, 类型)` },
        },
      ],
    };
  }
  const col = new Map<Column, number>();
  rows[headerAt]!.forEach((c, i) => {
    const h = text(c).toLowerCase();
    for (const k of COLUMNS) if (!col.has(k) && HEADER_WORDS[k].includes(h)) col.set(k, i);
  });
  for (const k of ['编号', '公式', '类型'] as const) {
    if (!col.has(k)) problems.push({ row: headerAt + 1, column: k, position: null, message: { zh: `表头缺少“${k}”列`, en: `the header has no "${k}" column` } });
  }
  if (problems.length > 0) return { formulas: [], problems };
  const cat = indexCatalog(catalog);
  const formulas: FormulaRuleDef[] = [];
  const seen = new Map<string, number>();
  for (let i = headerAt + 1; i < rows.length; i++) {
    const r = rows[i]!;
    const get = (k: Column): Cell => (col.has(k) ? r[col.get(k)!] : undefined);
    const row = i + 1;
    if (COLUMNS.every((k) => text(get(k)) === '')) continue;
    const bad = (column: Column | null, zh: string, en: string, position: number | null = null): void => {
      problems.push({
        row,
        column,
        position,
        message: {
          zh: `第${row}行${column ? `“${column}”列` : ''}${position ? `第${position}个字符处` : ''}：${zh}`,
          en: `row ${row}${column ? `, column ${column}` : ''}${position ? `, character ${position}` : ''}: ${en}`,
        },
      });
    };
    const id = text(get('编号'));
    const formula = text(get('公式'));
    const sevWord = text(get('类型'));
    const severity = SEVERITY_WORDS.get(sevWord) ?? SEVERITY_WORDS.get(sevWord.toLowerCase());
    if (id === '') bad('编号', '缺少编号', 'no id');
    else if (seen.has(id)) bad('编号', `编号“${id}”与第${seen.get(id)}行重复`, `id "${id}" is also used in row ${seen.get(id)}`);
    if (formula === '') bad('公式', '缺少公式', 'no formula');
    if (!severity) bad('类型', `类型“${sevWord}”应为 强制性、核实性 或 提示`, `type "${sevWord}" must be 强制性 (error), 核实性 (warning) or 提示 (info)`);
    const tolText = text(get('容差'));
    const tolerance = tolText === '' ? undefined : Number(tolText);
    if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0)) bad('容差', `容差“${tolText}”应为非负数`, `tolerance "${tolText}" must be a number ≥ 0`);
    if (id === '' || seen.has(id) || formula === '' || !severity || (tolerance !== undefined && !(tolerance >= 0))) {
      if (id !== '' && !seen.has(id)) seen.set(id, row);
      continue;
    }
    seen.set(id, row);
    const def: FormulaRuleDef = { id, formula, severity };
    const zh = text(get('提示信息'));
    const en = text(get('提示信息（英文）'));
    if (zh !== '') def.message = en !== '' ? { zh, en } : { zh };
    const unknownZh = unknownPlaceholders(zh);
    const unknownEn = unknownPlaceholders(en);
    for (const [column, unknown] of [
      ['提示信息', unknownZh],
      ['提示信息（英文）', unknownEn],
    ] as const) {
      if (unknown.length === 0) continue;
      const p = placeholderProblem(unknown);
      bad(column, p.zh, p.en);
    }
    if (tolerance !== undefined) def.tolerance = tolerance;
    const units = list(get('适用单位'));
    const forms = list(get('适用报表'));
    const periods = list(get('适用报告期'));
    if (units) def.units = units;
    if (forms) def.forms = forms;
    if (periods) def.periods = periods;
    const before = problems.length;
    const { compiled, errors } = compileFormula(def, cat);
    for (const e of errors) bad('公式', e.message.zh, e.message.en, e.pos + 1);
    if (compiled && plan) for (const p of planWordProblems(compiled, plan)) bad('公式', p.zh, p.en);
    for (const p of scopeProblems(def, plan)) bad(SCOPE_COLUMNS[p.field], p.message.zh, p.message.en);
    if (problems.length === before && unknownZh.length === 0 && unknownEn.length === 0) formulas.push(def);
  }
  return { formulas, problems };
}

/** The sheet's rows for a rule set's formulas: the header, then one row per rule, in COLUMNS order. */
export function ruleRows(formulas: readonly FormulaRuleDef[]): string[][] {
  const out: string[][] = [[...COLUMNS]];
  for (const f of formulas) {
    out.push([
      f.id,
      f.formula,
      SEVERITY_OUT[f.severity],
      f.message?.zh ?? '',
      f.message?.en ?? '',
      (f.units ?? []).join('、'),
      (f.forms ?? []).join('、'),
      (f.periods ?? []).join('、'),
      f.tolerance === undefined ? '' : String(f.tolerance),
    ]);
  }
  return out;
}
