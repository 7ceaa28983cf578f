/**
 * The binding spec: the JSON file beside each template that says where plan data goes. A new
 * template is an .xlsx file plus one of these; the engine needs no code for it.
 *
 * Cells are found through defined names in the template (not fixed addresses), so a designer may
 * move the title or add a line of instructions without touching the spec.
 */
import { PlanbookError } from '../model/errors';
import type { FigureFields, TaskFields } from '../model/submission';

/** What a row of the table stands for. */
export type RowSource = 'indicators' | 'tasks' | 'report-indicators' | 'report-tasks';

/** How an input cell is checked as it is typed (data validation) and read back. */
export type InputType = 'decimal' | 'percent' | 'text' | 'status';

export interface ColumnSpec {
  /** Used in formula placeholders ({value}) and error messages. */
  key: string;
  /** The header text the template shows; a workbook whose header differs has been tampered with. */
  header: string;
  /** A row property written by the engine (indicator, measureUnit, target, no, text, leaders, deadline …). */
  source?: string;
  /** The submission field this column edits (value, growth, base, note; status, progress, text, note). */
  input?: keyof FigureFields | keyof TaskFields;
  type?: InputType;
  /**
   * An Excel formula written into every data row, without '='. Placeholders: {key} the same row's
   * cell of column `key`; {key:first} / {key:last} the first / last data row's cell; {row} the row.
   */
  formula?: string;
  /** Overrides the number format (otherwise taken from the row's decimals for numeric columns). */
  numberFormat?: string;
}

/** A cell below the table (a total, a count), written relative to the last data row. */
export interface FooterCell {
  /** 1 = the first row below the table. */
  offset: number;
  /** A column key of the table. */
  column: string;
  value?: string;
  formula?: string;
  numberFormat?: string;
}

/** What a named header cell receives: orgUnit the 填报单位, measureUnit a 计量单位 line. */
export type HeaderContent = 'title' | 'orgUnit' | 'period' | 'plan' | 'measureUnit' | 'filledAt';

export interface TemplateSpec {
  id: string;
  version: number;
  /** The submission form this template fills ('indicators', 'tasks'), or 'report' for district tables. */
  form: string;
  title: { zh: string; en: string };
  /** The .xlsx file name, beside the spec. */
  file: string;
  sheet: string;
  /** Defined name → what it receives. */
  cells: Record<string, HeaderContent>;
  table: {
    /** Defined name of the header row; data rows start right below it. */
    header: string;
    rows: RowSource;
    columns: ColumnSpec[];
    footer?: FooterCell[];
  };
}

const ROW_SOURCES: readonly RowSource[] = ['indicators', 'tasks', 'report-indicators', 'report-tasks'];
const INPUT_TYPES: readonly InputType[] = ['decimal', 'percent', 'text', 'status'];
const HEADER_CONTENTS: readonly HeaderContent[] = ['title', 'orgUnit', 'period', 'plan', 'measureUnit', 'filledAt'];
/** Header words of specs written before the rename, read under the new ones until the next version: 'unit' was the 填报单位. */
const OLD_HEADER_CONTENTS: Readonly<Record<string, HeaderContent>> = { unit: 'orgUnit' };
const FIGURE_INPUTS = ['value', 'growth', 'sameLastYear', 'note'];
const TASK_INPUTS = ['status', 'progress', 'text', 'note'];

