/**
 * Group commit on PostgreSQL: writes that arrive together in one process share a transaction and
 * one WAL flush, up to BATCH_MAX writes a batch and BATCHES_IN_FLIGHT batches at once. Rows are taken
 * in key order within a batch so two batches cannot deadlock. Nothing is answered before COMMIT.
 */
import type { Pool, PoolClient } from 'pg';
import { PlanbookError } from '../model/errors';
import type { AuditDraft } from './audit-chain';
import type { PgAuditChain } from './pg-audit';
import { ChainMode, type ChainSeen } from './pg-chain-mode';
import { beginAndUpdate, fastBatch, type FastPlan, type Remembered } from './pg-remembered';

export function storageError(e: unknown): PlanbookError {
  const code = (e as { code?: string } | undefined)?.code ?? 'unknown';
  return new PlanbookError(
    'STORAGE',
    {
      zh: `数据库写入失败（${code}），本次修改未保存，原有数据未受影响`,
      en: `The database write failed (${code}); this change was not saved and earlier data is intact`,
    },
    { cause: code },
  );
}

const RETRYABLE = new Set(['23505', '40001', '40P01']); // unique violation (two first writers), serialization failure, deadlock

/**
 * A database that cannot run the fast batch (a syntax error, an unknown function, a feature not
 * supported: a server without data-modifying WITH) answers one of these; the process then writes
 * every batch the plain way, which needs nothing beyond row locks.
 */
const UNSUPPORTED = new Set(['42601', '42883', '0A000']);

/** One write waiting for the next batch: runs on the batch's connection, inside its own savepoint. */
interface Op {
  /** Rows are locked in this order within a batch, so two batches can never wait on each other in a cycle. */
  lockKey: string;
  /** The write planned on a remembered copy, for the batch's one multi-row UPDATE (pg-remembered.ts). */
  fast: (() => FastPlan | null) | null;
  run(c: PoolClient): Promise<{ result: unknown; audit: AuditDraft[] }>;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

/**
 * How many writes one transaction may carry, and how many batches may be open at once. Two, not
 * more: on a machine whose cores are busy (the server, PostgreSQL and the clients share them), each
 * batch costs a round trip, a statement and a WAL flush whatever its size, and with four in flight
 * most batches carried one write (measured in two alternating runs on a busy machine: ×1.4–2.1
 * pushes/s going from 4 to 2 or 1; 1 and 2 alike).
 * Two keep one batch forming while the other commits, so a slow disk's flush is still overlapped.
 */
const BATCH_MAX = 64;
const BATCHES_IN_FLIGHT = 2;

export class PgBatches {
  private waiting: Op[] = [];
  private inFlight = 0;
  /** False once the database refused the fast batch's statement (UNSUPPORTED). */
  private fastOk = true;
  /** Whether batches chain their own audit entries now (pg-chain-mode.ts). */
  private readonly chain: ChainMode;

  constructor(
    private readonly pool: Pool,
    private readonly written: Remembered,
    private readonly audit: PgAuditChain,
  ) {
    this.chain = new ChainMode(audit);
    audit.onRoundsDone = () => this.pump();
  }

  /** True while a batch is queued or running. */
  get busy(): boolean {
    return this.inFlight > 0 || this.waiting.length > 0;
  }

