/**
 * A percent typed as a fraction (tester F-C): "4%" into a % row whose cell keeps a number format is
 * stored 0.04 and shown 0.04, so no cell check can see it; the figure check catches it by size, on the
 * seed plan (登记失业率 published 3.66%, 控制在5%以内; GDP 增长5%左右), offline and in a first month.
 * Also the catalog magnitude for an indicator with no plan level (万元地区生产总值能耗 3100, F-M).
 */
import { strict as assert } from 'node:assert';
import { checkFigures, loadDefaultCatalog, loadDefaultRules } from '../../src/rules';
import { fractionOfPercent } from '../../src/rules/percent-fraction';
import { fig } from '../support/plans';
import { seedPlan2023 } from '../support/seed-plan';

const catalog = loadDefaultCatalog();
const rules = loadDefaultRules();
const plan = seedPlan2023();
const run = (figures: ReturnType<typeof fig>[], history: ReturnType<typeof fig>[] = []) => checkFigures({ plan, catalog, rules, figures, history });

describe('a percent typed as a fraction, caught by size', () => {
  it('登记失业率 0.04 in a first month: an error quoting the expected size and saying to type 4', () => {
    const found = run([{ ...fig('登记失业率', '2023-06', 0.04), orgUnit: '区人力社保局' }]).filter((f) => f.rule === 'unit-mixup');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, 'error');
    assert.match(found[0]!.message.zh, /预期规模（约[\d.]+%）.*输入“4%”.*直接输入4（不带%号）/);
    assert.match(found[0]!.message.en, /enter 4 in the cell \(without the % sign\)/);
  });

  it('登记失业率 3.7 and 0.8 pass; 0.04 after a May of 3.5 is caught against history', () => {
    assert.equal(run([fig('登记失业率', '2023-06', 3.7)]).filter((f) => f.rule === 'unit-mixup').length, 0);
    assert.equal(run([fig('登记失业率', '2023-06', 0.8)]).filter((f) => f.rule === 'unit-mixup').length, 0);
    const h = run([fig('登记失业率', '2023-06', 0.04)], [fig('登记失业率', '2023-05', 3.5)]).filter((f) => f.rule === 'unit-mixup');
    assert.match(h[0]!.message.en, /about 3\.5%/);
  });

  it('growth 0.041 against 增长5%左右 is an error saying to type 4.1; a real 0.5 or 3.1 is judged against the target only', () => {
    const g = run([{ ...fig('地区生产总值', '2023-06', 607.6), growth: 0.041 }]).filter((f) => f.rule === 'unit-mixup');
    assert.equal(g.length, 1);
    assert.equal(g[0]!.field, 'figures/地区生产总值/growth');
    assert.match(g[0]!.message.zh, /直接输入4\.1（不带%号）/);
    for (const growth of [0.5, 3.1]) assert.equal(run([{ ...fig('地区生产总值', '2023-06', 607.6), growth }]).filter((f) => f.rule === 'unit-mixup').length, 0);
  });

  it('万元地区生产总值能耗 3100 (no plan level) is caught by the catalog magnitude; 0.31 passes', () => {
    const m = run([fig('万元地区生产总值能耗', '2023-06', 3100)]).filter((f) => f.rule === 'unit-mixup');
    assert.equal(m.length, 1);
    assert.match(m[0]!.message.zh, /0\.02～5吨标准煤\/万元/);
    assert.equal(run([fig('万元地区生产总值能耗', '2023-06', 0.31)]).filter((f) => f.rule === 'unit-mixup').length, 0);
  });

  it('the rule: a ratio of 20–500 to the reference, magnitudes below 1 only', () => {
    assert.equal(fractionOfPercent(0.04, [3.66]), 3.66);
    assert.equal(fractionOfPercent(-0.032, [5]), 5);
    assert.equal(fractionOfPercent(0.5, [5]), null);
    assert.equal(fractionOfPercent(4, [5]), null);
    assert.equal(fractionOfPercent(0.04, [NaN, null, 3.66]), 3.66);
  });
});
