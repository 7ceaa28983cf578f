/**
 * A figure's target, actual and progress: what =PLANBOOK.TARGET, .ACTUAL and .PROGRESS show. They
 * are read off the district report's row of the same indicator and period (district-report.ts), so
 * the cell in Excel and the report table agree to the digit: the same figure counts, a number
 * stored as text is that number, a growth-only figure is its growth, and progress is completion of
 * the annual target (完成全年任务的X%) with last year's base from the same place.
 * Each query gets a value or a bilingual error; one bad cell never fails the batch.
 */
import type { Plan } from '../model/plan';
import { parsePeriod } from '../model/period';
import { indexCatalog } from '../rules/catalog';
import { readFigure } from '../rules/reported';
import { indicatorUnit } from '../rules/published';
import type { LookupAnswer, LookupQuery } from '../sync/protocol';
import { DOCUMENT_UNIT } from '../report/plan-history';
import { districtReport, type DistrictReport } from './district-report';
import type { Sources } from './sources';

const noTarget = (year: number, indicator: string): LookupAnswer => ({ error: { zh: `计划中没有 ${year} 年“${indicator}”的目标`, en: `The plan has no ${year} target for "${indicator}"` } });
const noActual = (indicator: string, period: string): LookupAnswer => ({ error: { zh: `没有“${indicator}”${period} 的实际数`, en: `No actual figure for "${indicator}" in ${period}` } });

/** Answers a batch of custom-function queries, building each period's report once. */
export async function lookupFigures(src: Sources, queries: readonly LookupQuery[]): Promise<LookupAnswer[]> {
  const [plan, catalog] = await Promise.all([src.plan(), src.catalog()]);
  const cat = indexCatalog(catalog);
  const unitOf = (indicator: string): string => indicatorUnit(cat, plan, indicator) || (plan.actuals.find((a) => a.indicator === indicator)?.unit ?? '');
  const same = (a: string, b: string): boolean => a === b || (cat.resolve(a) !== null && cat.resolve(a) === cat.resolve(b));
  const reports = new Map<string, Promise<DistrictReport>>();
  const reportOf = (period: string): Promise<DistrictReport> => {
    let r = reports.get(period);
    if (!r) reports.set(period, (r = districtReport(src, { period })));
    return r;
  };
  const out: LookupAnswer[] = [];
  for (const q of queries) {
    const year = q.year ?? (q.period ? parsePeriod(q.period)?.year : undefined) ?? plan.year;
    if (q.kind === 'target') {
      const t = findTarget(plan, year, q.indicator, same);
      out.push(t ? { value: t.value, unit: t.unit } : noTarget(year, q.indicator));
      continue;
    }
    if (!q.period || !parsePeriod(q.period)) {
      out.push({ error: { zh: '需要有效的报告期（如 2023-06）', en: 'A valid period is needed (e.g. 2023-06)' } });
      continue;
    }
    const report = await reportOf(q.period);
    const row = report.main.rows.find((r) => same(r.indicator, q.indicator));
    if (q.kind === 'actual') {
      if (row && row.value !== null) out.push({ value: row.value, unit: row.unit });
      else if (row && row.growth !== null)
        out.push({ value: row.growth, unit: '%' }); // a growth-only figure is its growth
      else if (row) out.push(noActual(q.indicator, q.period));
      else out.push(actualWithoutTarget(report, unitOf, q.indicator, q.period, same) ?? noActual(q.indicator, q.period));
      continue;
    }
    if (!findTarget(plan, year, q.indicator, same) || !row || year !== plan.year) {
      out.push(noTarget(year, q.indicator));
      continue;
    }
    if (row.value === null && row.growth === null) out.push(noActual(q.indicator, q.period));
    else if (row.completionPct === null) out.push({ error: { zh: `“${q.indicator}”没有可比的全年目标数`, en: `"${q.indicator}" has no annual target amount to compare with` } });
    else out.push({ value: row.completionPct, unit: '%' });
  }
  return out;
}

function findTarget(plan: Plan, year: number, indicator: string, same: (a: string, b: string) => boolean): Plan['targets'][number] | undefined {
  return plan.targets.find((t) => t.year === year && same(t.indicator, indicator));
}

/** An indicator the plan sets no target for: the counted figure of the period, a unit's before the documents'. */
function actualWithoutTarget(report: DistrictReport, unitOf: (indicator: string) => string, indicator: string, period: string, same: (a: string, b: string) => boolean): LookupAnswer | null {
  const p = parsePeriod(period)!;
  let best: { value: number; unit: string; rank: number } | null = null;
  for (const f of report.counted.figures) {
    const q = parsePeriod(f.period);
    if (!q || q.year !== p.year || q.endMonth !== p.endMonth || !same(f.indicator, indicator)) continue;
    const r = readFigure(f);
    const rank = f.unit === DOCUMENT_UNIT ? 0 : 1;
    if (best && best.rank >= rank) continue;
    if (r.value !== null) best = { value: r.value, unit: unitOf(f.indicator), rank };
    else if (r.growth !== null) best = { value: r.growth, unit: '%', rank };
  }
  return best ? { value: best.value, unit: best.unit } : null;
}
