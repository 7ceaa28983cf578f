/**
 * The target kinds of the built-in checks (target-approx … target-external): a figure against its
 * indicator's targets of the figure's year, judged by judgeTarget (target.ts), the one place that decides.
 */
import type { Target } from '../model/plan';
import type { Figure } from '../model/submission';
import type { Finding } from '../model/finding';
import type { ParsedPeriod } from '../model/period';
import type { RuleKind } from './ruleset';
import type { MessageId, MsgParams } from './messages';
import { judgeTarget, type TargetCheck } from './target';
import type { IndicatorRules } from './check-compile';
import { emitFigure } from './finding-build';

const TARGET_KIND: Record<TargetCheck, RuleKind | null> = {
  approx: 'target-approx',
  floor: 'target-floor',
  ceiling: 'target-ceiling',
  exact: 'target-exact',
  level: 'target-level',
  qualitative: 'target-qualitative',
  external: 'target-external',
  none: null,
};

/**
 * The target checks of one figure: `v` null for a growth-only figure, `effGrowth` the entered or derived
 * growth, `lastYear` last December's value of the unit (NaN when unknown). "No verdict yet" for a target
 * set by the city is said once per unit and target (`pendingSeen`), not for every month.
 */
export function checkTargets(f: Figure, rules: IndicatorRules, p: ParsedPeriod, v: number | null, effGrowth: number | null, lastYear: number, out: Finding[], pendingSeen: Map<Target, Set<string>>): void {
  const d = rules.def;
  for (const t of rules.targets!) {
    if (t.year !== p.year) continue;
    const verdict = judgeTarget(
      t,
      { value: v, growth: effGrowth, measureUnit: d.measureUnit },
      { period: p, cumulative: d.kind === 'flow', lastYear: Number.isNaN(lastYear) ? null : lastYear, tolerance: rules.approxTolerance, exactTolerance: rules.exactTolerance },
    );
    const pending = verdict.unitMismatch || (verdict.check === 'external' && verdict.status === 'pending');
    if (!pending && verdict.status !== 'not-met' && verdict.status !== 'behind') continue;
    if (pending) {
      let units = pendingSeen.get(t);
      if (!units) pendingSeen.set(t, (units = new Set()));
      if (units.has(f.orgUnit)) continue;
      units.add(f.orgUnit);
    }
    const kind = verdict.unitMismatch ? 'target-external' : TARGET_KIND[verdict.check];
    const krules = kind ? rules.byKind[kind] : undefined;
    if (!krules) continue;
    const nums = {
      value: v,
      growth: effGrowth,
      target: t.value,
      bound: verdict.bound,
      diffPoints: verdict.diffPoints,
      completionPct: verdict.completionPct,
      timeProgressPct: verdict.timeProgressPct,
      aheadPoints: verdict.aheadPoints,
    };
    const params: MsgParams = {
      value: v ?? undefined,
      growth: effGrowth ?? undefined,
      target: t.text,
      bound: verdict.bound ?? undefined,
      diff: verdict.diffPoints ?? verdict.aheadPoints ?? undefined,
      completion: verdict.completionPct ?? undefined,
      timeProgress: verdict.timeProgressPct,
    };
    const id: MessageId = verdict.unitMismatch ? 'target-unit' : pending ? 'target-external' : verdict.check === 'floor' && t.measure === 'growth' ? 'target-floor-growth' : (kind as MessageId);
    for (const r of krules) emitFigure(out, r, f, d, id, params, t.measure === 'growth' || t.measure === 'qualitative' ? 'growth' : 'value', nums);
  }
}
