/**
 * A figure's target, actual and progress: what =PLANBOOK.TARGET, .ACTUAL and .PROGRESS show. They
 * are read off the district report's row of the same indicator and period (district-report.ts), so
 * the cell in Excel and the report table agree to the digit: the same figure counts (published ones
 * in the indicator's unit), a number stored as text is that number, a growth-only figure has no
 * value (the row's 本期累计 is empty; the error names its growth), a target is the one the row shows
 * (its number, or its text when it has none: 稳步增长), and progress is completion of the annual
 * target (完成全年任务的X%) with last year's base from the same place.
 * Each query gets a value or a bilingual error; one bad cell never fails the batch.
 */
import type { Target } from '../model/plan';
import { parsePeriod } from '../model/period';
import { indexCatalog } from '../rules/catalog';
import { growthReported, readFigure } from '../rules/reported';
import { indicatorMeasureUnit } from '../rules/published';
import { chooseTargets } from '../rules/target-choice';
import type { LookupAnswer, LookupQuery } from '../sync/protocol';
import { DOCUMENT_UNIT } from '../report/plan-history';
import { districtReport, type DistrictReport } from './district-report';
import type { Sources } from './sources';

const noTarget = (year: number, indicator: string): LookupAnswer => ({ error: { zh: `计划中没有 ${year} 年“${indicator}”的目标`, en: `The plan has no ${year} target for "${indicator}"` } });
/** No value for the period; a growth-only figure's growth is named, so the user knows what was reported. */
const noActual = (indicator: string, period: string, growth: number | null = null): LookupAnswer =>
  growth === null
    ? { error: { zh: `没有“${indicator}”${period} 的实际数`, en: `No actual figure for "${indicator}" in ${period}` } }
    : {
        error: {
          zh: `“${indicator}”${period} 只报了同比增长 ${growth}%，没有数值（与报表一致）；需要数值请责任单位补报`,
          en: `"${indicator}" for ${period} was reported as a growth of ${growth}% only, with no value (as in the report); ask the responsible unit for the value if you need it`,
        },
      };

/** Answers a batch of custom-function queries, building each period's report once. */
export async function lookupFigures(src: Sources, queries: readonly LookupQuery[]): Promise<LookupAnswer[]> {
  const [plan, catalog] = await Promise.all([src.plan(), src.catalog()]);
  const cat = indexCatalog(catalog);
  const measureUnitOf = (indicator: string): string => indicatorMeasureUnit(cat, plan, indicator) || (plan.actuals.find((a) => a.indicator === indicator)?.measureUnit ?? '');
  // The targets the report shows a row for: one per indicator (rules/target-choice.ts).
  const targets = chooseTargets(plan, cat).kept;
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
      const t = findTarget(targets, year, q.indicator, same);
      out.push(t ? targetAnswer(t) : noTarget(year, q.indicator));
      continue;
    }
    if (!q.period || !parsePeriod(q.period)) {
      out.push({ error: { zh: '需要有效的报告期（如 2023-06）', en: 'A valid period is needed (e.g. 2023-06)' } });
      continue;
    }
    const report = await reportOf(q.period);
    // A figure the caller may not read the counted submission of is never answered from what it can read (read-scope.ts).
    const hidden = report.hiddenFigure(q.indicator);
    if (hidden) {
      out.push({ error: hidden.message });
      continue;
    }
    const row = report.main.rows.find((r) => same(r.indicator, q.indicator));
    if (q.kind === 'actual') {
      // The row's 本期累计; a growth-only figure has no value to show (the error names its growth),
      // except for an indicator published as its growth (规模以上工业增加值增长10.1%), whose figure is that growth.
      const byGrowth = growthReported(cat.resolve(q.indicator));
      if (row && row.value !== null) out.push({ value: row.value, measureUnit: row.measureUnit });
      else if (row && row.growth !== null && byGrowth) out.push({ value: row.growth, measureUnit: '%' });
      else if (row) out.push(noActual(q.indicator, q.period, row.growth));
      else out.push(actualWithoutTarget(report, measureUnitOf, q.indicator, q.period, same, byGrowth));
      continue;
    }
    if (!findTarget(targets, year, q.indicator, same) || !row || year !== plan.year) {
      out.push(noTarget(year, q.indicator));
      continue;
    }
    if (row.value === null && row.growth === null) out.push(noActual(q.indicator, q.period));
    else if (row.completionPct === null) out.push({ error: { zh: `“${q.indicator}”没有可比的全年目标数`, en: `"${q.indicator}" has no annual target amount to compare with` } });
    else out.push({ value: row.completionPct, measureUnit: '%' });
  }
  return out;
}

function findTarget(targets: readonly Target[], year: number, indicator: string, same: (a: string, b: string) => boolean): Target | undefined {
  return targets.find((t) => t.year === year && same(t.indicator, indicator));
}

/**
 * The report row's 全年目标: a number target's value in its unit (增长5% → 5 %, 1.5万人 → 1.5 万人); a
 * target with no number (稳步增长, a qualitative target) is its text, never a 0 that reads as a target of 0.
 */
function targetAnswer(t: Target): LookupAnswer {
  return t.measure === 'qualitative' || t.value === null ? { value: t.text, measureUnit: '' } : { value: t.value, measureUnit: t.measureUnit };
}

/** An indicator the plan sets no target for: the counted figure of the period, a unit's before the documents'. */
function actualWithoutTarget(report: DistrictReport, measureUnitOf: (indicator: string) => string, indicator: string, period: string, same: (a: string, b: string) => boolean, byGrowth: boolean): LookupAnswer {
  const p = parsePeriod(period)!;
  let best: { value: number | null; growth: number | null; rank: number } | null = null;
  for (const f of report.counted.figures) {
    const q = parsePeriod(f.period);
    if (!q || q.year !== p.year || q.endMonth !== p.endMonth || !same(f.indicator, indicator)) continue;
    const r = readFigure(f, measureUnitOf(indicator));
    const rank = f.orgUnit === DOCUMENT_UNIT ? 0 : 1;
    if ((best && best.rank >= rank) || (r.value === null && r.growth === null)) continue;
    best = { value: r.value, growth: r.growth, rank };
  }
  // As with a report row: the value; a growth in its place only for a growth-published indicator.
  if (best && best.value !== null) return { value: best.value, measureUnit: measureUnitOf(indicator) };
  if (best && best.growth !== null && byGrowth) return { value: best.growth, measureUnit: '%' };
  return noActual(indicator, period, best ? best.growth : null);
}
