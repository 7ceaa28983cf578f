/**
 * Findings back onto the workbook: which cell a finding's field lives in, and the writes that show
 * findings as cell notes, fill colours and a findings sheet (审核结果). The same mapping serves the
 * add-in (select the cell) and `planbook check --annotate`.
 */
import type { Finding, Severity } from '../model/finding';
import { parseFieldPath } from '../model/submission';
import { pick, type Lang } from '../model/i18n';
import type { CellValue, RangeRef, WorkbookPort, WriteOp } from './port';
import type { TemplateSpec } from './spec';
import type { WorkbookIdentity } from './identity';
import { resolveLayout } from './layout';
import { readIdentity } from './read-back';

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

const SEVERITY_LABEL: Record<Severity, { zh: string; en: string }> = {
  error: { zh: '错误', en: 'Error' },
  warning: { zh: '警告', en: 'Warning' },
  info: { zh: '提示', en: 'Info' },
};

/**
 * The writes that show findings on a filled workbook: earlier marks on input cells cleared, a note
 * and a colour on each cell with findings, and the findings sheet rewritten (`previousRows` blank
 * rows clear a longer earlier list).
 */
export function annotationOps(
  spec: TemplateSpec,
  identity: WorkbookIdentity,
  letters: ReadonlyMap<string, string>,
  findings: readonly Finding[],
  opts: { findingsSheetExists: boolean; previousRows: number; lang?: Lang },
): WriteOp[] {
  const ops: WriteOp[] = [];
  const sheet = identity.sheet;
  const last = identity.firstRow + identity.rowCount - 1;
  const byCell = new Map<string, Finding[]>();
  for (const f of findings) {
    const c = findingCell(spec, identity, letters, f);
    if (!c) continue;
    const list = byCell.get(c.address) ?? [];
    list.push(f);
    byCell.set(c.address, list);
  }
  for (const c of spec.table.columns) {
    if (!c.input) continue;
    const l = letters.get(c.key)!;
    ops.push({ kind: 'style', range: { sheet, address: `${l}${identity.firstRow}:${l}${last}` }, style: { fill: null } });
    for (let r = identity.firstRow; r <= last; r++) if (!byCell.has(`${l}${r}`)) ops.push({ kind: 'note', sheet, cell: `${l}${r}`, text: null });
  }
  for (const [address, list] of byCell) {
    const worst: Severity = list.some((f) => f.severity === 'error') ? 'error' : list.some((f) => f.severity === 'warning') ? 'warning' : 'info';
    const text = list.map((f) => `【${SEVERITY_LABEL[f.severity].zh}】${f.message.zh}\n[${SEVERITY_LABEL[f.severity].en}] ${f.message.en}`).join('\n');
    ops.push({ kind: 'note', sheet, cell: address, text });
    const colour = COLOURS[worst];
    if (colour) ops.push({ kind: 'style', range: { sheet, address }, style: { fill: colour } });
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
  return ops;
}

/** Writes findings into a filled workbook: one describe, one read, one write. */
export async function annotate(port: WorkbookPort, spec: TemplateSpec, findings: readonly Finding[], lang?: Lang): Promise<void> {
  const info = await port.describe();
  const identity = await readIdentity(port, info);
  const layout = resolveLayout(spec, info);
  const exists = info.sheets.some((s) => s.name === FINDINGS_SHEET);
  let previousRows = 0;
  if (exists) {
    // The findings sheet's own column A tells how long the last list was.
    const [prev] = await port.read([{ sheet: FINDINGS_SHEET, address: 'A1:A5000' }]);
    previousRows = prev!.values.reduce((n, r, i) => (r[0] !== null && r[0] !== '' ? i + 1 : n), 0);
  }
  await port.write(annotationOps(spec, identity, layout.letters, findings, { findingsSheetExists: exists, previousRows, lang }));
}
