/**
 * The characters of a 审核公式 before it is parsed: the typeset and full-width forms a workbook cell and a
 * Chinese input method give, what an Excel user brings along (a leading =, a closing ；), the bracket
 * count, and the first character or operator the language does not have — named, with what to write
 * instead, rather than left to the parser's "unexpected …". Positions never move: every change here is
 * one character for one character, so a problem's position is the one the statistician sees.
 */
import type { Bilingual } from '../../model/i18n';
import type { FormulaError } from './syntax';

/**
 * Typeset forms a workbook cell often holds, one character each so positions stay put: full-width
 * brackets (（）【】［］), commas and quotes, and the full-width operators, digits, point and @ that a
 * Chinese input method in full-width mode types (＜＞＝＋－＊／０-９．＠).
 */
const NAMED_CHARS: ReadonlyMap<string, string> = new Map([
  ['（', '('],
  ['）', ')'],
  ['【', '['],
  ['】', ']'],
  ['，', ','],
  ['“', '"'],
  ['”', '"'],
  ['‘', "'"],
  ['’', "'"],
  ['　', ' '],
  // ≧ ≦ (U+2267, U+2266) are what several Chinese input methods give for ≥ ≤.
  ['≧', '≥'],
  ['≦', '≤'],
]);

export function normaliseChars(s: string): string {
  return s.replace(/[（）【】，“”‘’　≧≦]|[［］＜＞＝＋－＊／．＠０-９]/g, (c) => NAMED_CHARS.get(c) ?? halfWidth(c));
}

/** The ASCII form of a full-width character (they sit 0xFEE0 above), others as they are. */
function halfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * What Excel users bring along and a formula can do without, blanked to spaces so positions stay put:
 * a leading `=` (a formula copied from a cell) and trailing semicolons (the end of a sentence).
 */
export function dropExcelHabits(s: string): string {
  const lead = /^\s*=(?![=<>])/.exec(s);
  let out = lead ? ' '.repeat(lead[0].length) + s.slice(lead[0].length) : s;
  const trail = /[;；\s]+$/.exec(out);
  if (trail && /[;；]/.test(trail[0])) out = out.slice(0, trail.index) + ' '.repeat(trail[0].length);
  return out;
}

/** Characters a formula may hold outside quotes and indicator brackets: letters, digits, spaces and its operators. */
const ALLOWED = /[\p{L}\p{N}\s_()[\],.@+\-*/=<>≤≥≠±−×÷"']/u;

/** What to write instead of a character or operator a statistician may try, with both languages. */
const INSTEAD: readonly [RegExp, Bilingual][] = [
  [/^==$/, { zh: '比较相等只用一个“=”，不是“==”', en: 'use one "=" to compare, not "=="' }],
  [/^(!=|=!|<>=)$/, { zh: '“不等于”请写“<>”或“≠”', en: 'write "<>" or "≠" for "not equal"' }],
  [/^(=<|=>)$/, { zh: '请写“<=”或“>=”（等号在后）', en: 'write "<=" or ">=" (the = comes second)' }],
  [/^(&&?)$/, { zh: '“并且”请用 AND(条件1, 条件2)', en: 'for "and" use AND(condition1, condition2)' }],
  [/^(\|\|?)$/, { zh: '“或者”请用 OR(条件1, 条件2)', en: 'for "or" use OR(condition1, condition2)' }],
  [/^!$/, { zh: '“非”请用 NOT(条件)，“不等于”请写“<>”', en: 'for "not" use NOT(condition); for "not equal" write "<>"' }],
  [/^;$/, { zh: '公式中间不能有分号；几个条件请用 AND(条件1, 条件2) 组合，或分成几条规则', en: 'a semicolon cannot stand inside a formula; combine conditions with AND(condition1, condition2) or write several rules' }],
  [/^%$/, { zh: '百分数请直接写数字（增速 5% 写作 5）', en: 'write a percentage as its number (a growth of 5% is 5)' }],
  [/^≈$/, { zh: '“约等于”请写成 = 加容差，如 [A] = [B] ± 0.1', en: 'for "about equal" write = with a tolerance, e.g. [A] = [B] ± 0.1' }],
  [/^\^$/, { zh: '公式没有乘方运算，请写成乘法', en: 'formulas have no power operator; write it as a product' }],
];

/** The first character or operator outside quotes and [names] that the language does not have, as an error naming it. */
export function strangeCharacter(s: string, original: string): FormulaError | null {
  let inQuote: string | null = null;
  let inName = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    // A control character (NUL, a line break pasted into a name) cannot be seen, so it is named wherever it is.
    if ((/\p{Cc}/u.test(ch) && !/[\t\n\r]/.test(ch)) || ((inName || inQuote !== null) && /[\n\r]/.test(ch))) {
      const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      return {
        pos: i,
        message: { zh: `此处有一个看不见的控制字符（${code}），请删去后重新输入`, en: `there is an invisible control character (${code}) here; delete it and type the text again` },
      };
    }
    if (inQuote) {
      if (ch === inQuote) inQuote = null;
      continue;
    }
    if (inName) {
      if (ch === ']') inName = false;
      continue;
    }
    if (ch === '"' || ch === "'") inQuote = ch;
    else if (ch === '[') inName = true;
    // Full-width ！；％ … outside names are judged as the ASCII characters they stand for.
    const two = halfWidth(s.slice(i, i + 2));
    const three = halfWidth(s.slice(i, i + 3));
    const op = three === '<>=' ? three : ['==', '!=', '=!', '=<', '=>', '&&', '||'].includes(two) ? two : null;
    const fix = op ?? (ALLOWED.test(halfWidth(ch)) ? null : halfWidth(ch));
    if (fix === null) continue;
    const hint = INSTEAD.find(([re]) => re.test(fix))?.[1];
    const point = original.codePointAt(i) ?? 0;
    const shown = op ?? String.fromCodePoint(point);
    const code = op ? '' : `（U+${point.toString(16).toUpperCase().padStart(4, '0')}）`;
    const codeEn = code.replace('（', ' (').replace('）', ')');
    return {
      pos: i,
      message: hint
        ? { zh: `此处的“${shown}”不能用于公式：${hint.zh}`, en: `"${shown}" cannot be used here: ${hint.en}` }
        : {
            zh: `不认识的字符“${shown}”${code}；公式只能用 + - * / 计算，= <> < > <= >=（≤ ≥ ≠）比较，指标写在 [ ] 中，文字写在引号中`,
            en: `unknown character "${shown}"${codeEn}; a formula computes with + - * /, compares with = <> < > <= >= (≤ ≥ ≠), names indicators in [ ] and text in quotes`,
          },
    };
  }
  return null;
}

/** The first place brackets nest deeper than `maxDepth`, or where a closing bracket has no opening one; null when neither. */
export function bracketCheck(s: string, maxDepth: number): FormulaError | null {
  let depth = 0;
  let inQuote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (inQuote) {
      if (ch === inQuote) inQuote = null;
      continue;
    }
    if (ch === '"' || ch === "'") inQuote = ch;
    else if (ch === '(') {
      if (++depth > maxDepth) return { pos: i, message: { zh: `括号嵌套超过${maxDepth}层`, en: `brackets are nested more than ${maxDepth} deep` } };
    } else if (ch === ')') {
      if (--depth < 0) return { pos: i, message: { zh: '多出一个“)”，没有与之对应的“(”', en: 'a ")" has no matching "("' } };
    }
  }
  return null;
}
