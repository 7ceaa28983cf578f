/**
 * End to end on the real plan: the five seed documents imported by src/importer, posted to the store,
 * then filled, checked by the real rules on submit, and guarded by unit.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importDocuments } from '../../src/importer';
import type { Plan } from '../../src/model/plan';
import { call, startTestServer, type TestServer } from '../support/server';

const SEEDS = join(__dirname, '..', '..', '..', 'shared', 'seeds');

function seedPlan(): Plan {
  const docs = readdirSync(SEEDS)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((id) => ({ id, text: readFileSync(join(SEEDS, id), 'utf8') }));
  return importDocuments(docs, { id: 'tongzhou-2023' }).plan;
}

describe('store with the imported seed plan (file)', function () {
  this.timeout(60_000);
  let s: TestServer;
  let plan: Plan;
  before(async () => {
    plan = seedPlan();
    s = await startTestServer({ plan });
  });
  after(async () => {
    await s.stop();
  });

  const sub = (unit: string) => encodeURI(`/api/plans/${plan.id}/submissions/${unit}/2023-06/indicators`);

  it('stores and serves the plan as imported', async () => {
    assert.ok(plan.units.length >= 70, `${plan.units.length} units`);
    assert.ok(plan.units.includes('区财政局') && plan.units.includes('区商务局'));
    const list = await call(s.url, s.tokens.filler, 'GET', '/api/plans');
    assert.deepEqual(
      list.body.plans.map((p: { id: string; units: number }) => [p.id, p.units]),
      [[plan.id, plan.units.length]],
    );
    const got = await call(s.url, s.tokens.filler, 'GET', `/api/plans/${plan.id}`);
    assert.deepEqual(got.body, JSON.parse(JSON.stringify(plan)));
  });

  it('a filler of 区商务局 cannot read or write 区财政局 in the real plan; 区财政局 fills, submits through the real checks', async () => {
    assert.equal((await call(s.url, s.tokens.filler2, 'GET', sub('区财政局'))).status, 403);
    assert.equal((await call(s.url, s.tokens.filler2, 'PATCH', sub('区财政局'), { baseRev: 0, edits: [{ field: 'figures/一般公共预算收入/value', base: null, value: 1 }] })).status, 403);
    // 58.18亿元, +6.1% (growth as the documents state it) for 2023 H1 (1-6月).
    const r = await call(s.url, s.tokens.filler, 'PATCH', sub('区财政局'), {
      baseRev: 0,
      edits: [
        { field: 'figures/一般公共预算收入/value', base: null, value: 58.18 },
        { field: 'figures/一般公共预算收入/growth', base: null, value: 6.1 },
        { field: 'figures/一般公共预算收入/base', base: null, value: 54.84 },
      ],
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    // Text where a number belongs is an error the real rules refuse on submit.
    const bad = await call(s.url, s.tokens.filler, 'PATCH', sub('区财政局'), { baseRev: 1, edits: [{ field: 'figures/一般公共预算收入/value', base: 58.18, value: '五十八' }] });
    assert.equal(bad.status, 200);
    const refused = await call(s.url, s.tokens.filler, 'POST', `${sub('区财政局')}/submit`, undefined, { 'if-match': '"2"' });
    assert.equal(refused.status, 422);
    assert.ok(refused.body.error.details.findings.some((f: { severity: string; field: string }) => f.severity === 'error' && f.field === 'figures/一般公共预算收入/value'));
    const fixed = await call(s.url, s.tokens.filler, 'PATCH', sub('区财政局'), { baseRev: 2, edits: [{ field: 'figures/一般公共预算收入/value', base: '五十八', value: 58.18 }] });
    assert.equal(fixed.status, 200);
    const ok = await call(s.url, s.tokens.filler, 'POST', `${sub('区财政局')}/submit`, undefined, { 'if-match': '"3"' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body.error ?? ok.body.findings).slice(0, 600));
    assert.equal(ok.body.submission.state, 'submitted');
  });

  it('answers the custom functions from the imported targets', async () => {
    const r = await call(s.url, s.tokens.filler2, 'POST', `/api/plans/${plan.id}/lookup`, { queries: [{ kind: 'target', indicator: '地区生产总值', year: 2023 }] });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.results, [{ value: 5, measureUnit: '%', unit: '%' }], 'measureUnit, and unit for add-ins of the previous version');
  });
});
