/**
 * `planbook store repair`: what an operator sees and decides when the file store will not start
 * because its journal is damaged or its audit log no longer reaches the signed anchor.
 *
 * diagnose() changes nothing. For each damaged journal record it works out which audit entries the
 * record held (the sequence numbers between the good records around it; the anchor before the
 * first) and, from audit.ndjson — written after the journal, so it usually still has them — which
 * documents and revisions they changed, and whether the checkpoint (the document files and the
 * good records after the damage) already holds those revisions.
 *
 * repair() carries out one decision, with the server stopped (it takes the LOCK):
 *  - 'restore-checkpoint': allowed only when the checkpoint holds every change of the damaged
 *    records, so nothing is lost;
 *  - 'accept-loss': the documents stay at their last good revision and the loss is recorded.
 * Either way the good records are applied and written out, one `repair` audit entry per document
 * concerned (and one for the journal records or audit entries concerned) is appended and signed
 * into a new anchor, and every journal segment is moved — never deleted — to journal/damaged-<time>/.
 */
import { dirname, join } from 'node:path';
import { PlanbookError } from '../model/errors';
import { seal, type AuditDraft, type AuditEntry } from './audit-chain';
import { AuditLog, readAuditLog } from './audit-log';
import { signAnchor, type AuditKey } from './audit-key';
import { anchorProblems } from './audit-proof';
import { DocWriter } from './checkpointer';
import { acquireLock } from './data-lock';
import type { FsLayer } from './fs-layer';
import { Journal } from './journal';
import type { Damage, Doc } from './journal-format';
import { entriesByDocument, subId } from './audit-data-check';
import { findDamagedFiles } from './damaged-files';
import { applyFileRemedies, findHandEdits, planFileRemedies, type FileRemedy } from './file-remedies';
import { emptySubmission } from './service';
import type { Submission, SubmissionKey } from '../model/submission';
import { loadDocs, missingRecords, replay, scanJournal } from './recovery';
import { readMeta, writeMeta } from './store-meta';
import { submissionPath } from './file-backend';

export interface LostRecord {
  damage: Damage;
  /** Audit sequence numbers the record held (inclusive), when they can be told. */
  seqs: { from: number; to: number } | null;
  /** The audit entries of those numbers that audit.ndjson still has. */
  entries: AuditEntry[];
  /** True when the document files already hold every revision those entries name. */
  covered: boolean;
}

export interface Diagnosis {
  lost: LostRecord[];
  /** Damaged files of the folder (data files, checkpoint.json, users.json) and each one's way back. */
  files: FileRemedy[];
  /** Lines of audit.ndjson that do not parse with entries after them (a torn last line is a crash's, and is cut at start). */
  auditLines: number[];
  /** The audit log's disagreement with its signed anchor (truncated, rewritten, forged), in both languages. */
  anchor: { zh: string; en: string }[];
  clean: boolean;
}

async function readState(fs: FsLayer, dir: string, key: AuditKey) {
  const journal = new Journal(fs, dir);
  const names = await journal.segments();
  const scans = await scanJournal(fs, dir, names);
  const loaded = await loadDocs(fs, dir);
  const r = replay(loaded.docs, scans);
  const log = await readAuditLog(fs, dir);
  const meta = await readMeta(fs, dir).catch(() => null);
  const damaged = await findDamagedFiles(fs, dir, loaded);
  // Records gone without a trace in the journal (a segment cut short) count as damage at their place.
  if (r.damage.length === 0) {
    for (const g of missingRecords(scans, log.entries, meta?.anchor.seq ?? null)) scans.find((x) => x.segment === g.segment)?.damage.push(g);
  }
  // The trail as the next start would see it: the log, then entries only the journal holds yet.
  const tail = log.entries[log.entries.length - 1]?.seq ?? 0;
  const trail = [...log.entries, ...r.audit.filter((e) => e.seq > tail)];
  // A file edited by hand is offered the same way back as a damaged one; the journal's newer copy, if any, is what counts.
  const edited = findHandEdits(loaded.docs, trail).filter((f) => !r.dirty.has(f.path));
  for (const f of edited) loaded.docs.delete(f.path);
  const files = planFileRemedies([...damaged, ...edited], loaded.docs, trail);
  return { journal, names, scans, loaded, r, log, meta, files, trail, anchorIssues: meta ? anchorProblems(log.entries, meta.anchor, key, 'checkpoint.json') : [] };
}

