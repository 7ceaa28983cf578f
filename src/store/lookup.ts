/**
 * Answers the add-in's custom functions (=PLANBOOK.TARGET, .ACTUAL, .PROGRESS) in one round trip:
 * each query gets a value or a bilingual error, never failing the batch for one bad cell.
 * Progress is completion of the annual target (完成全年任务的X%) as src/rules judgeTarget defines
 * it, so the cell in Excel and the report table agree to the digit.
 */
import type { Plan, Target } from '../model/plan';
import { parsePeriod } from '../model/period';
import type { Submission } from '../model/submission';
import { indexCatalog, judgeTarget, type Catalog } from '../rules';
import type { LookupAnswer, LookupQuery } from '../sync/protocol';

export interface LookupSources {
  plan: Plan;
  catalog: Catalog;
  /** A unit's indicators submission for a period, or null (none, or not readable by the caller). */
  figureOf(unit: string, period: string): Promise<Submission | null>;
}

interface Observed {
  value: number | string | null;
  growth: number | null;
  unit: string;
}

function findTarget(plan: Plan, indicator: string, year: number): Target | undefined {
  return plan.targets.find((t) => t.indicator === indicator && t.year === year);
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export async function lookup(src: LookupSources, queries: readonly LookupQuery[]): Promise<LookupAnswer[]> {
  const cat = indexCatalog(src.catalog);
  const unitOf = (indicator: string, fallback: string): string => cat.resolve(indicator)?.unit ?? fallback;

  /** The lead unit's figure for the period, else the plan's imported actual. */
  async function actual(indicator: string, period: string): Promise<Observed | null> {
    const p = parsePeriod(period);
    if (!p) return null;
    const target = findTarget(src.plan, indicator, p.year) ?? src.plan.targets.find((t) => t.indicator === indicator);
    const imported = src.plan.actuals.find((x) => x.indicator === indicator && x.period === period);
    const lead = target?.units[0];
    if (lead) {
      const f = (await src.figureOf(lead, period))?.data.figures[indicator];
      if (f && f.value !== null && f.value !== '') return { value: f.value, growth: num(f.growth), unit: unitOf(indicator, imported?.unit ?? '') };
    }
    return imported ? { value: imported.value, growth: imported.growth, unit: imported.unit || unitOf(indicator, '') } : null;
  }

  const out: LookupAnswer[] = [];
  for (const q of queries) {
    const year = q.year ?? (q.period ? parsePeriod(q.period)?.year : undefined) ?? src.plan.year;
    if (q.kind === 'target') {
      const t = findTarget(src.plan, q.indicator, year);
      out.push(t ? { value: t.value, unit: t.unit } : { error: { zh: `计划中没有 ${year} 年“${q.indicator}”的目标`, en: `The plan has no ${year} target for "${q.indicator}"` } });
      continue;
    }
    const period = q.period ? parsePeriod(q.period) : null;
    if (!q.period || !period) {
      out.push({ error: { zh: '需要有效的报告期（如 2023-06）', en: 'A valid period is needed (e.g. 2023-06)' } });
      continue;
    }
    const a = await actual(q.indicator, q.period);
    const missing: LookupAnswer = { error: { zh: `没有“${q.indicator}”${q.period} 的实际数`, en: `No actual figure for "${q.indicator}" in ${q.period}` } };
    if (q.kind === 'actual') {
      out.push(a ? { value: a.value, unit: a.unit } : missing);
      continue;
    }
    const t = findTarget(src.plan, q.indicator, year);
    if (!t) {
      out.push({ error: { zh: `计划中没有 ${year} 年“${q.indicator}”的目标`, en: `The plan has no ${year} target for "${q.indicator}"` } });
      continue;
    }
    const value = a ? num(a.value) : null;
    if (!a || value === null) {
      out.push(missing);
      continue;
    }
    const last = await actual(q.indicator, String(year - 1));
    const v = judgeTarget(t, { value, growth: a.growth, unit: a.unit }, { period, cumulative: cat.resolve(q.indicator)?.kind === 'flow', lastYear: last ? num(last.value) : null });
    out.push(v.completionPct === null ? { error: { zh: `“${q.indicator}”没有可比的全年目标数`, en: `"${q.indicator}" has no annual target amount to compare with` } } : { value: Math.round(v.completionPct * 10) / 10, unit: '%' });
  }
  return out;
}
