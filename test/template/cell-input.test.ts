import { strict as assert } from 'node:assert';
import { isPercentFormat, numberInText, readInputCell, type CellReading, type InputContext } from '../../src/template/cell-input';
import { fill } from '../../src/template/fill';
import { readBack } from '../../src/template/read-back';
import { memoryTemplate, smallPlan, specOf } from './fixtures';

const cell = (value: CellReading['value'], more: Partial<CellReading> = {}): CellReading => ({ value, formula: null, format: 'General', text: value === null ? '' : String(value), merge: null, ...more });
const amount: InputContext = { address: 'D5', header: '本月止累计', type: 'decimal', input: 'value', measureUnit: '亿元' };
const growth: InputContext = { address: 'F5', header: '同比增长%', type: 'decimal', input: 'growth', measureUnit: '亿元' };
const progress: InputContext = { address: 'G5', header: '完成%', type: 'percent', input: 'progress' };
const rate: InputContext = { address: 'D7', header: '本月止累计', type: 'decimal', input: 'value', measureUnit: '%' };

describe('an input cell is what its user sees (src/template/cell-input.ts)', () => {
  const cases: [string, CellReading, InputContext, number | string | null, string | undefined][] = [
    ['45% in a 完成% cell reads 45', cell(0.45, { format: '0%', text: '45%' }), progress, 45, undefined],
    ['4.1% in a growth cell reads 4.1', cell(0.041, { format: '0.0%', text: '4.1%' }), growth, 4.1, undefined],
    ['3.2% in the value cell of a rate in % reads 3.2', cell(0.032, { format: '0.0%', text: '3.2%' }), rate, 3.2, undefined],
    ['a percentage in a 亿元 cell is refused', cell(0.45, { format: '0%', text: '45%' }), amount, 0.45, 'cell-percent-format'],
    ['4.1% typed into a 0.0 cell (stored 0.041, shown 0.0) is refused', cell(0.041, { format: '0.0', text: '0.0' }), growth, 0.041, 'cell-percent-hidden'],
    ['45% typed into a 0.0 完成% cell (shown 0.5) is refused', cell(0.45, { format: '0.0', text: '0.5' }), progress, 0.45, 'cell-percent-hidden'],
    ['0.5 typed and shown as 0.5 stays 0.5', cell(0.5, { format: '0.0', text: '0.5' }), growth, 0.5, undefined],
    ['"58.18 " (text) reads 58.18 with a note', cell('58.18 '), amount, 58.18, 'cell-text-number'],
    ['"1,234.5" reads 1234.5', cell('1,234.5'), amount, 1234.5, 'cell-text-number'],
    ['full-width "５８．１８" reads 58.18', cell('５８．１８'), amount, 58.18, 'cell-text-number'],
    ['text "4.1%" in a growth cell reads 4.1', cell('4.1%'), growth, 4.1, 'cell-text-number'],
    ['"58.18亿元" is refused, naming the unit to delete', cell('58.18亿元'), amount, '58.18亿元', 'cell-not-number'],
    ['"五百亿" is refused', cell('五百亿'), amount, '五百亿', 'cell-not-number'],
    ['"1,23" is refused', cell('1,23'), amount, '1,23', 'cell-not-number'],
    ['the empty cell of a merge is empty, and refused', cell(480, { merge: 'D5:D6' }), { ...amount, address: 'D6' }, null, 'cell-merged'],
    ['the first cell of a merge keeps its value, and is refused', cell(480, { merge: 'D5:D6' }), amount, 480, 'cell-merged'],
    ['a formula is refused', cell(5, { formula: '=E5*1.05' }), amount, 5, 'cell-formula'],
    ['a plain number is the number', cell(58.18, { format: '#,##0.00', text: '58.18' }), amount, 58.18, undefined],
  ];
  for (const [name, c, ctx, value, rule] of cases) {
    it(name, () => {
      const v = readInputCell(c, ctx);
      assert.equal(v.value, value);
      assert.equal(v.problem?.rule, rule);
      if (v.problem) {
        assert.match(v.problem.message.zh, new RegExp(ctx.address));
        assert.match(v.problem.message.en, new RegExp(ctx.address));
      }
    });
  }

  it('says exactly how to fix what it refuses', () => {
    assert.match(readInputCell(cell('58.18亿元'), amount).problem!.message.zh, /删去“亿元”/);
    assert.match(readInputCell(cell(0.041, { format: '0.0', text: '0.0' }), growth).problem!.message.zh, /直接输入 4\.1（不带 %）/);
    assert.match(readInputCell(cell(1, { merge: 'D5:D6' }), amount).problem!.message.en, /unmerge it/);
    const textCell = readInputCell(cell('58.18 ', { format: '@' }), amount).problem!.message;
    assert.match(textCell.zh, /格式是“文本”，请先把格式改为数值/, 'typed again into a Text cell it would stay text');
    assert.match(textCell.en, /formatted as Text, so first set its format to Number/);
    assert.doesNotMatch(readInputCell(cell('58.18 '), amount).problem!.message.zh, /文本”，请先/);
  });

  it('knows percent formats from number formats that merely quote a % sign', () => {
    assert.equal(isPercentFormat('0.0%'), true);
    assert.equal(isPercentFormat('0.0"%"'), false);
    assert.equal(isPercentFormat('0.0\\%'), false);
    assert.deepEqual(numberInText(' 1 234 '), { value: 1234, percent: false }, 'spaces go, wherever they are');
  });

  it('readBack stores what the user saw and reports the cell, through the port’s details', async () => {
    const spec = specOf('indicators');
    const wb = memoryTemplate(spec);
    await fill(wb, spec, { plan: smallPlan(), orgUnit: '区发展改革委', period: '2023-06', baseRev: 0, filledAt: '2023-07-05T08:00:00Z' });
    const S = spec.sheet;
    wb.type(S, 'F5', 0.052);
    wb.cell(S, 'F5').style.numberFormat = '0.0%';
    wb.type(S, 'D6', '512.3 ');
    wb.type(S, 'E6', 480);
    wb.sheet(S).merges.push('E5:E6');
    wb.type(S, 'E5', 470);
    const r = await readBack(wb, spec);
    assert.equal(r.data.figures['地区生产总值']!.growth, 5.2);
    assert.equal(r.data.figures['全社会固定资产投资']!.value, 512.3);
    assert.equal(r.data.figures['全社会固定资产投资']!.sameLastYear, null, 'the merged-away cell holds nothing');
    assert.deepEqual(r.findings.map((f) => [f.rule, f.severity, f.field]).sort(), [
      ['cell-merged', 'error', 'figures/全社会固定资产投资/sameLastYear'],
      ['cell-merged', 'error', 'figures/地区生产总值/sameLastYear'],
      ['cell-text-number', 'info', 'figures/全社会固定资产投资/value'],
    ]);
  });
});
