/**
 * Answers the add-in's custom functions (=PLANBOOK.TARGET, .ACTUAL, .PROGRESS) in one round trip:
 * each query gets a value or a bilingual error, never failing the batch for one bad cell.
 */
import type { Bilingual } from '../model/i18n';
import type { Plan, Target } from '../model/plan';
import { parsePeriod } from '../model/period';
import type { Submission } from '../model/submission';
import type { LookupQuery } from './validate';

export type LookupAnswer = { value: number | string | null; unit?: string } | { error: Bilingual };

export interface LookupSources {
  plan: Plan;
  /** The lead unit's indicators submission for a period, if any. */
  figureOf(unit: string, period: string): Promise<Submission | null>;
  /** The annual target amount (the plan's, or derived from last year's figure); injected so one definition serves all. */
  annualAmount(plan: Plan, target: Target): number | null;
}

function findTarget(plan: Plan, indicator: string, year: number): Target | undefined {
  return plan.targets.find((t) => t.indicator === indicator && t.year === year);
}

async function actualValue(src: LookupSources, indicator: string, period: string): Promise<{ value: number | string | null; unit: string } | null> {
  const p = parsePeriod(period);
  if (!p) return null;
  const target = findTarget(src.plan, indicator, p.year) ?? src.plan.targets.find((t) => t.indicator === indicator);
  const lead = target?.units[0];
  if (lead) {
    const s = await src.figureOf(lead, period);
    const f = s?.data.figures[indicator];
    if (f && f.value !== null && f.value !== '') return { value: f.value, unit: target?.unit ?? '' };
  }
  const a = src.plan.actuals.find((x) => x.indicator === indicator && x.period === period);
  return a ? { value: a.value, unit: a.unit } : null;
}

export async function lookup(src: LookupSources, queries: readonly LookupQuery[]): Promise<LookupAnswer[]> {
  const out: LookupAnswer[] = [];
  for (const q of queries) {
    const year = q.year ?? (q.period ? parsePeriod(q.period)?.year : undefined) ?? src.plan.year;
    if (q.kind === 'target') {
      const t = findTarget(src.plan, q.indicator, year);
      out.push(t ? { value: t.value, unit: t.unit } : { error: { zh: `计划中没有 ${year} 年“${q.indicator}”的目标`, en: `The plan has no ${year} target for "${q.indicator}"` } });
      continue;
    }
    if (!q.period || !parsePeriod(q.period)) {
      out.push({ error: { zh: '需要有效的报告期（如 2023-06）', en: 'A valid period is needed (e.g. 2023-06)' } });
      continue;
    }
    const a = await actualValue(src, q.indicator, q.period);
    if (q.kind === 'actual') {
      out.push(a ? a : { error: { zh: `没有“${q.indicator}”${q.period} 的实际数`, en: `No actual figure for "${q.indicator}" in ${q.period}` } });
      continue;
    }
    const t = findTarget(src.plan, q.indicator, year);
    const amount = t ? src.annualAmount(src.plan, t) : null;
    if (!t || amount === null || amount === 0) {
      out.push({ error: { zh: `“${q.indicator}”没有可比的全年目标数`, en: `"${q.indicator}" has no annual target amount to compare with` } });
    } else if (!a || typeof a.value !== 'number') {
      out.push({ error: { zh: `没有“${q.indicator}”${q.period} 的实际数`, en: `No actual figure for "${q.indicator}" in ${q.period}` } });
    } else {
      out.push({ value: Math.round((a.value / amount) * 1000) / 10, unit: '%' });
    }
  }
  return out;
}

/**
 * The annual amount of a target until the rules module's own definition is wired in: the stated
 * amount; a level target's value; or for a growth target, last year's full-year actual × (1 + growth).
 */
export function simpleAnnualAmount(plan: Plan, t: Target): number | null {
  if (typeof t.amount === 'number') return t.amount;
  if (t.measure === 'level' && t.value !== null) return t.value;
  if (t.measure === 'growth' && t.value !== null) {
    const last = plan.actuals.find((a) => a.indicator === t.indicator && a.period === String(t.year - 1) && typeof a.value === 'number');
    if (last && last.value !== null) return last.value * (1 + t.value / 100);
  }
  return null;
}
