/**
 * Text normaliser: undoes the noise that PDF and web extraction leave in plan documents, and keeps
 * a map back to the original line numbers so every fact can still point at its source line.
 *
 * Noise handled: `**bold**` marks, `[bookmark: …]` tags, full-width digits and ASCII punctuation
 * between Chinese text, spaces between Chinese characters and digits, a phrase repeated across a
 * break ("社会 社会发展计划"), and sentences broken over several lines.
 */

/** One logical line: original lines joined where extraction broke a sentence. */
export interface LogicalLine {
  text: string;
  /** 1-based line in the original text where this logical line starts. */
  line: number;
  /** Where each joined piece starts in `text`, and its original line; sorted by offset. */
  pieces: { offset: number; line: number }[];
}

export interface NormalisedText {
  lines: LogicalLine[];
}

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const CJK_RE = new RegExp(`[${CJK}]`);
const SPACE_BETWEEN = new RegExp(
  `(?<=[${CJK}\\d%％“”‘’（）《》、，。；：])[ \\u3000\\u00a0]+(?=[${CJK}\\d“”‘’（）《》])|(?<=[${CJK}“”（）《》])[ \\u3000\\u00a0]+(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])[ \\u3000\\u00a0]+(?=[${CJK}])`,
  'g',
);
// A phrase of two or more characters written twice across a gap: "社会 社会发展计划".
const REPEATED_PHRASE = new RegExp(`([${CJK}]{2,8})[ \\u3000\\u00a0]+\\1`, 'g');
const TERMINAL = /[。！？；：:!?;]$/;
/** Numbering that starts a heading or an item: 一、 （一） 1. 1、 （1） ①, list marks "- ", "——", "第一部分", bullets ●■. */
export const NUMBERING = /^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+\s*[.．、](?!\d)|[①-⑳]|[-*•·]\s|[★☆●○■□▲△◆◇▪►]|——|第[一二三四五六七八九十\d]+[部章节条])/;
/** A short label followed by a colon that opens a field line (牵头领导：…, 完成时限：…). */
export const FIELD_START = new RegExp(`^[${CJK}]{2,6}\\s*[：:]`);

/** Full-width ASCII (digits, letters, ％ ．…) to half-width; Chinese punctuation stays as written. */
function toHalfWidth(s: string): string {
  return s.replace(/[０-９Ａ-Ｚａ-ｚ％．＋－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** ASCII punctuation used inside Chinese text (004 writes "千亿以上投资强度,坚持") becomes the Chinese form. */
function chinesePunctuation(s: string): string {
  return s
    .replace(/,/g, '，')
    .replace(/;/g, '；')
    .replace(/(?<=[\u3400-\u9fff）)”])\s*:\s*/g, '：')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');
}

/** Cleans one physical line; exported for tests and for readers that look at raw lines. */
export function cleanLine(raw: string): string {
  let s = raw.replace(/^\uFEFF/, '');
  s = s.replace(/\[bookmark:[^\]]*\]/gi, '');
  s = s.replace(/\*\*/g, '');
  s = toHalfWidth(s);
  // Thousands separators inside numbers ("1,000亿元") are not part of the value.
  s = s.replace(/(?<=\d)[,，](?=\d{3}(?!\d))/g, '');
  s = chinesePunctuation(s);
  s = s.replace(REPEATED_PHRASE, '$1');
  s = s.replace(SPACE_BETWEEN, '');
  return s
    .replace(/[ \u3000\u00a0]+/g, ' ')
    .replace(/ *\t */g, '\t')
    .replace(/^[\s]+|[\s]+$/g, '');
}

function cjkLength(s: string): number {
  let n = 0;
  for (const c of s) if (CJK_RE.test(c)) n++;
  return n;
}

/**
 * Whether `next` continues `prev`, a sentence broken by extraction. Conservative: a line that
 * ends a sentence, a short line (titles, names, dates), a field line, or a line followed by
 * numbering or a field label stands alone; readers that know their layout join the rest.
 */
function continues(prev: string, next: string): boolean {
  if (TERMINAL.test(prev)) return false;
  if (cjkLength(prev) < 12) return false;
  // A heading ("2024年工作的总体思路和主要任务") has no inner punctuation; prose broken mid-sentence has.
  if (cjkLength(prev) < 40 && !/[，。；：、]/.test(prev)) return false;
  if (NUMBERING.test(prev) || FIELD_START.test(prev) || prev.includes('\t')) return false;
  if (NUMBERING.test(next) || FIELD_START.test(next) || next.includes('\t')) return false;
  return true;
}

/** Joins two pieces, dropping a phrase repeated across the break ("…和社会" + "社会发展…"). */
function joinPieces(prev: string, next: string): { text: string; dropped: number } {
  for (let n = Math.min(8, prev.length, next.length); n >= 2; n--) {
    const tail = prev.slice(prev.length - n);
    if (CJK_RE.test(tail) && cjkLength(tail) === n && next.startsWith(tail)) return { text: prev + next.slice(n), dropped: n };
  }
  return { text: prev + next, dropped: 0 };
}

export function normaliseText(text: string): NormalisedText {
  const raw = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const lines: LogicalLine[] = [];
  let current: LogicalLine | null = null;
  for (let i = 0; i < raw.length; i++) {
    const cleaned = cleanLine(raw[i]);
    if (cleaned === '') continue;
    if (current && continues(current.text, cleaned)) {
      const joined = joinPieces(current.text, cleaned);
      current.pieces.push({ offset: current.text.length, line: i + 1 });
      current.text = joined.text;
      continue;
    }
    current = { text: cleaned, line: i + 1, pieces: [{ offset: 0, line: i + 1 }] };
    lines.push(current);
  }
  return { lines };
}

/** The original line of a character offset within a logical line. */
export function lineAt(l: LogicalLine, offset: number): number {
  let line = l.line;
  for (const p of l.pieces) {
    if (p.offset <= offset) line = p.line;
    else break;
  }
  return line;
}