  /**
   * Group commit: writes that arrive together share one transaction, one lock of the audit chain's
   * head and one WAL flush. Each write runs in its own savepoint, so one refused write (a stale
   * revision, a conflict) rolls back alone; the others commit. Answers go out only after COMMIT.
   */
  enqueue<T>(lockKey: string, fast: (() => FastPlan | null) | null, run: (c: PoolClient) => Promise<{ result: T; audit: AuditDraft[] }>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ lockKey, fast, run, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    // While batches chain their own drafts, one at a time: a second batch in flight would find the
    // head taken and leave its drafts pending, and then every batch would find drafts pending until
    // the next round. Once a batch could not chain (another server's batch or round had the head),
    // two, as on the pending path, for a while (ChainMode.after).
    const limit = this.chain.on ? 1 : BATCHES_IN_FLIGHT;
    // This process's own round holds the head while it moves pending drafts: a batch started now
    // could not chain, and would leave its drafts pending for the next round. Wait for it (onRoundsDone).
    if (limit === 1 && this.audit.busy) return;
    while (this.inFlight < limit && this.waiting.length) {
      const batch = this.waiting.splice(0, BATCH_MAX);
      this.inFlight++;
      void this.runBatch(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /**
   * The plain path remembers a write's document before COMMIT; a batch that rolls back must not
   * leave it remembered. Otherwise a later fast write would plan on a revision that never
   * committed, and land on whatever another process committed under that same revision number.
   */
  private forgetAll(batch: readonly Op[]): void {
    for (const op of batch) this.written.forget(op.lockKey);
  }

  /**
   * Runs a batch in one transaction. Round trips to the database are most of a write's cost, so the
   * first try is optimistic: no savepoints. A refused write (a PlanbookError from the service: stale
   * revision, conflict, workflow) is refused before it writes anything, so it needs no rollback. Only
   * a failing statement (a constraint, a broken disk, two first writers of one row) aborts the
   * transaction; then the batch rolls back and runs again carefully, each write in its own savepoint,
   * so the failing write is refused alone and the others commit. Nothing is answered before COMMIT.
   */
  private async runBatch(batch: Op[], attempt = 0, careful = false): Promise<void> {
    const mark = { plain: false };
    try {
      return await this.runOnce(batch, attempt, careful, mark);
    } finally {
      if (mark.plain) this.chain.plainPath(false);
    }
  }

  /** Runs the batch (runBatch); `mark.plain` is set, and counted in ChainMode, once it takes the plain path. */
  private async runOnce(batch: Op[], attempt: number, careful: boolean, mark: { plain: boolean }): Promise<void> {
    const plain = (): void => {
      if (!mark.plain) this.chain.plainPath(true);
      mark.plain = true;
    };
    // Stable sort: writes to the same row keep their order.
    const ordered = batch
      .map((op, i) => ({ op, i }))
      .sort((a, b) => (a.op.lockKey < b.op.lockKey ? -1 : a.op.lockKey > b.op.lockKey ? 1 : a.i - b.i))
      .map((x) => x.op);
    let c: PoolClient;
    try {
      c = await this.pool.connect();
    } catch (e) {
      for (const op of batch) op.reject(storageError(e));
      return;
    }
    const done: { op: Op; result: unknown }[] = [];
    const refused: { op: Op; error: unknown }[] = [];
    let again = false;
    try {
      // Statements without parameters travel together: BEGIN with the first savepoint, and one
      // write's RELEASE with the next one's SAVEPOINT. A ROLLBACK TO keeps its savepoint, so a
      // refused write needs no new one; the last savepoint is released by COMMIT.
      const drafts: AuditDraft[] = [];
      const at = new Date().toISOString();
      let slow = ordered;
      if (careful) {
        plain();
        await c.query('BEGIN; SAVEPOINT w');
      } else {
        // The first write of each row that has a plan on a remembered copy goes into one UPDATE with BEGIN.
        const plans: { op: Op; plan: FastPlan }[] = [];
        const seen = new Set<string>();
        for (const op of ordered) {
          const plan = this.fastOk && !seen.has(op.lockKey) && op.fast ? op.fast() : null;
          seen.add(op.lockKey);
          if (plan) plans.push({ op, plan });
        }
        if (plans.length === 0) {
          plain();
          await c.query('BEGIN');
        } else if (plans.length === ordered.length && !plans.some((p) => p.plan.audit.length === 0)) {
          // Every write of the batch has a plan: the UPDATE and the drafts of the rows that landed as
          // one statement, its own transaction (fastBatch). Writes whose row had moved on run again.
          // Chained in the batch itself when ChainMode allows (pg-chain-mode.ts).
          const direct = this.chain.begin(
            plans.flatMap((p) => p.plan.audit),
            at,
          );
          let landed: Set<number>;
          try {
            const res = await c.query<{ n: number } & ChainSeen>(
              fastBatch(
                plans.map((p) => p.plan),
                at,
                direct,
              ),
            );
            landed = new Set(res.rows.map((r) => r.n));
            const first = res.rows[0];
            if (direct) this.chain.after(direct, first);
          } catch (e) {
            c.release(true);
            const code = (e as { code?: string }).code ?? '';
            if (UNSUPPORTED.has(code)) {
              // A database without SKIP LOCKED (before 9.5) refuses only the chaining form: keep the fast batch.
              if (direct) this.chain.supported = false;
              else this.fastOk = false;
            }
            if (direct) this.chain.after(direct, undefined, true);
            return this.runBatch(batch, attempt + (RETRYABLE.has(code) ? 1 : 0), !RETRYABLE.has(code) || attempt >= 8);
          }
          c.release();
          const stale: Op[] = [];
          for (const [n, { op, plan }] of plans.entries()) {
            if (landed.has(n)) {
              this.written.remember(plan.cacheKey, plan.next);
              op.resolve(plan.result);
            } else {
              this.written.forget(plan.cacheKey);
              stale.push(op);
            }
          }
          if (stale.length) return this.runBatch(stale, attempt, false);
          return;
        } else {
          plain();
          let changed: Set<string> | null = null;
          try {
            const res = (await c.query(
              beginAndUpdate(
                c,
                plans.map((p) => p.plan),
              ),
            )) as unknown as { rows: { plan: string; unit: string; period: string; form: string }[] }[];
            changed = new Set((res[1]?.rows ?? []).map((r) => `s\u0000${r.plan}\u0000${r.unit}\u0000${r.period}\u0000${r.form}`));
          } catch {
            again = true; // the transaction is aborted: run again with savepoints, one write at a time
          }
          if (changed) {
            const landed = new Set<Op>();
            for (const { op, plan } of plans) {
              if (changed.has(plan.cacheKey)) {
                landed.add(op);
                drafts.push(...plan.audit);
                done.push({ op, result: plan.result });
                this.written.remember(plan.cacheKey, plan.next);
              } else this.written.forget(plan.cacheKey);
            }
            slow = ordered.filter((op) => !landed.has(op));
          }
        }
      }
      for (let k = 0; k < slow.length && !again; k++) {
        const op = slow[k]!;
        if (careful && k > 0 && done[done.length - 1]?.op === slow[k - 1]) await c.query('RELEASE SAVEPOINT w; SAVEPOINT w');
        for (let tries = 0; ; tries++) {
          try {
            const r = await op.run(c);
            drafts.push(...r.audit);
            done.push({ op, result: r.result });
            break;
          } catch (e) {
            if (!careful) {
              if (e instanceof PlanbookError) {
                refused.push({ op, error: e });
                break;
              }
              const code = (e as { code?: string }).code ?? '';
              if (code === '40001' || code === '40P01') throw e; // the whole batch tries again
              again = true; // a statement failed and the transaction is aborted: run again with savepoints
              break;
            }
            await c.query('ROLLBACK TO SAVEPOINT w');
            const code = (e as { code?: string }).code ?? '';
            if (code === '23505' && tries < 3) continue; // another process inserted the row first: now it exists
            if (code === '40001' || code === '40P01') throw e; // the whole batch tries again
            refused.push({ op, error: e instanceof PlanbookError ? e : storageError(e) });
            break;
          }
        }
      }
      if (again) {
        this.forgetAll(batch);
        await c.query('ROLLBACK');
      } else await c.query(this.audit.pendingInsert(c, drafts, at) + 'COMMIT');
    } catch (e) {
      this.forgetAll(batch);
      await c.query('ROLLBACK').catch(() => undefined);
      // Discard the connection: after a failed batch it may be broken, and a fresh one is cheap.
      c.release(true);
      const code = (e as { code?: string }).code ?? '';
      if (RETRYABLE.has(code) && attempt < 8) return this.runBatch(batch, attempt + 1, careful);
      for (const op of batch) op.reject(storageError(e));
      return;
    }
    c.release();
    if (again) return this.runBatch(batch, attempt, true);
    for (const d of done) d.op.resolve(d.result);
    for (const r of refused) r.op.reject(r.error);
  }
}
