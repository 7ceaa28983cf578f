/**
 * The tester's F1.1–F1.4, F4.4 and F4.5: what a statistician brings from Excel and an input method, and
 * what the messages say about it. Accepted where Excel would accept it and the meaning is plain (a
 * leading =, ≧ ≦, a trailing ；); otherwise refused with the character named and what to write instead;
 * a mistake said once; a formula that can never be computed refused when it is written; numbers in a
 * default message at the figures' precision.
 */
import { strict as assert } from 'node:assert';
import { readRuleRows, COLUMNS } from '../../../src/rules/formula/sheet';
import { parseFormula } from '../../../src/rules/formula';
import { catalog, f, fires, judge } from './support';

/** The one problem a formula gets from the sheet (row 2, the first rule row), else a failure. */
function sheetProblem(formula: string): { zh: string; en: string; position: number | null } {
  const { formulas, problems } = readRuleRows([[...COLUMNS], ['R1', formula, '强制性', '', '', '', '', '', '']], catalog);
  assert.equal(formulas.length, 0, `${formula} should be refused`);
  assert.equal(problems.length, 1, `one problem for ${formula}: ${JSON.stringify(problems.map((p) => p.message.en))}`);
  return { ...problems[0]!.message, position: problems[0]!.position };
}

/** Whether the sheet takes a formula as it is. */
function sheetTakes(formula: string): boolean {
  return readRuleRows([[...COLUMNS], ['R1', formula, '强制性', '', '', '', '', '', '']], catalog).formulas.length === 1;
}