/** What is damaged and what each decision would cost; changes nothing. */
export async function diagnose(fs: FsLayer, dir: string, key: AuditKey): Promise<Diagnosis> {
  const s = await readState(fs, dir, key);
  const lost: LostRecord[] = [];
  // Walk the records in journal order, remembering the audit seq reached before each damaged one.
  let before = s.meta?.anchor.seq ?? 0;
  const flat: ({ kind: 'good'; first: number | null; last: number | null } | { kind: 'bad'; d: Damage })[] = [];
  for (const sc of s.scans) {
    const items = [...sc.records.map((x) => ({ no: x.no, good: x.rec.audit })), ...sc.damage.map((d) => ({ no: d.record, bad: d }))].sort((a, b) => a.no - b.no || ('bad' in a ? -1 : 1));
    for (const it of items) {
      if ('bad' in it) flat.push({ kind: 'bad', d: it.bad! });
      else flat.push({ kind: 'good', first: it.good![0]?.seq ?? null, last: it.good![it.good!.length - 1]?.seq ?? null });
    }
  }
  const logTail = s.log.entries[s.log.entries.length - 1]?.seq ?? 0;
  for (let i = 0; i < flat.length; i++) {
    const f = flat[i]!;
    if (f.kind === 'good') {
      if (f.last !== null) before = f.last;
      continue;
    }
    let next: number | null = null;
    for (let j = i + 1; j < flat.length && next === null; j++) {
      const g = flat[j]!;
      if (g.kind === 'good' && g.first !== null) next = g.first;
    }
    const to = next !== null ? next - 1 : logTail;
    const seqs = to > before ? { from: before + 1, to } : null;
    const entries = seqs ? s.log.entries.filter((e) => e.seq >= seqs.from && e.seq <= seqs.to) : [];
    const covered =
      entries.every((e) => {
        if (e.form === undefined || e.rev === undefined) return true;
        const doc = s.loaded.docs.get(submissionPath({ plan: e.plan!, orgUnit: e.orgUnit!, period: e.period!, form: e.form as 'indicators' }));
        return (doc?.rev ?? 0) >= e.rev;
      }) &&
      (seqs === null || entries.length === seqs.to - seqs.from + 1);
    lost.push({ damage: f.d, seqs, entries, covered });
  }
  const anchor = s.anchorIssues.map((p) => ({ zh: p.zh, en: p.en }));
  const lines = s.log.text.split('\n');
  let last = lines.length;
  while (last > 0 && lines[last - 1] === '') last--;
  const auditLines = s.log.bad.filter((n) => n < last);
  return { lost, files: s.files, auditLines, anchor, clean: lost.length === 0 && anchor.length === 0 && s.files.length === 0 && auditLines.length === 0 };
}

export type Decision = 'restore-checkpoint' | 'accept-loss';

/**
 * Carries out the decision (see the file comment). Errors: BAD_REQUEST when 'restore-checkpoint' would
 * lose changes (then only 'accept-loss' can proceed); the LOCK's error when a server is running.
 * Answers the repair entries written to the audit.
 */
