/**
 * The report takes last year's base from the plan's own documents when no unit entered it: 002's
 * "一般公共预算收入完成94.11亿元，同比增长5.2%" implies 2022 ≈ 89.46亿元, and with it 000's H1 figure
 * comes out at 63.1–63.2% of the year's task, as 000 states (63.2%, the documents round their bases).
 */
import { strict as assert } from 'node:assert';
import { importDocuments } from '../../src/importer';
import { loadDefaultCatalog } from '../../src/rules';
import { buildMainIndicatorsTable } from '../../src/report';
import { historyFromPlan, DOCUMENT_UNIT } from '../../src/report/plan-history';
import type { Figure } from '../../src/model/submission';
import { seedText } from '../support/seed-plan';

describe('report/plan-history: earlier years from the plan documents', () => {
  const plan = importDocuments(['000', '001', '002', '003', '004'].map(seedText)).plan;
  const catalog = loadDefaultCatalog();
  const h1: Figure = { orgUnit: '区财政局', indicator: '一般公共预算收入', period: '2023-06', value: 58.18, growth: 4.1, sameLastYear: null, note: '' };

  it('the five seeds make the 2023 plan, and its history holds 2022 implied by 002 but nothing of 2023', () => {
    assert.equal(plan.year, 2023);
    const history = historyFromPlan(plan, catalog);
    const base = history.find((f) => f.indicator === '一般公共预算收入' && f.period === '2022');
    assert.ok(base, 'no 2022 一般公共预算收入');
    assert.ok(Math.abs((base.value as number) - 94.11 / 1.052) < 1e-9);
    assert.equal(base.orgUnit, DOCUMENT_UNIT);
    assert.ok(
      history.every((f) => Number(f.period.slice(0, 4)) < 2023),
      'a plan-year figure taken from a document',
    );
  });

  it('a stated earlier figure beats one implied by a later growth rate', () => {
    const gdp2020 = historyFromPlan(plan, catalog).filter((f) => f.indicator === '地区生产总值' && f.period === '2020');
    assert.equal(gdp2020.length, 1);
    assert.equal(gdp2020[0]!.value, 1103); // 001: 2020 GDP 1103亿元, stated
  });

  it('completion of the annual amount reproduces 000 within the documents’ rounding with no base entered', () => {
    const row = buildMainIndicatorsTable({ plan, catalog, figures: [h1], period: '2023-06' }).rows.find((r) => r.indicator === '一般公共预算收入');
    assert.ok(row);
    assert.ok(row.completionPct !== null && Math.abs(row.completionPct - 63.2) <= 0.1 + 1e-9, `completion ${row.completionPct}`);
    assert.ok(row.aheadPoints !== null && Math.abs(row.aheadPoints - 13.2) <= 0.1 + 1e-9, `ahead ${row.aheadPoints}`);
  });

  it('a base the unit entered wins over the documents’', () => {
    const own: Figure = { ...h1, period: '2022', value: 89.43, growth: null };
    const row = buildMainIndicatorsTable({ plan, catalog, figures: [h1, own], period: '2023-06' }).rows.find((r) => r.indicator === '一般公共预算收入');
    assert.ok(row && row.amount !== null);
    assert.ok(Math.abs(row.amount - 89.43 * 1.03) < 0.01, `amount ${row.amount}`);
  });

  it('without documents of earlier years there is no amount, and no number is made up', () => {
    const only003 = importDocuments([seedText('003')]).plan;
    assert.deepEqual(historyFromPlan(only003, catalog), []);
    const row = buildMainIndicatorsTable({ plan: only003, catalog, figures: [h1], period: '2023-06' }).rows.find((r) => r.indicator === '一般公共预算收入');
    assert.equal(row?.completionPct, null);
  });
});

describe('report/plan-history: the statistical bulletin is the base over an estimate', () => {
  // A 2024 plan whose report estimates 2023 (预计全年…856亿元) and whose 2023 统计公报 publishes 862.4亿元.
  const report =
    '关于某区2023年国民经济和社会发展计划执行情况与2024年国民经济和社会发展计划草案的报告\n一、2023年国民经济和社会发展计划执行情况\n预计全年地区生产总值完成856亿元，增长5%。\n二、2024年主要预期目标\n2024年全区经济社会发展主要预期目标是：地区生产总值增长5%左右。';
  const bulletin = '2023年某区国民经济和社会发展统计公报\n初步核算，全年地区生产总值862.4亿元，比上年增长5.3%。';
  for (const order of [
    ['report', 'bulletin'],
    ['bulletin', 'report'],
  ]) {
    it(`whatever the order of the documents (${order.join(', ')})`, () => {
      const docs = { report: { id: 'r.txt', text: report }, bulletin: { id: 'b.txt', text: bulletin } };
      const plan = importDocuments(order.map((k) => docs[k as 'report' | 'bulletin'])).plan;
      assert.equal(plan.year, 2024);
      const base = historyFromPlan(plan, loadDefaultCatalog()).filter((f) => f.indicator === '地区生产总值' && f.period === '2023');
      assert.deepEqual(
        base.map((f) => f.value),
        [862.4],
      );
    });
  }
});
