/**
 * The file backend's start-up: load the documents, replay the journal over them, check the audit
 * against its signed anchor, then write what the journal held as files, sign the head and retire
 * the replayed segments. Any damage other than a torn last record stops here with a bilingual
 * STORAGE error and every file kept (recovery.ts), for `planbook store repair`.
 */
import { join } from 'node:path';
import type { AuditEntry } from './audit-chain';
import { compareDataWithAudit, type StoredDoc } from './audit-data-check';
import type { AuditLog } from './audit-log';
import { storedDoc } from './file-audit-verify';
import type { AuditKey } from './audit-key';
import { upgradeStoredDoc } from './backend';
import type { DocWriter } from './checkpointer';
import type { FsLayer } from './fs-layer';
import type { Journal } from './journal';
import type { Doc } from './journal-format';
import { damagedFilesError, findDamagedFiles } from './damaged-files';
import { checkBeforeWriting, journalDamaged, loadDocs, replay, scanJournal } from './recovery';

/** What start-up works on: the backend's parts, owned by it. */
export interface StartupParts {
  fs: FsLayer;
  dir: string;
  journal: Journal;
  audit: AuditLog;
  writer: DocWriter;
  /** The signing key; null only when read-only. */
  key: AuditKey | null;
  /** Read-only (a tool beside a live server): read what is there, write and stop for nothing. */
  readOnly: boolean;
  log: (line: string) => void;
  /** Signs the audit head into checkpoint.json, recording the segments up to `retired` as covered. */
  writeAnchor(retired: number): Promise<void>;
}

/**
 * Recovers the folder; answers the documents (by path) and those changed since their files were
 * written. Errors: STORAGE (bilingual, with details) for a damaged data file, a damaged journal
 * record or an audit log that no longer reaches its signed anchor — nothing is written or deleted.
 */
export async function recoverFolder(p: StartupParts): Promise<{ docs: Map<string, Doc>; dirty: Set<string> }> {
  const { fs, dir, journal, audit, readOnly: ro } = p;
  if (!ro) for (const sub of ['submissions', 'plans', 'config', 'journal']) await fs.mkdirp(join(dir, sub));
  const loaded = await loadDocs(fs, dir);
  if (!ro) {
    const damaged = await findDamagedFiles(fs, dir, loaded);
    if (damaged.length) throw damagedFilesError(dir, damaged);
  }
  const docs = loaded.docs;
  const segments = ro ? await journal.segments().catch(() => []) : await journal.segments();
  const scans = await scanJournal(fs, dir, segments);
  const r = replay(docs, scans);
  if (r.damage.length && !ro) throw journalDamaged(dir, r.damage);
  // What the version before the rename wrote reads under the new names (written back on the next change).
  for (const [path, doc] of docs) docs.set(path, upgradeStoredDoc(path, doc));
  // Said only once the start will go on (F3.7): a segment cut short also ends in a torn record, and
  // "never acknowledged" would be wrong beside the refusal that follows.
  const recovered = (): void => {
    if (r.records) p.log(`已从日志恢复 ${r.records} 条记录 / recovered ${r.records} journal records`);
    if (r.torn)
      p.log(
        `已丢弃日志末尾残缺的一条记录（崩溃时未写完，从未确认）：journal/${r.torn.segment} 第 ${r.torn.record} 条，${r.torn.bytes} 字节 / dropped a torn last journal record (cut short by a crash, never acknowledged): journal/${r.torn.segment} record ${r.torn.record}, ${r.torn.bytes} bytes`,
      );
  };

  if (ro) {
    recovered();
    await audit.recover(r.audit, true);
    return { docs, dirty: r.dirty };
  }
  // Before anything is written: records lost without a trace in the journal, and a log that no
  // longer reaches its signed anchor, stop the start too.
  const first = await checkBeforeWriting(fs, dir, scans, r.audit, p.key!);
  recovered();
  if (first !== null) p.log(`审计日志尚无签名锚点（旧版本的数据目录）：现在签名其当前末条 ${first} / the audit log had no signed anchor (a folder from an older version): signing its current head, entry ${first}`);
  const log = await audit.recover(r.audit, false);
  // Served on, as the data is whole, but said: the trail has a hole there (audit verify fails on it).
  if (log.bad.length)
    p.log(
      `警告：audit.ndjson 第 ${log.bad.join('、')} 行无法读取，审计哈希链在此断开；请从备份恢复该文件（planbook audit verify 查看） / warning: audit.ndjson line ${log.bad.join(', ')} cannot be read and the audit's hash chain breaks there; restore the file from a backup (planbook audit verify shows it)`,
    );
  warnOfHandEdits(docs, log.entries, p.log);
  // Make what the journal holds into files now, sign the head, then start a fresh segment and
  // retire the old ones: every record in them is applied (above) and now checkpointed.
  await p.writer.writeDirty(docs, r.dirty);
  await audit.datasync();
  await p.writeAnchor(r.lastSegment);
  await journal.rotate(r.lastSegment);
  await journal.retire(r.lastSegment);
  for (const t of loaded.temps) await fs.unlink(join(dir, t)).catch(() => undefined); // a crash's leftovers, before their rename
  return { docs, dirty: r.dirty };
}

/**
 * The cheap check of the data against the trail at every start (F3.5): the log is parsed here
 * anyway, and the comparison is one pass over it and one over the documents (audit-data-check.ts).
 * A difference is said, not refused: a folder from before the audit trail has revisions without
 * entries and must still start; `audit verify` says the same, and `store repair` rebuilds an
 * edited submission from the trail.
 */
function warnOfHandEdits(docs: ReadonlyMap<string, Doc>, entries: readonly AuditEntry[], log: (line: string) => void): void {
  const stored: StoredDoc[] = [];
  for (const [rp, doc] of docs) {
    const d = storedDoc(rp, doc);
    if (d) stored.push(d);
  }
  const problems = compareDataWithAudit(stored, entries);
  for (const p of problems.slice(0, 5))
    log(
      `警告：数据与审计日志不符：${p.zh}。服务照常启动；请运行 planbook audit verify 查看，停止服务后可用 planbook store repair 由审计日志重建 / warning: the data differs from the audit trail: ${p.en}. The server starts as usual; run planbook audit verify to see it, and planbook store repair (with the server stopped) to rebuild from the trail`,
    );
  if (problems.length > 5) log(`另有 ${problems.length - 5} 份文档与审计日志不符 / ${problems.length - 5} more documents differ from the audit trail`);
}
