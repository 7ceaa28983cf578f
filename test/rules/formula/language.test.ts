/**
 * The formula language, piece by piece, on the published H1 2023 figures and the seed-003 plan: every
 * operator, function, period reference and field, each with a case that holds and one that does not.
 */
import { strict as assert } from 'node:assert';
import { fires, judge, f, tp, plan } from './support';

// 一般公共预算收入 of 区财政局: 2023-06 58.18 (同比 4.1), 2022 full year 89.43 (both in the CSV); the months before as history.
const history = [f('区财政局', '一般公共预算收入', '2023-03', 30.05), f('区财政局', '一般公共预算收入', '2023-05', 50.12), f('区财政局', '一般公共预算收入', '2022-06', 55.89)];
const run = { history };

describe('审核公式: operators', () => {
  const cases: [string, boolean][] = [
    ['[一般公共预算收入] = 58.18', false],
    ['[一般公共预算收入] = 58.2', true],
    ['[一般公共预算收入] <> 58.18', true],
    ['[一般公共预算收入] <> 58', false],
    ['[金融业税收] < [税收总额]', false],
    ['[税收总额] < [金融业税收]', true],
    ['[税收总额] > [金融业税收]', false],
    ['[金融业税收] > [税收总额]', true],
    ['[金融业税收] <= 15.6', false],
    ['[金融业税收] <= 15.5', true],
    ['[金融业税收] >= 15.6', false],
    ['[金融业税收] >= 15.7', true],
    ['[税收总额] - [金融业税收] = 143.3', false],
    ['[税收总额] + [金融业税收] = 174.5', false],
    ['[金融业税收] * 10 = 156', false],
    ['[税收总额] / 2 = 79.45', false],
    ['[税收总额] / 2 = 79', true],
    ['-[税收总额] < 0', false],
    ['-[税收总额] > 0', true],
    ['2 + 3 * 4 = 14', false],
    ['(2 + 3) * 4 = 20', false],
    // typeset forms as a workbook cell holds them
    ['[金融业税收] ≤ [税收总额]', false],
    ['[金融业税收] ≥ [税收总额]', true],
    ['[金融业税收] ≠ 15.6', true],
    ['[税收总额] − [金融业税收] = 143.3', false],
    ['[金融业税收] × 10 = 156', false],
    ['[税收总额] ÷ 2 = 79.45', false],
    ['（[税收总额] － 0） ＝ 158.9'.replace('－', '-').replace('＝', '='), false],
  ];
  for (const [formula, expected] of cases) it(`${formula} ${expected ? 'fires' : 'holds'}`, () => assert.equal(fires(formula), expected));

  it('± tolerance: 金融业增加值 ÷ 地区生产总值 = 占比 holds within 0.05 points and not exactly', () => {
    // 69.3 / 607.6 × 100 = 11.4055; published 11.4
    assert.equal(fires('[金融业增加值] / [地区生产总值] * 100 = [金融业增加值占地区生产总值比重] ± 0.05'), false);
    assert.equal(fires('[金融业增加值] / [地区生产总值] * 100 = [金融业增加值占地区生产总值比重]'), true);
    assert.equal(fires('[金融业增加值] / [地区生产总值] * 100 = [金融业增加值占地区生产总值比重] ± 0.001'), true);
  });

  it('the rule field 容差 does what ± does, and ± in the formula wins', () => {
    assert.equal(fires('[金融业增加值] / [地区生产总值] * 100 = [金融业增加值占地区生产总值比重]', {}, { tolerance: 0.05 }), false);
    assert.equal(fires('[金融业增加值] / [地区生产总值] * 100 = [金融业增加值占地区生产总值比重] ± 0.001', {}, { tolerance: 0.05 }), true);
  });

  it('a firing comparison reports 左值, 右值 and 差额 and fills them into the message', () => {
    const [x] = judge('[一般公共预算收入] >= 60', {}, { message: { zh: '一般公共预算收入{左值}低于{右值}，差{差额}', en: 'revenue {left} below {right} by {diff}' } });
    assert.deepEqual(x!.numbers, { left: 58.18, right: 60, diff: 58.18 - 60 });
    assert.equal(x!.message.zh, '一般公共预算收入58.18低于60，差-1.82');
    assert.equal(x!.message.en, 'revenue 58.18 below 60 by -1.82');
    assert.deepEqual(x!.subject, { kind: 'figure', orgUnit: '区财政局', indicator: '一般公共预算收入', period: '2023-06' });
    assert.equal(x!.field, 'figures/一般公共预算收入/value');
  });
});

