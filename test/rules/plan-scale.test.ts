/**
 * The unit mix-up check without history: a unit's first month and the offline check compare the
 * figure with what the plan knows (annual target amount, last year's figure from the documents),
 * and when the plan knows nothing of the indicator, with the catalog's magnitude for a district.
 */
import { strict as assert } from 'node:assert';
import { checkFigures, loadDefaultCatalog, loadDefaultRules } from '../../src/rules';
import { validateCatalog } from '../../src/rules/catalog';
import type { Plan } from '../../src/model/plan';
import { smallPlan, fig, target } from '../support/plans';
import { seedPlan2023 } from '../support/seed-plan';

const catalog = loadDefaultCatalog();
const rules = loadDefaultRules();
const src = { document: 'x.txt', line: 1 };

function withActual(plan: Plan, indicator: string, period: string, value: number, unit: string): Plan {
  return { ...plan, actuals: [...plan.actuals, { indicator, period, value, measureUnit: unit, growth: null, status: 'final', text: '', source: src } as Plan['actuals'][number]] };
}

const mixups = (plan: Plan, figures: ReturnType<typeof fig>[], history: ReturnType<typeof fig>[] = []) => checkFigures({ plan, catalog, rules, figures, history }).filter((f) => f.rule === 'unit-mixup');

describe('unit mix-up without history: the plan’s own sense of size', () => {
  it('a 万元 figure in a 亿元 row is caught in the first month, against last year’s figure from the plan documents', () => {
    const plan = withActual(smallPlan(), '一般公共预算收入', '2022', 89.46, '亿元');
    const [f] = mixups(plan, [fig('一般公共预算收入', '2023-06', 581800)]);
    assert.ok(f, 'found');
    assert.equal(f!.severity, 'error');
    assert.match(f!.message.zh, /按计划推算的本期规模（44\.73亿元，依据2022年度文件所载89\.46亿元）/);
    assert.match(f!.message.en, /89\.46 亿元 published for 2022/);
    assert.equal(mixups(plan, [fig('一般公共预算收入', '2023-06', 58.18)]).length, 0, 'the right figure passes');
    assert.equal(mixups(plan, [fig('一般公共预算收入', '2023-06', 0.005818)]).length, 1, '元 → 亿元 the other way too');
  });

  it('against the annual target amount of the seed plan (全社会固定资产投资 超千亿元), offline', () => {
    const plan = seedPlan2023();
    const [f] = mixups(plan, [fig('全社会固定资产投资', '2023-06', 5123000)]);
    assert.ok(f, 'found');
    assert.match(f!.message.zh, /依据全年目标1000亿元/);
    assert.equal(mixups(plan, [fig('全社会固定资产投资', '2023-06', 512.3)]).length, 0);
  });

  it('history still comes first: with last month stored the plan is not consulted', () => {
    const plan = smallPlan([target('一般公共预算收入', 'level', 'gte', 1, '亿元', '不少于1亿元')]);
    // 1亿元 × 6/12 vs 58.18 is a ratio of 116 — far below the limit either way; and with history the message names 上期.
    const found = mixups(plan, [fig('一般公共预算收入', '2023-06', 581800)], [fig('一般公共预算收入', '2023-05', 50.12)]);
    assert.equal(found.length, 1);
    assert.match(found[0]!.message.zh, /上期/);
  });

  it('a reference in another kind of unit (growth %) is no reference: the catalog’s magnitude judges instead', () => {
    const plan = withActual(smallPlan(), '一般公共预算收入', '2022', 5.2, '%');
    const [f] = mixups(plan, [fig('一般公共预算收入', '2023-06', 581800)]);
    assert.ok(f, 'found');
    assert.doesNotMatch(f!.message.zh, /按计划推算/);
    assert.match(f!.message.zh, /常见规模（0\.25～1,?500亿元，指标目录的常见量级）/);
  });
});

