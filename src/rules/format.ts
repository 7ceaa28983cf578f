/** Number formatting for messages and sentences: at most `d` decimals, no trailing zeros (58.18, 63.2, 5). */
export function fmt(n: number | null | undefined, d = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const s = n.toFixed(d);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Rounds half away from zero at `d` decimals, the way the statistics office publishes figures. */
export function round(n: number, d: number): number {
  const f = 10 ** d;
  return (Math.sign(n) * Math.round(Math.abs(n) * f + 1e-9)) / f;
}
