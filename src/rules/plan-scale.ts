/**
 * What the plan itself says about an indicator's size, for the unit mix-up check when a unit has no
 * earlier figure stored (every unit's first month, and the offline `check`): a 万元 figure entered in
 * a 亿元 row is 10,000 times anything the plan knows. Compiled once per check call (a map lookup per
 * figure after that, so the engine stays fast: bench/rules.bench.ts).
 *
 * The references, in the order tried:
 * 1. the annual target amount of the figure's year: a stated amount (Target.amount), or a level
 *    target's value (超千亿元 → 1000亿元);
 * 2. last year's full-year figure from the plan documents (Plan.actuals, e.g. the 统计公报 or the
 *    report's "2022年一般公共预算收入89.46亿元"), or this year's latest published one.
 * Both are converted into the catalog's unit (published figures by rules/published.ts); a reference in an unrelated unit (a growth %) is skipped.
 * 3. when the plan knows nothing of the indicator, the catalog's typical range for a district
 *    (IndicatorDef.magnitude; a flow's yearly range scaled to the elapsed months, in the engine).
 */
import type { Plan } from '../model/plan';
import { parsePeriod } from '../model/period';
import type { CatalogIndex, IndicatorDef } from './catalog';
import { unitFactor } from './units';
import { publishedInUnits } from './published';

export interface ScaleRef {
  /** The reference amount in the indicator's unit, for the whole year (flows) or the period's end (levels). */
  amount: number;
  /** The month the amount stands for (12 for a year; 6 for an H1 figure of a flow). */
  month: number;
  /** What it is, for the message: 全年目标 / 上年全年（计划文件）. */
  basis: { zh: string; en: string };
}

/** Per indicator and year, the plan's best reference of size. */
export type PlanScales = Map<IndicatorDef, Map<number, ScaleRef>>;

export function compilePlanScales(plan: Plan, cat: CatalogIndex): PlanScales {
  const out: PlanScales = new Map();
  const set = (d: IndicatorDef, year: number, ref: ScaleRef, replace: boolean): void => {
    let m = out.get(d);
    if (!m) out.set(d, (m = new Map()));
    if (replace || !m.has(year)) m.set(year, ref);
  };
  // Published figures first (weaker), so a target of the same year replaces them below.
  // In the indicator's unit already (rules/published.ts); a value that does not convert is null.
  for (const a of publishedInUnits(plan, cat).actuals) {
    const d = cat.resolve(a.indicator);
    const p = parsePeriod(a.period);
    if (!d || !p || a.value === null || a.value <= 0) continue;
    // A published rate speaks of a % row's size (3.66% 登记失业率); a growth % of a 亿元 row never converts (null above).
    const ref: ScaleRef = {
      amount: a.value,
      month: d.kind === 'flow' ? p.endMonth : 12,
      basis: { zh: `${a.period}年度文件所载${a.value}${a.measureUnit}`, en: `${a.value} ${a.measureUnit} published for ${a.period}` },
    };
    // Last year's figure stands for the next year too (a district grows by percents, not by 10^4).
    set(d, p.year + 1, ref, false);
    set(d, p.year, ref, false);
  }
  for (const t of plan.targets) {
    const d = cat.resolve(t.indicator);
    if (!d) continue;
    let amount: number | null = null;
    let unit = t.measureUnit;
    if (typeof t.amount === 'number') {
      amount = t.amount;
      unit = d.measureUnit; // a stated amount is in the figure's unit (src/rules/target.ts)
    } else if (t.measure === 'level' && typeof t.value === 'number' && (['gte', 'gt', 'eq', 'approx'].includes(t.comparator) || d.measureUnit === '%')) {
      // A ceiling (控制在5%以内) is a size too for a % row, where the question is only ×100 or not.
      amount = t.value;
    }
    const f = amount === null ? null : unitFactor(unit, d.measureUnit);
    if (amount === null || amount <= 0 || f === null || (unit === '%') !== (d.measureUnit === '%')) continue;
    set(d, t.year, { amount: amount * f, month: 12, basis: { zh: `全年目标${amount}${unit}`, en: `the annual target of ${amount} ${unit}` } }, true);
  }
  return out;
}

/**
 * The plan's expected size of a figure for month `em` (1–12) of `year`: for a 1-N月累计 flow the
 * reference scaled by elapsed months, else the reference itself. Null when the plan knows nothing.
 */
export function expectedSize(scales: PlanScales, d: IndicatorDef, year: number, em: number): { size: number; ref: ScaleRef } | null {
  const ref = scales.get(d)?.get(year);
  if (!ref) return null;
  const size = d.kind === 'flow' ? (ref.amount * em) / ref.month : ref.amount;
  return size > 0 ? { size, ref } : null;
}
