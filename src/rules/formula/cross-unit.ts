/**
 * Which 审核公式 read other units' figures: 汇总([X]) / SUMUNITS([X]) sums a period over every unit, so a
 * caller that checks one unit's submission must also fetch the other units' submissions of the period
 * (what `planbook rules test --server` evaluates), or the sum is that unit's alone.
 */
import type { FormulaRuleDef } from './types';

// Matched on the text, full-width letters included: a false positive (the word inside a string) costs only
// a fetch, never a different finding, and the parser is not needed to decide what to fetch.
const CROSS_UNIT = /汇总|[SＳｓ][UＵｕ][MＭｍ][UＵｕ][NＮｎ][IＩｉ][TＴｔ][SＳｓ]/i;

/** Whether any of `formulas` sums over units (汇总 / SUMUNITS). */
export function readsOtherUnits(formulas: readonly FormulaRuleDef[]): boolean {
  return formulas.some((f) => typeof f.formula === 'string' && CROSS_UNIT.test(f.formula));
}
