/**
 * Earlier years' figures that the plan's own documents give or imply, as history for the report:
 * last year's full-year value is what a growth target's annual amount (增长3% → last year × 1.03) is
 * computed from, and units rarely enter it themselves.
 *
 * A published figure with its growth implies the same period a year before: 002 reports 2023's
 * 一般公共预算收入 as 94.11亿元, +5.2%, so 2022 was 94.11 ÷ 1.052 ≈ 89.46亿元 (the documents round the
 * growth, so this base is good to about ±0.05%; DOMAIN.md's worked example does the same).
 * Only earlier years are taken: the plan year's own figures come from the units' submissions,
 * never from a document, so a report shows what was submitted.
 */
import type { Actual, Plan } from '../model/plan';
import type { Figure } from '../model/submission';
import { formatPeriod, parsePeriod, sameLastYear } from '../model/period';
import type { Catalog, CatalogIndex } from '../rules/catalog';
import { publishedInUnits } from '../rules/published';

/** The reporting unit named on figures that come from the district's published documents. */
export const DOCUMENT_UNIT = '（公开文件）';

/** Earlier years' figures, each in its indicator's 计量单位 (rules/published.ts: 2.2万人 is 22000 人). */
export function historyFromPlan(plan: Plan, catalog: Catalog | CatalogIndex): Figure[] {
  const out: Figure[] = [];
  const seen = new Set<string>();
  const add = (indicator: string, period: string, value: number): void => {
    const k = `${indicator}|${period}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ orgUnit: DOCUMENT_UNIT, indicator, period, value, growth: null, sameLastYear: null, note: '' });
  };
  // The published (统计公报) figure beats a final one from a report, which beats an estimate (预计):
  // the bulletin is the official base, and add() keeps the first figure of an indicator and period.
  const bulletins = new Set(plan.documents.filter((d) => d.kind === 'bulletin').map((d) => d.id));
  const rank = (a: Actual): number => (bulletins.has(a.source.document) ? 0 : a.status === 'final' ? 1 : 2);
  const actuals = [...publishedInUnits(plan, catalog).actuals].sort((x, y) => rank(x) - rank(y));
  // Stated values first, so a figure a document gives beats one implied by a later growth rate.
  for (const a of actuals) {
    const p = parsePeriod(a.period);
    if (p && p.year < plan.year && a.value !== null) add(a.indicator, a.period, a.value);
  }
  for (const a of actuals) {
    const p = parsePeriod(a.period);
    if (!p || a.value === null || a.growth === null || a.growth <= -100) continue;
    const before = sameLastYear(p);
    if (before.year < plan.year) add(a.indicator, formatPeriod(before), a.value / (1 + a.growth / 100));
  }
  return out;
}
