/**
 * What counts as a reported figure (issue 10, item 3), decided once for the checks, the report rows,
 * the draft sentences and the custom functions. Many indicators are published as a growth rate only
 * (规模以上工业增加值增长10.1%, 居民消费价格指数上涨2.1%, GDP's growth before its level): such a figure
 * is judged on its growth, never dropped as 无数据 nor refused as empty.
 *
 * The rule: a growth-reported indicator (the catalog's `reported: "growth"`, or kind `growth`: an
 * index such as 居民消费价格指数) counts with a value, a growth rate, or both, always. Otherwise a
 * figure needs a value when the plan holds a level or rate target for its indicator in its year
 * (完成全年任务的X% needs an amount); else a rate indicator, or one whose targets are all growth or
 * qualitative ones, counts with a value, a growth rate, or both. Anything else needs a value.
 */
import type { Target } from '../model/plan';
import type { Entered } from '../model/submission';
import type { IndicatorDef } from './catalog';
import { toNumber } from './values';

/** 'value': only a value counts; 'value-or-growth': a growth rate alone counts too. */
export type ReportedAs = 'value' | 'value-or-growth';

/**
 * What a figure of `def` must carry to count, given the plan's targets of the indicator for the
 * figure's year (pass only that year's targets; an empty list means the indicator has none).
 */
export function reportedAs(def: Pick<IndicatorDef, 'kind' | 'reported'> | null, targets: readonly Pick<Target, 'measure' | 'value'>[]): ReportedAs {
  // Published as its growth: the growth is the figure, whatever the targets (a level target then has no completion).
  if (growthReported(def)) return 'value-or-growth';
  if (targets.some((t) => (t.measure === 'level' || t.measure === 'rate') && t.value !== null)) return 'value';
  if (def && def.kind === 'rate') return 'value-or-growth';
  if (targets.length > 0 && targets.every((t) => t.measure === 'growth' || t.measure === 'qualitative')) return 'value-or-growth';
  return 'value';
}

/**
 * An indicator published as its growth rate (the catalog's `reported: "growth"`, or an index of kind
 * growth): its figure is that growth, so a growth alone is a complete report of it whatever the
 * targets, and =PLANBOOK.ACTUAL shows the growth where another indicator shows its value.
 */
export function growthReported(def: Pick<IndicatorDef, 'kind' | 'reported'> | null): boolean {
  return def !== null && (def.reported === 'growth' || def.kind === 'growth');
}

/** A figure's numbers as every reader sees them: a number stored as text ('58.18') is that number. */
export interface ReadFigure {
  /** null: empty or not a number. */
  value: number | null;
  growth: number | null;
  /** 上年同期 as entered on the figure. */
  sameLastYear: number | null;
}

const usable = (v: Entered | undefined, percent: boolean): number | null => {
  const n = toNumber(v, { percent });
  return n === null || Number.isNaN(n) ? null : n;
};

/**
 * Reads a figure's fields with the one reader (values.ts): text that is a number ('58.18', '1,234.5',
 * '５８．１８') reads as that number; a growth may carry its % ('4%' is 4), and so may the value and
 * 上年同期 of an indicator measured in % (`measureUnit`, the catalog's 计量单位), as the checks read them.
 */
export function readFigure(f: { value: Entered; growth: Entered; sameLastYear: Entered }, measureUnit = ''): ReadFigure {
  const pct = measureUnit === '%';
  return { value: usable(f.value, pct), growth: usable(f.growth, true), sameLastYear: usable(f.sameLastYear, pct) };
}

/** Whether a read figure counts as reported under `as`. */
export function isReported(r: ReadFigure, as: ReportedAs): boolean {
  return r.value !== null || (as === 'value-or-growth' && r.growth !== null);
}