describe('审核公式: functions', () => {
  const cases: [string, boolean][] = [
    ['SUM([税收总额], [金融业税收]) = 174.5', false],
    ['SUM([税收总额], [金融业税收], 1) = 174.5', true],
    ['ABS([金融业税收] - [税收总额]) = 143.3', false],
    ['ROUND([金融业税收] / 7, 2) = 2.23', false],
    ['ROUND([税收总额]) = 159', false],
    ['MIN([税收总额], [金融业税收]) = 15.6', false],
    ['MAX([税收总额], [金融业税收]) = 158.9', false],
    ['MAX([税收总额], [金融业税收]) = 15.6', true],
    ['IF([税收总额] > 100, [金融业税收] > 10, [金融业税收] > 100)', false],
    ['IF([税收总额] > 1000, [金融业税收] > 10, [金融业税收] > 100)', true],
    ['AND([税收总额] > 0, [金融业税收] > 0)', false],
    ['AND([税收总额] > 0, [金融业税收] < 0)', true],
    ['OR([税收总额] < 0, [金融业税收] > 0)', false],
    ['OR([税收总额] < 0, [金融业税收] < 0)', true],
    ['NOT([金融业税收] > [税收总额])', false],
    ['ISBLANK([新增就业])', false],
    ['求和([税收总额], [金融业税收]) = 174.5', false],
    ['sum([税收总额], [金融业税收]) = 174.5', false],
  ];
  for (const [formula, expected] of cases) it(`${formula} ${expected ? 'fires' : 'holds'}`, () => assert.equal(fires(formula), expected));

  it('ISBLANK fires for a unit that left a figure empty (区财政局 has no 新增就业)', () => {
    const found = judge('NOT(ISBLANK([新增就业]))', {}, { units: ['区财政局'] });
    assert.equal(found.length, 1);
    assert.deepEqual(found[0]!.subject, { kind: 'submission', orgUnit: '区财政局', period: '2023-06' });
    assert.deepEqual(judge('NOT(ISBLANK([税收总额]))', {}, { units: ['区财政局'] }), []);
  });

  it('目标, 全年目标数, 完成率 and 时间进度 read the plan the way the report does (完成全年任务的63.2%)', () => {
    // 一般公共预算收入增长3% on 2022's 89.43 → 92.11 亿元; 58.18 of it is 63.2%
    assert.equal(fires('目标([一般公共预算收入]) = 3'), false);
    assert.equal(fires('全年目标数([一般公共预算收入]) = 92.1129 ± 0.0001'), false);
    assert.equal(fires('ROUND(完成率([一般公共预算收入]), 1) = 63.2'), false);
    assert.equal(fires('时间进度() = 50'), false);
    assert.equal(fires('完成率([一般公共预算收入]) >= 时间进度() + 20'), true);
    assert.equal(fires('TARGET([全社会固定资产投资]) = 1000 ± 0', { figures: [f('区发展改革委', '全社会固定资产投资', '2023-06', 480)] }), false);
    assert.equal(fires('完成率([全社会固定资产投资]) >= 时间进度()', { figures: [f('区发展改革委', '全社会固定资产投资', '2023-06', 480)] }), true, '48% of 超千亿元 behind 50%');
  });

  it('任务进度 and 任务状态 read the task form of the same unit and period', () => {
    const tasks = [tp('区财政局', 2, '2023-06', '推进中', 45)];
    assert.equal(fires('任务进度(2) >= 40', { tasks }), false);
    assert.equal(fires('任务进度(2) >= 50', { tasks }), true);
    assert.equal(fires('任务状态(2) = "推进中"', { tasks }), false);
    assert.equal(fires('任务状态(2) = "已完成"', { tasks }), true);
    assert.equal(fires('任务状态("2") <> "滞后"', { tasks }), false);
  });

  it('汇总 sums an indicator over units, or over the units of a plan section', () => {
    const figures = [f('区财政局', '新增就业', '2023-06', 100), f('区商务局', '新增就业', '2023-06', 250), f('区人力社保局', '新增就业', '2023-06', 1000), f('区教委', '新增就业', '2023-06', 7)];
    assert.equal(fires('汇总([新增就业]) = 1357', { figures }), false);
    // The units responsible for the tasks of 主要预期目标 in seed 003, as the importer read them.
    const section = new Set(plan.tasks.filter((t) => t.section === '主要预期目标').flatMap((t) => t.units));
    const expected = figures.filter((x) => section.has(x.orgUnit)).reduce((a, x) => a + (x.value as number), 0);
    assert.ok(expected > 0 && expected < 1357, 'the section covers some of the units, not all');
    const sums = judge('汇总([新增就业], "主要预期目标") = -1', { figures });
    assert.equal(sums[0]!.numbers.left, expected);
  });
});

