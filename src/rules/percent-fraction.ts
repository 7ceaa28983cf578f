/**
 * A percent typed as a fraction. "4%" typed into a cell that keeps a number format (LibreOffice
 * keeps the form's `#,##0.00`, a user's `0.000`) is stored as 0.04 and shown as 0.04: the cell gives
 * no sign it was typed as a percent, so `cell-percent-hidden` cannot see it. The figure then is one
 * hundredth of what the row means (percent points). This judges it by size instead: a magnitude
 * below 1 whose hundredfold is close to what the plan, the history or the catalog expect.
 *
 * Rule: with a positive reference r (the expected size in percent points) and |x| < 1,
 * x is a fraction when r / |x| lies in [RATIO_MIN, RATIO_MAX], i.e. 100·|x| is within a factor of 5
 * of r while x itself is at least 20 times smaller. 3.66% published vs 0.04 → 91; target growth 5%
 * vs 0.041 → 122; a real 0.5% growth vs a 5% target → 10, not fired.
 */

const RATIO_MIN = 20;
const RATIO_MAX = 500;

/**
 * The first reference (percent points, > 0) against which `x` looks like a percent typed as a
 * fraction, or null. `refs` in order of trust (NaN or null entries are skipped).
 */
export function fractionOfPercent(x: number, refs: readonly (number | null | undefined)[]): number | null {
  const a = Math.abs(x);
  if (!(a > 0 && a < 1)) return null;
  for (const r of refs) {
    if (r === null || r === undefined || !Number.isFinite(r) || r <= 0) continue;
    const ratio = r / a;
    if (ratio >= RATIO_MIN && ratio <= RATIO_MAX) return r;
  }
  return null;
}
