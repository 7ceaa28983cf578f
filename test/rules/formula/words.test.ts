/**
 * Every word of the formula language that language.test.ts does not already try, on the same seed data
 * (区财政局's H1 2023 figures: 一般公共预算收入 58.18 同比4.1, 税收总额 158.9, 金融业税收 15.6; 2022 full
 * year 89.43): the Chinese and English names of every function, every period word and field word, and
 * the typeset operators — each with a case that holds and one that fires.
 */
import { strict as assert } from 'node:assert';
import { fires, f, tp } from './support';

// 一般公共预算收入 of 区财政局 through the year: months, quarters and halves as 1-N月累计.
const history = [
  f('区财政局', '一般公共预算收入', '2023-03', 30.05),
  f('区财政局', '一般公共预算收入', '2023-05', 50.12),
  f('区财政局', '一般公共预算收入', '2022-06', 55.89),
  f('区财政局', '一般公共预算收入', '2023-Q1', 30.05),
  f('区财政局', '一般公共预算收入', '2023-H1', 58.18),
  f('区财政局', '一般公共预算收入', '2022-H2', 89.43),
];

const table = (title: string, cases: [string, boolean][], run = {}): void => {
  describe(title, () => {
    for (const [formula, expected] of cases) it(`${formula} ${expected ? 'fires' : 'holds'}`, () => assert.equal(fires(formula, run), expected));
  });
};

table('审核公式: every function by its Chinese name', [
  ['最小值([税收总额], [金融业税收]) = 15.6', false],
  ['最小值([税收总额], [金融业税收]) = 158.9', true],
  ['最大值([税收总额], [金融业税收]) = 158.9', false],
  ['绝对值([金融业税收] - [税收总额]) = 143.3', false],
  ['绝对值([金融业税收] - [税收总额]) = -143.3', true],
  ['四舍五入([金融业税收] / 7, 2) = 2.23', false],
  ['四舍五入([金融业税收] / 7, 1) = 2.23', true],
  ['如果([税收总额] > 100, [金融业税收] > 10, [金融业税收] > 100)', false],
  ['如果([税收总额] > 1000, [金融业税收] > 10, [金融业税收] > 100)', true],
  ['且([税收总额] > 0, [金融业税收] > 0)', false],
  ['且([税收总额] > 0, [金融业税收] < 0)', true],
  ['或([税收总额] < 0, [金融业税收] > 0)', false],
  ['或([税收总额] < 0, [金融业税收] < 0)', true],
  ['非([金融业税收] > [税收总额])', false],
  ['非([金融业税收] < [税收总额])', true],
  ['为空([税收总额])', true],
]);

describe('审核公式: 为空 for one unit', () => {
  it('非(为空(...)) holds where the unit entered the figure and fires where it did not', () => {
    assert.equal(fires('非(为空([税收总额]))', {}, { units: ['区财政局'] }), false);
    assert.equal(fires('非(为空([新增就业]))', {}, { units: ['区财政局'] }), true);
  });
});

table('审核公式: blanks in SUM, MIN and MAX are skipped, as in Excel (区财政局 has no 新增就业)', [
  ['SUM([税收总额], [新增就业]) = 158.9', false],
  ['MIN([税收总额], [新增就业]) = 158.9', false],
  ['MAX([新增就业], [金融业税收]) = 15.6', false],
  ['MAX([新增就业], [金融业税收]) = 0', true],
]);

describe('审核公式: the plan and task functions by their English names', () => {
  const tasks = [tp('区财政局', 2, '2023-06', '推进中', 45)];
  const cases: [string, boolean][] = [
    ['ANNUALTARGET([一般公共预算收入]) = 92.1129 ± 0.0001', false],
    ['ROUND(COMPLETION([一般公共预算收入]), 1) = 63.2', false],
    ['COMPLETION([一般公共预算收入]) < TIMEPROGRESS()', true],
    ['TASKPROGRESS(2) = 45', false],
    ['TASKSTATUS(2) = "已完成"', true],
    ['SUMUNITS([税收总额]) >= [税收总额]', false],
    ['完成率([一般公共预算收入]@上期) >= 0', false],
  ];
  for (const [formula, expected] of cases) it(`${formula} ${expected ? 'fires' : 'holds'}`, () => assert.equal(fires(formula, { tasks, history }), expected));
});

