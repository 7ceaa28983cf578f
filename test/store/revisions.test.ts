/**
 * Revisions, 412/428 and the three-way merge of pushes, over real HTTP, on both backends.
 */
import assert from 'node:assert/strict';
import { call, startTestServer, type TestServer } from '../support/server';

const SUB = encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators');
const F = (ind: string, k = 'value'): string => `figures/${ind}/${k}`;

for (const backend of ['file', 'postgres'] as const) {
  describe(`store revisions and merge (${backend})`, function () {
    this.timeout(60_000);
    let s: TestServer;
    beforeEach(async () => {
      s = await startTestServer({ backend });
    });
    afterEach(async () => {
      await s.stop();
    });

    const patch = (baseRev: number, edits: { field: string; base: unknown; value: unknown }[], token = s.tokens.filler) => call(s.url, token, 'PATCH', SUB, { baseRev, edits });

    it('an unfilled submission reads as an empty draft at revision 0 with ETag "0"', async () => {
      const r = await call(s.url, s.tokens.filler, 'GET', SUB);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('etag'), '"0"');
      assert.deepEqual([r.body.rev, r.body.state, r.body.data], [0, 'draft', { figures: {}, tasks: {} }]);
    });

    it('PUT needs If-Match (428), a stale one gets 412 with the current revision, a fresh one bumps the revision', async () => {
      const data = { data: { figures: { 一般公共预算收入: { value: 58.18, growth: 6.1, base: 54.8, note: '' } } } };
      let r = await call(s.url, s.tokens.filler, 'PUT', SUB, data);
      assert.equal(r.status, 428);
      assert.equal(r.body.error.code, 'PRECONDITION_REQUIRED');
      assert.match(r.body.error.zh, /If-Match/);
      r = await call(s.url, s.tokens.filler, 'PUT', SUB, data, { 'if-match': '"0"' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.headers.get('etag'), '"1"');
      r = await call(s.url, s.tokens.filler, 'PUT', SUB, { data: { figures: { 一般公共预算收入: { value: 1, growth: null, base: null, note: '' } } } }, { 'if-match': '"0"' });
      assert.equal(r.status, 412);
      assert.equal(r.body.error.code, 'REV_MISMATCH');
      assert.equal(r.body.error.details.rev, 1);
      const g = await call(s.url, s.tokens.filler, 'GET', SUB);
      assert.equal(g.body.data.figures['一般公共预算收入'].value, 58.18, 'the stale write changed nothing');
    });

    it('PATCH without baseRev is 428 and changes nothing', async () => {
      const r = await call(s.url, s.tokens.filler, 'PATCH', SUB, { edits: [{ field: F('一般公共预算收入'), base: null, value: 1 }] });
      assert.equal(r.status, 428);
      assert.equal((await call(s.url, s.tokens.filler, 'GET', SUB)).body.rev, 0);
    });

    it('edits to different fields from the same base merge automatically and report what merged', async () => {
      let r = await patch(0, [{ field: F('一般公共预算收入'), base: null, value: 58.18 }]);
      assert.equal(r.status, 200);
      assert.equal(r.body.rev, 1);
      // A second client still at revision 0 edits another field.
      r = await patch(0, [{ field: F('一般公共预算收入', 'growth'), base: null, value: 6.1 }]);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.rev, 2);
      assert.deepEqual(r.body.merged, [F('一般公共预算收入')]);
      const f = r.body.submission.data.figures['一般公共预算收入'];
      assert.deepEqual([f.value, f.growth], [58.18, 6.1]);
    });

    it('a real conflict reports field, base, theirs and yours, and applies none of the push', async () => {
      await patch(0, [{ field: F('一般公共预算收入'), base: null, value: 58.18 }]);
      const r = await patch(0, [
        { field: F('一般公共预算收入'), base: null, value: 5818 },
        { field: F('一般公共预算收入', 'note'), base: '', value: '单位写错了' },
      ]);
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, 'CONFLICT');
      assert.ok(r.body.error.zh && r.body.error.en);
      assert.deepEqual(r.body.error.details, { rev: 1, conflicts: [{ field: F('一般公共预算收入'), pulled: null, theirs: 58.18, yours: 5818 }] });
      const g = await call(s.url, s.tokens.filler, 'GET', SUB);
      assert.equal(g.body.rev, 1);
      assert.equal(g.body.data.figures['一般公共预算收入'].note, '', 'the non-conflicting edit of a conflicting push is not applied');
    });

    it('an edit equal to the current value is not a conflict and makes no new revision', async () => {
      await patch(0, [{ field: F('一般公共预算收入'), base: null, value: 58.18 }]);
      const r = await patch(0, [{ field: F('一般公共预算收入'), base: null, value: 58.18 }]);
      assert.equal(r.status, 200);
      assert.equal(r.body.rev, 1);
    });

    it('a baseRev newer than the server is refused', async () => {
      const r = await patch(7, [{ field: F('一般公共预算收入'), base: null, value: 1 }]);
      assert.equal(r.status, 422);
      assert.equal(r.body.error.details.rev, 0);
    });

    it('the list shows each submission’s revision and state', async () => {
      await patch(0, [{ field: F('一般公共预算收入'), base: null, value: 58.18 }]);
      const r = await call(s.url, s.tokens.reviewer, 'GET', '/api/plans/small-2023/submissions?period=2023-06');
      assert.equal(r.status, 200);
      assert.deepEqual(
        r.body.submissions.map((x: { orgUnit: string; rev: number; state: string }) => [x.orgUnit, x.rev, x.state]),
        [['区财政局', 1, 'draft']],
      );
    });
  });
}
