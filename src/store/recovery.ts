/**
 * Start-up of the file backend: read the document files, check every journal segment, replay the
 * good records over the files (the higher revision wins, so replaying twice is harmless), and bring
 * the audit log up to date. Nothing is written or deleted here; the caller checkpoints afterwards.
 *
 * Only a torn *last* frame of the newest segment is dropped (it was never acknowledged: writers
 * are answered after the fdatasync of a whole frame), and that is reported. Any other damaged frame
 * stops the start with a bilingual JOURNAL_DAMAGED naming the segment and the record: dropping it
 * would silently lose acknowledged writes, so `planbook store repair` lets an operator decide.
 */
import { join } from 'node:path';
import { PlanbookError } from '../model/errors';
import type { AuditEntry } from './audit-chain';
import { readAuditLog } from './audit-log';
import type { AuditKey } from './audit-key';
import { anchorProblems, anchorRefusal } from './audit-proof';
import { damagedFilesError } from './damaged-files';
import { META_FILE, readMeta, type StoreMeta } from './store-meta';
import type { FsLayer } from './fs-layer';
import { scanSegment, segmentNumber, type Damage, type Doc, type SegmentScan } from './journal-format';

export const DOC_TREES = ['submissions', 'plans', 'config'] as const;

/** The error that stops a start on a damaged journal; `details.damage` lists every damaged frame. */
export function journalDamaged(dir: string, damage: readonly Damage[]): PlanbookError {
  const d = damage[0]!;
  const more = damage.length > 1 ? { zh: `（另有 ${damage.length - 1} 处）`, en: ` (and ${damage.length - 1} more)` } : { zh: '', en: '' };
  return new PlanbookError(
    'STORAGE',
    {
      zh: `预写日志已损坏：journal/${d.segment} 第 ${d.record} 条记录（字节偏移 ${d.offset}）：${d.reasonZh}${more.zh}。这不是崩溃留下的残缺末条，其中可能有已确认的写入，因此未启动，也未删除任何文件。请运行 planbook store repair --data ${dir} 查看并决定：从检查点恢复，或接受损失（记入审计日志）`,
      en: `The write-ahead journal is damaged: journal/${d.segment}, record ${d.record} (byte offset ${d.offset}): ${d.reason}${more.en}. This is not the torn last record a crash leaves and it may hold acknowledged writes, so the server did not start and no file was deleted. Run planbook store repair --data ${dir} to see it and decide: restore from the checkpoint, or accept the loss (recorded in the audit)`,
    },
    { damage },
  );
}

/** Reads and checks every segment, oldest first. */
export async function scanJournal(fs: FsLayer, dir: string, names: readonly string[]): Promise<SegmentScan[]> {
  const out: SegmentScan[] = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    out.push(scanSegment(name, await fs.readFile(join(dir, 'journal', name)), i === names.length - 1));
  }
  return out;
}

export interface LoadedDocs {
  docs: Map<string, Doc>;
  /** Data files that do not parse, by path relative to the folder. */
  damaged: string[];
  /** Temp files a crash left before their rename: safe to delete once the start succeeds. */
  temps: string[];
}

/** Reads every document file under the trees. */
export async function loadDocs(fs: FsLayer, dir: string): Promise<LoadedDocs> {
  const out: LoadedDocs = { docs: new Map(), damaged: [], temps: [] };
  const walk = async (rel: string): Promise<void> => {
    let list: { name: string; dir: boolean }[];
    try {
      list = await fs.readdir(join(dir, rel));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const d of list) {
      const rp = `${rel}/${d.name}`;
      if (d.dir) await walk(rp);
      else if (d.name.endsWith('.tmp')) out.temps.push(rp);
      else if (d.name.endsWith('.json')) {
        try {
          out.docs.set(rp, JSON.parse(await fs.readFile(join(dir, rp))) as Doc);
        } catch {
          out.damaged.push(rp);
        }
      }
    }
  };
  for (const t of DOC_TREES) await walk(t);
  return out;
}

export interface Replayed {
  /** Documents changed by the journal (to be written out by the next checkpoint). */
  dirty: Set<string>;
  /** Audit entries the journal holds, in order. */
  audit: AuditEntry[];
  records: number;
  lastSegment: number;
  torn: { segment: string; record: number; bytes: number } | null;
  damage: Damage[];
}