table(
  '审核公式: every period word',
  [
    ['[一般公共预算收入]@去年同期 = 55.89', false],
    ['[一般公共预算收入]@去年同期 = 58.18', true],
    ['[一般公共预算收入]@去年 = 89.43', false],
    ['[一般公共预算收入]@二季度 = 58.18', false],
    ['[一般公共预算收入]@二季度.当期 = 28.13 ± 0.001', false],
    ['[一般公共预算收入]@二季度.当期 = 58.18', true],
    ['[一般公共预算收入]@H1 = 58.18', false],
    ['[一般公共预算收入]@2023-Q1 = 30.05', false],
    ['[一般公共预算收入]@2023-H1 = 58.18', false],
    ['[一般公共预算收入]@2022 = 89.43', false],
    ['[一般公共预算收入]@6月 = 58.18', false],
    ['[一般公共预算收入]@5月 = 50.12', false],
    ['[一般公共预算收入]@5月 = 58.18', true],
    // 三季度, 四季度, 下半年, 全年 of 2023 are not entered yet: blank, so the rule says nothing either way
    ['[一般公共预算收入]@三季度 = 1', false],
    ['[一般公共预算收入]@四季度 = 1', false],
    ['[一般公共预算收入]@下半年 = 1', false],
    ['[一般公共预算收入]@全年 = 1', false],
    ['ISBLANK([一般公共预算收入]@全年)', false],
    ['NOT(ISBLANK([一般公共预算收入]@全年))', true],
  ],
  { history },
);

describe('审核公式: 上期 of a half-year and of a year', () => {
  it('上期 of 2023-H1 is blank (the first half of the year), of a 2023-06 month is 2023-05', () => {
    assert.equal(fires('ISBLANK([一般公共预算收入]@上期)', { figures: [f('区财政局', '一般公共预算收入', '2023-H1', 58.18)] }), false);
    assert.equal(fires('ISBLANK([一般公共预算收入]@上期)', { history }), true);
  });
  it('上期 of a year is blank: a year report has no earlier period in its year', () => {
    assert.equal(fires('ISBLANK([一般公共预算收入]@上期)', { figures: [f('区财政局', '一般公共预算收入', '2023', 94.11)] }), false);
  });
});

table(
  '审核公式: every field word',
  [
    ['[一般公共预算收入].数值 = 58.18', false],
    ['[一般公共预算收入].本期 = 58.18', false],
    ['[一般公共预算收入].增速 = 4.1', false],
    ['[一般公共预算收入].增速 = 4', true],
    ['[一般公共预算收入].amount = 8.06 ± 0.001', false],
    ['[一般公共预算收入].AMOUNT = 8.06 ± 0.001', false],
    ['[一般公共预算收入]@上年同期.值 = 55.89', false],
  ],
  { history },
);

table('审核公式: full-width and typeset writing as a workbook cell holds it', [
  ['［税收总额］ >= ［金融业税收］', false],
  ['【税收总额】 >= 【金融业税收】', false],
  ['（[税收总额] + 1） >= [金融业税收]', false],
  ['[金融业税收] ＜ [税收总额]', false],
  ['[金融业税收] ＞ [税收总额]', true],
  ['[金融业税收] ＝ 15.6', false],
  ['[金融业税收] = 15.6 ± 0', false],
  ['[金融业税收] ＜＝ １５．６', false],
  ['[金融业税收] ＋ １ ＞ １６．７', true],
  ['[一般公共预算收入]＠上年 ＝ ８９．４３', false],
]);
