/**
 * The fast batch chains its own audit drafts when the head is free (pg-remembered.ts): one statement
 * updates the rows, appends the entries to pb_audit and signs the new head. It must chain only when
 * that keeps the trail's guarantees — every row of the batch landed, the head is still the one the
 * entries were hashed after, nobody holds it, nothing is pending — and otherwise leave the drafts of
 * the rows that landed pending, as before. Run against a real PostgreSQL, statement by statement.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import type { AuditDraft } from '../../src/store/audit-chain';
import { loadAuditKey } from '../../src/store/audit-key';
import { PgAuditChain } from '../../src/store/pg-audit';
import { fastBatch, type FastPlan } from '../../src/store/pg-remembered';
import { createSchema } from '../../src/store/pg-schema';
import type { Submission } from '../../src/model/submission';
import { freshDatabase } from '../support/postgres';

const FIELD = 'figures/A/value';

function doc(period: string, rev: number, value: number): Submission {
  return {
    plan: 'p',
    orgUnit: 'u',
    period,
    form: 'indicators',
    rev,
    state: 'draft',
    data: { figures: { A: { value, growth: null, sameLastYear: null, note: '' } }, tasks: {} },
    updatedAt: '2026-12-01T00:00:00.000Z',
    updatedBy: 't',
    fieldRevs: { [FIELD]: rev },
  } as Submission;
}

function draft(period: string, rev: number, old: number | null, value: number): AuditDraft {
  return { action: 'change', actor: 't', plan: 'p', orgUnit: 'u', period, form: 'indicators', field: FIELD, old, new: value, rev, state: 'draft' };
}

/** The write rev → rev + 1 of one submission, as the remembered-copy path plans it. */
function plan(period: string, rev: number, old: number | null, value: number): FastPlan {
  return { cacheKey: period, keyParams: ['p', 'u', period, 'indicators'], oldRev: rev, next: doc(period, rev + 1, value), result: null, audit: [draft(period, rev + 1, old, value)] };
}

describe('PostgreSQL: a batch chains its own audit drafts only when that keeps the trail whole', function () {
  this.timeout(60_000);
  let pool: Pool;
  let chain: PgAuditChain;
  let dir: string;
  const at = '2026-12-01T00:00:01.000Z';

  /** A plain write, as another process commits it: the row and its draft pending. */
  async function plainWrite(period: string, value: number): Promise<void> {
    await pool.query('INSERT INTO pb_submissions (plan, unit, period, form, rev, state, doc) VALUES ($1, $2, $3, $4, 1, $5, $6)', ['p', 'u', period, 'indicators', 'draft', JSON.stringify(doc(period, 1, value))]);
    await pool.query('INSERT INTO pb_audit_pending (draft) VALUES ($1)', [JSON.stringify([{ ...draft(period, 1, null, value), at }])]);
  }
  const pending = async (): Promise<number> => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM pb_audit_pending')).rows[0]!.n);
  const chained = async (): Promise<number> => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM pb_audit')).rows[0]!.n);
  const run = async (plans: FastPlan[]): Promise<{ landed: number[]; chained: boolean }> => {
    const direct = chain.directChain(
      plans.flatMap((p) => p.audit),
      at,
    );
    assert.ok(direct, 'the process knows the head and the key');
    const r = await pool.query<{ n: number; chained: boolean }>(fastBatch(plans, at, direct));
    chain.afterBatch(direct, r.rows[0]?.chained === true, null);
    return { landed: r.rows.map((x) => x.n), chained: r.rows[0]?.chained === true };
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'planbook-chain-'));
    pool = new Pool({ connectionString: await freshDatabase(), max: 4 });
    await createSchema(pool);
    const key = await loadAuditKey({ keyFile: join(dir, 'audit.key'), create: true });
    chain = new PgAuditChain(
      pool,
      () => Promise.resolve(key),
      () => undefined,
    );
    await chain.ensureAnchor();
    await plainWrite('2023-01', 1);
    await plainWrite('2023-02', 1);
    await chain.now(); // the process learns the head and the key
  });
  after(async () => {
    await chain.close();
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('head free, nothing pending, every row landed: rows, entries and signed head in one statement', async () => {
    const r = await run([plan('2023-01', 1, 1, 2), plan('2023-02', 1, 1, 2)]);
    assert.deepEqual([r.landed.sort(), r.chained], [[0, 1], true]);
    assert.equal(await pending(), 0, 'no draft went through the pending table');
    assert.equal(await chained(), 4);
    assert.deepEqual((await chain.verify()).problems ?? [], [], 'chain, signed head, data and audit agree');
  });

  it("a draft pending (another process's write): the batch leaves its own pending after it, so the order of a document's entries holds", async () => {
    await plainWrite('2023-03', 7);
    const r = await run([plan('2023-01', 2, 2, 3)]);
    assert.deepEqual([r.landed, r.chained], [[0], false]);
    await chain.now(); // (a round afterBatch asked for may have moved them already)
    assert.equal(await chained(), 6);
    assert.equal(await pending(), 0);
    assert.deepEqual((await chain.verify()).problems ?? [], []);
  });

  it('the head held by another transaction: no wait, the drafts go pending', async () => {
    const other = new Client({ connectionString: (pool.options as { connectionString: string }).connectionString });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT seq FROM pb_audit_anchor WHERE id = 1 FOR UPDATE');
      const r = await run([plan('2023-01', 3, 3, 4)]);
      assert.deepEqual([r.landed, r.chained], [[0], false]);
      assert.equal(await pending(), 1);
      await other.query('ROLLBACK');
    } finally {
      await other.end();
    }
    await chain.now();
    assert.deepEqual((await chain.verify()).problems ?? [], []);
  });

  it("the head moved since the entries were hashed, or a row of the batch did not land: nothing chained, the landed rows' drafts pending", async () => {
    const stale = chain.directChain([draft('2023-02', 3, 2, 9)], at)!;
    await chain.now();
    await plainWrite('2023-04', 5);
    await chain.now(); // the head moves on after `stale` was hashed
    const moved = await pool.query<{ n: number; chained: boolean }>(fastBatch([plan('2023-02', 2, 2, 9)], at, stale));
    assert.deepEqual([moved.rows.map((x) => x.n), moved.rows[0]?.chained], [[0], false]);
    assert.equal(await pending(), 1, 'no round was asked for: the draft waits');
    await chain.now();
    // 2023-01 is at revision 4, so a write planned on revision 1 does not land; its neighbour does, unchained.
    const r = await run([plan('2023-01', 1, 1, 99), plan('2023-02', 3, 9, 10)]);
    assert.deepEqual([r.landed, r.chained], [[1], false]);
    await chain.now();
    assert.equal(await pending(), 0);
    assert.deepEqual((await chain.verify()).problems ?? [], []);
    assert.equal(await chained(), 10, 'every write that landed has its entry, once');
  });
});
