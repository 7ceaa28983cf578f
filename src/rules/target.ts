/**
 * THE one meaning of a target (DOMAIN.md, "Kinds of target"). The checks, the report tables and the
 * Excel custom functions all call judgeTarget; nothing else decides whether a figure meets a target.
 * Pure: no catalog, no figures index — the caller passes the observation and what it knows.
 */
import type { Target } from '../model/plan';
import type { Bilingual } from '../model/i18n';
import { timeProgressPct, type ParsedPeriod } from '../model/period';
import { unitFactor } from './units';

/** Which comparison was made: the target kinds of DOMAIN.md. */
export type TargetCheck = 'approx' | 'floor' | 'ceiling' | 'exact' | 'level' | 'qualitative' | 'external' | 'none';

/** met / not-met: judged against the year's target; ahead / behind: a level target during the year, completion vs 时间进度. */
export type TargetStatus = 'met' | 'not-met' | 'ahead' | 'behind' | 'pending' | 'no-data';

export const TARGET_STATUS_LABELS: Record<TargetStatus, Bilingual> = {
  met: { zh: '达到目标', en: 'Met' },
  'not-met': { zh: '未达目标', en: 'Not met' },
  ahead: { zh: '快于时间进度', en: 'Ahead of time progress' },
  behind: { zh: '慢于时间进度', en: 'Behind time progress' },
  pending: { zh: '暂无判断', en: 'No verdict yet' },
  'no-data': { zh: '无数据', en: 'No data' },
};

export interface TargetObservation {
  /** The period's value (1-N月累计 for a flow), in `unit`. */
  value: number | null;
  /** 同比增长 in %. */
  growth: number | null;
  /** The unit `value` is in (the catalog's unit). */
  measureUnit: string;
}

export interface TargetContext {
  period: ParsedPeriod;
  /** Whether the indicator is a 1-N月累计 flow: only then is completion of an annual amount meaningful during the year. */
  cumulative: boolean;
  /** Last year's full-year value in `unit`, from which a growth target's annual amount is computed. */
  lastYear?: number | null;
  /** Default tolerance in points for approx targets without their own (Target.tolerance wins). */
  tolerance?: number;
  /** How far an exact (eq) target may be missed and still count. */
  exactTolerance?: number;
}

export interface TargetVerdict {
  check: TargetCheck;
  status: TargetStatus;
  /** What was compared: the growth for growth targets, else the value (in the observation's unit). */
  compared: number | null;
  /** The bound it was compared with, in the same terms (approx: target − tolerance). */
  bound: number | null;
  /** The targeted growth in %, for growth targets. */
  targetGrowth: number | null;
  /** compared − target in 百分点, when both are in % (growth and rate targets). */
  diffPoints: number | null;
  /** The annual target amount in the observation's unit: stated (Target.amount), a level target's value, or last year × (1 + growth). */
  amount: number | null;
  /** value ÷ amount × 100 (完成全年任务的X%), for flows. */
  completionPct: number | null;
  /** 时间进度 at the period's end. */
  timeProgressPct: number;
  /** completionPct − timeProgressPct (超/低于时间进度N个百分点). */
  aheadPoints: number | null;
  /** The approx tolerance used, in points. */
  tolerance: number | null;
  /** True when the target's unit cannot be converted to the observation's (亿元 vs 人): no verdict. */
  unitMismatch: boolean;
}

function cmp(comparator: 'gte' | 'gt' | 'lte' | 'lt', x: number, bound: number): boolean {
  // A hair of slack so that 5.2 − 5 compared with 0.2 is not lost to binary fractions.
  const eps = 1e-9 * Math.max(1, Math.abs(bound));
  switch (comparator) {
    case 'gte':
      return x >= bound - eps;
    case 'gt':
      return x > bound + eps;
    case 'lte':
      return x <= bound + eps;
    case 'lt':
      return x < bound - eps;
  }
}

function verdict(base: Partial<TargetVerdict> & Pick<TargetVerdict, 'check' | 'status' | 'timeProgressPct'>): TargetVerdict {
  return {
    compared: null,
    bound: null,
    targetGrowth: null,
    diffPoints: null,
    amount: null,
    completionPct: null,
    aheadPoints: null,
    tolerance: null,
    unitMismatch: false,
    ...base,
  };
}

/**
 * Judges one observation against one target at a period.
 * - growth targets (增长5%左右, 增长3%): the growth decides; completion of the annual amount is reported beside it.
 * - level floors on a flow (超千亿元, 不少于1.5万人) during the year: completion vs 时间进度; at year end: value ≥ target.
 * - ceilings (控制在5%以内), floors on rates (95%以上), exact: the value decides at any period.
 * - qualitative (稳步增长): growth > 0.
 * - external (完成市里下达的任务): no verdict until a number is entered; then a floor on the target's measure.
 */
