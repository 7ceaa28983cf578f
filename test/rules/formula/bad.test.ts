/**
 * Bad formulas and formulas that try to get out: each is a clear bilingual finding (or refusal) with the
 * position, never a crash, and the rules around it still run. Formulas reach figures and nothing else.
 */
import { strict as assert } from 'node:assert';
import { parseFormula, MAX_FORMULA_LENGTH } from '../../../src/rules/formula';
import { validateRuleSet } from '../../../src/rules';
import type { Finding } from '../../../src/model/finding';
import { readRuleRows } from '../../../src/rules/formula/sheet';
import { catalog, check, judge } from './support';

const GOOD = { id: 'good', formula: '[税收总额] < [金融业税收]', severity: 'error' as const };

/** The findings about rule 'bad', with the good rule beside it still firing once. */
function broken(formula: string): Finding[] {
  const all = check([{ id: 'bad', formula, severity: 'error' }, GOOD]);
  assert.equal(all.filter((x) => x.rule === 'good').length, 1, 'the other rule still ran');
  return all.filter((x) => x.rule === 'bad');
}

function assertRefused(formula: string, zh: RegExp, en: RegExp, position?: number): void {
  const found = broken(formula);
  assert.equal(found.length, 1, `one finding about the rule: ${JSON.stringify(found.map((x) => x.message.en))}`);
  const [x] = found;
  assert.equal(x!.severity, 'info', 'a broken rule blocks no submission');
  assert.match(x!.message.zh, zh);
  assert.match(x!.message.en, en);
  assert.match(x!.message.zh, /第\d+个字符处/);
  assert.match(x!.message.en, /at character \d+/);
  if (position !== undefined) assert.equal(x!.numbers.position, position);
}

describe('审核公式: bad formulas', () => {
  it('unbalanced brackets', () => {
    assertRefused('([税收总额] + 1 > 0', /圆括号“\(”没有闭合/, /"\(" is not closed/);
    assertRefused('[税收总额] + 1) > 0', /多出一个“\)”/, /"\)" has no matching "\("/, 11);
    assertRefused('[税收总额 > 0', /方括号“\[”没有闭合/, /"\[" is not closed/, 1);
    assertRefused('[税收总额]] > 0', /不应出现“\]”/, /unexpected "\]"/);
  });

  it('an unknown indicator, with the nearest catalog name: [规模以上工业增加] → 规模以上工业增加值', () => {
    const [x] = broken('[高技术制造业增加值] <= [规模以上工业增加]');
    assert.equal(x!.message.zh, '审核公式“bad”第16个字符处：未知指标“规模以上工业增加”，是否指 规模以上工业增加值？。该规则未运行，其他规则照常审核。');
    assert.match(x!.message.en, /at character 16: unknown indicator "规模以上工业增加", did you mean 规模以上工业增加值\?/);
    assertRefused('[完全不存在的东西] > 0', /未知指标“完全不存在的东西”：指标目录中没有/, /no such name or alias/);
  });

  it('a period that cannot exist', () => {
    assertRefused('[税收总额]@13月 > 0', /报告期“13月”不存在/, /period "13月" cannot exist/);
    assertRefused('[税收总额]@2023-Q5 > 0', /报告期“2023-Q5”不存在/, /period "2023-Q5" cannot exist/);
    assertRefused('[税收总额]@下期 > 0', /不认识的报告期“下期”/, /unknown period "下期"/);
  });

  it('a division by zero at run time is said once per form, as info, and decides nothing', () => {
    const found = broken('[税收总额] / ([金融业税收] - [金融业税收]) > 0');
    assert.equal(found.length, 1, 'only 区财政局 has both figures');
    assert.equal(found[0]!.severity, 'info');
    assert.match(found[0]!.message.zh, /除数为零/);
    assert.match(found[0]!.message.en, /divides by zero/);
  });

  it(`a formula of 10,000 characters is refused (limit ${MAX_FORMULA_LENGTH})`, () => {
    const long =
      Array.from({ length: 1500 }, () => '[税收总额]')
        .join('+')
        .slice(0, 10_000) + ' > 0';
    assertRefused(long, /超过上限/, /over the limit/);
  });

  it('deep nesting is refused before it can exhaust the stack', () => {
    assertRefused('('.repeat(500) + '1' + ')'.repeat(500) + ' = 1', /括号嵌套超过/, /nested more than/);
    assertRefused('ABS('.repeat(100) + '[税收总额]' + ')'.repeat(100) + ' > 0', /括号嵌套超过/, /nested more than/);
    assertRefused(Array.from({ length: 300 }, () => '1').join('+') + ' > 0', /一串运算的项数超过80个；请用 SUM/, /over 80 terms in one chain of operators/);
  });

  it('not a statement: an expression that says nothing, wrong argument counts, text where a number belongs', () => {
    assertRefused('[税收总额] + 1', /公式应为比较式/, /must be a comparison/);
    assertRefused('ABS([税收总额], 2) > 0', /需要 1 个参数/, /takes 1 argument/);
    assertRefused('"abc" > 0', /文字“abc”只能用作/, /text "abc" may only be/);
    assertRefused('任务状态(2) = "差不多"', /任务状态“差不多”不存在/, /task status "差不多" does not exist/);
    assertRefused('[税收总额] > 0 ± -1', /“±”后应为非负数字/, /followed by a number ≥ 0/);
    assertRefused('', /公式为空/, /formula is empty/);
    assertRefused('税收总额 > 0', /指标名称请写在方括号中/, /square brackets/);
    assertRefused('[税收总额] > 0 & 1', /“&”不能用于公式：“并且”请用 AND/, /"&" cannot be used here: for "and" use AND/);
  });

  it('the parser never throws, whatever the input', () => {
    for (const s of ['', ' ', '[', ']', '(', ')', '@', '.', '[]', '[ ]', '[a].', '[a]@', '±', '"', "'", '1 2', ',', 'f(,)', '\u0000', '💥', '[a]@上期@上期', '((', '1 = = 2', '<>']) {
      const r = parseFormula(s);
      assert.ok(r.tree || r.error, s);
      if (r.error) assert.ok(r.error.message.zh && r.error.message.en, s);
    }
  });

  it('a rules file: shapes checked bilingually, a bad entry does not hide the rest', () => {
    const { ruleSet, problems } = validateRuleSet({
      version: '1',
      rules: [],
      formulas: [{ id: 'a', formula: '[税收总额] > 0', severity: 'error' }, { id: 'a', formula: '1 = 1', severity: 'error' }, { formula: '1=1', severity: 'x' }, 7],
    });
    assert.equal(ruleSet!.formulas!.length, 1);
    assert.equal(problems.length, 4);
    for (const p of problems) assert.ok(p.zh && p.en);
  });
});