/** Applies the good records of the scans to docs; reports damage instead of throwing. */
export function replay(docs: Map<string, Doc>, scans: readonly SegmentScan[]): Replayed {
  const out: Replayed = { dirty: new Set(), audit: [], records: 0, lastSegment: 0, torn: null, damage: [] };
  for (const s of scans) {
    out.lastSegment = Math.max(out.lastSegment, segmentNumber(s.segment));
    out.damage.push(...s.damage);
    if (s.torn) out.torn = { segment: s.segment, record: s.torn.record, bytes: s.torn.bytes };
    for (const { rec } of s.records) {
      for (const { path, doc } of rec.docs) {
        const cur = docs.get(path);
        if (!cur || doc.rev > cur.rev) {
          docs.set(path, doc);
          out.dirty.add(path);
        }
      }
      out.audit.push(...rec.audit);
      out.records++;
    }
  }
  return out;
}

/**
 * Journal records that are gone without a trace in the journal itself — a segment cut short, a
 * segment deleted — shown by what was written around them. Every entry after the anchor's was
 * written to the journal first, in sequence, starting right after the anchor (the checkpoint that
 * signed it retired everything before); so entries after the anchor must run on without a gap
 * through the journal, and the audit log (appended only after the journal's fdatasync) must not
 * go further than the journal does. `anchorSeq` null (a folder from before anchors): nothing to compare.
 */
export function missingRecords(scans: readonly SegmentScan[], logEntries: readonly AuditEntry[], anchorSeq: number | null): Damage[] {
  if (anchorSeq === null) return [];
  const out: Damage[] = [];
  let expected = anchorSeq + 1;
  for (const s of scans) {
    for (const { no, rec } of s.records) {
      const first = rec.audit.find((e) => e.seq > anchorSeq);
      if (!first) continue;
      if (first.seq > expected) {
        out.push({
          segment: s.segment,
          record: no,
          offset: -1,
          reason: `audit entries ${expected}–${first.seq - 1} are in no journal record before this one (records missing)`,
          reasonZh: `审计第 ${expected}–${first.seq - 1} 条不在此前任何一条日志记录中（记录缺失）`,
        });
      }
      expected = Math.max(expected, rec.audit[rec.audit.length - 1]!.seq + 1);
    }
  }
  const logTail = logEntries[logEntries.length - 1]?.seq ?? 0;
  if (logTail >= expected) {
    const last = scans[scans.length - 1];
    out.push({
      segment: last?.segment ?? '（无日志段 no segment）',
      record: (last?.records.length ?? 0) + (last?.damage.length ?? 0) + 1,
      offset: last?.bytes ?? 0,
      reason: `the journal ends early: audit.ndjson holds entries ${expected}–${logTail}, written only after their journal record was on disk, yet no journal record holds them (a segment cut short or deleted)`,
      reasonZh: `预写日志提前结束：audit.ndjson 中有第 ${expected}–${logTail} 条，它们只在所属日志记录写入磁盘后才会写入，却不在任何日志记录中（日志段被截短或删除）`,
    });
  }
  return out;
}

/**
 * The start-up checks that must pass before anything is written: records gone without a trace in
 * the journal (missingRecords), and an audit log — with the journal's newer entries — that no
 * longer reaches the signed anchor in checkpoint.json. Throws STORAGE (bilingual, naming what and
 * where). Answers null, or the head's seq when there is no anchor yet (a folder of an older version,
 * signed now: trust on first use).
 */
export async function checkBeforeWriting(fs: FsLayer, dir: string, scans: readonly SegmentScan[], journalAudit: readonly AuditEntry[], key: AuditKey): Promise<number | null> {
  const before = await readAuditLog(fs, dir);
  let meta: StoreMeta | null;
  try {
    meta = await readMeta(fs, dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== undefined) throw e;
    throw damagedFilesError(dir, [{ path: META_FILE, kind: 'checkpoint', why: { zh: '无法解析或缺少签名锚点，无法证明审计日志完整', en: 'does not parse or has no signed anchor, so the audit cannot be proven whole' } }]);
  }
  const gaps = missingRecords(scans, before.entries, meta?.anchor.seq ?? null);
  if (gaps.length) throw journalDamaged(dir, gaps);
  const tail = before.entries[before.entries.length - 1]?.seq ?? 0;
  const whole = [...before.entries, ...journalAudit.filter((e) => e.seq > tail)];
  if (!meta) return whole.length ? whole[whole.length - 1]!.seq : null;
  const problems = anchorProblems(whole, meta.anchor, key, 'checkpoint.json');
  if (problems.length) throw anchorRefusal(problems, `--data ${dir}`);
  return null;
}
