/**
 * The way back for each damaged file of the folder (damaged-files.ts), as `planbook store repair`
 * offers it, best first:
 *  - a submission: rebuilt from the audit trail when it has an entry for every revision
 *    (audit-rebuild.ts), or restored from the journal's copy when that is as new — nothing lost;
 *  - a plan or a config (catalog, rules): restored from the journal's copy (the trail does not hold
 *    their contents), else lost: import it again;
 *  - checkpoint.json: rebuilt from the data files and the journal, the audit head signed again
 *    (what was cut off the log's end before this moment can no longer be told: said in the audit);
 *  - users.json: set aside; the users are added again (`planbook user add`), tokens issued anew.
 * A lost submission is put back empty at a revision past every one ever acknowledged, so no
 * revision number (and no ETag a client holds) is ever reused (F3.6). Every decision is an audit entry.
 */
import type { AuditDraft, AuditEntry } from './audit-chain';
import { entriesByDocument, subId, planDocId, configDocId } from './audit-data-check';
import { firstDifference, rebuildSubmission } from './audit-rebuild';
import { docOfPath, type DamagedFile } from './damaged-files';
import type { Doc } from './journal-format';
import { emptySubmission, type StoredSubmission } from './service';

export type Remedy =
  /** Rebuilt from the audit trail at this revision. */
  | { kind: 'audit'; rev: number; doc: Doc }
  /** The journal holds a copy at this revision (not yet checkpointed). */
  | { kind: 'journal'; rev: number }
  /** checkpoint.json made again from the data files and the journal, the head re-signed. */
  | { kind: 'resign' }
  /** Nothing holds the document: accepted as lost; `top` is the highest revision the audit records. */
  | { kind: 'lose'; top: number }
  /** users.json set aside; the users are added again. */
  | { kind: 'set-aside' };

export interface FileRemedy extends DamagedFile {
  remedy: Remedy;
  /** True when the remedy loses nothing (allowed with --restore-checkpoint). */
  lossless: boolean;
}

/** The highest revision the trail records for the document at `path` (0 when none). */
function topRevision(path: string, byId: Map<string, AuditEntry[]>): number {
  const d = docOfPath(path);
  if (!d) return 0;
  const id = d.kind === 'submission' ? subId(d.key) : d.kind === 'plan' ? planDocId(d.id) : configDocId(d.name);
  return Math.max(0, ...(byId.get(id) ?? []).map((e) => e.rev ?? 0));
}

/**
 * The remedy of each damaged file. `docs` are the documents after the journal's replay (a damaged
 * file is absent unless the journal held a copy), `entries` the whole trail in sequence order.
 */
export function planFileRemedies(files: readonly DamagedFile[], docs: ReadonlyMap<string, Doc>, entries: readonly AuditEntry[]): FileRemedy[] {
  const byId = entriesByDocument(entries);
  return files.map((f): FileRemedy => {
    if (f.kind === 'checkpoint') return { ...f, remedy: { kind: 'resign' }, lossless: true };
    if (f.kind === 'users') return { ...f, remedy: { kind: 'set-aside' }, lossless: false };
    const fromJournal = docs.get(f.path);
    const d = docOfPath(f.path);
    const rebuilt = d?.kind === 'submission' ? rebuildSubmission(d.key, entries) : null;
    if (rebuilt && (!fromJournal || rebuilt.rev > fromJournal.rev)) return { ...f, remedy: { kind: 'audit', rev: rebuilt.rev, doc: rebuilt }, lossless: true };
    const top = topRevision(f.path, byId);
    if (fromJournal && fromJournal.rev >= top) return { ...f, remedy: { kind: 'journal', rev: fromJournal.rev }, lossless: true };
    return { ...f, remedy: { kind: 'lose', top }, lossless: false };
  });
}

/** How a remedy reads in the diagnosis and in its audit entry. */
export function describeRemedy(r: FileRemedy, asideDir: string): { zh: string; en: string } {
  const m = r.remedy;
  switch (m.kind) {
    case 'audit':
      return { zh: `可由审计日志重建至第 ${m.rev} 版，不丢数据`, en: `can be rebuilt from the audit trail to revision ${m.rev}; nothing lost` };
    case 'journal':
      return { zh: `预写日志中有第 ${m.rev} 版的完整副本，可据此恢复，不丢数据`, en: `the journal holds a whole copy at revision ${m.rev}; restored from it, nothing lost` };
    case 'resign':
      return {
        zh: `可由数据文件和日志重建，并重新签名审计日志当前末条（此前被截掉的审计条目将无法再发现）`,
        en: `can be rebuilt from the data files and the journal, re-signing the audit's current head (entries cut off the log's end before now can no longer be told)`,
      };
    case 'lose':
      return r.kind === 'submission'
        ? {
            zh: `审计日志不足以重建，也无其他副本：只能接受损失（--accept-loss），该报表将从第 ${m.top + 1} 版起为空，版本号不重复使用`,
            en: `the audit cannot rebuild it and no other copy exists: only --accept-loss, which leaves the form empty at revision ${m.top + 1}, so no revision number is used twice`,
          }
        : { zh: `审计日志不含其内容，也无其他副本：只能接受损失（--accept-loss），之后请重新导入`, en: `the audit does not hold its contents and no other copy exists: only --accept-loss, then import it again` };
    case 'set-aside':
      return {
        zh: `请从备份恢复；否则 --accept-loss 将其移到 ${asideDir}/，再用 planbook user add 重新添加用户（令牌需重新发放）`,
        en: `restore it from a backup; else --accept-loss moves it to ${asideDir}/ and the users are added again with planbook user add (new tokens)`,
      };
  }
}