describe('审核公式: formulas reach figures and nothing else', () => {
  const attempts = [
    'constructor("return process")() = 1',
    'constructor > 0',
    '[税收总额].constructor > 0',
    '[税收总额].__proto__ > 0',
    '[税收总额].toString > 0',
    '[税收总额].值.constructor > 0',
    '[税收总额]["constructor"] > 0',
    '__proto__([税收总额]) > 0',
    'toString([税收总额]) = 1',
    'hasOwnProperty("x") = 1',
    'valueOf() = 1',
    'this.constructor = 1',
    'process.exit(1) = 1',
    'globalThis = 1',
    'require("fs") = 1',
    '"abc".length = 3',
    'ABS.call(1) = 1',
    'IF(1, constructor, 0) = 1',
    '[税收总额] = 1 ? 1 : 0',
    'eval("1") = 1',
    'Function("return 1")() = 1',
    '[__proto__] > 0',
    '[constructor] > 0',
    'SUM.constructor("return process")() = 1',
  ];
  for (const formula of attempts) {
    it(`refuses ${formula}`, () => {
      const before = Object.getOwnPropertyNames(Object.prototype).length;
      const found = broken(formula);
      assert.equal(found.length, 1);
      assert.equal(found[0]!.severity, 'info');
      assert.ok(found[0]!.message.zh.includes('该规则未运行') && found[0]!.message.en.includes('did not run'), found[0]!.message.en);
      assert.equal(Object.getOwnPropertyNames(Object.prototype).length, before);
    });
  }

  for (const word of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    it(`a period named like a prototype member (@${word}) is an unknown period, not a member read off the prototype`, () => {
      assertRefused(`[税收总额]@${word} > 0`, new RegExp(`不认识的报告期“${word}”`), new RegExp(`unknown period "${word}"`));
    });
  }

  it('a 类型 named like a prototype member is refused by row, not taken as a severity', () => {
    for (const word of ['constructor', '__proto__', 'toString']) {
      const { formulas, problems } = readRuleRows(
        [
          ['编号', '公式', '类型'],
          ['r1', '[税收总额] > 0', word],
        ],
        catalog,
      );
      assert.equal(formulas.length, 0, word);
      assert.equal(problems.length, 1, word);
      assert.match(problems[0]!.message.zh, new RegExp(`第2行“类型”列：类型“${word}”应为 强制性、核实性 或 提示`));
      assert.match(problems[0]!.message.en, /must be 强制性 \(error\), 核实性 \(warning\) or 提示 \(info\)/);
    }
  });

  it('a ref named like a prototype member is an unknown indicator, not a property', () => {
    const [x] = judge('[__proto__] > 0');
    assert.match(x!.message.en, /unknown indicator "__proto__"/);
  });
});
