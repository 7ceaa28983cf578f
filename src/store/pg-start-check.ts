/**
 * The start-up check of the PostgreSQL trail against its signed anchor (F8.1): as the file backend
 * refuses to start when audit.ndjson no longer reaches checkpoint.json's anchor, a server on
 * PostgreSQL refuses when pb_audit no longer reaches pb_audit_anchor. Cheap, whatever the trail's
 * length: one query reads the anchor, the entry at the anchor's sequence number and the table's
 * last number (both by the primary key), so a deleted tail (truncated), an entry rewritten with
 * every later hash recomputed (the anchor's entry changes hash: rewritten) and a forged anchor
 * (HMAC) all stop the start. The whole chain and the data are `audit verify`'s work.
 */
import type { Pool } from 'pg';
import type { AuditEntry } from './audit-chain';
import type { AuditKey } from './audit-key';
import { anchorProblems, anchorRefusal, problem } from './audit-proof';

/** The options `audit verify` and `store repair` take to reach this database (the URL itself is not printed: it may hold a password). */
export const PG_WHERE = '--backend postgres --database-url <URL>';

const START_CHECK = 'SELECT a.seq, a.hash, a.at, a.mac, (SELECT line FROM pb_audit WHERE seq = a.seq) AS line, (SELECT max(seq) FROM pb_audit) AS last FROM pb_audit_anchor a WHERE a.id = 1';

/**
 * Throws STORAGE (bilingual, naming the entries, the same line as the file backend) when the trail
 * does not reach its signed anchor; changes nothing. A database without an anchor row passes (the
 * caller signs one first: ensureAnchor).
 */
export async function checkPgAnchor(pool: Pool, key: AuditKey): Promise<void> {
  const r = (await pool.query<{ seq: string; hash: string; at: string; mac: string; line: string | null; last: string | null }>(START_CHECK)).rows[0];
  if (!r) return;
  const anchor = { seq: Number(r.seq), hash: r.hash, at: r.at, mac: r.mac };
  const last = r.last === null ? 0 : Number(r.last);
  // anchorProblems reads only the last entry's number and the entry at the anchor: these two rows stand for the trail.
  let atAnchor: AuditEntry | null = null;
  try {
    atAnchor = r.line === null ? null : (JSON.parse(r.line) as AuditEntry);
  } catch {
    throw anchorRefusal([problem('unreadable', `pb_audit 第 ${anchor.seq} 条不是有效的 JSON`, `pb_audit entry ${anchor.seq} is not valid JSON`, { seq: anchor.seq, where: 'pb_audit' })], PG_WHERE);
  }
  const tail = { seq: last } as AuditEntry;
  const stand = atAnchor ? (last > anchor.seq ? [atAnchor, tail] : [atAnchor]) : [tail];
  const problems = anchorProblems(stand, anchor, key, 'pb_audit_anchor');
  if (problems.length) throw anchorRefusal(problems, PG_WHERE);
}
