/**
 * The annual target amounts a form's 完成全年目标% divides by: read off the district report's rows
 * of the same period (district-report.ts → report/main-indicators.ts → rules/target.ts judgeTarget),
 * never computed again here, so the workbook, `planbook report` and =PLANBOOK.PROGRESS show one
 * number. A growth target's amount is last year's full-year figure × (1 + growth) — 一般公共预算收入
 * 增长3% on 2022's 89.46亿元 is 92.14亿元 — and a level target's its value in the catalog's 计量单位.
 * Only flow indicators (1-N月累计) get one: the report computes completion for those alone.
 */
import { indexCatalog, type Catalog } from '../rules/catalog';
import { districtReport, type DistrictReport } from './district-report';
import type { Sources } from './sources';

/** Annual target amount by indicator name (the catalog's name and the target's own), in the report row's 计量单位. */
export type AnnualAmounts = Readonly<Record<string, number>>;

/** The amounts of a report already built: each flow indicator's row amount, under its catalog name and its target's name. */
export function annualAmountsOf(report: DistrictReport, catalog: Catalog): AnnualAmounts {
  const cat = indexCatalog(catalog);
  const out: Record<string, number> = {};
  for (const row of report.main.rows) {
    const def = cat.resolve(row.indicator);
    if (row.amount === null || def?.kind !== 'flow') continue;
    out[row.indicator] = row.amount;
    out[def.name] = row.amount;
  }
  return out;
}

/**
 * The annual target amounts for a form of `period` (2023-08 …), from the report of that period as
 * the Sources' reader sees it. A period outside the plan year gives none (no target judges it).
 */
export async function annualAmounts(src: Sources, period: string): Promise<AnnualAmounts> {
  const [report, catalog] = await Promise.all([districtReport(src, { period }), src.catalog()]);
  return annualAmountsOf(report, catalog);
}
