import assert from 'node:assert/strict';
import { call, startTestServer, type TestServer } from '../support/server';

describe('smoke', () => {
  for (const backend of ['file', 'postgres'] as const) {
    it(`${backend}: put, get, patch`, async function () {
      this.timeout(60000);
      const s: TestServer = await startTestServer({ backend });
      try {
        const path = '/api/plans/small-2023/submissions/区财政局/2023-06/indicators';
        let r = await call(s.url, s.tokens.filler, 'GET', encodeURI(path));
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.headers.get('etag'), '"0"');
        r = await call(s.url, s.tokens.filler, 'PATCH', encodeURI(path), { baseRev: 0, edits: [{ field: 'figures/一般公共预算收入/value', base: null, value: 58.18 }] });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.rev, 1);
      } finally {
        await s.stop();
      }
    });
  }
});
