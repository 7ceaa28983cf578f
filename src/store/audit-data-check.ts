/**
 * Do the data and the audit tell the same story? Every revision a document reached was written
 * together with its audit entries (both backends commit them as one unit), so for each submission
 * the entries' revisions must run 1…rev with no gap and stop at the stored rev, and each field's
 * newest `change` entry must carry the field's stored value; likewise a plan's `plan-import`
 * entries and the catalog's and rules' `config` entries end at their stored revisions. A revision
 * with no entry is a change nobody can account for; an entry past the stored revision is an
 * acknowledged write the data lost. An operator's `repair` entry (an accepted loss) says which
 * revision a document was put back to; entries after that revision, before the repair, are the
 * recorded loss and are not held against the data. Pure: callers read documents and entries.
 * `unreadable` names documents whose files are damaged: they are reported by the caller instead.
 */
import type { AuditEntry } from './audit-chain';
import { problem, type AuditProblem } from './audit-proof';
import type { Submission } from '../model/submission';

/** A stored document as the check needs it. */
export type StoredDoc = { kind: 'submission'; sub: Submission & { fieldRevs?: Record<string, number> } } | { kind: 'plan'; id: string; rev: number } | { kind: 'config'; name: string; rev: number };

/** Document ids as the check keys them: a submission by its key, a plan by its id, a config by its name. */
export const subId = (e: { plan?: string; orgUnit?: string; period?: string; form?: string }): string => `s\u0000${e.plan}\u0000${e.orgUnit}\u0000${e.period}\u0000${e.form}`;
export const planDocId = (id: string): string => `p\u0000${id}`;
export const configDocId = (name: string): string => `c\u0000${name}`;
const SUB_ACTIONS = new Set(['change', 'submit', 'approve', 'return']);

function idOf(e: AuditEntry): string | null {
  if (SUB_ACTIONS.has(e.action) || (e.action === 'repair' && e.form !== undefined)) return subId(e);
  if (e.action === 'plan-import' || (e.action === 'repair' && e.plan !== undefined)) return `p\u0000${e.plan}`;
  if (e.action === 'config') return `c\u0000${e.detail}`;
  if (e.action === 'repair' && e.detail?.startsWith('config:')) return `c\u0000${e.detail.slice(7).split(' ')[0]}`;
  return null;
}

function label(id: string): string {
  const p = id.split('\u0000');
  return p[0] === 's' ? `${p[1]}/${p[2]}/${p[3]}/${p[4]}` : p[0] === 'p' ? `plan ${p[1]}` : `config ${p[1]}`;
}

/** The stored value at a field path (figures/<indicator>/<field>, tasks/<no>/<field>), null when absent. */
function valueAt(sub: Submission, field: string): unknown {
  const parts = field.split('/');
  const leaf = parts[parts.length - 1]!;
  const name = parts.slice(1, -1).join('/');
  const group = (sub.data as unknown as Record<string, Record<string, Record<string, unknown>> | undefined>)[parts[0]!];
  return group?.[name]?.[leaf] ?? null;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Each document's entries (by subId / planDocId / configDocId) as they still count, in sequence
 * order. An operator's `repair` entry put the document back to a kept revision: the entries past it
 * are the loss on record and are dropped. Two forms: the first version's (rev = the kept revision),
 * and the one that never reuses a revision (field 'rev', old = the kept revision, rev = the new
 * revision past every acknowledged one): it stands in for each revision from kept + 1 to its own,
 * so those revisions are accounted for (store-repair.ts).
 */
export function entriesByDocument(entries: readonly AuditEntry[]): Map<string, AuditEntry[]> {
  const byId = new Map<string, AuditEntry[]>();
  for (const e of entries) {
    const id = idOf(e);
    if (!id) continue;
    let list = byId.get(id);
    if (!list) byId.set(id, (list = []));
    if (e.action !== 'repair') {
      list.push(e);
      continue;
    }
    const renumbered = e.field === 'rev' && typeof e.old === 'number';
    const kept = renumbered ? (e.old as number) : (e.rev ?? 0);
    const still = list.filter((x) => (x.rev ?? 0) <= kept);
    list.length = 0;
    list.push(...still);
    if (renumbered) for (let r = kept + 1; r <= (e.rev ?? 0); r++) list.push({ ...e, rev: r });
  }
  return byId;
}

/**
 * Compares documents with the trail (entries in sequence order). Answers one problem per document
 * that disagrees, naming it and the revisions or field concerned.
 */
export function compareDataWithAudit(docs: readonly StoredDoc[], entries: readonly AuditEntry[], unreadable: ReadonlySet<string> = new Set()): AuditProblem[] {
  const byId = entriesByDocument(entries);
  const out: AuditProblem[] = [];
  const seen = new Set<string>();
  for (const d of docs) {
    const id = d.kind === 'submission' ? subId(d.sub) : d.kind === 'plan' ? `p\u0000${d.id}` : `c\u0000${d.name}`;
    seen.add(id);
    const rev = d.kind === 'submission' ? d.sub.rev : d.rev;
    const list = byId.get(id) ?? [];
    const revs = new Set(list.map((e) => e.rev ?? 0));
    const top = Math.max(0, ...revs);
    if (top > rev) {
      const lost = list.find((e) => (e.rev ?? 0) > rev)!;
      out.push(
        problem(
          'data',
          `${label(id)}：审计记录了第 ${rev + 1}–${top} 版的修改，但数据停在第 ${rev} 版：已确认的写入丢失`,
          `${label(id)}: the audit records revisions ${rev + 1}–${top} but the data is at revision ${rev}: acknowledged writes lost`,
          { seq: lost.seq, where: label(id) },
        ),
      );
      continue;
    }
    const missing: number[] = [];
    for (let r = 1; r <= rev && missing.length < 5; r++) if (!revs.has(r)) missing.push(r);
    if (missing.length) {
      out.push(problem('data', `${label(id)}：第 ${missing.join('、')} 版的修改没有审计记录`, `${label(id)}: revision ${missing.join(', ')} has no audit entry`, { where: label(id) }));
      continue;
    }
    if (d.kind !== 'submission') continue;
    const newest = new Map<string, AuditEntry>();
    for (const e of list) {
      // An operator's accepted loss vouches for the form as it then stood: changes before it whose
      // entries are gone can no longer be compared field by field (pg-repair.ts keeps the stored form).
      if (e.action === 'repair') newest.clear();
      else if (e.action === 'change' && e.field) newest.set(e.field, e);
    }
    for (const [field, e] of newest) {
      if (!same(e.new, valueAt(d.sub, field)) || (d.sub.fieldRevs && d.sub.fieldRevs[field] !== undefined && d.sub.fieldRevs[field] !== e.rev)) {
        out.push(problem('data', `${label(id)}：字段 ${field} 的值与审计第 ${e.seq} 条不符`, `${label(id)}: field ${field} differs from audit entry ${e.seq}`, { seq: e.seq, where: label(id) }));
        break;
      }
    }
  }
  for (const [id, list] of byId) {
    // A document whose file cannot be read is reported as damaged, not also as missing.
    if (seen.has(id) || unreadable.has(id) || list.length === 0) continue;
    out.push(
      problem('data', `${label(id)}：审计记录了修改，但数据中没有这份文档：已确认的写入丢失`, `${label(id)}: the audit records changes but the data has no such document: acknowledged writes lost`, {
        seq: list[0]!.seq,
        where: label(id),
      }),
    );
  }
  return out;
}
