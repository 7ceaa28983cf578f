/**
 * rebaseOps: after a push the server holds the workbook's edits, so the workbook needs a new base
 * (the server's values and revision) but not a new form. Instead of rebuilding the sheets, this
 * rewrites only the identity rows on the hidden sheet and the input cells whose value the server
 * has otherwise (another client's merged edit, or the side kept in a conflict): one write, one
 * context.sync() in Excel, whatever the size of the form (issue 10, item 5).
 */
import type { FieldPath, FieldValue, SubmissionData } from '../model/submission';
import { parseFieldPath } from '../model/submission';
import type { CellValue, WriteOp } from './port';
import type { TemplateSpec } from './spec';
import type { ReadBackResult } from './read-back';
import { encodeIdentity, IDENTITY_SHEET, type WorkbookIdentity } from './identity';
import { fieldCell } from './annotate';
import { pulledValue, flattenPulled } from './fill';

export interface Rebase {
  identity: WorkbookIdentity;
  ops: WriteOp[];
  /** Input cells rewritten with the server's value. */
  cells: number;
}

function same(a: FieldValue, b: FieldValue): boolean {
  const n = (v: FieldValue): FieldValue => (v === '' ? null : v);
  return n(a) === n(b);
}

/**
 * The writes that make a read-back workbook (`read`, of this `spec`, laid out with `letters`) say
 * the server's `data` at revision `rev`. Returns null when the new identity needs more rows than the
 * old one (its base grew past a 30,000-character cell): the defined name would have to move, so
 * the caller rebuilds the form instead. Shorter identities are padded with blank rows, which the
 * decoder skips.
 */
export function rebaseOps(spec: TemplateSpec, read: ReadBackResult, letters: ReadonlyMap<string, string>, data: SubmissionData, rev: number): Rebase | null {
  const old = read.identity;
  const group = old.form === 'tasks' ? 'tasks' : 'figures';
  const pulled: Record<FieldPath, FieldValue> = {};
  const ops: WriteOp[] = [];
  let cells = 0;
  for (const field of Object.keys(old.pulled)) {
    const p = parseFieldPath(field);
    if (!p) continue;
    const server = pulledValue(data, group, p.key, p.field);
    pulled[field] = server;
    const now = read.identity.rowKeys.includes(p.key) ? currentValue(read, group, p.key, p.field) : null;
    if (same(now, server)) continue;
    const cell = fieldCell(spec, old, letters, field);
    if (!cell) continue;
    ops.push({ kind: 'values', sheet: cell.sheet, at: cell.address, values: [[server === '' ? null : server]] });
    cells++;
  }
  const identity: WorkbookIdentity = { ...old, baseRev: rev, pulled: flattenPulled(pulled) };
  const before = encodeIdentity(old).length;
  const rows: CellValue[][] = encodeIdentity(identity);
  if (rows.length > before) return null;
  while (rows.length < before) rows.push([null, null]);
  ops.push({ kind: 'unprotect', sheet: IDENTITY_SHEET });
  ops.push({ kind: 'values', sheet: IDENTITY_SHEET, at: 'A1', values: rows });
  ops.push({ kind: 'protect', sheet: IDENTITY_SHEET, unlocked: [] });
  return { identity, ops, cells };
}

function currentValue(read: ReadBackResult, group: 'figures' | 'tasks', key: string, field: string): FieldValue {
  const rec = Object.hasOwn(read.data[group], key) ? (read.data[group][key] as unknown as Record<string, FieldValue>) : undefined;
  return rec?.[field] ?? null;
}
