/**
 * `planbook audit verify` on a file store's folder, read-only and beside a live server. It reads the
 * pieces itself rather than opening the backend, so one damaged file cannot stop the check of the
 * rest: the audit log line by line, the journal segment by segment (entries a crash left only in
 * the journal count as the log's tail, as the next start would restore them; a journal copy that
 * differs from the log's is a rewrite), the signed anchor in checkpoint.json, and the documents —
 * each damaged one named, the others compared with the trail (audit-data-check.ts).
 */
import { join } from 'node:path';
import type { AuditEntry, AuditProblem, VerifyResult } from './audit-chain';
import { readAuditLog } from './audit-log';
import type { AuditKey } from './audit-key';
import { compareDataWithAudit, configDocId, planDocId, subId, type StoredDoc } from './audit-data-check';
import { anchorProblems, chainProblem, problem, summarise } from './audit-proof';
import type { FsLayer } from './fs-layer';
import type { Submission } from '../model/submission';
import { Journal } from './journal';
import type { Doc } from './journal-format';
import { loadDocs, missingRecords, replay, scanJournal } from './recovery';
import { findDamagedFiles } from './damaged-files';
import { fromSafeName } from './safe-name';
import { readMeta, type StoreMeta } from './store-meta';
import { upgradeSubmission } from '../model/legacy-names';

export interface FileVerifyReport {
  summary: VerifyResult;
  problems: AuditProblem[];
  entries: number;
  documents: number;
}

/** The check's id of a document file, from its path (submissions/<plan>/<unit>/<period>/<form>.json …). */
function idOfPath(rp: string): string | null {
  const p = rp
    .replace(/\.json$/, '')
    .split('/')
    .map(fromSafeName);
  if (p[0] === 'submissions' && p.length === 5) return subId({ plan: p[1], orgUnit: p[2], period: p[3], form: p[4] });
  if (p[0] === 'plans' && p.length === 2) return planDocId(p[1]!);
  if (p[0] === 'config' && p.length === 2) return configDocId(p[1]!);
  return null;
}

/** A document file's contents as the data check needs them (audit-data-check.ts); null for a path of no document. */
export function storedDoc(rp: string, doc: Doc): StoredDoc | null {
  if (rp.startsWith('submissions/')) return { kind: 'submission', sub: upgradeSubmission(doc as unknown as Submission) };
  const id = idOfPath(rp);
  if (!id) return null;
  const name = id.split('\u0000')[1]!;
  return rp.startsWith('plans/') ? { kind: 'plan', id: name, rev: doc.rev } : { kind: 'config', name, rev: doc.rev };
}

/** Every check of the folder; never throws for damage (only for an unreadable folder). */
export async function verifyFileStore(fs: FsLayer, dir: string, key: AuditKey): Promise<FileVerifyReport> {
  const problems: AuditProblem[] = [];
  const log = await readAuditLog(fs, dir);
  for (const line of log.bad) problems.push(problem('unreadable', `audit.ndjson 第 ${line} 行不是有效的 JSON`, `audit.ndjson line ${line} is not valid JSON`, { where: `audit.ndjson:${line}` }));

  const journal = new Journal(fs, dir);
  const scans = await scanJournal(fs, dir, await journal.segments().catch(() => []));
  for (const s of scans) {
    for (const d of s.damage)
      problems.push(
        problem('journal', `预写日志 journal/${d.segment} 第 ${d.record} 条记录（字节 ${d.offset}）已损坏：${d.reasonZh}`, `journal/${d.segment} record ${d.record} (byte ${d.offset}) is damaged: ${d.reason}`, {
          where: `journal/${d.segment}#${d.record}`,
        }),
      );
  }
  const loaded = await loadDocs(fs, dir);
  const r = replay(loaded.docs, scans);

  const bySeq = new Map(log.entries.map((e) => [e.seq, e]));
  const tail = log.entries[log.entries.length - 1]?.seq ?? 0;
  const pending: AuditEntry[] = [];
  for (const e of r.audit) {
    const mine = bySeq.get(e.seq);
    if (e.seq > tail) pending.push(e);
    else if (mine && mine.hash !== e.hash) {
      problems.push(problem('rewritten', `审计第 ${e.seq} 条与预写日志中的副本不同：被改写`, `audit entry ${e.seq} differs from its copy in the journal: rewritten`, { seq: e.seq, where: 'audit.ndjson' }));
    }
  }
  const entries = [...log.entries, ...pending.sort((a, b) => a.seq - b.seq)];
  const metaForGaps = await readMeta(fs, dir).catch(() => null);
  if (r.damage.length === 0) {
    for (const g of missingRecords(scans, log.entries, metaForGaps?.anchor.seq ?? null)) {
      problems.push(
        problem('journal', `预写日志 journal/${g.segment} 第 ${g.record} 条记录处缺失记录：${g.reasonZh}`, `journal/${g.segment} at record ${g.record}: records missing: ${g.reason}`, {
          where: `journal/${g.segment}#${g.record}`,
        }),
      );
    }
  }
  const broken = chainProblem(entries);
  if (broken) problems.push(broken);

  let meta: StoreMeta | null = null;
  try {
    meta = await readMeta(fs, dir);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? '无法解析或缺少签名锚点';
    const whyEn = (e as NodeJS.ErrnoException).code ?? 'does not parse or has no signed anchor';
    problems.push(
      problem('anchor', `checkpoint.json 无法读取（${why}）；请运行 planbook store repair 重建`, `checkpoint.json cannot be read (${whyEn}); run planbook store repair to rebuild it`, { where: 'checkpoint.json' }),
    );
  }
  if (meta !== null || problems.every((p) => p.where !== 'checkpoint.json')) problems.push(...anchorProblems(entries, meta?.anchor ?? null, key, join(dir, 'checkpoint.json')));

  const unreadable = new Set<string>();
  for (const rp of loaded.damaged) {
    const id = idOfPath(rp);
    if (id) unreadable.add(id);
    problems.push(
      problem(
        'damaged-file',
        `数据文件 ${rp} 已损坏（无法解析）；审计日志本身已单独检查。请运行 planbook store repair 查看可行的处理`,
        `data file ${rp} is damaged (does not parse); the audit itself was checked on its own. Run planbook store repair to see the ways back`,
        { where: rp },
      ),
    );
  }
  // users.json is no part of the trail, but a damaged one stops the start: name it here too.
  for (const f of await findDamagedFiles(fs, dir, { docs: new Map(), damaged: [], temps: [] }).catch(() => []))
    if (f.kind === 'users') problems.push(problem('damaged-file', `用户文件 users.json 已损坏（${f.why.zh}）`, `the users file users.json is damaged (${f.why.en})`, { where: 'users.json' }));
  const docs: StoredDoc[] = [];
  for (const [rp, doc] of loaded.docs) {
    const d = storedDoc(rp, doc);
    if (d) docs.push(d);
  }
  problems.push(...compareDataWithAudit(docs, entries, unreadable));
  return { summary: summarise(entries.length, problems), problems, entries: entries.length, documents: docs.length };
}
