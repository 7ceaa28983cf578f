/**
 * F6.1 (tester): a 核实性 formula that reads only another period ([X]@上期) had no cell of the checked
 * period, so its finding could never be explained and blocked the submission for good. It now goes to
 * the row of the indicator it names on the form checked, whose 说明 explains it.
 */
import { strict as assert } from 'node:assert';
import { f, judge } from './support';

describe('审核公式: a 核实性 finding that reads only another period can be explained (F6.1)', () => {
  const rule = { severity: 'warning' as const };
  const history = [f('区财政局', '一般公共预算收入', '2023-02', 10)];

  it('it is on the indicator’s row of the checked period, and its 说明 explains it', () => {
    const [x] = judge('[一般公共预算收入]@上期 <= 5', { figures: [f('区财政局', '一般公共预算收入', '2023-03', 15, null, { note: '上期数据已核实' })], history }, rule);
    assert.deepEqual(x!.subject, { kind: 'figure', orgUnit: '区财政局', indicator: '一般公共预算收入', period: '2023-03' });
    assert.equal(x!.field, 'figures/一般公共预算收入/value');
    assert.equal(x!.explained, true);
  });

  it('without a 说明 it stands unexplained, on the same row', () => {
    const [x] = judge('[一般公共预算收入]@上期 <= 5', { figures: [f('区财政局', '一般公共预算收入', '2023-03', 15)], history }, rule);
    assert.equal(x!.field, 'figures/一般公共预算收入/value');
    assert.equal(x!.explained, false);
  });

  it('a 汇总 rule on a unit without that row: the finding names the row its 说明 goes on, and a 说明 there explains it (retest)', () => {
    const others = [f('区财政局', '一般公共预算收入', '2023-06', 58), f('区商务局', '社会消费品零售总额', '2023-06', 200, null, { note: '已核实' })];
    const [bare] = judge('汇总([一般公共预算收入]) <= 5', { figures: others }, { ...rule, units: ['区商务局'] });
    assert.equal(bare!.field, 'figures/一般公共预算收入/value', 'where the 说明 goes, though the form has no such row yet');
    assert.equal(bare!.explained, false, 'a 说明 on another row does not explain it');
    const withRow = [...others, f('区商务局', '一般公共预算收入', '2023-06', null, null, { note: '全区数据已核实' })];
    const [x] = judge('汇总([一般公共预算收入]) <= 5', { figures: withRow }, { ...rule, units: ['区商务局'] });
    assert.equal(x!.field, 'figures/一般公共预算收入/value');
    assert.equal(x!.explained, true);
  });
});
