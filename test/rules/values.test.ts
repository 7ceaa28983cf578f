/**
 * The one reading of a number typed as text (rules/values.ts), which the checks, the report, the CSV
 * and the workbook cells share: what each typed text reads as, field by field.
 */
import { strict as assert } from 'node:assert';
import { readNumberText, toNumber } from '../../src/rules/values';
import { readFigure } from '../../src/rules/reported';
import { readEnteredFigures } from '../../src/rules/entered-numbers';
import { checkSubmission, loadDefaultCatalog, loadDefaultRules } from '../../src/rules';
import { smallPlan } from '../support/server';

describe('one reader of numbers typed as text (issue 10, F2.2)', () => {
  it('reads separators, full-width forms, spaces, signs and exponents; a % comes back apart', () => {
    const cases: [string, { value: number; percent: boolean } | null][] = [
      ['1,234.5', { value: 1234.5, percent: false }],
      ['１，２３４．５', { value: 1234.5, percent: false }],
      [' 58.18 ', { value: 58.18, percent: false }],
      ['58.18\u3000', { value: 58.18, percent: false }],
      ['4%', { value: 4, percent: true }],
      ['４％', { value: 4, percent: true }],
      ['4 % ', { value: 4, percent: true }],
      ['\u22123.5', { value: -3.5, percent: false }],
      ['-0.5%', { value: -0.5, percent: true }],
      ['.5', { value: 0.5, percent: false }],
      ['58.', { value: 58, percent: false }],
      ['1.2E+05', { value: 120000, percent: false }],
      ['1,23', null],
      ['0x10', null],
      ['58.18亿元', null],
      ['五百亿', null],
      ['Infinity', null],
      ['NaN', null],
      ['', null],
    ];
    for (const [text, want] of cases) assert.deepEqual(readNumberText(text), want, text);
  });

  it('toNumber: a % is read away only where the field is in percent points', () => {
    assert.equal(toNumber('4%', { percent: true }), 4);
    assert.ok(Number.isNaN(toNumber('4%')!), 'a value in 亿元 typed "4%" is not 4 亿元');
    assert.equal(toNumber('1,234.5'), 1234.5);
    assert.equal(toNumber('  '), null);
    assert.equal(toNumber(null), null);
    assert.ok(Number.isNaN(toNumber(Infinity)!));
  });

  it('the report reads a figure as the checks do: growth "4%" is 4 whatever the indicator; a value "5.5%" is 5.5 only in %', () => {
    assert.deepEqual(readFigure({ value: '1,234.5', growth: '4%', sameLastYear: ' 1 000 ' }), { value: 1234.5, growth: 4, sameLastYear: 1000 });
    assert.deepEqual(readFigure({ value: '5.5%', growth: null, sameLastYear: null }, '%'), { value: 5.5, growth: null, sameLastYear: null });
    assert.deepEqual(readFigure({ value: '5.5%', growth: null, sameLastYear: null }, '亿元'), { value: null, growth: null, sameLastYear: null });
    const plan = smallPlan();
    const [f] = readEnteredFigures(plan, loadDefaultCatalog(), [{ orgUnit: 'x', indicator: '一般公共预算收入', period: '2023-06', value: '４%', growth: '４％', sameLastYear: '1,000', note: '' }]);
    assert.deepEqual([f!.value, f!.growth, f!.sameLastYear], ['４%', 4, 1000], 'the checks see numbers, and the text that is none as typed');
  });
});

describe('task progress typed with % (tester F2.9)', () => {
  it('"80%" is 80 on submit as in the tasks CSV: no progress error', () => {
    const plan = smallPlan();
    const sub = {
      plan: plan.id,
      orgUnit: '区财政局',
      period: '2023-08',
      form: 'tasks',
      rev: 1,
      state: 'draft' as const,
      data: { figures: {}, tasks: { '2': { status: '推进中', progress: '80%', text: '收入完成', note: '' } } },
      updatedAt: '',
      updatedBy: '',
    };
    const findings = checkSubmission(plan, loadDefaultCatalog(), loadDefaultRules(), sub, []);
    assert.deepEqual(
      findings.filter((f) => f.field === 'tasks/2/progress'),
      [],
    );
    const bad = checkSubmission(plan, loadDefaultCatalog(), loadDefaultRules(), { ...sub, data: { figures: {}, tasks: { '2': { status: '推进中', progress: '八成', text: '', note: '' } } } }, []);
    assert.ok(
      bad.some((f) => f.field === 'tasks/2/progress'),
      'text that is no number is still named',
    );
  });
});
