/**
 * judgeTarget, the one meaning of a target: a table of (target, observation, period) → verdict.
 */
import { strict as assert } from 'node:assert';
import { judgeTarget, type TargetStatus, type TargetCheck } from '../../src/rules';
import { parsePeriod } from '../../src/model/period';
import { target } from '../support/plans';
import type { Target } from '../../src/model/plan';

interface Row {
  name: string;
  t: Target;
  value: number | null;
  growth: number | null;
  unit: string;
  period: string;
  cumulative?: boolean;
  lastYear?: number;
  tolerance?: number;
  expect: { check: TargetCheck; status: TargetStatus; diffPoints?: number; completionPct?: number; aheadPoints?: number; amount?: number };
}

const approx5 = target('地区生产总值', 'growth', 'approx', 5, '%', '增长5%左右');
const gte3 = target('一般公共预算收入', 'growth', 'gte', 3, '%', '增长3%');
const over1000 = target('全社会固定资产投资', 'level', 'gt', 1000, '亿元', '超千亿元');
const ceiling5 = target('登记失业率', 'rate', 'lte', 5, '%', '控制在5%以内');
const floor95 = target('应届高校毕业生就业率', 'rate', 'gte', 95, '%', '95%以上');
const people = target('促进城乡劳动力就业', 'level', 'gte', 1.5, '万人', '不少于1.5万人');
const steady = target('居民人均可支配收入', 'qualitative', 'gt', 0, '', '稳步增长');
const external = target('万元地区生产总值能耗', 'level', 'external', null, '', '完成市里下达的节能任务');

const ROWS: Row[] = [
  { name: 'approx: 5.2 vs 5 is 0.2 points above', t: approx5, value: 607.6, growth: 5.2, unit: '亿元', period: '2023-06', tolerance: 0.5, expect: { check: 'approx', status: 'met', diffPoints: 0.2 } },
  { name: 'approx: 4.5 is at the tolerance floor', t: approx5, value: 1, growth: 4.5, unit: '亿元', period: '2023-06', tolerance: 0.5, expect: { check: 'approx', status: 'met', diffPoints: -0.5 } },
  { name: 'approx: 4.4 is below it', t: approx5, value: 1, growth: 4.4, unit: '亿元', period: '2023-06', tolerance: 0.5, expect: { check: 'approx', status: 'not-met' } },
  { name: 'approx: the target own tolerance wins', t: { ...approx5, tolerance: 1 }, value: 1, growth: 4.1, unit: '亿元', period: '2023-06', tolerance: 0.5, expect: { check: 'approx', status: 'met' } },
  {
    name: 'growth floor with last year: completion and time progress',
    t: gte3,
    value: 58.18,
    growth: 4.1,
    unit: '亿元',
    period: '2023-06',
    cumulative: true,
    lastYear: 89.43,
    expect: { check: 'floor', status: 'met', completionPct: (58.18 / (89.43 * 1.03)) * 100, aheadPoints: (58.18 / (89.43 * 1.03)) * 100 - 50, amount: 89.43 * 1.03 },
  },
  { name: 'growth floor: 2.9 under 3', t: gte3, value: 1, growth: 2.9, unit: '亿元', period: '2023-06', expect: { check: 'floor', status: 'not-met' } },
  { name: 'growth with no growth: no data', t: gte3, value: 1, growth: null, unit: '亿元', period: '2023-06', expect: { check: 'floor', status: 'no-data' } },
  {
    name: 'level during the year: 550 at June is ahead',
    t: over1000,
    value: 550,
    growth: null,
    unit: '亿元',
    period: '2023-06',
    cumulative: true,
    expect: { check: 'level', status: 'ahead', completionPct: 55, aheadPoints: 5 },
  },
  { name: 'level during the year: 450 at June is behind', t: over1000, value: 450, growth: null, unit: '亿元', period: '2023-H1', cumulative: true, expect: { check: 'level', status: 'behind', aheadPoints: -5 } },
  { name: 'level at year end: exactly 1000 is not 超 (gt)', t: over1000, value: 1000, growth: null, unit: '亿元', period: '2023', cumulative: true, expect: { check: 'floor', status: 'not-met' } },
  { name: 'level in 万元 against 亿元 target', t: over1000, value: 10_010_000, growth: null, unit: '万元', period: '2023', cumulative: true, expect: { check: 'floor', status: 'met' } },
  { name: 'ceiling: 3.66 within 5', t: ceiling5, value: 3.66, growth: null, unit: '%', period: '2023-06', expect: { check: 'ceiling', status: 'met', diffPoints: -1.34 } },
  { name: 'ceiling: 5 is within 控制在5%以内', t: ceiling5, value: 5, growth: null, unit: '%', period: '2023-06', expect: { check: 'ceiling', status: 'met' } },
  { name: 'ceiling: 5.01 is over', t: ceiling5, value: 5.01, growth: null, unit: '%', period: '2023-06', expect: { check: 'ceiling', status: 'not-met' } },
  { name: 'rate floor: 96.8 above 95', t: floor95, value: 96.8, growth: null, unit: '%', period: '2023', expect: { check: 'floor', status: 'met' } },
  { name: 'people: 13245 at June is 88.3% of 1.5万, ahead', t: people, value: 13245, growth: null, unit: '人', period: '2023-06', cumulative: true, expect: { check: 'level', status: 'ahead', completionPct: 88.3 } },
  { name: 'qualitative: +5.6 meets 稳步增长', t: steady, value: 28360, growth: 5.6, unit: '元', period: '2023-06', expect: { check: 'qualitative', status: 'met' } },
  { name: 'qualitative: 0 does not', t: steady, value: 28360, growth: 0, unit: '元', period: '2023-06', expect: { check: 'qualitative', status: 'not-met' } },
  { name: 'external without a number: pending', t: external, value: 0.3, growth: -3, unit: '吨标准煤/万元', period: '2023-06', expect: { check: 'external', status: 'pending' } },
  { name: 'a target in a unit that cannot convert: pending', t: { ...over1000, measureUnit: '万人' }, value: 5, growth: null, unit: '亿元', period: '2023', expect: { check: 'none', status: 'pending' } },
];

