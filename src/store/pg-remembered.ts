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
 * beginAndUpdate, then the writes' audit drafts — only of the rows the UPDATE changed, told by the
 * row now holding exactly the planned document — and COMMIT, all in one simple query. One pending
 * row per write holds the write's drafts as an array (pg-audit.ts expands it), inserted in the
 * batch's order. The caller learns from the UPDATE's answer which writes landed.
 */
export function beginUpdateCommit(c: PoolClient, plans: readonly FastPlan[], at = new Date().toISOString()): string {
  const drafts = plans.map((p, n) => {
    const [plan, unit, period, form] = p.keyParams.map((v) => c.escapeLiteral(v));
    return `(${n}, ${plan}, ${unit}, ${period}, ${form}, ${p.next.rev}, ${c.escapeLiteral(JSON.stringify(p.next))}, ${c.escapeLiteral(JSON.stringify(p.audit.map((d) => ({ ...d, at }))))})`;
  });
  return (
    beginAndUpdate(c, plans) +
    '; INSERT INTO pb_audit_pending (draft) SELECT d.drafts ' +
    `FROM (VALUES ${drafts.join(', ')}) AS d (n, plan, unit, period, form, rev, doc, drafts) ` +
    'WHERE EXISTS (SELECT 1 FROM pb_submissions s WHERE s.plan = d.plan AND s.unit = d.unit AND s.period = d.period AND s.form = d.form AND s.rev = d.rev AND s.doc = CAST(d.doc AS JSONB)) ' +
    'ORDER BY d.n; COMMIT'
  );
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