function bad(zh: string, en: string): PlanbookError {
  return new PlanbookError('VALIDATION', { zh: `模板说明文件有误：${zh}`, en: `Bad template spec: ${en}` });
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function str(o: Record<string, unknown>, k: string, where: string): string {
  const v = o[k];
  if (typeof v !== 'string' || v === '') throw bad(`${where} 缺少文本字段 ${k}`, `${where} lacks the text field ${k}`);
  return v;
}

/**
 * Validates a parsed spec and returns it typed. Every problem is named with where it is, since a
 * spec is written by hand by whoever adds a template.
 */
export function parseSpec(json: unknown): TemplateSpec {
  if (!isRecord(json)) throw bad('不是 JSON 对象', 'not a JSON object');
  const id = str(json, 'id', 'spec');
  const where = `spec ${id}`;
  const version = json.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw bad(`${where} 的 version 必须是正整数`, `${where}: version must be a positive integer`);
  const title = json.title;
  if (!isRecord(title) || typeof title.zh !== 'string' || typeof title.en !== 'string') throw bad(`${where} 的 title 需要 zh 和 en`, `${where}: title needs zh and en`);
  const cells = json.cells ?? {};
  if (!isRecord(cells)) throw bad(`${where} 的 cells 必须是对象`, `${where}: cells must be an object`);
  const headerCells: Record<string, HeaderContent> = {};
  for (const [name, raw] of Object.entries(cells)) {
    const content = typeof raw === 'string' ? (OLD_HEADER_CONTENTS[raw] ?? raw) : raw;
    if (!HEADER_CONTENTS.includes(content as HeaderContent))
      throw bad(`${where} 的 cells.${name} 取值无效：${String(raw)}，应为 ${HEADER_CONTENTS.join('、')} 之一`, `${where}: cells.${name} has an unknown content ${String(raw)}; use one of ${HEADER_CONTENTS.join(', ')}`);
    headerCells[name] = content as HeaderContent;
  }
  const table = json.table;
  if (!isRecord(table)) throw bad(`${where} 缺少 table`, `${where} lacks table`);
  const header = str(table, 'header', `${where}.table`);
  const rows = table.rows;
  if (!ROW_SOURCES.includes(rows as RowSource)) throw bad(`${where} 的 table.rows 必须是 ${ROW_SOURCES.join('/')}`, `${where}: table.rows must be one of ${ROW_SOURCES.join('/')}`);
  if (!Array.isArray(table.columns) || table.columns.length === 0) throw bad(`${where} 的 table.columns 不能为空`, `${where}: table.columns must not be empty`);
  const keys = new Set<string>();
  const columns: ColumnSpec[] = table.columns.map((c: unknown, i: number) => {
    const cw = `${where}.table.columns[${i}]`;
    if (!isRecord(c)) throw bad(`${cw} 不是对象`, `${cw} is not an object`);
    const key = str(c, 'key', cw);
    if (keys.has(key)) throw bad(`${cw} 的 key 重复：${key}`, `${cw}: duplicate key ${key}`);
    keys.add(key);
    const col: ColumnSpec = { key, header: str(c, 'header', cw) };
    const roles = ['source', 'input', 'formula'].filter((r) => c[r] !== undefined);
    if (roles.length !== 1) throw bad(`${cw} 必须且只能有 source、input、formula 之一`, `${cw} needs exactly one of source, input, formula`);
    if (c.source !== undefined) col.source = str(c, 'source', cw);
    if (c.formula !== undefined) col.formula = str(c, 'formula', cw).replace(/^=/, '');
    if (c.input !== undefined) {
      const allowed = rows === 'tasks' ? TASK_INPUTS : FIGURE_INPUTS;
      // A spec written before the rename binds 上年同期 as input "base".
      const input = rows !== 'tasks' && c.input === 'base' ? 'sameLastYear' : c.input;
      if (!allowed.includes(input as string)) throw bad(`${cw} 的 input 必须是 ${allowed.join('/')}`, `${cw}: input must be one of ${allowed.join('/')}`);
      col.input = input as ColumnSpec['input'];
      const type = c.type ?? 'text';
      if (!INPUT_TYPES.includes(type as InputType)) throw bad(`${cw} 的 type 必须是 ${INPUT_TYPES.join('/')}`, `${cw}: type must be one of ${INPUT_TYPES.join('/')}`);
      col.type = type as InputType;
    }
    if (c.numberFormat !== undefined) col.numberFormat = str(c, 'numberFormat', cw);
    return col;
  });
  if ((rows === 'indicators' || rows === 'tasks') && !columns.some((c) => c.input)) throw bad(`${where} 是填报表，却没有输入列`, `${where} is an entry form but has no input column`);
  const footer: FooterCell[] = [];
  if (table.footer !== undefined) {
    if (!Array.isArray(table.footer)) throw bad(`${where} 的 table.footer 必须是数组`, `${where}: table.footer must be an array`);
    table.footer.forEach((f: unknown, i: number) => {
      const fw = `${where}.table.footer[${i}]`;
      if (!isRecord(f)) throw bad(`${fw} 不是对象`, `${fw} is not an object`);
      const column = str(f, 'column', fw);
      if (!keys.has(column)) throw bad(`${fw} 指向不存在的列 ${column}`, `${fw} names an unknown column ${column}`);
      const offset = f.offset;
      if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 1) throw bad(`${fw} 的 offset 必须是 ≥1 的整数`, `${fw}: offset must be an integer ≥ 1`);
      const cell: FooterCell = { offset, column };
      if (f.value !== undefined) cell.value = str(f, 'value', fw);
      if (f.formula !== undefined) cell.formula = str(f, 'formula', fw).replace(/^=/, '');
      if (f.numberFormat !== undefined) cell.numberFormat = str(f, 'numberFormat', fw);
      footer.push(cell);
    });
  }
  for (const c of columns) if (c.formula) checkPlaceholders(c.formula, keys, `${where}.${c.key}`);
  for (const f of footer) if (f.formula) checkPlaceholders(f.formula, keys, `${where}.footer`);
  return {
    id,
    version,
    form: str(json, 'form', where),
    title: { zh: title.zh, en: title.en },
    file: str(json, 'file', where),
    sheet: str(json, 'sheet', where),
    cells: headerCells,
    table: { header, rows: rows as RowSource, columns, footer },
  };
}

const PLACEHOLDER = /\{([A-Za-z0-9_]+)(?::(first|last))?\}/g;

function checkPlaceholders(formula: string, keys: Set<string>, where: string): void {
  for (const m of formula.matchAll(PLACEHOLDER)) {
    if (m[1] !== 'row' && !keys.has(m[1]!)) throw bad(`${where} 的公式引用了不存在的列 {${m[1]}}`, `${where}: the formula refers to an unknown column {${m[1]}}`);
  }
}

/** Expands a formula's placeholders for one row; columns are given as letters by key. */
export function expandFormula(formula: string, letters: ReadonlyMap<string, string>, row: number, first: number, last: number): string {
  return (
    '=' +
    formula.replace(PLACEHOLDER, (_all, key: string, which: string | undefined) => {
      if (key === 'row') return String(row);
      const l = letters.get(key)!;
      return `${l}${which === 'first' ? first : which === 'last' ? last : row}`;
    })
  );
}
