/**
 * Bad input, each case a clear bilingual 4xx that leaves the stored data as it was, on both backends.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FileBackend } from '../../src/store/file-backend';
import { ManualClock } from '../support/clock';
import { call, startTestServer, type TestServer } from '../support/server';

const SUB = encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators');
const VALUE = 'figures/一般公共预算收入/value';

interface Case {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  code: string;
}

const huge = (n: number) => Array.from({ length: n }, (_, i) => ({ field: `figures/指标${i}/value`, base: null, value: i }));

const CASES: Case[] = [
  { name: 'malformed JSON', method: 'PATCH', path: SUB, body: '{"baseRev": 1, "edits": [', status: 400, code: 'BAD_JSON' },
  { name: 'a body over the size limit', method: 'PATCH', path: SUB, body: JSON.stringify({ baseRev: 1, edits: [{ field: VALUE, base: null, value: 'x'.repeat(3 * 1024 * 1024) }] }), status: 413, code: 'TOO_LARGE' },
  { name: 'a body that is not JSON by its type', method: 'PATCH', path: SUB, body: 'baseRev=1', headers: { 'content-type': 'text/plain' }, status: 415, code: 'UNSUPPORTED_MEDIA' },
  { name: 'a string baseRev', method: 'PATCH', path: SUB, body: { baseRev: '1', edits: [] }, status: 422, code: 'VALIDATION' },
  { name: 'a value of the wrong type', method: 'PATCH', path: SUB, body: { baseRev: 1, edits: [{ field: VALUE, base: 58.18, value: { amount: 1 } }] }, status: 422, code: 'VALIDATION' },
  { name: 'edits that are not an array', method: 'PATCH', path: SUB, body: { baseRev: 1, edits: { field: VALUE } }, status: 422, code: 'VALIDATION' },
  { name: 'an unknown top-level field', method: 'PATCH', path: SUB, body: { baseRev: 1, edits: [], force: true }, status: 422, code: 'VALIDATION' },
  { name: 'an unknown field in an edit', method: 'PATCH', path: SUB, body: { baseRev: 1, edits: [{ field: VALUE, base: 58.18, value: 1, who: 'x' }] }, status: 422, code: 'VALIDATION' },
  { name: 'a field path of another form', method: 'PATCH', path: SUB, body: { baseRev: 1, edits: [{ field: 'tasks/2/status', base: null, value: 'done' }] }, status: 422, code: 'VALIDATION' },
  { name: 'a field path that is not one', method: 'PATCH', path: SUB, body: { baseRev: 1, edits: [{ field: 'figures/../../etc/passwd', base: null, value: 1 }] }, status: 422, code: 'VALIDATION' },
  { name: 'a __proto__ indicator in a PUT', method: 'PUT', path: SUB, headers: { 'if-match': '"1"' }, body: '{"data":{"figures":{"__proto__":{"value":1}}}}', status: 422, code: 'VALIDATION' },
  { name: 'a __proto__ indicator in a PATCH', method: 'PATCH', path: SUB, body: { baseRev: 1, edits: [{ field: 'figures/__proto__/value', base: null, value: 1 }] }, status: 422, code: 'VALIDATION' },
  { name: 'a huge number of edits', method: 'PATCH', path: SUB, body: { baseRev: 1, edits: huge(2001) }, status: 422, code: 'VALIDATION' },
  {
    name: 'a huge number of figures in a PUT',
    method: 'PUT',
    path: SUB,
    headers: { 'if-match': '"1"' },
    body: { data: { figures: Object.fromEntries(huge(501).map((_, i) => [`指标${i}`, { value: i }])) } },
    status: 422,
    code: 'VALIDATION',
  },
  { name: 'the server-only rev in a PUT', method: 'PUT', path: SUB, headers: { 'if-match': '"1"' }, body: { rev: 9, data: { figures: {} } }, status: 422, code: 'VALIDATION' },
  { name: 'the server-only state in a PUT', method: 'PUT', path: SUB, headers: { 'if-match': '"1"' }, body: { state: 'approved', data: { figures: {} } }, status: 422, code: 'VALIDATION' },
  { name: 'the server-only updatedBy in a PUT', method: 'PUT', path: SUB, headers: { 'if-match': '"1"' }, body: { updatedBy: 'reviewer', data: { figures: {} } }, status: 422, code: 'VALIDATION' },
  { name: 'a key field that disagrees with the URL', method: 'PUT', path: SUB, headers: { 'if-match': '"1"' }, body: { unit: '区商务局', data: { figures: {} } }, status: 422, code: 'VALIDATION' },
  { name: 'a garbled If-Match', method: 'PUT', path: SUB, headers: { 'if-match': 'yesterday' }, body: { data: { figures: {} } }, status: 400, code: 'BAD_REQUEST' },
  { name: 'a unit that is not in the plan', method: 'PATCH', path: encodeURI('/api/plans/small-2023/submissions/区不存在局/2023-06/indicators'), body: { baseRev: 0, edits: [] }, status: 404, code: 'NOT_FOUND' },
  { name: 'a period that does not exist', method: 'PATCH', path: encodeURI('/api/plans/small-2023/submissions/区财政局/2023-13/indicators'), body: { baseRev: 0, edits: [] }, status: 404, code: 'NOT_FOUND' },
  { name: 'an unknown form', method: 'GET', path: encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/budget'), status: 404, code: 'NOT_FOUND' },
  { name: 'an unknown plan', method: 'GET', path: encodeURI('/api/plans/nope/submissions/区财政局/2023-06/indicators'), status: 404, code: 'NOT_FOUND' },
  {
    name: 'a ../ unit (encoded)',
    method: 'PATCH',
    path: '/api/plans/small-2023/submissions/..%2F..%2F..%2Ftmp/2023-06/indicators',
    body: { baseRev: 0, edits: [{ field: VALUE, base: null, value: 1 }] },
    status: 404,
    code: 'NOT_FOUND',
  },
  { name: 'a ../ plan (encoded)', method: 'PATCH', path: '/api/plans/..%2F..%2Fescape/submissions/区财政局/2023-06/indicators', body: { baseRev: 0, edits: [] }, status: 404, code: 'NOT_FOUND' },
  { name: 'a badly encoded segment', method: 'GET', path: '/api/plans/%E4%ZZ/submissions', status: 400, code: 'BAD_REQUEST' },
  { name: 'a plan that is not a plan', method: 'POST', path: '/api/plans', body: { id: 'x', targets: 'many' }, status: 422, code: 'VALIDATION' },
  {
    name: 'a plan id that would leave the folder',
    method: 'POST',
    path: '/api/plans',
    body: { schemaVersion: 1, id: '../../evil', name: 'x', year: 2023, targets: [], tasks: [], actuals: [], goals: [], units: [], leaders: [], documents: [] },
    status: 422,
    code: 'VALIDATION',
  },
  // F3.4: 100,000 levels is 200 KB, under the size limit; it overflowed the stack of the text policy's walk (500).
  { name: 'a body nested 100,000 levels deep (PUT)', method: 'PUT', path: SUB, headers: { 'if-match': '"1"' }, body: `{"data":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, status: 400, code: 'BAD_JSON' },
  {
    name: 'a body nested 100,000 levels deep (PATCH)',
    method: 'PATCH',
    path: SUB,
    body: `{"baseRev":1,"edits":[{"field":"${VALUE}","base":null,"value":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}]}`,
    status: 400,
    code: 'BAD_JSON',
  },
  { name: 'a plan nested 100,000 levels deep', method: 'POST', path: '/api/plans', body: `{"id":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, status: 400, code: 'BAD_JSON' },
  {
    name: 'a body in GBK (charset=gbk)',
    method: 'PUT',
    path: SUB,
    headers: { 'if-match': '"1"', 'content-type': 'application/json; charset=gbk' },
    body: { data: { figures: {} } },
    status: 415,
    code: 'UNSUPPORTED_MEDIA',
  },
  { name: 'a lookup with bad queries', method: 'POST', path: '/api/plans/small-2023/lookup', body: { queries: [{ kind: 'guess', indicator: 5 }] }, status: 422, code: 'VALIDATION' },
];

for (const backend of ['file', 'postgres'] as const) {
  describe(`store bad input (${backend})`, function () {
    this.timeout(60_000);
    let s: TestServer;
    let before1: unknown;
    before(async () => {
      s = await startTestServer({ backend });
      const r = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: 0, edits: [{ field: VALUE, base: null, value: 58.18 }] });
      assert.equal(r.status, 200);
      before1 = (await call(s.url, s.tokens.filler, 'GET', SUB)).body;
    });
    after(async () => {
      await s.stop();
    });

    for (const c of CASES) {
      it(`${c.name} → ${c.status} ${c.code}, bilingual, nothing changed`, async () => {
        const token = c.path === '/api/plans' ? s.tokens.admin : s.tokens.filler;
        const r = await call(s.url, token, c.method, c.path, c.body, c.headers);
        assert.equal(r.status, c.status, JSON.stringify(r.body).slice(0, 400));
        assert.equal(r.body.error.code, c.code);
        assert.match(r.body.error.zh, /[\u4e00-\u9fff]/);
        assert.match(r.body.error.en, /[A-Za-z]/);
        assert.deepEqual((await call(s.url, s.tokens.filler, 'GET', SUB)).body, before1);
        assert.deepEqual(
          (await call(s.url, s.tokens.admin, 'GET', '/api/plans')).body.plans.map((p: { id: string }) => p.id),
          ['small-2023'],
        );
      });
    }

    it('a validation error lists every problem with its path, not just the first', async () => {
      const r = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: 1, extra: 1, edits: [{ field: VALUE, base: [], value: {} }] });
      assert.equal(r.status, 422);
      assert.deepEqual(
        r.body.error.details.problems.map((p: { path: string }) => p.path),
        ['/extra', '/edits/0/pulled', '/edits/0/value'],
      );
    });

    if (backend === 'file') {
      it('no file was written outside the data folder’s submissions of real units', async () => {
        await (s.server.backend as FileBackend).checkpoint();
        const subs = join(s.dataDir, 'submissions', 'small-2023');
        assert.deepEqual(readdirSync(subs), ['区财政局']);
        assert.equal(existsSync(join(s.dataDir, '..', 'escape')), false);
        assert.equal(existsSync(join(s.dataDir, '..', 'evil.json')), false);
      });
    }

    it('a flood from one token gets 429 with Retry-After, and other tokens carry on', async () => {
      // The server's clock stands still unless moved: a slow machine cannot refill the bucket mid-flood.
      const f = await startTestServer({ backend, rateLimit: { burst: 20, perSecond: 5 }, plan: null, clock: new ManualClock() });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 40; i++) statuses.push((await call(f.url, f.tokens.filler, 'GET', '/api/plans')).status);
        assert.equal(statuses.filter((x) => x === 200).length, 20);
        assert.equal(statuses[statuses.length - 1], 429);
        const r = await call(f.url, f.tokens.filler, 'GET', '/api/plans');
        assert.equal(r.status, 429);
        assert.equal(r.body.error.code, 'RATE_LIMITED');
        assert.ok(Number(r.headers.get('retry-after')) >= 1);
        assert.equal((await call(f.url, f.tokens.reviewer, 'GET', '/api/plans')).status, 200);
        const audit = await call(f.url, f.tokens.admin, 'GET', '/api/audit');
        assert.equal(audit.body.entries.filter((e: { detail?: string }) => /^429/.test(e.detail ?? '')).length, 1, 'one audit entry per flood, not one per request');
      } finally {
        await f.stop();
      }
    });
  });
}
