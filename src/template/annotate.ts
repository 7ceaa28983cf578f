/**
 * Findings back onto the workbook: which cell a finding's field lives in, and the writes that show
 * findings as cell notes, fill colours and a findings sheet (审核结果). The same mapping serves the
 * add-in (select the cell) and `planbook check --annotate`.
 */
import { SEVERITY_LABELS, type Finding, type Severity } from '../model/finding';
import { parseFieldPath } from '../model/submission';
import { asHeading, pick, type Bilingual, type Lang } from '../model/i18n';
import type { CellValue, RangeRef, WorkbookInfo, WorkbookPort, WriteOp } from './port';
import type { TemplateSpec } from './spec';
import type { WorkbookIdentity } from './identity';
import { resolveLayout } from './layout';
import { readIdentity } from './read-back';
import { mergeNote } from './note-mark';

export const FINDINGS_SHEET = '审核结果';

/** Fill colours a statistician already reads as "wrong" and "look at this" (Excel's own bad/neutral styles). */
const COLOURS: Record<Severity, string | null> = { error: '#FFC7CE', warning: '#FFEB9C', info: null };

/** The cell a field path lives in, or null when the form has no such row or column. */
export function fieldCell(spec: TemplateSpec, identity: WorkbookIdentity, letters: ReadonlyMap<string, string>, field: string): RangeRef | null {
  const p = parseFieldPath(field);
  if (!p) return null;
  const i = identity.rowKeys.indexOf(p.key);
  if (i < 0) return null;
  const col = spec.table.columns.find((c) => c.input === p.field);
  if (!col) return null;
  return { sheet: identity.sheet, address: `${letters.get(col.key)}${identity.firstRow + i}` };
}

/** The cell a finding points at: its field's cell, else its row's key cell, else null (a whole-submission finding). */
export function findingCell(spec: TemplateSpec, identity: WorkbookIdentity, letters: ReadonlyMap<string, string>, f: Finding): RangeRef | null {
  if (f.field) {
    const c = fieldCell(spec, identity, letters, f.field);
    if (c) return c;
  }
  const key = f.subject.kind === 'figure' ? f.subject.indicator : f.subject.kind === 'task' ? String(f.subject.taskNo) : null;
  const i = key === null ? -1 : identity.rowKeys.indexOf(key);
  const keyCol = spec.table.columns.find((c) => c.source !== undefined);
  if (i < 0 || !keyCol) return null;
  return { sheet: identity.sheet, address: `${letters.get(keyCol.key)}${identity.firstRow + i}` };
}

/**
 * Every cell a finding marks: its own cell (findingCell) first, then the cell of each figure or task
 * field it read (`reads`, from a 审核公式 finding) that is on this form, without repeats. A read of a
 * row or column the form lacks is skipped: it is some other form's cell.
 */
export function findingCells(spec: TemplateSpec, identity: WorkbookIdentity, letters: ReadonlyMap<string, string>, f: Finding): RangeRef[] {
  const own = findingCell(spec, identity, letters, f);
  const out: RangeRef[] = own ? [own] : [];
  // A task number could equal an indicator's name only by accident; a read of the other group is never this form's cell.
  const group = identity.form === 'tasks' ? 'tasks' : 'figures';
  for (const path of f.reads ?? []) {
    if (parseFieldPath(path)?.group !== group) continue;
    const c = fieldCell(spec, identity, letters, path);
    if (c && !out.some((o) => o.address === c.address)) out.push(c);
  }
  return out;
}

// The one label of each severity (model/finding.ts), as a heading writes it.
const SEVERITY_LABEL: Record<Severity, Bilingual> = { error: asHeading(SEVERITY_LABELS.error), warning: asHeading(SEVERITY_LABELS.warning), info: asHeading(SEVERITY_LABELS.info) };

/** Whether a fill is one of planbook's marks (compared without case: hosts spell hex either way). */
function isMark(fill: string | null | undefined): boolean {
  const f = fill?.toUpperCase();
  return f === COLOURS.error || f === COLOURS.warning;
}