export async function repair(fs: FsLayer, dir: string, key: AuditKey, decision: Decision, actor: string): Promise<AuditEntry[]> {
  const release = await acquireLock(dir);
  try {
    const d = await diagnose(fs, dir, key);
    if (d.clean) return [];
    if (d.auditLines.length) {
      // No decision here can bring an audit entry back, and the chain cannot be re-linked over the hole.
      throw new PlanbookError('BAD_REQUEST', {
        zh: `audit.ndjson 第 ${d.auditLines.join('、')} 行无法读取，这些审计条目无法由本工具恢复；请从备份恢复 audit.ndjson（planbook audit verify 会再检查），其余损坏可随后修复`,
        en: `audit.ndjson line ${d.auditLines.join(', ')} cannot be read and this tool cannot bring those audit entries back; restore audit.ndjson from a backup (planbook audit verify checks it again), then repair the rest`,
      });
    }
    if (decision === 'restore-checkpoint' && d.lost.some((l) => !l.covered)) {
      throw new PlanbookError('BAD_REQUEST', {
        zh: '检查点并未包含损坏记录中的全部修改，从检查点恢复会丢失它们；如确认接受损失，请改用 --accept-loss',
        en: 'The checkpoint does not hold every change of the damaged records, so restoring it would lose them; to accept the loss, use --accept-loss',
      });
    }
    const lossy = d.files.find((f) => !f.lossless);
    if (decision === 'restore-checkpoint' && lossy) {
      throw new PlanbookError('BAD_REQUEST', {
        zh: `${lossy.path} 无法无损恢复（审计日志和预写日志都没有它的完整内容）；请从备份恢复该文件，或如确认接受损失，改用 --accept-loss`,
        en: `${lossy.path} cannot be restored without loss (neither the audit nor the journal holds all of it); restore it from a backup or, to accept the loss, use --accept-loss`,
      });
    }
    const at = new Date().toISOString();
    // Damaged files are moved aside, never deleted: damaged-<time>/<their path>.
    const filesAside = `damaged-${at.replace(/[:.]/g, '-')}`;
    for (const f of d.files) {
      const to = join(dir, filesAside, f.path);
      await fs.mkdirp(dirname(to));
      await fs.rename(join(dir, f.path), to);
      await fs.syncDir(dirname(join(dir, f.path)));
    }
    const s = await readState(fs, dir, key);
    const drafts: AuditDraft[] = applyFileRemedies(d.files, s.loaded.docs, s.r.dirty, actor, at, filesAside);
    const done = new Set(d.files.map((f) => f.path));
    const byId = entriesByDocument(s.trail);
    const what = decision === 'accept-loss' ? '接受损失 accepted the loss' : '从检查点恢复，无损失 restored from the checkpoint, nothing lost';
    for (const l of d.lost) {
      const range = l.seqs ? `audit ${l.seqs.from}–${l.seqs.to}` : 'audit entries unknown';
      drafts.push({ action: 'repair', actor, detail: `${what}: journal/${l.damage.segment} record ${l.damage.record} (${l.damage.reason}); ${range}` });
      const byDoc = new Map<string, SubmissionKey>();
      for (const e of l.entries) if (e.form !== undefined) byDoc.set(subId(e), { plan: e.plan!, orgUnit: e.orgUnit!, period: e.period!, form: e.form });
      for (const [id, k] of byDoc) {
        const path = submissionPath(k);
        if (done.has(path)) continue;
        done.add(path);
        const doc = s.loaded.docs.get(path) as Submission | undefined;
        const kept = doc?.rev ?? 0;
        const top = Math.max(kept, ...(byId.get(id) ?? []).map((e) => e.rev ?? 0));
        const base: AuditDraft = { action: 'repair', actor, ...k };
        if (top === kept) {
          drafts.push({ ...base, rev: kept, detail: `${what}: kept revision ${kept}` });
          continue;
        }
        // Revisions kept+1…top were acknowledged and are lost: the document goes on past them, so a
        // client holding one of their ETags is told it is stale instead of matching again (F3.6).
        const next = top + 1;
        s.loaded.docs.set(path, { ...(doc ?? emptySubmission(k)), rev: next, updatedAt: at, updatedBy: actor } as Doc);
        s.r.dirty.add(path);
        drafts.push({
          ...base,
          field: 'rev',
          old: kept,
          new: next,
          rev: next,
          state: doc?.state ?? 'draft',
          detail: `${what}: kept revision ${kept} as revision ${next}; revisions ${kept + 1}–${top} lost, their numbers never reused`,
        });
      }
    }
    for (const a of d.anchor) drafts.push({ action: 'repair', actor, detail: `${what}: ${a.en}` });
    await new DocWriter(fs, dir).writeDirty(s.loaded.docs, s.r.dirty);
    const log = new AuditLog(fs, dir);
    await log.recover(s.r.audit, false);
    const entries = seal(drafts, log.last, at);
    await log.append(entries.map((e) => JSON.stringify(e) + '\n').join(''));
    await log.datasync();
    await log.close();
    const head = entries[entries.length - 1]!;
    const names = await s.journal.segments();
    const last = Math.max(0, ...names.map((n) => Number(n.slice(0, 8))));
    await writeMeta(fs, dir, { format: 2, at, retired: last, anchor: signAnchor(key, head.seq, head.hash, at) });
    const aside = join(dir, 'journal', `damaged-${at.replace(/[:.]/g, '-')}`);
    await fs.mkdirp(aside);
    for (const n of names) await fs.rename(join(dir, 'journal', n), join(aside, n));
    await fs.syncDir(aside);
    await fs.syncDir(join(dir, 'journal'));
    return entries;
  } finally {
    await release();
  }
}
