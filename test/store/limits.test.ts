/**
 * PATCH and PUT share the per-submission limits (issue 12: one filler grew a 50,000-figure, 41 MB
 * submission by PATCH): figures, tasks and document size, on both backends, each refusal leaving
 * the stored submission exactly as it was.
 */
import assert from 'node:assert/strict';
import { LIMITS } from '../../src/store/validate';
import { call, type Json, suiteServer } from '../support/server';

const SUB = encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators');

const newFigures = (from: number, n: number, note = ''): Json[] =>
  Array.from({ length: n }, (_, i) => ({ field: note ? `figures/指标${from + i}/note` : `figures/指标${from + i}/value`, base: note ? '' : null, value: note || from + i }));

for (const backend of ['file', 'postgres'] as const) {
  describe(`store per-submission limits (${backend})`, function () {
    this.timeout(120_000);
    const s = suiteServer({ backend });

    async function stored(): Promise<Json> {
      return (await call(s.url, s.tokens.filler, 'GET', SUB)).body;
    }

    it('a 50,000-figure PATCH is refused (413) and nothing stored changes', async () => {
      const before = await stored();
      const r = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: before.rev, edits: newFigures(0, 50_000) });
      assert.ok(r.status === 413 || r.status === 422, String(r.status));
      assert.match(r.body.error.zh, /[\u4e00-\u9fff]/);
      assert.deepEqual(await stored(), before);
    });

    it('PATCHes cannot grow a submission past the figures a PUT may hold: 422 naming /data/figures', async () => {
      let rev = (await stored()).rev;
      // 500 figures in batches a PATCH may carry: fine.
      for (let from = 0; from < LIMITS.figuresPerSubmission; from += 250) {
        const r = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: rev, edits: newFigures(from, 250) });
        assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
        rev = r.body.rev;
      }
      const before = await stored();
      assert.equal(Object.keys(before.data.figures).length, LIMITS.figuresPerSubmission);
      const r = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: rev, edits: newFigures(LIMITS.figuresPerSubmission, 1) });
      assert.equal(r.status, 422, JSON.stringify(r.body).slice(0, 300));
      assert.equal(r.body.error.details.problems[0].path, '/data/figures');
      assert.match(r.body.error.en, /at most 500 figures/);
      assert.deepEqual(await stored(), before);
      // Changing a figure that is already there is still fine.
      const ok = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: rev, edits: [{ field: 'figures/指标0/value', base: 0, value: 1 }] });
      assert.equal(ok.status, 200);
    });

    it('PATCHes cannot grow a submission past the document size a PUT may send: 413', async () => {
      let cur = await stored();
      const big = '统'.repeat(LIMITS.textChars); // 6 KB of UTF-8 each
      let refused: Json = null;
      for (let from = 0; from < LIMITS.figuresPerSubmission && !refused; from += 100) {
        const edits = Array.from({ length: 100 }, (_, i) => ({ field: `figures/指标${from + i}/note`, base: cur.data.figures[`指标${from + i}`]?.note ?? '', value: big }));
        const r = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: cur.rev, edits });
        if (r.status === 200) cur = r.body.submission;
        else refused = r;
      }
      assert.ok(refused, 'some PATCH is refused before the document passes the limit');
      assert.equal(refused.status, 413);
      assert.equal(refused.body.error.code, 'TOO_LARGE');
      assert.ok(Buffer.byteLength(JSON.stringify(cur.data)) <= LIMITS.documentBytes);
      const now = await stored();
      assert.equal(now.rev, cur.rev, 'the refused PATCH stored nothing');
    });

    it('a PUT over the figure limit is refused the same way', async () => {
      const before = await stored();
      const figures = Object.fromEntries(Array.from({ length: LIMITS.figuresPerSubmission + 1 }, (_, i) => [`指标${i}`, { value: i }]));
      const r = await call(s.url, s.tokens.filler, 'PUT', SUB, { data: { figures } }, { 'if-match': `"${before.rev}"` });
      assert.equal(r.status, 422);
      assert.deepEqual(await stored(), before);
    });
  });
}