describe('judgeTarget: the kinds of target in DOMAIN.md', () => {
  for (const r of ROWS) {
    it(r.name, () => {
      const v = judgeTarget(r.t, { value: r.value, growth: r.growth, measureUnit: r.unit }, { period: parsePeriod(r.period)!, cumulative: r.cumulative ?? false, lastYear: r.lastYear, tolerance: r.tolerance });
      assert.equal(v.check, r.expect.check);
      assert.equal(v.status, r.expect.status);
      for (const k of ['diffPoints', 'completionPct', 'aheadPoints', 'amount'] as const) {
        if (r.expect[k] !== undefined) assert.ok(Math.abs(v[k]! - r.expect[k]!) < 0.05, `${k} ${v[k]} ≠ ${r.expect[k]}`);
      }
    });
  }

  it('time progress follows the period end: Q1 25, H1 50, 1-9月 75, year 100', () => {
    const tp = ['2023-Q1', '2023-H1', '2023-09', '2023'].map((p) => judgeTarget(approx5, { value: 1, growth: 5, measureUnit: '亿元' }, { period: parsePeriod(p)!, cumulative: true }).timeProgressPct);
    assert.deepEqual(tp, [25, 50, 75, 100]);
  });

  it('a stated amount wins over last year × growth', () => {
    const v = judgeTarget({ ...gte3, amount: 92.1 }, { value: 58.18, growth: 4.1, measureUnit: '亿元' }, { period: parsePeriod('2023-06')!, cumulative: true, lastYear: 80 });
    assert.equal(v.amount, 92.1);
  });
});
