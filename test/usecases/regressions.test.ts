/**
 * Issue 10's disagreements, each pinned by name: the answer now comes from src/usecases whatever the
 * caller, so these run on the use cases through held Sources (the CLI's file mode); the agreement of
 * the other Sources (store, sync client) is in agreement.test.ts.
 */
import { strict as assert } from 'node:assert';
import type { Plan, Target } from '../../src/model/plan';
import { checkSubmission, loadDefaultCatalog, loadDefaultRules, type RuleSet } from '../../src/rules';
import { submissionFigures, type Figure } from '../../src/model/submission';
import { checkRows } from '../../src/usecases/check-rows';
import { districtReport, lookupFigures, maySubmit } from '../../src/usecases';
import { smallPlan, FILLER_UNIT, FILLER2_UNIT } from '../support/server';
import { held, sub } from './fixtures';

const PLAN = 'small-2023';
const target = (p: Plan, indicator: string): Target => p.targets.find((t) => t.indicator === indicator)!;
const row = async (src: Parameters<typeof districtReport>[0], indicator: string, period = '2023-06') => (await districtReport(src, { period })).main.rows.find((r) => r.indicator === indicator)!;

describe('issue 10 regressions: one answer everywhere', () => {
  it('the outlier history: June is compared with May’s own amount, from the one history window, whoever asks', async () => {
    const plan = smallPlan();
    const months = [10, 20, 30, 40, 50]; // 10 a month to May
    const history = months.map((v, i) => sub(PLAN, FILLER_UNIT, `2023-0${i + 1}`, 'submitted', [['一般公共预算收入', v, null, null]]));
    // Outside the window: another unit, another form's year two back.
    const noise = [sub(PLAN, FILLER2_UNIT, '2023-05', 'submitted', [['一般公共预算收入', 5000]]), sub(PLAN, FILLER_UNIT, '2021-06', 'submitted', [['一般公共预算收入', 1]])];
    const june = sub(PLAN, FILLER_UNIT, '2023-06', 'draft', [['一般公共预算收入', 75, null, null]]); // 25 in June: +150% on May's 10
    const v = await maySubmit(held(plan, [...history, ...noise, june]), june);
    const outlier = v.findings.find((f) => f.rule === 'outlier');
    assert.ok(outlier, JSON.stringify(v.findings.map((f) => f.rule)));
    assert.equal(outlier.numbers.previous, 10, 'May’s own amount (50 − 40), not the January–May average');
    assert.equal(outlier.numbers.value, 25);
    // The same findings as the checks given exactly the window (the server's every period of the unit's form, this year and last).
    const expected = checkSubmission(
      plan,
      loadDefaultCatalog(),
      loadDefaultRules(),
      june,
      history.flatMap((s) => submissionFigures(s)),
    );
    assert.deepEqual(v.findings, expected);
    assert.equal(v.mayGoUp, false);
  });

  it('the outlier history in planbook check --plan --figures: June against the year’s rows is judged as the server judges it, whichever file holds the earlier months', async () => {
    const plan = smallPlan();
    const fig = (period: string, value: number): Figure => ({ orgUnit: FILLER_UNIT, indicator: '一般公共预算收入', period, value, growth: null, sameLastYear: null, note: '' });
    const earlier = [10, 20, 30, 40, 50].map((v, i) => fig(`2023-0${i + 1}`, v));
    const june = fig('2023-06', 75);
    const server = await maySubmit(
      held(
        plan,
        earlier.map((f) => sub(PLAN, FILLER_UNIT, f.period, 'submitted', [['一般公共预算收入', f.value as number, null, null]])),
      ),
      sub(PLAN, FILLER_UNIT, '2023-06', 'draft', [['一般公共预算收入', 75, null, null]]),
    );
    const base = { plan, catalog: loadDefaultCatalog(), rules: loadDefaultRules() };
    // Earlier months as --history: only June is checked, with the server's window.
    assert.deepEqual(await checkRows({ ...base, figures: [june], history: earlier }), server.findings);
    const outlier = (await checkRows({ ...base, figures: [june], history: earlier })).find((f) => f.rule === 'outlier');
    assert.equal(outlier?.numbers.previous, 10, 'May’s own amount (50 − 40)');
    // Every month in --figures: June's findings are the same; each other month is judged too, as its own submission.
    const all = await checkRows({ ...base, figures: [...earlier, june] });
    assert.deepEqual(
      all.filter((f) => f.subject.kind === 'figure' && f.subject.period === '2023-06'),
      server.findings,
    );
  });

  it('the text-stored value: ‘58.18’ as text is 58.18 in the report row and in =PLANBOOK.ACTUAL and .PROGRESS', async () => {
    const plan = smallPlan();
    const src = held(plan, [sub(PLAN, FILLER_UNIT, '2023-06', 'submitted', [['一般公共预算收入', '58.18', '4.1']])]);
    const r = await row(src, '一般公共预算收入');
    assert.equal(r.value, 58.18);
    assert.equal(r.completionPct, 63.2); // 58.18 ÷ the stated 92.1
    const [actual, progress] = await lookupFigures(src, [
      { kind: 'actual', indicator: '一般公共预算收入', period: '2023-06' },
      { kind: 'progress', indicator: '一般公共预算收入', period: '2023-06' },
    ]);
    assert.deepEqual(actual, { value: 58.18, measureUnit: '亿元' });
    assert.deepEqual(progress, { value: 63.2, measureUnit: '%' });
  });

  it('the published figures of the plan year: with no submissions the row shows the documents’ figure, marked published, and the functions agree', async () => {
    const plan = smallPlan(); // its documents publish 一般公共预算收入 58.18 for 2023-H1
    const src = held(plan, []);
    const r = await row(src, '一般公共预算收入');
    assert.equal(r.value, 58.18);
    assert.equal(r.state, 'published');
    assert.deepEqual((await lookupFigures(src, [{ kind: 'actual', indicator: '一般公共预算收入', period: '2023-06' }]))[0], { value: 58.18, measureUnit: '亿元' });
    // A unit's submitted figure wins over the documents'.
    const withUnit = held(plan, [sub(PLAN, FILLER_UNIT, '2023-06', 'submitted', [['一般公共预算收入', 57, 3.5]])]);
    assert.equal((await row(withUnit, '一般公共预算收入')).value, 57);
    assert.equal((await row(withUnit, '一般公共预算收入')).state, 'submitted');
  });

  it('the tolerance: GDP +4.8% against 增长5%左右 is met with the rules’ 0.5 in the report and the checks alike, and not met with a stricter rule set', async () => {
    const plan = smallPlan();
    delete target(plan, '地区生产总值').tolerance; // the rules decide
    const gdp = sub(PLAN, '区发展改革委', '2023-06', 'submitted', [['地区生产总值', 607.6, 4.8]]);
    const r = await row(held(plan, [gdp]), '地区生产总值');
    assert.equal(r.status, 'met');
    assert.equal(
      (await maySubmit(held(plan, [gdp]), gdp)).findings.some((f) => f.rule === 'target-approx'),
      false,
    );
    const strict: RuleSet = { ...loadDefaultRules(), rules: loadDefaultRules().rules.map((x) => (x.kind === 'target-approx' ? { ...x, params: { tolerance: 0.1 } } : x)) };
    assert.equal((await row(held(plan, [gdp], strict), '地区生产总值')).status, 'not-met');
    assert.equal(
      (await maySubmit(held(plan, [gdp], strict), gdp)).findings.some((f) => f.rule === 'target-approx'),
      true,
    );
  });

  it('growth-only figures for an approx target: 地区生产总值增长5.2% against 增长5%左右 is judged (met), not 无数据, and not refused as empty', async () => {
    const plan = smallPlan();
    const gdp = sub(PLAN, '区发展改革委', '2023-06', 'submitted', [['地区生产总值', null, 5.2]]);
    const src = held(plan, [gdp]);
    const r = await row(src, '地区生产总值');
    assert.equal(r.status, 'met');
    assert.equal(r.growth, 5.2);
    assert.equal(r.value, null);
    assert.deepEqual((await maySubmit(src, gdp)).findings, []);
    // =PLANBOOK.ACTUAL reads the row: no value (its growth named), not the growth 5.2 shown as if it were the GDP.
    const actual = (await lookupFigures(src, [{ kind: 'actual', indicator: '地区生产总值', period: '2023-06' }]))[0]!;
    assert.ok('error' in actual && actual.error.zh.includes('只报了同比增长 5.2%'), JSON.stringify(actual));
    const sentence = (await districtReport(src, { period: '2023-06' })).sentences.find((s) => s.zh.startsWith('地区生产总值'));
    assert.equal(sentence?.zh, '地区生产总值，同比增长5.2%，高于全年预期目标0.2个百分点');
    // Below the bound it is judged too: a warning, not an empty-value error.
    const low = sub(PLAN, '区发展改革委', '2023-06', 'draft', [['地区生产总值', null, 4.1]]);
    assert.deepEqual(
      (await maySubmit(held(plan, [low]), low)).findings.map((f) => f.rule),
      ['target-approx'],
    );
  });

  it('growth-only figures for a growth-reported indicator: 规模以上工业增加值增长10.1% counts, for the checks and =PLANBOOK.ACTUAL', async () => {
    const plan = smallPlan();
    const s = sub(PLAN, FILLER_UNIT, '2023-06', 'submitted', [['规模以上工业增加值', '', 10.1]]);
    const src = held(plan, [s]);
    assert.deepEqual((await maySubmit(src, s)).findings, []);
    assert.deepEqual((await lookupFigures(src, [{ kind: 'actual', indicator: '规上工业增加值', period: '2023-06' }]))[0], { value: 10.1, measureUnit: '%' });
  });

  it('a growth-reported indicator’s growth alone is complete even under a level target (rules/reported.ts)', async () => {
    const plan = smallPlan();
    plan.targets.push({ ...plan.targets[0]!, indicator: '规模以上工业增加值', measure: 'level', comparator: 'gte', value: 300, measureUnit: '亿元', text: '规模以上工业增加值300亿元', units: [FILLER_UNIT] });
    const s = sub(PLAN, FILLER_UNIT, '2023-06', 'draft', [['规模以上工业增加值', null, 10.1]]);
    assert.deepEqual(
      (await maySubmit(held(plan, [s]), s)).findings.map((f) => f.rule),
      [],
    );
  });

  it('a growth-only figure with no level target is judged; under a level target it still needs a value', async () => {
    const plan = smallPlan();
    const growthOnly = sub(PLAN, FILLER_UNIT, '2023-06', 'draft', [['一般公共预算收入', null, 4.1]]);
    assert.deepEqual((await maySubmit(held(plan, [growthOnly]), growthOnly)).findings, [], 'a growth target (增长3%) judges the growth');
    const r = await row(held(plan, [{ ...growthOnly, state: 'submitted' }]), '一般公共预算收入');
    assert.equal(r.status, 'met');
    assert.equal(r.completionPct, null, 'no value, no completion');
    const level = smallPlan();
    level.targets.push({ ...target(level, '一般公共预算收入'), measure: 'level', comparator: 'gte', value: 90, measureUnit: '亿元', text: '一般公共预算收入90亿元' });
    assert.deepEqual(
      (await maySubmit(held(level, [growthOnly]), growthOnly)).findings.map((f) => f.rule),
      ['required'],
    );
  });

  it('a stranger’s draft not counted: 区财政局’s unsubmitted 999 for 社会消费品零售总额 (区商务局’s) is in no report row and no =PLANBOOK.ACTUAL', async () => {
    const plan = smallPlan();
    const stranger = sub(PLAN, FILLER_UNIT, '2023-06', 'draft', [['社会消费品零售总额', 999, 5]]);
    for (const drafts of [false, true]) {
      const r = (await districtReport(held(plan, [stranger]), { period: '2023-06', drafts })).main.rows.find((x) => x.indicator === '社会消费品零售总额')!;
      assert.equal(r.value, null);
      assert.equal(r.status, 'no-data');
    }
    // Submitted, still a stranger's: the responsible unit's figure is the district's.
    const sent = { ...stranger, state: 'submitted' as const };
    assert.equal((await row(held(plan, [sent]), '社会消费品零售总额')).value, null);
    assert.ok('error' in (await lookupFigures(held(plan, [sent]), [{ kind: 'actual', indicator: '社会消费品零售总额', period: '2023-06' }]))[0]!);
    // The responsible unit's own draft counts only when asked, with its state shown.
    const own = sub(PLAN, FILLER2_UNIT, '2023-06', 'draft', [['社会消费品零售总额', 420, 5]]);
    assert.equal((await row(held(plan, [own]), '社会消费品零售总额')).value, null);
    const withDrafts = (await districtReport(held(plan, [own]), { period: '2023-06', drafts: true })).main.rows.find((x) => x.indicator === '社会消费品零售总额')!;
    assert.equal(withDrafts.value, 420);
    assert.equal(withDrafts.state, 'draft');
  });
});
