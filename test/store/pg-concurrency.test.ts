/**
 * Two server processes on one PostgreSQL (this test process and a child), pushed to concurrently by
 * many clients alternating between them: no update is lost and every stale write is refused. Only
 * the database's row locks can make this hold; neither process knows the other exists.
 */
import assert from 'node:assert/strict';
import { call, startTestServer, type TestServer } from '../support/server';
import { killHard, spawnServer, type Child } from './child';

const SUB = encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators');
const COUNTER = '一般公共预算收入';

describe('two store processes on one PostgreSQL', function () {
  this.timeout(120_000);
  let a: TestServer;
  let b: Child;
  before(async () => {
    a = await startTestServer({ backend: 'postgres' });
    b = await spawnServer(a.dataDir, a.databaseUrl);
  });
  after(async () => {
    if (b) await killHard(b);
    if (a) await a.stop();
  });

  it('read-increment-PUT with If-Match from 20 clients: every acknowledged increment counted, every stale one 412', async () => {
    const urls = [a.url, b.url];
    const CLIENTS = 20;
    const EACH = 5;
    let stale = 0;
    let ok = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        let done = 0;
        let turn = i;
        while (done < EACH) {
          const url = urls[turn++ % 2]!;
          const g = await call(url, a.tokens.filler, 'GET', SUB);
          const n = (g.body.data.figures[COUNTER]?.value as number | undefined) ?? 0;
          const r = await call(url, a.tokens.filler, 'PUT', SUB, { data: { figures: { [COUNTER]: { value: n + 1, growth: null, base: null, note: '' } } } }, { 'if-match': `"${g.body.rev}"` });
          if (r.status === 200) {
            done++;
            ok++;
            assert.equal(r.body.rev, g.body.rev + 1);
          } else {
            assert.equal(r.status, 412, JSON.stringify(r.body));
            assert.ok(r.body.error.details.rev > g.body.rev, 'a 412 names a newer revision');
            stale++;
          }
        }
      }),
    );
    const final = await call(b.url, a.tokens.filler, 'GET', SUB);
    assert.equal(ok, CLIENTS * EACH);
    assert.equal(final.body.data.figures[COUNTER].value, ok, `no lost update (${stale} stale writes refused)`);
    assert.equal(final.body.rev, ok);
    assert.ok(stale > 0, 'the clients really did collide');
  });

  it('PATCHes of different fields from 30 clients against an old base all merge, through both processes', async () => {
    const start = (await call(a.url, a.tokens.filler, 'GET', SUB)).body.rev as number;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => call(i % 2 ? a.url : b.url, a.tokens.filler, 'PATCH', SUB, { baseRev: start, edits: [{ field: `figures/指标${i}/value`, base: null, value: i }] })),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      new Array(30).fill(200),
    );
    assert.deepEqual(
      results.map((r) => r.body.rev).sort((x, y) => x - y),
      Array.from({ length: 30 }, (_, i) => start + i + 1),
    );
    const final = await call(a.url, a.tokens.filler, 'GET', SUB);
    for (let i = 0; i < 30; i++) assert.equal(final.body.data.figures[`指标${i}`].value, i);
    assert.equal((await a.server.backend.verifyAudit()).ok, true, 'the audit chain stays whole with two writers');
  });

  it('writes through both processes to the same submissions (each remembered copy goes stale): each acknowledged PATCH has one audit entry, its revision, no gap', async () => {
    // 11 submissions of the filler's unit (2023-06 belongs to the tests above), 3 clients each, each
    // client its own figure, alternating between the processes: the fast batch of one process keeps
    // finding its rows moved on by the other, so both paths run and both chainers take turns.
    const subs = [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12].map((m) => encodeURI(`/api/plans/small-2023/submissions/区财政局/2023-${String(m).padStart(2, '0')}/indicators`));
    const ROUNDS = 8;
    await Promise.all(
      subs.flatMap((sub) =>
        [0, 1, 2].map(async (c) => {
          for (let n = 0; n < ROUNDS; n++) {
            const r = await call((n + c) % 2 ? a.url : b.url, a.tokens.filler, 'PATCH', sub, { baseRev: 0, edits: [{ field: `figures/批${c}/value`, base: n === 0 ? null : n - 1, value: n }] });
            assert.equal(r.status, 200, JSON.stringify(r.body));
          }
        }),
      ),
    );
    for (const sub of subs) {
      const doc = await call(b.url, a.tokens.filler, 'GET', sub);
      assert.equal(doc.body.rev, 3 * ROUNDS);
      const trail = await call(a.url, a.tokens.filler, 'GET', `${sub}/audit?limit=1000`);
      const revs = (trail.body.entries as { action: string; rev?: number }[]).filter((e) => e.rev !== undefined).map((e) => e.rev);
      assert.deepEqual(
        revs,
        Array.from({ length: 3 * ROUNDS }, (_, i) => i + 1),
        `${decodeURI(sub)}: one entry per acknowledged write, in revision order`,
      );
    }
    assert.equal((await a.server.backend.verifyAudit()).ok, true);
  });

  it('the same field from two clients at once: one wins, the other gets a conflict with both values', async () => {
    const base = (await call(a.url, a.tokens.filler, 'GET', SUB)).body;
    const cur = base.data.figures['指标0'].value;
    const [x, y] = await Promise.all([
      call(a.url, a.tokens.filler, 'PATCH', SUB, { baseRev: base.rev, edits: [{ field: 'figures/指标0/value', base: cur, value: 'A' }] }),
      call(b.url, a.tokens.filler, 'PATCH', SUB, { baseRev: base.rev, edits: [{ field: 'figures/指标0/value', base: cur, value: 'B' }] }),
    ]);
    assert.deepEqual([x.status, y.status].sort(), [200, 409]);
    const loser = x.status === 409 ? x : y;
    const winner = x.status === 200 ? 'A' : 'B';
    assert.deepEqual(loser.body.error.details.conflicts, [{ field: 'figures/指标0/value', pulled: cur, theirs: winner, yours: winner === 'A' ? 'B' : 'A' }]);
  });
});
