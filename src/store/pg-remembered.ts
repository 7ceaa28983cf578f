/**
 * The postgres backend's fast path for the common write: the service's function runs on the
 * submission as this process last wrote it, and the UPDATE only lands where the row is still at
 * that revision (every write bumps rev, so the same rev means the same document). A batch's fast
 * writes go to the database as one multi-row UPDATE sent with BEGIN: one round trip for the batch
 * instead of two per write. A write whose row moved on (another process wrote it), or whose
 * function refused or had nothing to write on the remembered copy, takes the usual path — the row
 * taken FOR UPDATE — in the same transaction, so the remembered copy is only ever a hint.
 */
import type { PoolClient } from 'pg';
import type { Submission } from '../model/submission';
import type { AuditDraft } from './audit-chain';
import type { Outcome } from './backend';
import type { DirectChain } from './pg-audit';

/** A write ready to land if its row is still at oldRev. */
export interface FastPlan {
  cacheKey: string;
  keyParams: string[];
  oldRev: number;
  next: Submission;
  result: unknown;
  audit: AuditDraft[];
}

export class Remembered {
  private readonly docs = new Map<string, Submission>();

  remember(cacheKey: string, doc: Submission): void {
    if (this.docs.size > 20_000) this.docs.clear();
    this.docs.set(cacheKey, doc);
  }

  forget(cacheKey: string): void {
    this.docs.delete(cacheKey);
  }

  /** The write fn would make on the remembered copy, or null (nothing remembered, refused, nothing to write). */
  plan<T>(cacheKey: string, keyParams: string[], fn: (cur: Submission | null) => Outcome<Submission, T>): FastPlan | null {
    const known = this.docs.get(cacheKey);
    if (!known) return null;
    let out: Outcome<Submission, T>;
    try {
      out = fn(known);
    } catch {
      return null; // perhaps refused only because the copy is old: ask the row
    }
    if (!out.next) return null;
    return { cacheKey, keyParams, oldRev: known.rev, next: out.next, result: out.result, audit: out.audit };
  }
}

/**
 * BEGIN and one UPDATE of every planned row, as one simple query; the UPDATE answers the keys of
 * the rows it changed. Values are literals quoted by the driver's escapeLiteral; the revisions are
 * integers checked here.
 */
function valuesOf(c: PoolClient, plans: readonly FastPlan[]): string[] {
  return plans.map((p) => {
    if (!Number.isSafeInteger(p.oldRev) || !Number.isSafeInteger(p.next.rev)) throw new Error('revision out of shape');
    const [plan, unit, period, form] = p.keyParams.map((v) => c.escapeLiteral(v));
    return `(${plan}, ${unit}, ${period}, ${form}, ${p.next.rev}, ${c.escapeLiteral(p.next.state)}, ${c.escapeLiteral(JSON.stringify(p.next))}, ${p.oldRev})`;
  });
}

/**
 * The whole fast batch as ONE prepared statement: the UPDATE, and the INSERT of the drafts of exactly
 * the rows it changed (its RETURNING, not a second look at the table). A statement outside BEGIN is
 * its own transaction, so both commit together or not at all, in one round trip. The statement
 * depends only on the batch's size, so PostgreSQL parses and plans it once per connection and size
 * instead of once per batch, and node sends each value as a parameter: no SQL text, no quoting of
 * literals per write. The rows come as VALUES, whose size the planner knows, so it looks each row up
 * by its key (a set-returning function of a JSON parameter is guessed at 100 rows, and the guess made
 * it hash-join a scan of the whole table). Answers the `n` (index in `plans`) of every row that landed.
 * With `direct` (PgAuditChain.directChain: the batch's entries hashed after the head this process
 * last saw, and the new head signed), the statement chains them itself when it safely can, and each
 * row also answers `chained`, `clear` (nothing was pending) and the head it found (`hseq`, `hhash`;
 * null when another transaction held it).
 */