export function judgeTarget(target: Target, obs: TargetObservation, ctx: TargetContext): TargetVerdict {
  const tp = timeProgressPct(ctx.period);
  const yearEnd = ctx.period.endMonth === 12;
  let comparator = target.comparator;
  if (comparator === 'none') return verdict({ check: 'none', status: 'pending', timeProgressPct: tp });
  if (comparator === 'external') {
    if (target.value === null) return verdict({ check: 'external', status: 'pending', timeProgressPct: tp });
    comparator = 'gte';
  }

  // The annual amount: stated, else derived. Amount units: a growth target's unit is '%', so a stated amount is in the observation's unit.
  let amount: number | null = null;
  let unitMismatch = false;
  if (target.amount !== undefined && target.amount !== null) {
    const f = target.measure === 'growth' || target.measureUnit === '%' ? 1 : unitFactor(target.measureUnit, obs.measureUnit);
    if (f === null) unitMismatch = true;
    else amount = target.amount * f;
  } else if (target.measure === 'growth' && target.value !== null && ctx.lastYear !== undefined && ctx.lastYear !== null) {
    amount = ctx.lastYear * (1 + target.value / 100);
  } else if (target.measure === 'level' && target.value !== null) {
    const f = unitFactor(target.measureUnit, obs.measureUnit);
    if (f === null) unitMismatch = true;
    else amount = target.value * f;
  }
  const completionPct = ctx.cumulative && amount !== null && amount !== 0 && obs.value !== null ? (obs.value / amount) * 100 : null;
  const aheadPoints = completionPct === null ? null : completionPct - tp;
  const common = { timeProgressPct: tp, amount, completionPct, aheadPoints, unitMismatch };

  if (target.measure === 'qualitative' || target.value === null) {
    if (obs.growth === null) return verdict({ check: 'qualitative', status: 'no-data', ...common });
    return verdict({ check: 'qualitative', status: obs.growth > 0 ? 'met' : 'not-met', compared: obs.growth, bound: 0, ...common });
  }

  if (target.measure === 'growth') {
    const g = obs.growth;
    const tv = target.value;
    const base = { targetGrowth: tv, ...common };
    if (comparator === 'approx') {
      const tol = target.tolerance ?? ctx.tolerance ?? 0;
      const bound = tv - tol;
      if (g === null) return verdict({ check: 'approx', status: 'no-data', bound, tolerance: tol, ...base });
      return verdict({ check: 'approx', status: cmp('gte', g, bound) ? 'met' : 'not-met', compared: g, bound, tolerance: tol, diffPoints: g - tv, ...base });
    }
    const check: TargetCheck = comparator === 'eq' ? 'exact' : comparator === 'lte' || comparator === 'lt' ? 'ceiling' : 'floor';
    if (g === null) return verdict({ check, status: 'no-data', bound: tv, ...base });
    const ok = comparator === 'eq' ? Math.abs(g - tv) <= (ctx.exactTolerance ?? 0) + 1e-9 : cmp(comparator, g, tv);
    return verdict({ check, status: ok ? 'met' : 'not-met', compared: g, bound: tv, diffPoints: g - tv, ...base });
  }

  // level and rate targets compare the value itself, in the observation's unit.
  const f = unitFactor(target.measureUnit, obs.measureUnit);
  const isPct = target.measureUnit === '%' && (obs.measureUnit === '%' || obs.measureUnit === '');
  if (f === null) return verdict({ check: 'none', status: 'pending', ...common, unitMismatch: true });
  const tol = comparator === 'approx' ? (target.tolerance ?? ctx.tolerance ?? 0) : null;
  const bound = (target.value - (tol ?? 0)) * f;
  const v = obs.value;
  const tv = target.value * f;
  if (comparator === 'lte' || comparator === 'lt') {
    if (v === null) return verdict({ check: 'ceiling', status: 'no-data', bound, ...common });
    return verdict({ check: 'ceiling', status: cmp(comparator, v, bound) ? 'met' : 'not-met', compared: v, bound, diffPoints: isPct ? v - tv : null, ...common });
  }
  if (comparator === 'eq') {
    if (v === null) return verdict({ check: 'exact', status: 'no-data', bound, ...common });
    const ok = Math.abs(v - bound) <= (ctx.exactTolerance ?? 0) * f + 1e-9 * Math.max(1, Math.abs(bound));
    return verdict({ check: 'exact', status: ok ? 'met' : 'not-met', compared: v, bound, diffPoints: isPct ? v - tv : null, ...common });
  }
  // gte, gt, approx on a level or rate
  const cmpOp = comparator === 'gt' ? 'gt' : 'gte';
  if (ctx.cumulative && !yearEnd && target.measure === 'level') {
    if (v === null || aheadPoints === null) return verdict({ check: 'level', status: 'no-data', bound, tolerance: tol, ...common });
    return verdict({ check: 'level', status: aheadPoints >= -1e-9 ? 'ahead' : 'behind', compared: v, bound, tolerance: tol, ...common });
  }
  const check: TargetCheck = comparator === 'approx' ? 'approx' : 'floor';
  if (v === null) return verdict({ check, status: 'no-data', bound, tolerance: tol, ...common });
  return verdict({ check, status: cmp(cmpOp, v, bound) ? 'met' : 'not-met', compared: v, bound, tolerance: tol, diffPoints: isPct ? v - tv : null, ...common });
}

/** Whether a verdict calls for attention (a check finding, a red cell in the report). */
export function isAdverse(v: TargetVerdict): boolean {
  return v.status === 'not-met' || v.status === 'behind';
}
