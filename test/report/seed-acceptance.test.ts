/**
 * Issue 3, "What must hold": the 2023 targets imported from 003 and the H1 figures of 000 (with the 2022
 * base from 002) reproduce the documents' own statements in 主要经济指标完成情况表 and in the draft sentences.
 */
import { strict as assert } from 'node:assert';
import { seedPlan2023, fixtureText } from '../support/seed-plan';
import { readFiguresCsv, loadDefaultCatalog, loadDefaultRules, checkFigures } from '../../src/rules';
import { buildMainIndicatorsTable, draftSentences, type MainIndicatorRow } from '../../src/report';
import { canSubmit } from '../../src/model/finding';
import type { Plan } from '../../src/model/plan';

function rowOf(rows: MainIndicatorRow[], indicator: string): MainIndicatorRow {
  const r = rows.find((x) => x.indicator === indicator);
  assert.ok(r, `no row for ${indicator}`);
  return r;
}

describe('seed acceptance: 2023 H1 against the 2023 targets of 003', () => {
  const plan = seedPlan2023();
  const figures = readFiguresCsv(fixtureText('figures/tongzhou-2023-h1.csv'));
  const catalog = loadDefaultCatalog();

  it('reads the fixture without row problems', () => {
    assert.deepEqual(figures.findings, []);
    assert.equal(figures.items.length, 13);
  });

  const table = buildMainIndicatorsTable({ plan, catalog, figures: figures.items, period: '2023-06', tolerance: 0.5 });
  const rows = table.rows;

  it('has one row per 2023 target, in the plan order', () => {
    assert.deepEqual(
      rows.map((r) => r.indicator),
      plan.targets.map((t) => t.indicator),
    );
    assert.equal(rows.length, 8);
  });

  it('GDP +5.2% is 0.2 points above the approx-5% target (000: 高于全年预期目标0.2个百分点)', () => {
    const r = rowOf(rows, '地区生产总值');
    assert.equal(r.value, 607.6);
    assert.equal(r.growth, 5.2);
    assert.equal(r.targetGrowth, 5);
    assert.equal(r.diffPoints, 0.2);
    assert.equal(r.status, 'met');
  });

  it('一般公共预算收入: 63.2% of the annual task, 13.2 points ahead of 时间进度 (000)', () => {
    const r = rowOf(rows, '一般公共预算收入');
    assert.equal(r.timeProgressPct, 50);
    assert.ok(Math.abs(r.completionPct! - 63.2) <= 0.1 + 1e-9, `completion ${r.completionPct}`);
    assert.ok(Math.abs(r.aheadPoints! - 13.2) <= 0.1 + 1e-9, `ahead ${r.aheadPoints}`);
    assert.equal(r.completionPct, 63.2);
    assert.equal(r.aheadPoints, 13.2);
    // the annual amount: 2022 × 1.03
    assert.equal(r.amount, 92.11);
    assert.equal(r.status, 'met');
  });

  it('the plain base 94.11 ÷ 1.052 still lands within the documents rounding (63.1)', () => {
    const plain = figures.items.map((f) => (f.period === '2022' ? { ...f, value: Math.round((94.11 / 1.052) * 100) / 100 } : f));
    const r = rowOf(buildMainIndicatorsTable({ plan, catalog, figures: plain, period: '2023-06' }).rows, '一般公共预算收入');
    assert.ok(Math.abs(r.completionPct! - 63.2) <= 0.1 + 1e-9, `completion ${r.completionPct}`);
    assert.ok(Math.abs(r.aheadPoints! - 13.2) <= 0.1 + 1e-9, `ahead ${r.aheadPoints}`);
  });

  it('a stated annual amount (Target.amount) wins over the derived one', () => {
    const withAmount: Plan = { ...plan, targets: plan.targets.map((t) => (t.indicator === '一般公共预算收入' ? { ...t, amount: 92.1 } : t)) };
    const r = rowOf(buildMainIndicatorsTable({ plan: withAmount, catalog, figures: figures.items, period: '2023-H1' }).rows, '一般公共预算收入');
    assert.equal(r.amount, 92.1);
    assert.equal(r.completionPct, 63.2);
  });

  it('登记失业率 3.66% is within the 5% ceiling', () => {
    const r = rowOf(rows, '登记失业率');
    assert.equal(r.value, 3.66);
    assert.equal(r.check, 'ceiling');
    assert.equal(r.status, 'met');
  });

  it('居民人均可支配收入 +5.6% meets 稳步增长; the external targets have no verdict; 固定资产投资 has no H1 figure', () => {
    assert.equal(rowOf(rows, '居民人均可支配收入').status, 'met');
    assert.equal(rowOf(rows, '万元地区生产总值能耗').status, 'pending');
    assert.equal(rowOf(rows, '大气污染物和水污染物排放').status, 'pending');
    assert.equal(rowOf(rows, '全社会固定资产投资').status, 'no-data');
    assert.equal(rowOf(rows, '社会消费品零售总额').status, 'not-met');
    assert.equal(rowOf(rows, '社会消费品零售总额').diffPoints, -1.8);
  });

  it('drafts the documents own sentences', () => {
    const zh = draftSentences(rows).map((s) => s.zh);
    assert.ok(zh.includes('一般公共预算收入58.18亿元，同比增长4.1%，完成全年任务的63.2%，超时间进度13.2个百分点'), zh.join('\n'));
    assert.ok(zh.includes('地区生产总值607.6亿元，同比增长5.2%，高于全年预期目标0.2个百分点'), zh.join('\n'));
    // 000 writes 登记失业率控制在3.66%
    assert.ok(zh.includes('登记失业率控制在3.66%，低于全年控制目标5%'), zh.join('\n'));
  });

  it('the H1 figures pass the default checks except the target warning on 社零, which blocks until explained', () => {
    const findings = checkFigures({ plan, catalog, rules: loadDefaultRules(), figures: figures.items, today: '2023-07-10' });
    const blocking = findings.filter((f) => f.severity !== 'info');
    assert.deepEqual(
      blocking.map((f) => [f.rule, f.subject.kind === 'figure' ? f.subject.indicator : '']),
      [['target-approx', '社会消费品零售总额']],
    );
    assert.equal(canSubmit(findings), false);
    const explained = figures.items.map((f) => (f.indicator === '社会消费品零售总额' ? { ...f, note: '接触性消费恢复中，下半年促消费活动集中开展' } : f));
    const after = checkFigures({ plan, catalog, rules: loadDefaultRules(), figures: explained });
    assert.equal(canSubmit(after), true, JSON.stringify(after, null, 1));
  });
});