describe('审核公式: periods and fields', () => {
  const cases: [string, boolean][] = [
    ['[一般公共预算收入]@上期 = 50.12', false],
    ['[一般公共预算收入]@上年同期 = 55.89', false],
    ['[一般公共预算收入]@上年 = 89.43', false],
    ['[一般公共预算收入]@年初 = 89.43', false],
    ['[一般公共预算收入]@一季度 = 30.05', false],
    ['[一般公共预算收入]@3月 = 30.05', false],
    ['[一般公共预算收入]@Q1 = 30.05', false],
    ['[一般公共预算收入]@上半年 = 58.18', false],
    ['[一般公共预算收入]@2022-06 = 55.89', false],
    ['[一般公共预算收入]@本期 = 58.18', false],
    ['[一般公共预算收入].值 = 58.18', false],
    ['[一般公共预算收入].value = 58.18', false],
    ['[一般公共预算收入].同比增长 = 4.1', false],
    ['[一般公共预算收入].growth = 4.2', true],
    ['ROUND(([一般公共预算收入] / [一般公共预算收入]@上年同期 - 1) * 100, 1) = [一般公共预算收入].同比增长', false],
    ['[一般公共预算收入].当期 = 8.06 ± 0.001', false],
    ['[一般公共预算收入]@上期.值 = 50.12', false],
    ['[一般公共预算收入].值@上期 = 50.12', false],
  ];
  for (const [formula, expected] of cases) it(`${formula} ${expected ? 'fires' : 'holds'}`, () => assert.equal(fires(formula, run), expected));

  it('.上年同期 reads the base the unit entered', () => {
    const figures = [f('区财政局', '一般公共预算收入', '2023-06', 58.18, 4.1, { sameLastYear: 55.89 })];
    assert.equal(fires('[一般公共预算收入].上年同期 = 55.89', { figures }), false);
    assert.equal(fires('[一般公共预算收入].base = 50', { figures }), true);
  });

  it('a period before the first of the year is blank, so the rule says nothing (2023-01 has no 上期)', () => {
    const figures = [f('区财政局', '一般公共预算收入', '2023-01', 9.5)];
    assert.deepEqual(judge('[一般公共预算收入] >= [一般公共预算收入]@上期', { figures }), []);
  });

  it('a quarter steps back a quarter: 上期 of 2023-Q2 is Q1', () => {
    const figures = [f('区财政局', '一般公共预算收入', '2023-Q2', 58.18)];
    assert.equal(fires('[一般公共预算收入]@上期 = 30.05', { figures, history }), false);
  });
});
