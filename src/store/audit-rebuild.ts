/**
 * A submission rebuilt from the audit trail alone, for `planbook store repair` when its file is
 * damaged (tester finding F3.2). Every revision of a submission was committed together with its
 * audit entries, and those entries carry every changed field's new value, the workflow state, the
 * return reason, who and when — so when the trail has an entry for each revision 1…N, replaying its
 * `change` entries over an empty form gives revision N field for field. Not rebuilt: `judgedBy`
 * (which rule set judged a submit is not in the trail); the next submit sets it again.
 * Pure: the caller reads the entries and writes the document.
 */
import type { AuditEntry } from './audit-chain';
import { entriesByDocument, subId } from './audit-data-check';
import { emptyData, flattenData, setField, type FieldValue, type SubmissionData, type SubmissionKey } from '../model/submission';
import { sameValue } from '../sync/merge';
import type { StoredSubmission } from './service';

/**
 * The submission as the trail tells it (entries in sequence order, the whole log), or null when the
 * trail cannot tell all of it: no entry for some revision, or a field path this version cannot set.
 * `byId` (entriesByDocument of the same entries) saves regrouping the trail when rebuilding many.
 */
export function rebuildSubmission(key: SubmissionKey, entries: readonly AuditEntry[], byId: ReadonlyMap<string, AuditEntry[]> = entriesByDocument(entries)): StoredSubmission | null {
  const list = byId.get(subId(key)) ?? [];
  if (list.length === 0) return null;
  const revs = new Set(list.map((e) => e.rev ?? 0));
  const top = Math.max(...revs);
  for (let r = 1; r <= top; r++) if (!revs.has(r)) return null;
  const out: StoredSubmission = { plan: key.plan, orgUnit: key.orgUnit, period: key.period, form: key.form, rev: top, state: 'draft', data: emptyData(), updatedAt: '', updatedBy: '', fieldRevs: {} };
  for (const e of list) {
    if (e.action === 'change' && e.field) {
      try {
        out.data = setField(out.data, e.field, e.new ?? null);
      } catch {
        return null;
      }
      out.fieldRevs![e.field] = e.rev ?? 0;
    }
    if (e.state) out.state = e.state;
    if (e.action === 'return') out.returnReason = e.detail ?? '';
    else if (e.action === 'submit') delete out.returnReason;
    out.updatedAt = e.at;
    out.updatedBy = e.actor;
  }
  return out;
}

/** The first field whose value differs between two versions of the data, or null. */
export function firstDifference(a: SubmissionData, b: SubmissionData): { field: string; a: FieldValue | undefined; b: FieldValue | undefined } | null {
  const fa = flattenData(a);
  const fb = flattenData(b);
  for (const field of new Set([...fa.keys(), ...fb.keys()])) if (!sameValue(fa.get(field), fb.get(field))) return { field, a: fa.get(field), b: fb.get(field) };
  return null;
}
