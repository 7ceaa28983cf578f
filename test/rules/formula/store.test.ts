/**
 * 审核公式 in the store, over real HTTP (file backend): a plan's formulas stored through /api/rules as a
 * new revision judge a submission on submit, and the submission names the rule revision that judged it.
 */
import assert from 'node:assert/strict';
import type { Finding } from '../../../src/model/finding';
import { loadDefaultRules } from '../../../src/rules';
import { call, suiteServer } from '../../support/server';

const SUB = encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators');
const VALUE = 'figures/一般公共预算收入/value';

describe('审核公式 in the store', function () {
  this.timeout(60_000);
  const s = suiteServer({ backend: 'file' });

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
    const listed = (r.body.submissions ?? r.body) as { orgUnit: string; judgedBy?: unknown }[];
    assert.deepEqual(listed.find((x) => x.orgUnit === '区财政局')?.judgedBy, { rulesRev: 1, rulesVersion: '2023.3' });
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

describe('审核公式: PUT /api/rules compiles every formula before storing', function () {
  this.timeout(60_000);
  const s = suiteServer({ backend: 'file' });

  const put = (formulas: unknown, planFormulas?: unknown, rev = 0): ReturnType<typeof call> =>
    call(s.url, s.tokens.admin, 'PUT', '/api/rules', { ...loadDefaultRules(), version: 'try', formulas, ...(planFormulas ? { planFormulas } : {}) }, { 'if-match': `"${rev}"` });

  const refusals: [string, string, RegExp, RegExp][] = [
    [
      'an unknown indicator, with the nearest name',
      '[规模以上工业增加] <= 100',
      /审核公式“bad”.*第1个字符处：未知指标“规模以上工业增加”，是否指 规模以上工业增加值/,
      /Check "bad".*at character 1: unknown indicator "规模以上工业增加", did you mean 规模以上工业增加值\?/,
    ],
    ['unbalanced brackets', '([地区生产总值] + 1 > 0', /审核公式“bad”.*第\d+个字符处：.*括号/, /Check "bad".*at character \d+: a "\(" is not closed/],
    ['an unknown function', 'EVAL([地区生产总值]) > 0', /审核公式“bad”.*第1个字符处：不认识的函数“EVAL”/, /Check "bad".*at character 1: unknown function "EVAL"/],
    ['a formula of 10,000 characters', `${'[地区生产总值]+'.repeat(1100).slice(0, 10_000)}1 > 0`, /审核公式“bad”.*第\d+个字符处：.*超过上限/, /Check "bad".*at character \d+: .*over the limit/],
    ['brackets nested too deep', `${'('.repeat(500)}1${')'.repeat(500)} = 1`, /审核公式“bad”.*第\d+个字符处：.*括号嵌套超过/, /Check "bad".*at character \d+: .*nested more than/],
    ['a period that cannot exist', '[地区生产总值]@13月 > 0', /审核公式“bad”.*第1个字符处：报告期“13月”不存在/, /Check "bad".*at character 1: period "13月" cannot exist/],
  ];
  for (const [what, formula, zh, en] of refusals) {
    it(`refuses ${what} with 422, naming the rule and the character, and stores nothing`, async () => {
      const r = await put([
        { id: 'ok', formula: '[地区生产总值] > 0', severity: 'error' },
        { id: 'bad', formula, severity: 'warning' },
      ]);
      assert.equal(r.status, 422, JSON.stringify(r.body));
      const msg = r.body.error as { zh: string; en: string };
      assert.match(msg.zh, zh);
      assert.match(msg.en, en);
      assert.match(msg.zh, /未保存任何规则/);
      assert.match(msg.en, /nothing was stored/);
      assert.ok(msg.zh.length < 600 && msg.en.length < 600, 'a long formula is quoted by its start');
      const now = await call(s.url, s.tokens.admin, 'GET', '/api/rules');
      assert.equal(now.body.rev, 0, 'nothing stored');
    });
  }

  it("a plan's own formulas are compiled with the plan named, and every bad one is listed", async () => {
    const r = await put(undefined, {
      'small-2023': [
        { id: 'p1', formula: '[一般公共预算收入] <= [税收总]', severity: 'error' },
        { id: 'p2', formula: 'ROUND([一般公共预算收入], 1, 2) > 0', severity: 'error' },
      ],
    });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    const problems = r.body.error.details.problems as { zh: string; en: string }[];
    assert.equal(problems.length, 2);
    assert.match(problems[0]!.zh, /^计划“small-2023”：审核公式“p1”.*第\d+个字符处：未知指标“税收总”/);
    assert.match(problems[1]!.en, /^Plan "small-2023": Check "p2".*at character 1: ROUND takes/);
  });

  it('a good rule set is stored as the next revision, and a bad one after it leaves it in place', async () => {
    let r = await put([{ id: 'ok', formula: '[地区生产总值]@上年同期 >= 0', severity: 'error' }], { 'small-2023': [{ id: 'cap', formula: '[一般公共预算收入] <= 100', severity: 'error' }] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.rev, 1);
    r = await put([{ id: 'bad', formula: '[地区生产总值] >', severity: 'error' }], undefined, 1);
    assert.equal(r.status, 422);
    r = await call(s.url, s.tokens.admin, 'GET', '/api/rules');
    assert.equal(r.body.rev, 1, 'the refused set did not replace the stored one');
    assert.deepEqual(
      (r.body.value.formulas as { id: string }[]).map((f) => f.id),
      ['ok'],
    );
  });
});
