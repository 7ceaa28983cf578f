/**
 * The unit mix-up check (规则 unit-mixup): a value 10^4 off what the unit reported before, of what the
 * plan expects, or of a district's typical size in the catalog, and a percent typed as a fraction
 * (percent-fraction.ts). Every figure reaches it, so each test that can rule a figure out cheaply (a
 * value or growth that is not between 0 and 1 cannot be a fraction of a percent) comes before any
 * array or object is made; objects are made only for a finding.
 */
import type { Finding } from '../model/finding';
import type { Figure } from '../model/submission';
import type { IndicatorDef } from './catalog';
import type { RuleDef } from './ruleset';
import { expectedSize, type PlanScales } from './plan-scale';
import { fractionOfPercent } from './percent-fraction';
import { emitFigure } from './finding-build';
import type { IndicatorRules } from './check-compile';

/** Whether |x| is strictly between 0 and 1: outside that, x is no percent typed as a fraction (percent-fraction.ts). */
function fractionSized(x: number): boolean {
  const a = Math.abs(x);
  return a > 0 && a < 1;
}

/** Whether `v` against `ref` is `limit` times off or more, either way (false when `ref` is absent, zero or of the other sign). */
function farOff(v: number, ref: number, limit: number): boolean {
  if (Number.isNaN(ref) || ref === 0 || v === 0 || ref > 0 !== v > 0) return false;
  const ratio = v / ref;
  return ratio >= limit || ratio <= 1 / limit;
}

/**
 * Whether checkUnitMixup could make a finding, decided without allocating: `minRatio` is the smallest
 * ratio of the rules (IndicatorRules.mixupRatio), so a value within it of both references fires no rule;
 * a % row's value between 0 and 1 may be a fraction; a value with no reference meets the plan's and the
 * catalog's sizes. Conservative: true sends the figure through the full check.
 */
export function mixupPossible(d: IndicatorDef, v: number, prev: number, sly: number, minRatio: number): boolean {
  if (Number.isNaN(prev) && Number.isNaN(sly)) return v > 0 || (d.measureUnit === '%' && fractionSized(v));
  return farOff(v, prev, minRatio) || farOff(v, sly, minRatio) || (d.measureUnit === '%' && fractionSized(v));
}

/**
 * The unit mix-up rules on figure value `v` (a finite number) of end month `em`: against the previous
 * period (`prev`) and the same period last year (`sly`) — NaN when absent — then, for a % row, a percent
 * typed as a fraction, then, with neither earlier figure, the plan's size and the catalog's typical size.
 * One finding at most across the rules. True when a finding was made (the later checks then stay quiet).
 */
export function checkUnitMixup(out: Finding[], mix: readonly RuleDef[], f: Figure, d: IndicatorDef, v: number, year: number, em: number, prev: number, sly: number, scales: PlanScales): boolean {
  let mixup = false;
  for (const r of mix) {
    const limit = r.params?.ratio ?? 3000;
    // Against the previous period first, then the same period last year; one finding is enough.
    for (let k = 0; k < 2 && !mixup; k++) {
      const ref = k === 0 ? prev : sly;
      if (Number.isNaN(ref) || ref === 0 || v === 0 || ref > 0 !== v > 0) continue;
      const ratio = v / ref;
      if (ratio >= limit || ratio <= 1 / limit) {
        mixup = true;
        emitFigure(out, r, f, d, ratio >= 1 ? 'unit-mixup' : 'unit-mixup-small', { value: v, other: ref, ratio, field: k === 0 ? '上期' : '上年同期' }, 'value', { value: v, reference: ref, ratio });
      }
    }
    if (!mixup && d.measureUnit === '%' && fractionSized(v)) mixup = checkPercentValue(out, r, f, d, v, year, em, prev, sly, scales);
    // No earlier figure to compare with (a first month, an offline check): what the plan knows.
    if (!mixup && Number.isNaN(prev) && Number.isNaN(sly) && v > 0) mixup = checkPlannedSize(out, r, f, d, v, year, em, limit, scales);
  }
  return mixup;
}

/** Against the plan's size of the indicator, else the catalog's typical size of a district's figure. True when a finding was made. */
function checkPlannedSize(out: Finding[], r: RuleDef, f: Figure, d: IndicatorDef, v: number, year: number, em: number, limit: number, scales: PlanScales): boolean {
  const e = expectedSize(scales, d, year, em);
  if (e) {
    const ratio = v / e.size;
    if (ratio < limit && ratio > 1 / limit) return false;
    const params = { value: v, other: e.size, ratio, field: e.ref.basis.zh, target: e.ref.basis.en };
    emitFigure(out, r, f, d, ratio >= 1 ? 'unit-mixup-plan' : 'unit-mixup-plan-small', params, 'value', { value: v, reference: e.size, ratio });
    return true;
  }
  // Nor does the plan know it: the catalog's typical size of a district's figure, a flow's yearly range scaled to the elapsed months.
  const mag = d.magnitude;
  if (!mag) return false;
  const k = d.kind === 'flow' ? em / 12 : 1;
  const min = mag[0] * k;
  const max = mag[1] * k;
  if (v <= max && v >= min) return false;
  const reference = v > max ? max : min;
  // A judgement of typical size, not the plan's word: at most a warning, which a 说明 explains.
  const judged = r.severity === 'error' ? { ...r, severity: 'warning' as const } : r;
  emitFigure(out, judged, f, d, v > max ? 'unit-mixup-catalog' : 'unit-mixup-catalog-small', { value: v, min, max }, 'value', { value: v, reference, ratio: v / reference });
  return true;
}

/**
 * A % row's value that looks like a percent typed as a fraction (0.04 for 4%; rules/percent-fraction.ts),
 * against the previous period, last year's same period, the plan's size (a published % figure, a level
 * target) or the middle of the catalog's range. True when a finding was made.
 */
function checkPercentValue(out: Finding[], r: RuleDef, f: Figure, d: IndicatorDef, v: number, year: number, em: number, prev: number, sly: number, scales: PlanScales): boolean {
  const mag = d.magnitude;
  const ref = fractionOfPercent(v, [prev, sly, expectedSize(scales, d, year, em)?.size, mag ? Math.sqrt(mag[0] * mag[1]) : null]);
  if (ref === null) return false;
  emitFigure(out, r, f, d, 'percent-fraction', { value: v, other: ref, shown: v * 100 }, 'value', { value: v, reference: ref });
  return true;
}

/** A growth rate `g` that looks like a percent typed as a fraction (0.041 for 4.1%), against the growth targets of `year`. */
export function checkPercentGrowth(out: Finding[], mix: readonly RuleDef[], f: Figure, rules: IndicatorRules, g: number, year: number): void {
  // Without a growth target there is nothing to compare with: fractionOfPercent would find no reference.
  if (!rules.growthTargets || !fractionSized(g)) return;
  const refs: (number | null)[] = [];
  for (const t of rules.targets!) if (t.year === year && t.measure === 'growth') refs.push(typeof t.value === 'number' ? Math.abs(t.value) : null);
  for (const r of mix) {
    const ref = fractionOfPercent(g, refs);
    if (ref !== null) emitFigure(out, r, f, rules.def, 'percent-fraction-growth', { value: g, other: ref, shown: g * 100 }, 'growth', { growth: g, reference: ref });
  }
}