describe('审核公式: formulas as Excel users and Chinese input methods write them', () => {
  describe('accepted, with the meaning an Excel user expects', () => {
    it('F1.1: a leading = copied from an Excel cell is ignored (also full-width ＝)', () => {
      for (const f of ['=[一般公共预算收入]>0', ' = [一般公共预算收入] > 100', '＝[一般公共预算收入]>100']) assert.ok(sheetTakes(f), f);
      assert.equal(fires('=[一般公共预算收入] > 100'), true, '58.18 is not over 100');
      assert.equal(fires('=[一般公共预算收入] > 0'), false);
    });

    it('F4.4: ≧ and ≦ (what some input methods give for ≥ ≤) compare as ≥ and ≤', () => {
      assert.ok(sheetTakes('[一般公共预算收入] ≧ 0'));
      assert.equal(fires('[一般公共预算收入] ≧ 100'), true);
      assert.equal(fires('[一般公共预算收入] ≦ 100'), false);
      assert.equal(fires('[一般公共预算收入] ≦ 58.18'), false);
    });

    it('F4.4: a semicolon at the end (Chinese or ASCII) is the end of a sentence, not part of the formula', () => {
      for (const f of ['[一般公共预算收入] ≥ 0；', '[一般公共预算收入] ≥ 0;', '[一般公共预算收入] ≥ 0 ； ']) assert.ok(sheetTakes(f), f);
      assert.equal(fires('[一般公共预算收入] ≥ 100；'), true);
    });

    it('F4.5: IF with 2 arguments inside a formula is FALSE (0) when the condition fails, as in Excel', () => {
      assert.equal(fires('IF([一般公共预算收入] < 0, 5) = 0'), false, 'condition false → FALSE = 0');
      assert.equal(fires('IF([一般公共预算收入] > 0, 5) = 5'), false, 'condition true → 5');
      assert.equal(fires('IF([一般公共预算收入] > 0, 5) = 0'), true);
    });
  });

  describe('refused, naming the mistake and the fix', () => {
    it('F1.1: == says use one =; != says <>; && and || say AND and OR', () => {
      const eq = sheetProblem('[一般公共预算收入] == 0');
      assert.equal(eq.position, 12);
      assert.match(eq.zh, /“==”不能用于公式：比较相等只用一个“=”/);
      assert.match(eq.en, /"==" cannot be used here: use one "=" to compare/);
      assert.match(sheetProblem('[一般公共预算收入] != 0').en, /write "<>" or "≠" for "not equal"/);
      assert.match(sheetProblem('[一般公共预算收入] > 0 && [税收总额] > 0').zh, /请用 AND\(条件1, 条件2\)/);
      assert.match(sheetProblem('[一般公共预算收入] > 0 || [税收总额] > 0').en, /use OR\(condition1, condition2\)/);
      assert.match(sheetProblem('[一般公共预算收入] =< 0').en, /write "<=" or ">="/);
    });

    it('F4.4: a semicolon inside, a %, and an unknown character are named with what to write', () => {
      const semi = sheetProblem('[一般公共预算收入] ≥ 0；[税收总额] > 0');
      assert.equal(semi.position, 15);
      assert.match(semi.zh, /“；”不能用于公式：公式中间不能有分号/);
      assert.match(semi.en, /"；" cannot be used here: a semicolon cannot stand inside a formula; combine conditions with AND/);
      assert.match(sheetProblem('[一般公共预算收入].增速 > 5%').en, /write a percentage as its number/);
      const odd = sheetProblem('[一般公共预算收入] ≒ 0');
      assert.match(odd.zh, /不认识的字符“≒”（U\+2252）/);
      assert.match(odd.en, /unknown character "≒" \(U\+2252\)/);
      // Characters inside an indicator name or a text are the name's, not the formula's.
      assert.match(sheetProblem('[一般公共预算收入；] > 0').en, /unknown indicator "一般公共预算收入；"/);
    });

    it('F1.2: one mistake is one line ("abc" = "abc")', () => {
      assert.match(sheetProblem('"abc" = "abc"').en, /text "abc" may only be/);
    });

    it('F1.3: a divisor that is the constant 0 is refused when the rule is written, not reported per unit at run time', () => {
      for (const f of ['[一般公共预算收入] / 0 > 1', '[一般公共预算收入] / (1 - 1) > 1', '[一般公共预算收入] / -0 > 1', 'ABS([一般公共预算收入] / (2 * 0)) > 1']) {
        const p = sheetProblem(f);
        assert.match(p.zh, /除数是常数0/, f);
        assert.match(p.en, /the divisor is the constant 0/, f);
      }
      assert.ok(sheetTakes('[一般公共预算收入] / (2 - 1) > 1'), 'a constant non-zero divisor is fine');
    });

    it('F4.5: a number too large for arithmetic (1e400, Infinity) is refused', () => {
      const p = sheetProblem('[一般公共预算收入] = 1e400');
      assert.match(p.zh, /数字“1e400”太大/);
      assert.match(p.en, /the number "1e400" is too large/);
    });

    it('F4.5: a chained comparison a > b > c is refused, saying to use AND', () => {
      for (const f of ['[一般公共预算收入] > 0 > 0', '[税收总额] >= [一般公共预算收入] >= 0', 'AND([税收总额] > [一般公共预算收入] > 0)']) {
        const p = sheetProblem(f);
        assert.match(p.zh, /不能连写比较.*请用 AND 组合/, f);
        assert.match(p.en, /comparisons cannot be chained .*combine them with AND/, f);
      }
    });

    it('F4.5: a whole formula IF(condition, result) is refused: it would fire wherever the condition fails', () => {
      const p = sheetProblem('IF([一般公共预算收入] > 0, [税收总额] > 0)');
      assert.match(p.zh, /请写第三个参数/);
      assert.match(p.en, /give the third argument, e.g. IF\(condition, result, TRUE\)/);
      assert.ok(sheetTakes('IF([一般公共预算收入] > 0, [税收总额] > 0, TRUE)'));
    });

    it('F6.3: a long flat sum says to use SUM, not that it is nested', () => {
      const p = sheetProblem(Array.from({ length: 85 }, () => '[一般公共预算收入]').join('+') + ' > 0');
      assert.match(p.zh, /一串运算的项数超过80个；请用 SUM/);
      assert.match(p.en, /over 80 terms in one chain of operators; sum them with SUM/);
      assert.ok(sheetTakes(`SUM(${Array.from({ length: 85 }, () => '[一般公共预算收入]').join(', ')}) > 0`));
    });

    it('F6.4: an invisible control character (NUL inside a name, a line break in a text) is named', () => {
      for (const [f, code] of [
        ['[一般公共预算收入\u0000] > 0', 'U+0000'],
        ['任务状态(1) = "已完\n成"', 'U+000A'],
        ['[一般公共预算收入] > 0\u0007', 'U+0007'],
      ]) {
        const p = sheetProblem(f!);
        assert.ok(p.zh.includes(`看不见的控制字符（${code!}）`), p.zh);
        assert.ok(p.en.includes(`invisible control character (${code!})`), p.en);
      }
    });

    it('the parser still never throws on odd characters', () => {
      for (const s of ['≧', '；', '=', '==', '= ；', '＝＝', '\uD800', '%%', '!']) {
        const r = parseFormula(s);
        assert.ok(r.tree || r.error, s);
      }
    });
  });

  it('F1.4: numbers in a default message are rounded to the figures’ precision (63.16, not 63.1568…)', () => {
    const [x] = judge('完成率([一般公共预算收入]) > 100');
    assert.match(x!.message.zh, /左值63\.16，右值100，差额-36\.84/);
    assert.match(x!.message.en, /left 63\.16, right 100, difference -36\.84/);
    const [y] = judge('全年目标数([一般公共预算收入]) < 0', {}, { message: { zh: '全年目标数{左值}', en: 'annual {left}' } });
    assert.equal(y!.message.zh, '全年目标数92.11');
    assert.equal(y!.message.en, 'annual 92.11');
  });
});

describe('审核公式 messages: numbers rounded, never rounded away', () => {
  it('a value below 1 keeps three significant digits (a percent typed as a fraction stays visible)', () => {
    const [x] = judge('[一般公共预算收入] >= 1', { figures: [f('区财政局', '一般公共预算收入', '2023-06', 0.0178)] });
    assert.match(x!.message.zh, /左值0\.0178，右值1，差额-0\.982/);
    const [y] = judge('[一般公共预算收入] >= 100', { figures: [f('区财政局', '一般公共预算收入', '2023-06', 63.14172)] });
    assert.match(y!.message.en, /left 63\.14, right 100, difference -36\.86/);
  });
});
