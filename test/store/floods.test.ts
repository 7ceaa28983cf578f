/**
 * Floods over real HTTP, on both backends, with the server's clock driven by the test (no race with
 * the machine's speed): a flood from one bogus token, one rotating bogus tokens, a filler's own
 * 403s and a real token over its rate each leave at most one audit entry, and other users are
 * still answered while it lasts (their p99 is printed, never asserted: time is the machine's).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ManualClock } from '../support/clock';
import { call, startTestServer, type Json, type TestServer } from '../support/server';

const CAIZHENG = encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators');

function p99(ms: number[]): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] ?? 0;
}

for (const backend of ['file', 'postgres'] as const) {
  describe(`store floods (${backend})`, function () {
    this.timeout(120_000);
    let s: TestServer;
    const clock = new ManualClock(1_000_000);

    before(async () => {
      s = await startTestServer({ backend, clock, rateLimit: { burst: 20, perSecond: 5 }, authFailureLimit: { burst: 10, perSecond: 1 } });
      // Sign in the users the test reads with, so they are known before any flood from their address.
      for (const who of ['admin', 'reviewer', 'filler', 'filler2'] as const) assert.equal((await call(s.url, s.tokens[who], 'GET', '/api/me')).status, 200);
    });
    after(async () => {
      await s.stop();
    });

    /** Refusal entries in the whole trail, read in pages (clock moved on so the admin's bucket has refilled). */
    async function refusals(): Promise<Json[]> {
      clock.advance(10_000);
      const out: Json[] = [];
      let after = 0;
      for (;;) {
        const r = await call(s.url, s.tokens.admin, 'GET', `/api/audit?after=${after}&limit=1000`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        out.push(...r.body.entries.filter((e: Json) => e.action === 'refusal'));
        if (r.body.next === null) return out;
        after = r.body.next;
      }
    }

    /** Sends n requests made by `one(i)`, the clock moving `stepMs` between them, with a reviewer's read every 10th. */
    async function flood(n: number, stepMs: number, one: (i: number) => Promise<number>): Promise<{ statuses: number[]; others: number[] }> {
      const statuses: number[] = [];
      const others: number[] = [];
      for (let i = 0; i < n; i++) {
        statuses.push(await one(i));
        clock.advance(stepMs);
        if (i % 10 === 9) {
          const t = performance.now();
          const r = await call(s.url, s.tokens.reviewer, 'GET', CAIZHENG);
          others.push(performance.now() - t);
          assert.equal(r.status, 200, 'another user is answered during the flood');
          clock.advance(stepMs);
        }
      }
      return { statuses, others };
    }

    it('one bogus token, 600 requests over 30 s of driven time: limited per address, one audit entry', async () => {
      const before = (await refusals()).length;
      const { statuses, others } = await flood(600, 50, async () => (await call(s.url, 'pb_bogus-token', 'GET', '/api/plans')).status);
      assert.ok(statuses.filter((x) => x === 401).length >= 10, 'the first ones are told the token is wrong');
      assert.ok(statuses.filter((x) => x === 429).length >= 500, 'then the address is limited');
      console.log(`      other users during the flood (${backend}): ${others.length} reads, p99 ${p99(others).toFixed(1)} ms`);
      const after = await refusals();
      assert.equal(
        after.length - before,
        1,
        after
          .slice(before)
          .map((e) => e.detail)
          .join('\n'),
      );
      clock.advance(120_000); // a quiet two minutes ends the flood
    });

    it('rotating bogus tokens are one flood of their address: limited, one audit entry', async () => {
      const before = (await refusals()).length;
      const { statuses } = await flood(400, 20, async () => (await call(s.url, `pb_${randomBytes(16).toString('hex')}`, 'GET', '/api/plans')).status);
      assert.ok(statuses.filter((x) => x === 429).length >= 350, `limited: ${statuses.filter((x) => x === 401).length} × 401`);
      const r = await call(s.url, `pb_${randomBytes(16).toString('hex')}`, 'GET', '/api/plans');
      assert.equal(r.status, 429);
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
      const after = await refusals();
      assert.equal(after.length - before, 1);
      assert.match(after[after.length - 1].detail, /previous flood from this source: \d+ more refusals/, 'the new flood counts what the last one left unrecorded');
      clock.advance(120_000);
    });

    it("a filler's own 403s, 500 of them, are one audit entry; its own unit still answers", async () => {
      const before = (await refusals()).length;
      const { statuses } = await flood(500, 20, async () => (await call(s.url, s.tokens.filler2, 'GET', CAIZHENG)).status);
      assert.ok(statuses.every((x) => x === 403 || x === 429));
      const after = await refusals();
      assert.equal(after.length - before, 1);
      assert.equal(after[after.length - 1].actor, 'filler2');
      assert.match(after[after.length - 1].detail, /^403 /);
      clock.advance(120_000);
    });

    it('a real token over its rate gets 429 with Retry-After; one audit entry; other tokens carry on', async () => {
      const before = (await refusals()).length;
      const statuses: number[] = [];
      for (let i = 0; i < 200; i++) statuses.push((await call(s.url, s.tokens.filler, 'GET', '/api/plans')).status); // no time passes
      assert.equal(statuses.filter((x) => x === 200).length, 20, 'exactly the burst, whatever the machine’s speed');
      const r = await call(s.url, s.tokens.filler, 'GET', '/api/plans');
      assert.equal(r.status, 429);
      assert.equal(r.body.error.code, 'RATE_LIMITED');
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
      assert.equal((await call(s.url, s.tokens.reviewer, 'GET', '/api/plans')).status, 200);
      clock.advance(1000); // five tokens back
      assert.equal((await call(s.url, s.tokens.filler, 'GET', '/api/plans')).status, 200);
      const after = await refusals();
      assert.equal(after.length - before, 1);
      assert.match(after[after.length - 1].detail, /^429 /);
    });
  });
}
