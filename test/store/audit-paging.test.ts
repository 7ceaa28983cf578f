/**
 * Audit reads of a large log stay paged (issue 12: every audit read parsed the whole 52 MB log on
 * the event loop). A ~50 MB trail is written straight into a running file server's audit.ndjson
 * (the index follows the file as it grows, whoever appends), then read over HTTP in pages, by
 * submission and by field, while other users keep being answered (their p99 is printed, not asserted).
 */
import assert from 'node:assert/strict';
import { appendFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { call, startTestServer, type Json, type TestServer } from '../support/server';

const UNITS = ['区财政局', '区商务局'];
/** 50 slots over 24 submissions (2 units × 12 months). */
const SUBS = Array.from({ length: 50 }, (_, i) => ({ unit: UNITS[i % 2]!, period: `2023-${String((i % 12) + 1).padStart(2, '0')}` }));

/** Appends n change entries after seq `from`, spread over the submissions of SUBS; returns the last seq. */
function appendTrail(file: string, from: number, n: number): number {
  let seq = from;
  const batch = 20_000;
  for (let done = 0; done < n; done += batch) {
    const lines: string[] = [];
    for (let i = 0; i < Math.min(batch, n - done); i++) {
      seq++;
      const sub = SUBS[seq % SUBS.length]!;
      lines.push(
        JSON.stringify({
          seq,
          at: '2023-07-01T08:00:00.000Z',
          action: 'change',
          actor: 'filler',
          plan: 'small-2023',
          unit: sub.unit,
          period: sub.period,
          form: 'indicators',
          field: `figures/指标${seq % 500}/note`,
          old: '',
          new: `第${seq}次修改：初步核算数据，待统计局审核确认`,
          rev: seq,
          state: 'draft',
          prev: 'p'.repeat(64),
          hash: 'h'.repeat(64),
        }),
      );
    }
    appendFileSync(file, lines.join('\n') + '\n');
  }
  return seq;
}

function p99(ms: number[]): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] ?? 0;
}

describe('store audit paging of a large log (file)', function () {
  this.timeout(180_000);
  let s: TestServer;
  let first = 0;
  let last = 0;
  const file = (): string => join(s.dataDir, 'audit.ndjson');

  before(async () => {
    s = await startTestServer({ backend: 'file' });
    const r = await call(s.url, s.tokens.admin, 'GET', '/api/audit?limit=10000');
    first = r.body.entries[r.body.entries.length - 1].seq;
    last = appendTrail(file(), first, 150_000);
    assert.ok(statSync(file()).size > 45 * 1024 * 1024, `the log is ${statSync(file()).size} bytes`);
  });
  after(async () => {
    await s.stop();
  });

  it('the first page is answered while other users are, and pages continue where they left off', async () => {
    const others: number[] = [];
    let done = false;
    const reader = (async () => {
      try {
        return await call(s.url, s.tokens.reviewer, 'GET', '/api/audit?limit=1000');
      } finally {
        done = true;
      }
    })();
    while (!done) {
      const t = performance.now();
      assert.equal((await call(s.url, s.tokens.filler, 'GET', '/api/me')).status, 200);
      others.push(performance.now() - t);
    }
    const page = await reader;
    console.log(`      other users while the 50 MB log was indexed: ${others.length} requests, p99 ${p99(others).toFixed(1)} ms`);
    assert.equal(page.status, 200);
    assert.equal(page.body.entries.length, 1000);
    assert.deepEqual(
      page.body.entries.map((e: Json) => e.seq),
      Array.from({ length: 1000 }, (_, i) => i + 1),
    );
    const next = await call(s.url, s.tokens.reviewer, 'GET', `/api/audit?after=${page.body.next}&limit=1000`);
    assert.equal(next.body.entries[0].seq, 1001);
    const tail = await call(s.url, s.tokens.reviewer, 'GET', `/api/audit?after=${last - 10}&limit=1000`);
    assert.deepEqual(
      tail.body.entries.map((e: Json) => e.seq),
      Array.from({ length: 10 }, (_, i) => last - 9 + i),
    );
    assert.equal(tail.body.next, null);
  });

  it("one submission's trail and one field's, paged, hold exactly its entries in order", async () => {
    const sub = SUBS[7]!;
    const path = encodeURI(`/api/plans/small-2023/submissions/${sub.unit}/${sub.period}/indicators/audit`);
    const seqs: number[] = [];
    let after = 0;
    for (let pages = 0; pages < 3; pages++) {
      const r = await call(s.url, s.tokens.reviewer, 'GET', `${path}?after=${after}&limit=1000`);
      assert.equal(r.status, 200);
      for (const e of r.body.entries) {
        assert.equal(e.orgUnit, sub.unit);
        assert.equal(e.period, sub.period);
        seqs.push(e.seq);
      }
      after = r.body.next;
    }
    const expected = [];
    for (let q = first + 1; q <= last && expected.length < 3000; q++) {
      const x = SUBS[q % SUBS.length]!;
      if (x.unit === sub.unit && x.period === sub.period) expected.push(q);
    }
    assert.deepEqual(seqs, expected);
    const field = `figures/指标${expected[0]! % 500}/note`;
    const byField = await call(s.url, s.tokens.reviewer, 'GET', `${path}?field=${encodeURIComponent(field)}&limit=5`);
    assert.equal(byField.body.entries.length, 5);
    for (const e of byField.body.entries) assert.equal(e.field, field);
  });

  it('the index follows the log: an entry written after the last read is in the next page', async () => {
    const newest = appendTrail(file(), last, 1);
    const r = await call(s.url, s.tokens.reviewer, 'GET', `/api/audit?after=${last}`);
    assert.deepEqual(
      r.body.entries.map((e: Json) => e.seq),
      [newest],
    );
  });

  it('a page is at most 10 000 entries; a bad limit is a bilingual 422', async () => {
    const r = await call(s.url, s.tokens.reviewer, 'GET', '/api/audit?limit=10001');
    assert.equal(r.status, 422);
    assert.match(r.body.error.zh, /limit/);
  });
});