describe('unit mix-up with neither history nor plan: the catalog’s magnitude for a district', () => {
  const plan = smallPlan();
  it('the plan knows nothing of 社会消费品零售总额: a 万元 figure in the 亿元 row is caught, offline, in the first month', () => {
    assert.equal(plan.targets.filter((t) => t.indicator === '社会消费品零售总额').length + plan.actuals.filter((a) => a.indicator === '社会消费品零售总额').length, 0);
    const [f] = mixups(plan, [fig('社会消费品零售总额', '2023-06', 1923800)]);
    assert.ok(f, 'found');
    // [5, 10000] 亿元 a year, six months of a 1-N月 flow: 2.5–5000.
    assert.match(f!.message.zh, /1,?923,?800远大于一个区县本期的常见规模（2\.5～5,?000亿元/);
    assert.match(f!.message.en, /far above a district's usual size for this period \(2\.5–5,?000 亿元, the catalog's typical range\)/);
    assert.equal(mixups(plan, [fig('社会消费品零售总额', '2023-06', 192.38)]).length, 0, 'the published 2023 H1 figure of 通州 passes');
    assert.match(mixups(plan, [fig('社会消费品零售总额', '2023-06', 0.019238)])[0]!.message.zh, /远小于/, '元 typed as 亿元 the other way');
  });

  it('a level is judged at its size, not scaled by months: 年末常住人口 in 人 instead of 万人', () => {
    assert.equal(mixups(plan, [fig('年末常住人口', '2023-06', 1845000)]).length, 1);
    assert.equal(mixups(plan, [fig('年末常住人口', '2023-06', 184.5)]).length, 0);
  });

  it('history and the plan come first: with last month stored, or a plan reference, the catalog is not consulted', () => {
    const found = mixups(plan, [fig('社会消费品零售总额', '2023-06', 1923800)], [fig('社会消费品零售总额', '2023-05', 1603000)]);
    assert.equal(found.length, 0, 'a unit that always reports in 万元 is judged against its own history (consistent), not the catalog');
    const withPlan = withActual(plan, '社会消费品零售总额', '2022', 440.96, '亿元');
    assert.match(mixups(withPlan, [fig('社会消费品零售总额', '2023-06', 1923800)])[0]!.message.zh, /按计划推算的本期规模/);
  });

  it('every magnitude in the shipped catalog catches a 10^4 slip of a typical district’s figure, either way', () => {
    const shipped = catalog.indicators.filter((d) => d.magnitude);
    assert.ok(shipped.length >= 30, `${shipped.length} magnitudes`);
    for (const d of shipped) {
      const [lo, hi] = d.magnitude!;
      const typical = Math.sqrt(lo * hi);
      assert.ok(lo > 0 && lo < hi, d.name);
      assert.ok(typical * 1e4 > hi && typical / 1e4 < lo, `${d.name}: ${lo}–${hi}`);
    }
  });

  it('a catalog finding is a warning the user can explain (a judgement, not the plan’s word)', () => {
    const [f] = mixups(plan, [fig('社会消费品零售总额', '2023-06', 1923800)]);
    assert.equal(f!.severity, 'warning');
    const [g] = mixups(plan, [{ ...fig('社会消费品零售总额', '2023-06', 1923800), note: '含全市统一结算的网络零售额' }]);
    assert.equal(g!.explained, true);
  });

  it('a district’s catalog with a wrong magnitude names the indicator and ignores it', () => {
    const r = validateCatalog({ version: 'x', indicators: [{ name: '地区生产总值', unit: '亿元', kind: 'flow', magnitude: [100, 10] }] });
    assert.equal(r.catalog!.indicators[0]!.magnitude, undefined);
    assert.match(r.problems[0]!.zh, /地区生产总值.*常见量级（magnitude）应为两个正数/);
    assert.match(r.problems[0]!.en, /magnitude must be two positive numbers/);
  });
});
