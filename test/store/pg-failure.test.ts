/**
 * A PostgreSQL that fails a write (here a constraint added behind the server's back, standing in for
 * a full tablespace or a broken disk) answers 503 STORAGE, acknowledges nothing, keeps the earlier
 * state, does not take the other writes of the same batch down with it, and recovers when the fault goes.
 */
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { call, startTestServer, type TestServer } from '../support/server';

const SUB = (period: string) => encodeURI(`/api/plans/small-2023/submissions/区财政局/${period}/indicators`);
const V = 'figures/一般公共预算收入/value';

describe('store on a failing PostgreSQL', function () {
  this.timeout(60_000);
  let s: TestServer;
  let db: Client;
  before(async () => {
    s = await startTestServer({ backend: 'postgres' });
    db = new Client({ connectionString: s.databaseUrl });
    await db.connect();
  });
  after(async () => {
    await db.end();
    await s.stop();
  });

  it('a failed write is a bilingual 503 with nothing saved; writes to other documents in the same moment still land', async () => {
    let r = await call(s.url, s.tokens.filler, 'PATCH', SUB('2023-06'), { baseRev: 0, edits: [{ field: V, base: null, value: 58.18 }] });
    assert.equal(r.status, 200);
    await db.query('ALTER TABLE pb_submissions ADD CONSTRAINT pb_test_fault CHECK (rev < 2)');
    try {
      const [bad, good] = await Promise.all([
        call(s.url, s.tokens.filler, 'PATCH', SUB('2023-06'), { baseRev: 1, edits: [{ field: V, base: 58.18, value: 99 }] }),
        call(s.url, s.tokens.filler, 'PATCH', SUB('2023-07'), { baseRev: 0, edits: [{ field: V, base: null, value: 66 }] }),
      ]);
      assert.equal(bad.status, 503);
      assert.equal(bad.body.error.code, 'STORAGE');
      assert.match(bad.body.error.zh, /未保存/);
      assert.match(bad.body.error.en, /not saved/);
      assert.equal(good.status, 200, 'a write to another document is not refused with it');
      r = await call(s.url, s.tokens.filler, 'GET', SUB('2023-06'));
      assert.deepEqual([r.body.rev, r.body.data.figures['一般公共预算收入'].value], [1, 58.18]);
    } finally {
      await db.query('ALTER TABLE pb_submissions DROP CONSTRAINT pb_test_fault');
    }
    r = await call(s.url, s.tokens.filler, 'PATCH', SUB('2023-06'), { baseRev: 1, edits: [{ field: V, base: 58.18, value: 99 }] });
    assert.equal(r.status, 200);
    assert.equal(r.body.rev, 2);
    const audit = await s.server.backend.readAudit({ plan: 'small-2023', period: '2023-06' });
    assert.deepEqual(
      audit.filter((e) => e.action === 'change').map((e) => e.new),
      [58.18, 99],
      'the failed write left no audit entry',
    );
    assert.equal((await s.server.backend.verifyAudit()).ok, true);
  });
});
