/**
 * The examples ("Why"), each written as a statistician would write it in the 审核公式 sheet,
 * with a case that fires and one that stays quiet; and cross-form rules (a figure against a task's progress).
 */
import { strict as assert } from 'node:assert';
import { canSubmit } from '../../../src/model/finding';
import { loadDefaultRules } from '../../../src/rules';
import { check, judge, f, tp } from './support';

const 规上 = (v: number, period = '2023-06') => f('区经济和信息化局', '规模以上工业增加值', period, v);
const 高技术 = (v: number, period = '2023-06') => f('区经济和信息化局', '高技术制造业增加值', period, v);

describe('审核公式: the examples of the issue', () => {
  it('高技术制造业增加值 ≤ 规模以上工业增加值 (强制性)', () => {
    const rule = '[高技术制造业增加值] ≤ [规模以上工业增加值]';
    const found = judge(rule, { figures: [规上(120.5), 高技术(130.2)] });
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, 'error');
    assert.deepEqual(found[0]!.numbers, { left: 130.2, right: 120.5, diff: 130.2 - 120.5 });
    assert.deepEqual(found[0]!.reads, ['figures/高技术制造业增加值/value', 'figures/规模以上工业增加值/value'], 'both cells it compared');
    assert.deepEqual(judge(rule, { figures: [规上(120.5), 高技术(38.7)] }), []);
    // aliases resolve through the catalog, and the cell path keeps the name the unit used
    const aliased = judge('[高技术制造业增加值] <= [规上工业增加值]', { figures: [f('区经济和信息化局', '规上工业增加值', '2023-06', 120.5), 高技术(130.2)] });
    assert.deepEqual(aliased[0]!.reads, ['figures/高技术制造业增加值/value', 'figures/规上工业增加值/value']);
  });

  it('一季度 + 二季度 = 上半年: holds on 1-N月累计 figures, and a 上半年 below 一季度 shows as a negative 二季度', () => {
    // Figures are year-to-date cumulative, so 二季度's own amount is 上半年 − 一季度 (.当期): the sum holds by construction
    // and what can go wrong is an 上半年 smaller than 一季度, which the second rule catches.
    const sum = '[规模以上工业增加值]@一季度.当期 + [规模以上工业增加值]@二季度.当期 = [规模以上工业增加值]@上半年';
    const positive = '[规模以上工业增加值]@二季度.当期 >= 0';
    const good = { figures: [规上(120.5, '2023-06')], history: [规上(58.3, '2023-03')] };
    const bad = { figures: [规上(52.1, '2023-06')], history: [规上(58.3, '2023-03')] };
    assert.deepEqual(judge(sum, good), []);
    assert.deepEqual(judge(positive, good), []);
    assert.deepEqual(judge(sum, bad), []);
    const [x] = judge(positive, bad);
    assert.ok(Math.abs(x!.numbers.left! - (52.1 - 58.3)) < 1e-9);
  });

  it('本月止累计 − 上月止累计 ≤ 全年目标 × 0.3 (全社会固定资产投资超千亿元: one month may not bring 300 亿元)', () => {
    const rule = '[全社会固定资产投资] - [全社会固定资产投资]@上期 <= 全年目标数([全社会固定资产投资]) * 0.3';
    const at = (may: number, june: number) => ({ figures: [f('区发展改革委', '全社会固定资产投资', '2023-06', june)], history: [f('区发展改革委', '全社会固定资产投资', '2023-05', may)] });
    const found = judge(rule, at(150, 480));
    assert.equal(found.length, 1);
    assert.deepEqual(found[0]!.numbers, { left: 330, right: 300, diff: 30 });
    assert.deepEqual(judge(rule, at(400, 480)), []);
  });

  it('完成% ≥ 上期完成% (一般公共预算收入增长3%: completion of the annual amount may not fall)', () => {
    const rule = '完成率([一般公共预算收入]) >= 完成率([一般公共预算收入]@上期)';
    const at = (may: number) => ({ history: [f('区财政局', '一般公共预算收入', '2023-05', may)] });
    const found = judge(rule, at(60));
    assert.equal(found.length, 1);
    assert.ok(found[0]!.numbers.left! < found[0]!.numbers.right!);
    assert.deepEqual(judge(rule, at(50.12)), []);
  });

  it('招商引资到位资金 ≥ 上年同期 × 0.8 (核实性): a warning a 说明 lets pass', () => {
    const rule = {
      id: 'zs-80',
      formula: '[招商引资到位资金] >= [招商引资到位资金]@上年同期 * 0.8',
      severity: 'warning' as const,
      message: { zh: '招商引资到位资金{左值}亿元，不足上年同期的八成（{右值}亿元），请说明原因', en: 'Investment funds in place {left} 亿元, below 80% of last year ({right} 亿元); explain why' },
    };
    const lastYear = [f('区商务局', '招商引资到位资金', '2022-06', 40)];
    const found = check([rule], { figures: [f('区商务局', '招商引资到位资金', '2023-06', 30)], history: lastYear }).filter((x) => x.rule === 'zs-80');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.severity, 'warning');
    assert.equal(found[0]!.message.zh, '招商引资到位资金30亿元，不足上年同期的八成（32亿元），请说明原因');
    assert.equal(found[0]!.explained, false);
    assert.equal(canSubmit(found), false);
    const noted = check([rule], { figures: [f('区商务局', '招商引资到位资金', '2023-06', 30, null, { note: '大项目资金下半年到位' })], history: lastYear }).filter((x) => x.rule === 'zs-80');
    assert.equal(noted[0]!.explained, true);
    assert.equal(canSubmit(noted), true);
    assert.deepEqual(
      check([rule], { figures: [f('区商务局', '招商引资到位资金', '2023-06', 35)], history: lastYear }).filter((x) => x.rule === 'zs-80'),
      [],
    );
  });
});

