/** One figure per indicator and period: the rule every reader of figures applies before it returns them. */
import type { Actual } from '../model/plan';

/**
 * One indicator and period should have one figure. The same figure said twice is kept once; two
 * different values under one name (签约项目30个 at a trade fair, 签约项目33个 at another event)
 * mean the name is too general to tell them apart, so neither is kept and a problem says why.
 */
export function dropConflicts(figures: Actual[]): { kept: Actual[]; conflicts: { indicator: string; period: string; lines: number[] }[] } {
  const groups = new Map<string, Actual[]>();
  for (const a of figures) {
    const k = `${a.indicator}\u0000${a.period}`;
    groups.set(k, [...(groups.get(k) ?? []), a]);
  }
  const kept: Actual[] = [];
  const conflicts: { indicator: string; period: string; lines: number[] }[] = [];
  for (const g of groups.values()) {
    const same = g.every((a) => a.value === g[0].value && a.measureUnit === g[0].measureUnit && a.growth === g[0].growth);
    if (same) kept.push(g[0]);
    else conflicts.push({ indicator: g[0].indicator, period: g[0].period, lines: g.map((a) => a.source.line) });
  }
  kept.sort((a, b) => figures.indexOf(a) - figures.indexOf(b));
  return { kept, conflicts };
}