/** The most common fill of a column's cells that is not a mark: the template's input tint (or null, no fill). */
function columnTint(fills: readonly (string | null)[]): string | null {
  const counts = new Map<string | null, number>();
  for (const f of fills) if (!isMark(f)) counts.set(f, (counts.get(f) ?? 0) + 1);
  let best: string | null = null;
  let n = 0;
  for (const [f, c] of counts) if (c > n) [best, n] = [f, c];
  return best;
}

/** What annotate knows of the form's cells before writing: the fills of the marked columns, row by row. */
export interface MarkedCells {
  /** Column letter → fill of each data row (top to bottom). */
  fills: ReadonlyMap<string, readonly (string | null)[]>;
  /** Column letter → each data row's whole note (null: none), where the host could read notes. */
  notes?: ReadonlyMap<string, readonly (string | null)[]>;
}

/**
 * The writes that show findings on a filled workbook, touching only planbook's own marks: each
 * finding's note block is added to (not written over) the user's note, and a cell's mark colour
 * replaces its fill; a cell whose findings no longer hold gets its note block removed and, if it
 * still wears a mark colour, its column's tint back. Protection, print setup, validations and the
 * user's notes and fills are left alone. The findings sheet is rewritten (`previousRows` blank
 * rows clear a longer earlier list) with column widths, wrapped text and a one-page-wide print.
 */
export function annotationOps(
  spec: TemplateSpec,
  identity: WorkbookIdentity,
  letters: ReadonlyMap<string, string>,
  findings: readonly Finding[],
  opts: { findingsSheetExists: boolean; previousRows: number; lang?: Lang; cells?: MarkedCells },
): WriteOp[] {
  const ops: WriteOp[] = [];
  const sheet = identity.sheet;
  const first = identity.firstRow;
  const byCell = new Map<string, Finding[]>();
  // A 审核公式 finding marks every cell it read, so each one shows the rule (with the same note).
  for (const f of findings) {
    for (const c of findingCells(spec, identity, letters, f)) {
      const list = byCell.get(c.address) ?? [];
      list.push(f);
      byCell.set(c.address, list);
    }
  }
  const colour = (address: string): string | null => {
    const list = byCell.get(address);
    if (!list) return null;
    return COLOURS[list.some((f) => f.severity === 'error') ? 'error' : list.some((f) => f.severity === 'warning') ? 'warning' : 'info'];
  };
  for (const l of markedColumns(spec, letters)) {
    const fills = opts.cells?.fills.get(l);
    const notes = opts.cells?.notes?.get(l);
    const tint = fills ? columnTint(fills) : null;
    // Runs of rows that get the same fill become one style op.
    let run: { from: number; fill: string | null } | null = null;
    const flush = (to: number): void => {
      if (run) ops.push({ kind: 'style', range: { sheet, address: run.from === to ? `${l}${run.from}` : `${l}${run.from}:${l}${to}` }, style: { fill: run.fill } });
      run = null;
    };
    for (let i = 0; i < identity.rowCount; i++) {
      const r = first + i;
      const address = `${l}${r}`;
      const mark = colour(address);
      const now = fills?.[i];
      // Without the fills (a host that cannot read them) only marked cells change.
      const want = mark ?? (fills ? (isMark(now) ? tint : undefined) : undefined);
      if (want === undefined || (fills && want?.toUpperCase() === now?.toUpperCase())) {
        flush(r - 1);
      } else if (run && (run as { fill: string | null }).fill === want) {
        // extends the run
      } else {
        flush(r - 1);
        run = { from: r, fill: want };
      }
      const list = byCell.get(address);
      const text = list ? noteText(list) : null;
      const existing = notes?.[i];
      if (existing === undefined) ops.push({ kind: 'note', sheet, cell: address, text });
      // The note as read goes with the op, so Excel needs no lookup; an unchanged note needs no op at all.
      else if (mergeNote(existing, text) !== existing) ops.push({ kind: 'note', sheet, cell: address, text, existing });
    }
    flush(first + identity.rowCount - 1);
  }

  const lang = opts.lang ?? 'zh';
  if (!opts.findingsSheetExists) ops.push({ kind: 'addSheet', sheet: FINDINGS_SHEET, visible: true });
  const rows: CellValue[][] = [['级别 Severity', '单元格 Cell', '字段 Field', '规则 Rule', '说明', 'Message']];
  for (const f of findings) {
    const c = findingCell(spec, identity, letters, f);
    rows.push([pick(SEVERITY_LABEL[f.severity], lang), c?.address ?? '', f.field ?? '', f.rule, f.message.zh, f.message.en]);
  }
  if (findings.length === 0) rows.push(['', '', '', '', '未发现问题', 'No findings']);
  for (let i = rows.length; i < opts.previousRows; i++) rows.push(['', '', '', '', '', '']);
  ops.push({ kind: 'values', sheet: FINDINGS_SHEET, at: 'A1', values: rows });
  ops.push({ kind: 'style', range: { sheet: FINDINGS_SHEET, address: 'A1:F1' }, style: { bold: true } });
  // Widths in characters (a CJK character counts two): the Chinese and English messages get room and wrap.
  ops.push({ kind: 'sheetLayout', sheet: FINDINGS_SHEET, widths: [10, 9, 30, 20, 50, 50], wrap: `A1:F${rows.length}` });
  return ops;
}