describe('审核公式: across forms', () => {
  // Task 2 of seed 003 belongs to 区财政局; its revenue is 63.2% of the year's amount at 2023-06.
  const rule = { id: 'task-vs-revenue', formula: '任务进度(2) >= 完成率([一般公共预算收入]) - 30', severity: 'warning' as const };
  const revenue = f('区财政局', '一般公共预算收入', '2023-06', 58.18, 4.1);

  it('checking the task form, the indicator form of the same unit and period is read from history', () => {
    const found = check([rule], { figures: [], history: [revenue], tasks: [tp('区财政局', 2, '2023-06', '推进中', 20)] }).filter((x) => x.rule === rule.id);
    assert.equal(found.length, 1);
    assert.deepEqual(found[0]!.subject, { kind: 'task', orgUnit: '区财政局', taskNo: 2, period: '2023-06' });
    assert.deepEqual(found[0]!.reads, ['figures/一般公共预算收入/value', 'tasks/2/progress']);
    assert.equal(found[0]!.field, 'tasks/2/progress', 'the cell on the form being checked');
    assert.deepEqual(
      check([rule], { figures: [], history: [revenue], tasks: [tp('区财政局', 2, '2023-06', '推进中', 40)] }).filter((x) => x.rule === rule.id),
      [],
    );
  });

  it('checking the indicator form, the task form is read from taskHistory, and the finding points at both cells', () => {
    const found = check([rule], { figures: [revenue], taskHistory: [tp('区财政局', 2, '2023-06', '推进中', 20)] }).filter((x) => x.rule === rule.id);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.subject.kind, 'figure');
    assert.equal(found[0]!.field, 'figures/一般公共预算收入/value');
    assert.deepEqual(found[0]!.reads, ['figures/一般公共预算收入/value', 'tasks/2/progress']);
  });

  it('a rule scoped to a form runs only when that form is checked', () => {
    const scoped = { ...rule, forms: ['tasks'] };
    const tasks = [tp('区财政局', 2, '2023-06', '推进中', 20)];
    assert.equal(check([scoped], { figures: [], history: [revenue], tasks, form: 'tasks' }).filter((x) => x.rule === rule.id).length, 1);
    assert.equal(check([scoped], { figures: [], history: [revenue], tasks, form: 'indicators' }).filter((x) => x.rule === rule.id).length, 0);
  });

  it('formula rules run beside the default built-in rules, and both kinds of finding come out of one call', () => {
    const builtIn = loadDefaultRules().rules;
    const found = check([{ id: 'hi-tech', formula: '[高技术制造业增加值] <= [规模以上工业增加值]', severity: 'error' }], { builtIn, figures: [规上(120.5), 高技术(130.2)] });
    assert.ok(found.some((x) => x.rule === 'hi-tech'));
    assert.ok(
      found.some((x) => x.rule === 'part-whole'),
      'the catalog says 高技术制造业增加值 ⊂ 规模以上工业增加值, so the built-in part-whole fires too',
    );
  });

  it('scope: 适用单位 and 适用报告期 limit where a rule runs', () => {
    const figures = [f('区财政局', '税收总额', '2023-06', 158.9), f('区商务局', '税收总额', '2023-06', 12)];
    const r = { id: 's', formula: '[税收总额] > 100', severity: 'error' as const };
    assert.deepEqual(
      check([r], { figures })
        .filter((x) => x.rule === 's')
        .map((x) => x.subject.orgUnit),
      ['区商务局'],
    );
    assert.deepEqual(
      check([{ ...r, units: ['区财政局'] }], { figures }).filter((x) => x.rule === 's'),
      [],
    );
    assert.equal(check([{ ...r, periods: ['季'] }], { figures }).filter((x) => x.rule === 's').length, 0);
    assert.equal(check([{ ...r, periods: ['月'] }], { figures }).filter((x) => x.rule === 's').length, 1);
    assert.equal(check([{ ...r, periods: ['6'] }], { figures }).filter((x) => x.rule === 's').length, 1);
    assert.equal(check([{ ...r, periods: ['2023-06'] }], { figures }).filter((x) => x.rule === 's').length, 1);
  });
});

describe('审核公式: a finding names only the cells its formula read (F2.6)', () => {
  it('目标() and 全年目标数() name an indicator without reading its cell, so only the growth cell is marked', () => {
    const rule = '[一般公共预算收入].同比增长 >= 目标([一般公共预算收入]) - 1';
    const found = judge(rule, { figures: [f('区财政局', '一般公共预算收入', '2023-06', 58.18, 1)] });
    assert.equal(found.length, 1, 'growth 1 against the 3% target less 1 fires');
    assert.deepEqual(found[0]!.reads, ['figures/一般公共预算收入/growth']);
    const amount = judge('[一般公共预算收入].同比增长 >= 全年目标数([一般公共预算收入]) / 100', { figures: [f('区财政局', '一般公共预算收入', '2023-06', 58.18, 0.5)] });
    assert.equal(amount.length, 1);
    assert.deepEqual(amount[0]!.reads, ['figures/一般公共预算收入/growth']);
    // 完成率() does read the value: its cell stays marked
    const done = judge('完成率([一般公共预算收入]) >= 90', { figures: [f('区财政局', '一般公共预算收入', '2023-06', 58.18, 4.5)] });
    assert.deepEqual(done[0]?.reads, ['figures/一般公共预算收入/value']);
  });
});
