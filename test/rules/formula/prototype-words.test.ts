/**
 * F4.1 / F4.2 (tester): a word a statistician writes — 类型, a period after @, a 适用报表 or 适用报告期
 * word, a unit, a section of 汇总 — was looked up in a plain object, so `toString` passed as a 类型 and
 * `@__proto__` as a period. Every Object.prototype name, at once, in every place a user word is looked
 * up: each is an unknown word, refused where the rule is written, and none reaches a property.
 */
import { strict as assert } from 'node:assert';
import { readRuleRows, COLUMNS } from '../../../src/rules/formula/sheet';
import { compileFormula, formulaRuleSetProblems, planWords, scopeProblems } from '../../../src/rules/formula';
import { indexCatalog } from '../../../src/rules';
import { normaliseIndicator } from '../../../src/importer/indicator-names';
import { pulledValue } from '../../../src/template/fill';
import { emptyData } from '../../../src/model/submission';
import { catalog, plan, check } from './support';

/** constructor, __proto__, toString, valueOf, hasOwnProperty, isPrototypeOf, __defineGetter__ … */
const NAMES = Object.getOwnPropertyNames(Object.prototype);

const row = (id: string, formula: string, type = '强制性', scope: { units?: string; forms?: string; periods?: string } = {}): string[] => [
  id,
  formula,
  type,
  '',
  '',
  scope.units ?? '',
  scope.forms ?? '',
  scope.periods ?? '',
  '',
];

describe('审核公式: Object.prototype names are unknown words wherever a user word is looked up (F4.1, F4.2)', () => {
  const words = planWords(plan);
  const cat = indexCatalog(catalog);

  it(`there are ${NAMES.length} names to try, __proto__ and constructor among them`, () => {
    assert.ok(NAMES.includes('__proto__') && NAMES.includes('constructor') && NAMES.includes('toString') && NAMES.length >= 12);
  });

  it('as 类型: every row refused by the sheet, naming the word (F4.1: toString was written without a severity)', () => {
    const rows = [[...COLUMNS], ...NAMES.map((n, i) => row(`S${i}`, '[一般公共预算收入] > 0', n))];
    const { formulas, problems } = readRuleRows(rows, catalog);
    assert.equal(formulas.length, 0);
    assert.equal(problems.length, NAMES.length);
    for (const [i, n] of NAMES.entries()) {
      const p = problems[i]!;
      assert.equal(p.column, '类型');
      assert.ok(p.message.zh.includes(`类型“${n}”应为 强制性、核实性 或 提示`), p.message.zh);
      assert.ok(p.message.en.includes(`type "${n}" must be`), p.message.en);
    }
  });

  it('as a period after @: an unknown period, not a rule that never fires (F4.2)', () => {
    for (const n of NAMES) {
      const { errors } = compileFormula({ id: 'p', formula: `[一般公共预算收入]@${n} > 0`, severity: 'error' }, cat);
      assert.equal(errors.length, 1, n);
      assert.ok(errors[0]!.message.en.includes(`unknown period "${n}"`), `${n}: ${errors[0]!.message.en}`);
    }
  });

  it('as 适用报表 and 适用报告期: refused by the sheet and by the store’s publish check', () => {
    for (const n of NAMES) {
      const problems = scopeProblems({ forms: [n], periods: [n] });
      assert.deepEqual(
        problems.map((p) => p.field),
        ['forms', 'periods'],
        n,
      );
      assert.ok(problems[0]!.message.en.includes(`unknown form "${n}"`));
      assert.ok(problems[1]!.message.en.includes(`unknown period "${n}"`));
    }
    const rows = [[...COLUMNS], ...NAMES.map((n, i) => row(`S${i}`, '[一般公共预算收入] > 0', '强制性', { forms: n, periods: n }))];
    const sheet = readRuleRows(rows, catalog);
    assert.equal(sheet.formulas.length, 0);
    assert.equal(sheet.problems.filter((p) => p.column === '适用报表').length, NAMES.length);
    assert.equal(sheet.problems.filter((p) => p.column === '适用报告期').length, NAMES.length);
    const put = formulaRuleSetProblems({ version: 't', rules: [], formulas: NAMES.map((n, i) => ({ id: `S${i}`, formula: '[一般公共预算收入] > 0', severity: 'error' as const, forms: [n], periods: [n] })) }, catalog);
    assert.equal(put.length, NAMES.length * 2);
    for (const p of put) assert.ok(p.zh.includes('本次未保存任何规则') && p.en.includes('nothing was stored'), p.en);
  });

  it('in a hand-edited rules.json that reaches a check: each such rule is one info finding naming the word, and the others run', () => {
    const formulas = NAMES.map((n, i) => ({ id: `S${i}`, formula: '[一般公共预算收入] > 100', severity: 'error' as const, forms: [n] }));
    const found = check([...formulas, { id: 'good', formula: '[一般公共预算收入] > 100', severity: 'error' }]);
    assert.equal(found.filter((x) => x.rule === 'good').length, 1, 'the good rule fires on 区财政局');
    for (const [i, n] of NAMES.entries()) {
      const mine = found.filter((x) => x.rule === `S${i}`);
      assert.equal(mine.length, 1, n);
      assert.equal(mine[0]!.severity, 'info');
      assert.ok(mine[0]!.message.zh.includes(`不认识的报表“${n}”`) && mine[0]!.message.zh.includes('该规则未运行'), mine[0]!.message.zh);
      assert.ok(mine[0]!.message.en.includes(`unknown form "${n}"`) && mine[0]!.message.en.includes('did not run'), mine[0]!.message.en);
    }
  });

  it('as 适用单位 and as the section of 汇总, against the plan', () => {
    const rows = [[...COLUMNS], ...NAMES.map((n, i) => row(`S${i}`, `汇总([一般公共预算收入], "${n}") > 0`, '强制性', { units: n }))];
    const { formulas, problems } = readRuleRows(rows, catalog, words);
    assert.equal(formulas.length, 0);
    for (const n of NAMES) {
      assert.ok(
        problems.some((p) => p.column === '适用单位' && p.message.en.includes(`the plan has no unit "${n}"`)),
        n,
      );
      assert.ok(
        problems.some((p) => p.column === '公式' && p.message.en.includes(`the plan has no section "${n}"`)),
        n,
      );
    }
  });

  it('the importer and the template: a document or sheet word named like a prototype member stays a plain name', () => {
    for (const n of NAMES) {
      assert.equal(normaliseIndicator(n), n);
      assert.equal(pulledValue(emptyData(), 'figures', n, 'value'), null);
      assert.equal(pulledValue(emptyData(), 'tasks', n, 'note'), '');
    }
  });
});