/**
 * Carries out the remedies on the replayed documents (`docs`, `dirty` changed in place; the files
 * themselves were already moved aside by the caller) and answers their audit entries.
 */
export function applyFileRemedies(remedies: readonly FileRemedy[], docs: Map<string, Doc>, dirty: Set<string>, actor: string, at: string, asideDir: string): AuditDraft[] {
  const drafts: AuditDraft[] = [];
  for (const r of remedies) {
    const m = r.remedy;
    const d = docOfPath(r.path);
    const detail = `${r.path}: ${describeRemedy(r, asideDir).en}; the damaged file is kept in ${asideDir}/`;
    if (d?.kind === 'submission') {
      const base: AuditDraft = { action: 'repair', actor, plan: d.key.plan, orgUnit: d.key.orgUnit, period: d.key.period, form: d.key.form };
      if (m.kind === 'audit') {
        docs.set(r.path, m.doc);
        dirty.add(r.path);
        drafts.push({ ...base, rev: m.rev, state: (m.doc as ReturnType<typeof emptySubmission>).state, detail: `rebuilt from the audit trail ${detail}` });
      } else if (m.kind === 'journal') {
        drafts.push({ ...base, rev: m.rev, detail: `restored from the journal ${detail}` });
      } else if (m.kind === 'lose') {
        const next = m.top + 1;
        docs.set(r.path, { ...emptySubmission(d.key), rev: next, updatedAt: at, updatedBy: actor } as Doc);
        dirty.add(r.path);
        drafts.push({ ...base, field: 'rev', old: 0, new: next, rev: next, state: 'draft', detail: `accepted the loss of ${detail}; revisions 1–${m.top} lost, the form continues empty at revision ${next}` });
      }
    } else if (d?.kind === 'plan') {
      drafts.push({ action: 'repair', actor, plan: d.id, ...(m.kind === 'journal' ? { rev: m.rev } : {}), detail: `${m.kind === 'journal' ? 'restored from the journal' : 'accepted the loss of'} ${detail}` });
    } else if (d?.kind === 'config') {
      drafts.push({ action: 'repair', actor, ...(m.kind === 'journal' ? { rev: m.rev } : {}), detail: `config:${d.name} ${m.kind === 'journal' ? 'restored from the journal' : 'accepted the loss of'} ${detail}` });
    } else {
      drafts.push({ action: 'repair', actor, detail: `${m.kind === 'resign' ? 'rebuilt' : m.kind === 'set-aside' ? 'set aside' : 'accepted the loss of'} ${detail}` });
    }
  }
  return drafts;
}

const shown = (v: unknown): string => (v === undefined || v === null || v === '' ? '（空 empty）' : JSON.stringify(v).slice(0, 40));

/**
 * Submission files that parse but differ from what the audit trail says they hold at the same
 * revision — edited by hand, outside the server (F3.5). Offered like a damaged file: rebuilt from
 * the trail (lossless for every acknowledged write), the edited file kept aside.
 */
export function findHandEdits(docs: ReadonlyMap<string, Doc>, entries: readonly AuditEntry[]): DamagedFile[] {
  const byId = entriesByDocument(entries);
  const out: DamagedFile[] = [];
  for (const [path, doc] of docs) {
    const d = docOfPath(path);
    if (d?.kind !== 'submission') continue;
    const sub = doc as StoredSubmission;
    const rebuilt = rebuildSubmission(d.key, entries, byId);
    if (!rebuilt || rebuilt.rev !== sub.rev || !sub.data) continue;
    const diff = firstDifference(sub.data, rebuilt.data);
    if (!diff) continue;
    out.push({
      path,
      kind: 'submission',
      why: {
        zh: `与审计日志不符：字段 ${diff.field} 文件中为 ${shown(diff.a)}，审计记录为 ${shown(diff.b)}（第 ${sub.rev} 版）；可能在服务器之外被手工修改`,
        en: `differs from the audit trail: field ${diff.field} is ${shown(diff.a)} in the file, ${shown(diff.b)} in the audit (revision ${sub.rev}); edited outside the server?`,
      },
    });
  }
  return out;
}
