/**
 * Three-way merge per field, the heart of a push. Pure: the server runs it against the stored
 * document, the client runs the same code to predict what a re-push will do.
 *
 * For each edit the client says what it saw (base) and what it wants (value); the server knows the
 * current value (theirs). The rules, in order:
 *  - value equals current: nothing to do and no conflict, whoever made it so;
 *  - current equals base: nobody else touched the field since the client read it, so apply;
 *  - otherwise both changed the field differently: a conflict.
 * Any conflict means nothing is applied, so a push is all or nothing and the client never has to
 * guess which half of its edits landed.
 */
import { getField, setFields, type FieldPath, type FieldValue, type SubmissionData } from '../model/submission';
import type { FieldConflict, FieldEdit } from './protocol';

export interface MergeResult {
  /** The merged data; the input is returned unchanged when there are conflicts. */
  data: SubmissionData;
  /** Edits that changed a value (old → new), in the order given. */
  applied: { field: FieldPath; old: FieldValue; value: FieldValue }[];
  conflicts: FieldConflict[];
}

/** A missing field reads as its empty value, so '' and null and absent compare the way a cell does. */
export function currentValue(data: SubmissionData, field: FieldPath): FieldValue {
  const v = getField(data, field);
  return v === undefined ? null : v;
}

/** Equality as a cell sees it: null, '' and a missing field are all "empty". */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  const ea = a === undefined || a === null || a === '';
  const eb = b === undefined || b === null || b === '';
  if (ea || eb) return ea && eb;
  return a === b;
}

export function mergeEdits(current: SubmissionData, edits: readonly FieldEdit[]): MergeResult {
  // Values this request has already set, so a field edited twice in one request sees its own first edit;
  // the document itself is copied once at the end (per-edit copies made big pushes quadratic).
  const pending = new Map<FieldPath, FieldValue>();
  const applied: MergeResult['applied'] = [];
  const conflicts: FieldConflict[] = [];
  for (const e of edits) {
    const theirs = pending.has(e.field) ? (pending.get(e.field) as FieldValue) : currentValue(current, e.field);
    if (sameValue(theirs, e.value)) continue;
    if (sameValue(theirs, e.pulled)) {
      pending.set(e.field, e.value);
      applied.push({ field: e.field, old: theirs, value: e.value });
    } else {
      conflicts.push({ field: e.field, pulled: e.pulled, theirs, yours: e.value });
    }
  }
  if (conflicts.length > 0) return { data: current, applied: [], conflicts };
  return { data: pending.size ? setFields(current, pending) : current, applied, conflicts };
}

/** Every field whose value differs between two versions of the data (for diffs and audit). */
export function changedFields(before: SubmissionData, after: SubmissionData): { field: FieldPath; old: FieldValue; value: FieldValue }[] {
  const out: { field: FieldPath; old: FieldValue; value: FieldValue }[] = [];
  const paths = new Set<FieldPath>();
  const collect = (d: SubmissionData): void => {
    for (const [ind, f] of Object.entries(d.figures)) for (const k of Object.keys(f)) paths.add(`figures/${ind}/${k}`);
    for (const [no, t] of Object.entries(d.tasks)) for (const k of Object.keys(t)) paths.add(`tasks/${no}/${k}`);
  };
  collect(before);
  collect(after);
  for (const p of [...paths].sort()) {
    const a = currentValue(before, p);
    const b = currentValue(after, p);
    if (!sameValue(a, b)) out.push({ field: p, old: a, value: b });
  }
  return out;
}
