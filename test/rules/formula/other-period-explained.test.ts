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
});
