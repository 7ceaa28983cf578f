/**
 * Reading an entered value (a number, text or empty) as a number without throwing: the checks decide
 * what a non-number means, so this only answers "which number, if any".
 */
import type { Entered } from '../model/submission';

/** Spaces as pasted from other systems: ASCII, no-break, the typographic ones and the ideographic (full-width) space. */
const SPACES = /[\s\u00a0\u2000-\u200b\u3000]/g;

/**
 * The one reading of a number typed as text (issue 10: the server, the CSV, the workbook and the pane
 * read "4%" and "1,234.5" alike): spaces anywhere, full-width digits and punctuation (NFKC: "５８．１８",
 * "１，２３４"), the minus sign U+2212, thousands separators in groups of three, an exponent as other
 * systems export large numbers (1.2E+05), and a trailing % returned apart — whether a % is allowed
 * depends on the field (toNumber). Returns null for anything else ("五百亿", "58.18亿元", "1,23", "0x10").
 */
export function readNumberText(raw: string): { value: number; percent: boolean } | null {
  const s = raw
    .normalize('NFKC')
    .replace(SPACES, '')
    .replace(/\u2212/g, '-');
  const m = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d*)?([eE][+-]?\d+)?(%?)$/.exec(s) ?? /^([+-]?)()(\.\d+)([eE][+-]?\d+)?(%?)$/.exec(s);
  if (!m) return null;
  const value = Number(`${m[1]}${(m[2] ?? '').replace(/,/g, '') || '0'}${m[3] ?? ''}${m[4] ?? ''}`);
  return Number.isFinite(value) ? { value, percent: m[5] === '%' } : null;
}

export interface NumberReading {
  /**
   * Whether the field is in percent points, so a trailing % is its unit and is read away: a growth
   * rate, a task's progress, the value of an indicator measured in %. Elsewhere "4%" is not a number
   * (4 亿元 is not what was typed), and the `number` check says so.
   */
  percent?: boolean;
}

/** null for empty; NaN for anything that is not a finite number as readNumberText reads it (text, 'NaN', Infinity, a % where the field is not in %); else the number. */
export function toNumber(v: Entered | undefined, o: NumberReading = {}): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (v.trim() === '') return null;
  const r = readNumberText(v);
  return r && (!r.percent || o.percent === true) ? r.value : NaN;
}

export function isEmpty(v: Entered | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** Whether `v` has more than `d` decimals (58.181 at 2 → true), tolerant of binary fractions. */
export function exceedsDecimals(v: number, d: number): boolean {
  const f = 10 ** d;
  const x = Math.abs(v) * f;
  return Math.abs(x - Math.round(x)) > 1e-6 * Math.max(1, x * 1e-9);
}
