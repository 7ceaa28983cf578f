/**
 * The grammar of enumerators that open a heading, an item or a bullet in Chinese government
 * documents, shared by every reader: 一、 （一） 1. 1、 （1） ① 第一 一是 and the bullets ★ ● ■ ▲ ◆.
 *
 * A style says what the document uses at one level; which level holds sections and which holds
 * items is decided by the reader from the document itself (the level whose lines carry fields),
 * never assumed from the style, because districts use 1、 for sections as often as for items.
 */
import { chineseSmallNumber } from './numbers';

export type EnumeratorStyle =
  | 'cn-dun' // 一、
  | 'cn-paren' // （一）
  | 'ordinal' // 第一，/ 第一部分
  | 'num-dot' // 1. 1．
  | 'num-dun' // 1、
  | 'num-paren' // （1）
  | 'circled' // ①
  | 'cn-shi' // 一是
  | 'bullet'; // ★ ● ■ ▲ ◆ ◇ ○ □ • ·

export interface Enumerator {
  style: EnumeratorStyle;
  /** The number it stands for (一 → 1, ⑫ → 12); null for bullets. */
  value: number | null;
  /** The enumerator as written (二、, （3）, ★). */
  mark: string;
  /** The text after it, trimmed. */
  rest: string;
}

const CN = '[一二三四五六七八九十百零〇]+';
const PATTERNS: { style: EnumeratorStyle; re: RegExp }[] = [
  { style: 'cn-paren', re: new RegExp(`^[（(]\\s*(${CN})\\s*[）)]\\s*`) },
  { style: 'num-paren', re: /^[（(]\s*(\d{1,3})\s*[）)]\s*/ },
  // 一、 but not 一是 / 一批 ("一批项目…" is prose, not a heading): the 、 or a dot is required.
  { style: 'cn-dun', re: new RegExp(`^(${CN})\\s*[、.．]\\s*`) },
  // 1. / 1． / 1、 but not 1.5亿元 (a decimal) nor 2023年.
  { style: 'num-dot', re: /^(\d{1,3})\s*[.．](?!\d)\s*/ },
  { style: 'num-dun', re: /^(\d{1,3})\s*、\s*/ },
  { style: 'circled', re: /^([①-⑳㉑-㉟])\s*/ },
  // 第一部分 / 第一方面 (a separator optional: spaces between Chinese are gone by now), 第一， / 第一、.
  { style: 'ordinal', re: new RegExp(`^第(${CN})(?:(?:部分|方面)[，,、：:\\s]?|[，,、：:\\s])\\s*`) },
  { style: 'cn-shi', re: new RegExp(`^(${CN})是(?=[\\u4e00-\\u9fff“])`) },
  { style: 'bullet', re: /^([★☆●○■□▲△◆◇•·▪►])\s*/ },
];

function circledValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 0x2460 && code <= 0x2473) return code - 0x2460 + 1;
  return code - 0x3251 + 21;
}

/**
 * Reads the enumerator at the start of a line: `（三）加快…` → { style: 'cn-paren', value: 3, rest: '加快…' }.
 * Returns null for a line that does not start with one (and for 2023年…, 1.5亿元…, 一批…).
 */
export function readEnumerator(line: string): Enumerator | null {
  const s = line.trimStart();
  for (const p of PATTERNS) {
    const m = p.re.exec(s);
    if (!m) continue;
    let value: number | null = null;
    if (p.style === 'bullet') value = null;
    else if (p.style === 'circled') value = circledValue(m[1]);
    else if (/^\d+$/.test(m[1])) value = Number(m[1]);
    else value = chineseSmallNumber(m[1]);
    if (p.style !== 'bullet' && (value === null || value < 1)) continue;
    return { style: p.style, value, mark: m[0].trim(), rest: s.slice(m[0].length).trim() };
  }
  return null;
}

/** Whether a line starts with any enumerator of the grammar. */
export function hasEnumerator(line: string): boolean {
  return readEnumerator(line) !== null;
}

/**
 * The usual rank of a style in a document's outline, outermost first (一、 above （一） above 1.
 * above （1） above ①). Readers use it only to order styles they have seen; a document that uses a
 * style out of this order is read by the order its lines actually show.
 */
export const STYLE_RANK: Readonly<Record<EnumeratorStyle, number>> = {
  ordinal: 0,
  'cn-dun': 1,
  'cn-paren': 2,
  'num-dot': 3,
  'num-dun': 3,
  'num-paren': 4,
  circled: 5,
  'cn-shi': 6,
  bullet: 7,
};

/** A gap in the numbers of one level: [after, next] pairs where next ≠ after + 1 and next > after (1, 2, 4 → [[2, 4]]). */
export function numberingGaps(values: number[]): [number, number][] {
  const gaps: [number, number][] = [];
  for (let i = 1; i < values.length; i++) if (values[i] > values[i - 1] + 1) gaps.push([values[i - 1], values[i]]);
  return gaps;
}
