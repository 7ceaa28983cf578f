/**
 * What `planbook audit verify` proves about a trail, for both backends: the chain is whole (each
 * entry's hash over its content, each link to the one before, sequence numbers without a gap) and
 * it still reaches its signed anchor (the head a checkpoint or the database signed with the key
 * kept outside the data). A truncated log ends before the anchor; a rewritten one, even with every
 * hash recomputed, no longer has the anchor's hash at the anchor's sequence number; a forged anchor
 * fails its HMAC. Pure: the callers read the entries and the anchor.
 */
import { GENESIS, hashEntry, type AuditEntry, type AuditProblem, type VerifyResult } from './audit-chain';
import { anchorSigned, type Anchor, type AuditKey } from './audit-key';
import { PlanbookError } from '../model/errors';

export type { AuditProblem };
export type ProblemKind = AuditProblem['kind'];

export function problem(kind: ProblemKind, zh: string, en: string, at: { seq?: number; where?: string } = {}): AuditProblem {
  return { kind, ...at, zh, en };
}

/**
 * The first break in the chain, or null. Entries are taken in the order given (the log's line order).
 * A sequence number that comes back later is named as entries out of order (two lines swapped), not
 * as entries missing (F3.9); both languages name the same entries (F8.2).
 */
export function chainProblem(entries: readonly AuditEntry[]): AuditProblem | null {
  let prev = GENESIS;
  let seq = 0;
  const present = new Set(entries.map((e) => e.seq));
  for (const e of entries) {
    if (e.seq !== seq + 1 && present.has(seq + 1))
      return problem(
        'chain',
        `第 ${seq} 条之后是第 ${e.seq} 条，第 ${seq + 1} 条在日志中的位置不对：审计记录的顺序被改动`,
        `entry ${e.seq} follows entry ${seq}, and entry ${seq + 1} is elsewhere in the log: entries out of order`,
        { seq: seq + 1 },
      );
    if (e.seq !== seq + 1) return problem('chain', `第 ${seq} 条之后序号跳到 ${e.seq}：中间的记录缺失`, `sequence jumps to ${e.seq} after ${seq}: entries missing`, { seq: seq + 1 });
    if (e.prev !== prev) return problem('chain', `第 ${e.seq} 条与前一条的链接断开`, `entry ${e.seq}: link to the previous entry broken`, { seq: e.seq });
    const { hash, ...body } = e;
    if (hashEntry(body) !== hash) return problem('chain', `第 ${e.seq} 条的内容被改动（content changed）`, `entry ${e.seq}: content changed`, { seq: e.seq });
    prev = hash;
    seq = e.seq;
  }
  return null;
}

/**
 * Whether the chain still reaches its signed anchor. `anchor` null means none was found although
 * the store has one from its first start: that is a problem too (a deleted anchor must not make the
 * log unverifiable and therefore "fine").
 */
export function anchorProblems(entries: readonly AuditEntry[], anchor: Anchor | null, key: AuditKey, where: string): AuditProblem[] {
  if (!anchor && entries.length === 0) return [];
  if (!anchor) return [problem('anchor', `找不到签名锚点（${where}）：无法证明日志没有被截断`, `no signed anchor (${where}): cannot prove the log was not cut short`, { where })];
  if (!anchorSigned(key, anchor)) {
    return [
      problem('anchor', `签名锚点（${where}）的签名不符：锚点被伪造，或密钥不是服务器所用的 ${key.path}`, `the signed anchor (${where}) fails its signature: forged, or ${key.path} is not the server's key`, {
        where,
        seq: anchor.seq,
      }),
    ];
  }
  if (anchor.seq === 0) return [];
  const last = entries[entries.length - 1]?.seq ?? 0;
  if (last < anchor.seq) {
    return [
      problem(
        'truncated',
        `日志止于第 ${last} 条，但签名锚点证明曾有第 ${anchor.seq} 条：第 ${last + 1}–${anchor.seq} 条被删除`,
        `the log ends at entry ${last} but the signed anchor proves entry ${anchor.seq} existed: entries ${last + 1}–${anchor.seq} were deleted`,
        { seq: last + 1, where },
      ),
    ];
  }
  const at = entries.find((e) => e.seq === anchor.seq);
  if (!at || at.hash !== anchor.hash) {
    return [
      problem(
        'rewritten',
        `第 ${anchor.seq} 条的哈希与签名锚点不符：此前的记录被改写并重算了哈希`,
        `entry ${anchor.seq} no longer has the hash the signed anchor names: entries up to it were rewritten and their hashes recomputed`,
        { seq: anchor.seq, where },
      ),
    ];
  }
  return [];
}

/** The port's verifyAudit answer: ok with the count, or the first problem as firstBad and all of them. */
export function summarise(entries: number, problems: AuditProblem[]): VerifyResult {
  if (problems.length === 0) return { ok: true, entries };
  const p = problems[0]!;
  return { ok: false, entries, firstBad: { seq: p.seq ?? 0, reason: p.en }, problems };
}

/**
 * The refusal to start when the trail no longer reaches its signed anchor, one line for both
 * backends: the first problem (which entries were deleted or rewritten) and the two commands to
 * run, `where` being their options (`--data DIR`, or `--backend postgres --database-url URL`).
 * STORAGE, with every problem as details; nothing was written.
 */
export function anchorRefusal(problems: readonly AuditProblem[], where: string): PlanbookError {
  const p = problems[0]!;
  return new PlanbookError(
    'STORAGE',
    {
      zh: `审计日志与其签名锚点不符：${p.zh}。未启动，未改动任何文件；请运行 planbook audit verify ${where} 查看，再用 planbook store repair ${where} 处理`,
      en: `The audit log does not reach its signed anchor: ${p.en}. The server did not start and changed no file; run planbook audit verify ${where}, then planbook store repair ${where}`,
    },
    { problems },
  );
}
