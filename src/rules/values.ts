/**
 * Reading an entered value (a number, text or empty) as a number without throwing: the checks decide
 * what a non-number means, so this only answers "which number, if any".
 */
import type { Entered } from '../model/submission';

/** null for empty; NaN for anything that is not a finite number (text, 'NaN', Infinity); else the number. */
export function toNumber(v: Entered | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  let t = v.trim();
  if (t === '') return null;
  // Exports from other systems write thousands separators (1,234.5); Number() would reject them.
  if (t.includes(',')) t = t.split(',').join('');
  // Number() accepts hex and binary literals; a statistician's cell never means those.
  const c = t.charCodeAt(t.length - 1);
  if (c < 48 || c > 57) {
    if (c !== 46) return NaN;
  }
  if (t.length > 1 && t[0] === '0' && (t[1] === 'x' || t[1] === 'X' || t[1] === 'b' || t[1] === 'B' || t[1] === 'o' || t[1] === 'O')) return NaN;
  const n = Number(t);
  return Number.isFinite(n) ? n : NaN;
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
