/**
 * The published base of a figure: last year's official figure from a statistical bulletin
 * (统计公报) among the plan's documents, which growth checks and completion % need as 上年 / 上年同期.
 * A figure counts as published when its source document is of kind 'bulletin'; a figure typed by
 * a unit or estimated in a report (预计) is not.
 */
import type { Actual, Plan } from './plan';

/**
 * The bulletin figure for `indicator` and `period` ('2023', or '2023-09' for a release of part of
 * a year), or null when no bulletin of the plan gives one. Names are compared as stored: the
 * importer has normalised them, and the catalog's aliases are the caller's to apply. The figure is
 * as the document states it (2.2 万人): a caller that compares it with a target or a unit's figure
 * takes it through rules/published.ts (publishedInUnits), which converts it to the indicator's unit.
 */
export function publishedBase(plan: Pick<Plan, 'actuals' | 'documents'>, indicator: string, period: string): Actual | null {
  const bulletins = new Set(plan.documents.filter((d) => d.kind === 'bulletin').map((d) => d.id));
  return plan.actuals.find((a) => bulletins.has(a.source.document) && a.indicator === indicator && a.period === period) ?? null;
}
