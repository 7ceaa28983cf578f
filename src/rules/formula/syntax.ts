/**
 * 审核公式 syntax: a formula string → a small typed tree, parsed by jsep (never eval). jsep is set up
 * once here with the operators a statistician writes (`=`, `<>`, `<=`, `>=`, `<`, `>`, `+ - * /`, and
 * their typeset forms `≤ ≥ ≠ − × ÷`, `±` for a tolerance) and a token hook that reads a whole
 * indicator reference `[名称]` with its optional `.字段` and `@报告期` in one piece. Everything jsep
 * knows beyond that (member access, `this`, arrays, `?:`) is refused by `toTree`, so the tree can only
 * name indicators, numbers, strings, operators and the functions of the list.
 */
import jsep from 'jsep';
import type { Bilingual } from '../../model/i18n';
import { bracketCheck, dropExcelHabits, normaliseChars, strangeCharacter } from './characters';

/** Where in the formula (0-based character index) and what is wrong. */
export interface FormulaError {
  pos: number;
  message: Bilingual;
}

export type BinOp = '=' | '<>' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '±';

export type Node =
  | { k: 'num'; v: number; pos: number }
  | { k: 'str'; v: string; pos: number }
  | { k: 'ref'; name: string; field: string | null; period: string | null; pos: number; end: number }
  | { k: 'call'; fn: string; args: Node[]; pos: number }
  | { k: 'bin'; op: BinOp; l: Node; r: Node; pos: number }
  | { k: 'neg'; a: Node; pos: number };

/** Longest formula accepted; a sheet cell with more is a paste accident, not a check. */
export const MAX_FORMULA_LENGTH = 2000;
/** Deepest nesting of brackets and of the tree; keeps parsing and evaluation far from the stack limit. */
export const MAX_DEPTH = 40;

const OPS: Record<string, [BinOp, number]> = {
  '±': ['±', 1],
  '=': ['=', 6],
  '<>': ['<>', 6],
  '≠': ['<>', 6],
  '<': ['<', 7],
  '>': ['>', 7],
  '<=': ['<=', 7],
  '>=': ['>=', 7],
  '≤': ['<=', 7],
  '≥': ['>=', 7],
  '+': ['+', 9],
  '-': ['-', 9],
  '−': ['-', 9],
  '*': ['*', 10],
  '×': ['*', 10],
  '/': ['/', 10],
  '÷': ['/', 10],
};

let configured = false;

/** jsep is a module-wide singleton: configured once, and only this module parses with it. */
function configure(): void {
  if (configured) return;
  configured = true;
  jsep.removeAllBinaryOps();
  jsep.removeAllUnaryOps();
  jsep.removeAllLiterals();
  for (const [op, [, prec]] of Object.entries(OPS)) jsep.addBinaryOp(op, prec);
  for (const op of ['-', '−', '+']) jsep.addUnaryOp(op);
  jsep.hooks.add('gobble-token', function refHook(this: jsep.HookScope, env) {
    // jsep calls hooks with the parser as `this`.
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- jsep hands the parser over as `this`; a name reads better than `this` in every line below
    const p = this;
    if (p.code !== 91 /* [ */) return;
    const start = p.index;
    const close = p.expr.indexOf(']', start + 1);
    const nextOpen = p.expr.indexOf('[', start + 1);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) p.throwError('UNCLOSED_REF');
    const name = p.expr.slice(start + 1, close).trim();
    if (name === '') p.throwError('EMPTY_REF');
    p.index = close + 1;
    let field: string | null = null;
    let period: string | null = null;
    // `.字段` and `@报告期` in either order, each at most once.
    for (;;) {
      const c: number = p.code; // re-read: the index moved
      if (c === 46 /* . */ && field === null) {
        p.index++;
        field = readWord(p.expr, p.index);
        if (field === '') p.throwError('EMPTY_FIELD');
        p.index += field.length;
      } else if (c === 64 /* @ */ && period === null) {
        p.index++;
        period = readWord(p.expr, p.index);
        if (period === '') p.throwError('EMPTY_PERIOD');
        p.index += period.length;
      } else break;
    }
    env.node = { type: 'IndicatorRef', name, field, period, start, end: p.index };
  });
}

