/**
 * Units of measure with Chinese magnitude prefixes (万元 = 10^4 元, 亿元 = 10^8 元, 万人 = 10^4 人).
 * A target written in 万人 (不少于1.5万人) must be compared with figures entered in 人 (13245人), so
 * conversion lives here once rather than in each caller.
 */

const PREFIXES: ReadonlyArray<readonly [string, number]> = [
  ['万亿', 1e12],
  ['亿', 1e8],
  ['千万', 1e7],
  ['百万', 1e6],
  ['十万', 1e5],
  ['万', 1e4],
  ['千', 1e3],
  ['百', 1e2],
];

/** Bare units that start with a prefix character but are not prefixed (万元 is prefixed; 千克 is not a 千 of 克 here). */
const SPLIT_CACHE = new Map<string, { scale: number; base: string }>();

export function splitUnit(unit: string): { scale: number; base: string } {
  const hit = SPLIT_CACHE.get(unit);
  if (hit) return hit;
  const u = unit.trim();
  let r = { scale: 1, base: u };
  for (const [p, scale] of PREFIXES) {
    if (u.length > p.length && u.startsWith(p)) {
      r = { scale, base: u.slice(p.length) };
      break;
    }
  }
  SPLIT_CACHE.set(unit, r);
  return r;
}

/** The factor that turns an amount in `from` into `to`, or null when they measure different things. Same unit or '' → 1. */
export function unitFactor(from: string, to: string): number | null {
  if (from === to || from === '' || to === '') return 1;
  const a = splitUnit(from);
  const b = splitUnit(to);
  if (a.base !== b.base) return null;
  return a.scale / b.scale;
}
