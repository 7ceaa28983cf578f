/**
 * The unit mix-up check without history: a unit's first month and the offline check compare the
 * figure with what the plan knows (annual target amount, last year's figure from the documents).
 */
import { strict as assert } from 'node:assert';
import { checkFigures, loadDefaultCatalog, loadDefaultRules } from '../../src/rules';
import type { Plan } from '../../src/model/plan';
import { smallPlan, fig, target } from '../support/plans';
import { seedPlan2023 } from '../support/seed-plan';

const catalog = loadDefaultCatalog();
const rules = loadDefaultRules();
const src = { document: 'x.txt', line: 1 };

function withActual(plan: Plan, indicator: string, period: string, value: number, unit: string): Plan {
  return { ...plan, actuals: [...plan.actuals, { indicator, period, value, unit, growth: null, status: 'final', text: '', source: src } as Plan['actuals'][number]] };
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

  it('a reference in another kind of unit (growth %) is no reference', () => {
    const plan = withActual(smallPlan(), '一般公共预算收入', '2022', 5.2, '%');
    assert.equal(mixups(plan, [fig('一般公共预算收入', '2023-06', 581800)]).length, 0);
  });
});
