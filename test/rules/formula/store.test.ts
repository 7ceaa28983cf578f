/**
 * 审核公式 in the store, over real HTTP (file backend): a plan's formulas stored through /api/rules as a
 * new revision judge a submission on submit, and the submission names the rule revision that judged it.
 */
import assert from 'node:assert/strict';
import type { Finding } from '../../../src/model/finding';
import { loadDefaultRules } from '../../../src/rules';
import { call, startTestServer, type TestServer } from '../../support/server';

const SUB = encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators');
const VALUE = 'figures/一般公共预算收入/value';

describe('审核公式 in the store', function () {
  this.timeout(60_000);
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ backend: 'file' });
  });
  after(async () => {
    await s.stop();
  });

  it('a plan formula stored as rules revision 1 refuses a submission, then the fixed one is submitted naming revision 1', async () => {
    const rules = {
      ...loadDefaultRules(),
      version: '2023.3',
      planFormulas: { 'small-2023': [{ id: 'SR-cap', formula: '[一般公共预算收入] <= 100', severity: 'error', message: { zh: '一般公共预算收入{左值}亿元超过{右值}亿元', en: 'revenue {left} over {right}' } }] },
    };
    let r = await call(s.url, s.tokens.admin, 'PUT', '/api/rules', rules, { 'if-match': '"0"' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.rev, 1);

    r = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: 0, edits: [{ field: VALUE, base: null, value: 120 }] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    let rev: number = r.body.rev;
    r = await call(s.url, s.tokens.filler, 'POST', `${SUB}/submit`, undefined, { 'if-match': `"${rev}"` });
    assert.equal(r.status, 422);
    const cap = (r.body.error.details.findings as Finding[]).find((f) => f.rule === 'SR-cap');
    assert.equal(cap?.message.zh, '一般公共预算收入120亿元超过100亿元');
    assert.deepEqual(cap?.reads, [VALUE]);

    r = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: rev, edits: [{ field: VALUE, base: 120, value: 58.18 }] });
    rev = r.body.rev;
    r = await call(s.url, s.tokens.filler, 'POST', `${SUB}/submit`, undefined, { 'if-match': `"${rev}"` });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.submission.judgedBy, { rulesRev: 1, rulesVersion: '2023.3' });
    // what the reviewer sees: the submission and the period's list
    r = await call(s.url, s.tokens.reviewer, 'GET', SUB);
    assert.deepEqual(r.body.judgedBy, { rulesRev: 1, rulesVersion: '2023.3' });
    r = await call(s.url, s.tokens.reviewer, 'GET', '/api/plans/small-2023/submissions?period=2023-06');
    const listed = (r.body.submissions ?? r.body) as { unit: string; judgedBy?: unknown }[];
    assert.deepEqual(listed.find((x) => x.unit === '区财政局')?.judgedBy, { rulesRev: 1, rulesVersion: '2023.3' });
  });

  it('a client cannot claim which rules judged its submission', async () => {
    const r = await call(
      s.url,
      s.tokens.filler2,
      'PUT',
      encodeURI('/api/plans/small-2023/submissions/区商务局/2023-06/indicators'),
      { data: { figures: {}, tasks: {} }, judgedBy: { rulesRev: 99, rulesVersion: 'x' } },
      { 'if-match': '"0"' },
    );
    assert.ok(r.status >= 400 && r.status < 500, JSON.stringify(r.body));
  });
});