export function fastBatch(plans: readonly FastPlan[], at = new Date().toISOString(), direct: DirectChain | null = null): { name: string; text: string; values: unknown[] } {
  const values: unknown[] = [];
  const rows = plans.map((p, n) => {
    const b = values.length;
    const [plan, unit, period, form] = p.keyParams;
    values.push(n, plan, unit, period, form, p.next.rev, p.next.state, JSON.stringify(p.next), p.oldRev, JSON.stringify(p.audit.map((d) => ({ ...d, at }))));
    return `($${b + 1}::INTEGER, $${b + 2}::TEXT, $${b + 3}::TEXT, $${b + 4}::TEXT, $${b + 5}::TEXT, $${b + 6}::INTEGER, $${b + 7}::TEXT, $${b + 8}::JSONB, $${b + 9}::INTEGER, $${b + 10}::TEXT)`;
  });
  const update =
    `u AS (UPDATE pb_submissions AS t SET rev = v.rev, state = v.state, doc = v.doc FROM (VALUES ${rows.join(', ')}) AS v (n, plan, unit, period, form, rev, state, doc, oldrev, drafts) ` +
    'WHERE t.plan = v.plan AND t.unit = v.unit AND t.period = v.period AND t.form = v.form AND t.rev = v.oldrev RETURNING v.n, v.drafts)';
  if (!direct) return { name: `pb_fast_batch_${plans.length}`, text: `WITH ${update}, a AS (INSERT INTO pb_audit_pending (draft) SELECT drafts FROM u ORDER BY n) SELECT n FROM u`, values };
  // Chained in the batch: only when every row landed (the chain holds every draft of the batch, in
  // order), the head is free (SKIP LOCKED: a round or another batch holding it means pending
  // instead, never a wait) and still the one the chain was built after, and nothing is pending
  // (an earlier draft must not be chained after a later one). FOR UPDATE reads the newest head
  // even when it moved after this statement's snapshot. Otherwise the drafts go pending as above.
  const k = values.length;
  values.push(plans.length, direct.after.seq, direct.after.hash, direct.anchor.seq, direct.anchor.hash, direct.anchor.at, direct.anchor.mac, JSON.stringify(direct.rows));
  const $ = (i: number): string => `$${k + i}`;
  return {
    name: `pb_fast_chain_${plans.length}`,
    text:
      `WITH ${update}, ` +
      'h AS (SELECT seq, hash FROM pb_audit_anchor WHERE id = 1 FOR UPDATE SKIP LOCKED), ' +
      `ok AS (SELECT 1 FROM h WHERE h.seq = ${$(2)}::BIGINT AND h.hash = ${$(3)}::TEXT AND (SELECT count(*) FROM u) = ${$(1)}::INTEGER AND NOT EXISTS (SELECT 1 FROM pb_audit_pending)), ` +
      `an AS (UPDATE pb_audit_anchor SET seq = ${$(4)}::BIGINT, hash = ${$(5)}::TEXT, at = ${$(6)}::TEXT, mac = ${$(7)}::TEXT WHERE id = 1 AND EXISTS (SELECT 1 FROM ok)), ` +
      'i AS (INSERT INTO pb_audit (seq, plan, unit, period, form, field, line) SELECT x.seq, x.plan, x.unit, x.period, x.form, x.field, x.line ' +
      `FROM json_to_recordset(${$(8)}::json) AS x (seq BIGINT, plan TEXT, unit TEXT, period TEXT, form TEXT, field TEXT, line TEXT) WHERE EXISTS (SELECT 1 FROM ok)), ` +
      'a AS (INSERT INTO pb_audit_pending (draft) SELECT drafts FROM u WHERE NOT EXISTS (SELECT 1 FROM ok) ORDER BY n) ' +
      'SELECT n, EXISTS (SELECT 1 FROM ok) AS chained, NOT EXISTS (SELECT 1 FROM pb_audit_pending) AS clear, (SELECT seq FROM h) AS hseq, (SELECT hash FROM h) AS hhash FROM u',
    values,
  };
}

export function beginAndUpdate(c: PoolClient, plans: readonly FastPlan[]): string {
  const rows = valuesOf(c, plans);
  return (
    'BEGIN; UPDATE pb_submissions AS t SET rev = v.rev, state = v.state, doc = CAST(v.doc AS JSONB) ' +
    `FROM (VALUES ${rows.join(', ')}) AS v (plan, unit, period, form, rev, state, doc, oldrev) ` +
    'WHERE t.plan = v.plan AND t.unit = v.unit AND t.period = v.period AND t.form = v.form AND t.rev = v.oldrev ' +
    'RETURNING t.plan, t.unit, t.period, t.form'
  );
}