/** A field or period word: letters, digits, CJK, '-' inside a date (2023-06); stops at operators, brackets, spaces. */
function readWord(s: string, from: number): string {
  let i = from;
  while (i < s.length) {
    const ch = s[i]!;
    if (/[\s()[\]{},.@+*/=<>≤≥≠±−×÷'"]/.test(ch)) break;
    if (ch === '-' && !/[\dQHqh]/.test(s[i + 1] ?? '')) break;
    i++;
  }
  return s.slice(from, i);
}

const JSEP_MESSAGES: [RegExp, (m: RegExpMatchArray) => Bilingual][] = [
  [/^UNCLOSED_REF/, () => ({ zh: '指标引用的方括号“[”没有闭合', en: 'an indicator reference "[" is not closed' })],
  [/^EMPTY_REF/, () => ({ zh: '方括号“[]”中没有指标名称', en: 'no indicator name inside "[]"' })],
  [/^EMPTY_FIELD/, () => ({ zh: '“.”后缺少字段名（值、同比增长、上年同期）', en: 'a field name (value, growth, base) is missing after "."' })],
  [/^EMPTY_PERIOD/, () => ({ zh: '“@”后缺少报告期（上期、上年同期、上年、年初）', en: 'a period (上期, 上年同期, 上年, 年初) is missing after "@"' })],
  [/Unclosed \(|Expected \)/, () => ({ zh: '圆括号“(”没有闭合', en: 'a "(" is not closed' })],
  [/Unclosed quote/, () => ({ zh: '引号没有闭合', en: 'a quotation mark is not closed' })],
  [/Expected expression|missing unaryOp argument|Expected comma/, () => ({ zh: '此处缺少数值或表达式', en: 'a value or expression is missing here' })],
  [/Unexpected "(.*)"/, (m) => ({ zh: `此处不应出现“${m[1]}”`, en: `unexpected "${m[1]}" here` })],
  // jsep reads `[X].constructor` as a number `.c…`: the point is that nothing but a field may follow "."
  [
    /Variable names cannot start with a number \(\.(.*)\)/,
    (m) => ({
      zh: `“.”后只能是字段名（值、同比增长、上年同期），不能是“${m[1]}”：公式不能读取其他属性`,
      en: `only a field name (值 value, 同比增长 growth, 上年同期 base) may follow ".", not "${m[1]}": a formula reads no other property`,
    }),
  ],
  [/Variable names cannot start with a number \((.*)\)/, (m) => ({ zh: `数字后不能紧跟名称“${m[1]}”，请在中间加运算符`, en: `a number cannot run into the name "${m[1]}"; put an operator between them` })],
];

function jsepMessage(description: string): Bilingual {
  for (const [re, make] of JSEP_MESSAGES) {
    const m = re.exec(description);
    if (m) return make(m);
  }
  return { zh: `公式无法解析，请检查此处的写法（解析器提示：${description}）`, en: `the formula cannot be parsed; check what is written here (parser: ${description})` };
}

/**
 * Parses one formula. Returns the tree or the first error with its 0-based position; never throws
 * (jsep's errors, a stack overflow, anything, become a FormulaError).
 */
export function parseFormula(formula: string): { tree: Node | null; error: FormulaError | null } {
  configure();
  if (typeof formula !== 'string' || formula.trim() === '') return { tree: null, error: { pos: 0, message: { zh: '公式为空', en: 'the formula is empty' } } };
  if (formula.length > MAX_FORMULA_LENGTH) {
    return {
      tree: null,
      error: {
        pos: MAX_FORMULA_LENGTH,
        message: {
          zh: `公式长${formula.length}个字符，超过上限${MAX_FORMULA_LENGTH}；请拆成几条规则`,
          en: `the formula is ${formula.length} characters long, over the limit of ${MAX_FORMULA_LENGTH}; split it into several rules`,
        },
      },
    };
  }
  const text = dropExcelHabits(normaliseChars(formula));
  const strange = strangeCharacter(text, formula);
  if (strange) return { tree: null, error: strange };
  const brackets = bracketCheck(text, MAX_DEPTH);
  if (brackets) return { tree: null, error: brackets };
  let raw: jsep.Expression;
  try {
    raw = jsep(text);
  } catch (e) {
    const err = e as { index?: unknown; description?: unknown; message?: unknown };
    const pos = typeof err.index === 'number' ? err.index : 0;
    const description = typeof err.description === 'string' ? err.description : String(err.message ?? e);
    return { tree: null, error: { pos, message: jsepMessage(description) } };
  }
  const problems: FormulaError[] = [];
  const tree = toTree(raw, text, 0, problems);
  if (problems.length > 0 || !tree) return { tree: null, error: problems[0] ?? { pos: 0, message: { zh: '公式无法解析', en: 'the formula cannot be parsed' } } };
  return { tree, error: null };
}

/** Where a name first occurs at or after `from`, for positions jsep does not keep. */
function posOf(text: string, needle: string, from = 0): number {
  const i = text.indexOf(needle, from);
  return i < 0 ? 0 : i;
}

/** jsep's tree → ours; anything outside the language is a problem (with position), not a node. */
function toTree(e: jsep.Expression, text: string, depth: number, problems: FormulaError[]): Node | null {
  if (depth > MAX_DEPTH * 2) {
    // jsep reads a + b + … + z as a chain of pairs: a long flat sum is deep without any bracket, and says so.
    problems.push(
      e.type === 'BinaryExpression'
        ? {
            pos: 0,
            message: {
              zh: `一串运算的项数超过${MAX_DEPTH * 2}个；请用 SUM([A], [B], …) 求和（最多255项），或拆成几条规则`,
              en: `over ${MAX_DEPTH * 2} terms in one chain of operators; sum them with SUM([A], [B], …) (up to 255), or split the rule`,
            },
          }
        : { pos: 0, message: { zh: `公式嵌套过深（超过${MAX_DEPTH * 2}层）`, en: `the formula is nested too deeply (over ${MAX_DEPTH * 2} levels)` } },
    );
    return null;
  }
  const refused = (zh: string, en: string, at: number): null => {
    problems.push({ pos: at, message: { zh: `公式中不能使用${zh}；只能引用指标、数字和所列函数`, en: `${en} cannot be used in a formula; only indicators, numbers and the listed functions` } });
    return null;
  };
  switch (e.type) {
    case 'IndicatorRef': {
      const r = e as unknown as { name: string; field: string | null; period: string | null; start: number; end: number };
      return { k: 'ref', name: r.name, field: r.field, period: r.period, pos: r.start, end: r.end };
    }
    case 'Literal': {
      const v = (e as jsep.Literal).value;
      const raw = (e as jsep.Literal).raw;
      if (typeof v === 'number') {
        if (Number.isFinite(v)) return { k: 'num', v, pos: posOf(text, raw) };
        problems.push({ pos: posOf(text, raw), message: { zh: `数字“${raw}”太大，无法计算；请写实际的数值`, en: `the number "${raw}" is too large to compute with; write the real value` } });
        return null;
      }
      if (typeof v === 'string') return { k: 'str', v, pos: posOf(text, raw) };
      return refused(`“${raw}”`, `"${raw}"`, posOf(text, raw));
    }
    case 'Identifier': {
      const name = (e as jsep.Identifier).name;
      const up = name.toUpperCase();
      if (up === 'TRUE' || name === '真') return { k: 'num', v: 1, pos: posOf(text, name) };
      if (up === 'FALSE' || name === '假') return { k: 'num', v: 0, pos: posOf(text, name) };
      problems.push({
        pos: posOf(text, name),
        message: { zh: `“${name}”不是指标引用；指标名称请写在方括号中，如 [${name}]`, en: `"${name}" is not an indicator reference; write indicator names in square brackets, e.g. [${name}]` },
      });
      return null;
    }
    case 'CallExpression': {
      const c = e as jsep.CallExpression;
      if (c.callee.type !== 'Identifier') return refused('属性或方法调用', 'a member call', 0);
      const fn = (c.callee as jsep.Identifier).name;
      const args: Node[] = [];
      for (const a of c.arguments) {
        const n = toTree(a, text, depth + 1, problems);
        if (n) args.push(n);
      }
      return { k: 'call', fn, args, pos: posOf(text, fn + '(') };
    }
    case 'BinaryExpression': {
      const b = e as jsep.BinaryExpression;
      const op = OPS[b.operator];
      const l = toTree(b.left, text, depth + 1, problems);
      const r = toTree(b.right, text, depth + 1, problems);
      if (!op || !l || !r) return op ? null : refused(`运算符“${b.operator}”`, `operator "${b.operator}"`, posOf(text, b.operator));
      return { k: 'bin', op: op[0], l, r, pos: l.pos };
    }
    case 'UnaryExpression': {
      const u = e as jsep.UnaryExpression;
      const a = toTree(u.argument, text, depth + 1, problems);
      if (!a) return null;
      return u.operator === '+' ? a : { k: 'neg', a, pos: a.pos };
    }
    case 'MemberExpression':
      return refused('“.”或“[]”属性访问（字段只能跟在 [指标] 后：.值 .同比增长 .上年同期）', 'member access with "." or "[]" (a field may only follow an [indicator]: .value .growth .base)', posOf(text, '.'));
    case 'ThisExpression':
      return refused('this', 'this', posOf(text, 'this'));
    case 'ConditionalExpression':
      return refused('“?:”条件式（请用 IF(条件, 是, 否)）', '"?:" (use IF(condition, then, else))', posOf(text, '?'));
    case 'Compound':
      return refused('多个并列表达式（请用 AND(…) 组合）', 'several expressions side by side (combine them with AND(…))', 0);
    default:
      return refused(`“${e.type}”`, `"${e.type}"`, 0);
  }
}