function noteText(list: readonly Finding[]): string {
  return list.map((f) => `【${SEVERITY_LABEL[f.severity].zh}】${f.message.zh}\n[${SEVERITY_LABEL[f.severity].en}] ${f.message.en}`).join('\n');
}

/** The columns whose cells may carry marks: every input column and the key column (row-level findings). */
function markedColumns(spec: TemplateSpec, letters: ReadonlyMap<string, string>): string[] {
  const keyCol = spec.table.columns.find((c) => c.source !== undefined);
  const cols = spec.table.columns.filter((c) => c.input !== undefined || c === keyCol);
  return cols.map((c) => letters.get(c.key)!);
}

/**
 * What annotate reads before writing: each marked column's data rows with their details (fills and
 * notes), then column A of the findings sheet when it exists (how long the last list was). Exported
 * so a caller that reads the form anyway (Check) can ask for these in the same round trip.
 */
export function annotationReads(spec: TemplateSpec, info: WorkbookInfo, identity: WorkbookIdentity): RangeRef[] {
  const reads: RangeRef[] = [];
  if (identity.rowCount > 0) {
    const last = identity.firstRow + identity.rowCount - 1;
    for (const l of markedColumns(spec, resolveLayout(spec, info).letters)) reads.push({ sheet: identity.sheet, address: `${l}${identity.firstRow}:${l}${last}`, details: true, notes: true });
  }
  if (info.sheets.some((s) => s.name === FINDINGS_SHEET)) reads.push({ sheet: FINDINGS_SHEET, address: 'A1:A5000' });
  return reads;
}

/**
 * Writes findings into a filled workbook: one describe, two reads (the identity; the marked columns'
 * fills and notes with the findings sheet's old length) and one write.
 */
export async function annotate(port: WorkbookPort, spec: TemplateSpec, findings: readonly Finding[], lang?: Lang): Promise<void> {
  const info = await port.describe();
  const identity = await readIdentity(port, info);
  const layout = resolveLayout(spec, info);
  const exists = info.sheets.some((s) => s.name === FINDINGS_SHEET);
  const columns = identity.rowCount > 0 ? markedColumns(spec, layout.letters) : [];
  const reads = annotationReads(spec, info, identity);
  const data = reads.length > 0 ? await port.read(reads) : [];
  const fills = new Map<string, (string | null)[]>();
  const notes = new Map<string, (string | null)[]>();
  columns.forEach((l, i) => {
    const d = data[i]?.details;
    if (d)
      fills.set(
        l,
        d.fills.map((r) => r[0] ?? null),
      );
    if (d?.notes)
      notes.set(
        l,
        d.notes.map((r) => r[0] ?? null),
      );
  });
  const prev = exists ? data[columns.length] : undefined;
  const previousRows = prev ? prev.values.reduce((n, r, i) => (r[0] !== null && r[0] !== '' ? i + 1 : n), 0) : 0;
  await port.write(annotationOps(spec, identity, layout.letters, findings, { findingsSheetExists: exists, previousRows, lang, cells: { fills, notes } }));
}
