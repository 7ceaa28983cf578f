/**
 * The inputs of a form: what fill writes into a unit's workbook for a period — the plan, the
 * stored figures or task progress of that unit and period at their revision (an empty draft at
 * revision 0 when none is stored), the catalog's 计量单位 and decimals for the rows, and the catalog
 * and rules (at their revisions) the workbook carries for checks made offline, the annual target
 * amounts 完成全年目标% divides by (the district report's, annual-amounts.ts), and the indicators the
 * district's 审核公式 ask of the unit (formula-indicators.ts). The pane's Pull and
 * `planbook fill` (file or server) both hand these to src/template/fill.ts unchanged, so they write
 * the same form from the same store.
 */
import type { Plan } from '../model/plan';
import { emptyData, type SubmissionData, type SubmissionKey } from '../model/submission';
import { indexCatalog, type Catalog } from '../rules/catalog';
import type { IndicatorInfo, IndicatorLookup } from '../template/rows';
import { annualAmounts, type AnnualAmounts } from './annual-amounts';
import { formulaIndicators } from './formula-indicators';
import type { Submission } from '../model/submission';
import type { CarriedCopy } from './carried';
import type { Sources } from './sources';

export interface FormInputs {
  plan: Plan;
  orgUnit: string;
  period: string;
  baseRev: number;
  data: SubmissionData;
  lookup: IndicatorLookup;
  /** Indicators the unit reports beyond its targets: those the district's 审核公式 scoped to it name. */
  catalog: IndicatorInfo[];
  /** The annual target amount of each flow indicator, as the district report computes it. */
  annualAmounts: AnnualAmounts;
  /** The catalog and rules the form carries for offline checks: the Sources' own, at their revisions. */
  carried: CarriedCopy;
}

/** The catalog's 计量单位 and decimals of each indicator, for the rows' number formats and unit column. */
export function catalogLookupOf(catalog: Catalog): IndicatorLookup {
  const cat = indexCatalog(catalog);
  return (name) => {
    const d = cat.resolve(name);
    return d ? { name: d.name, measureUnit: d.measureUnit, decimals: d.decimals } : undefined;
  };
}

export interface FormInputsOptions {
  /** The unit's stored submission for the key, when the caller pulled it already (saves a request). */
  stored?: Submission;
  /** The period's annual amounts, when the caller computed them for a batch of forms (one report, not one per unit). */
  annualAmounts?: AnnualAmounts;
}

export async function formInputs(src: Sources, key: Omit<SubmissionKey, 'plan'>, o: FormInputsOptions = {}): Promise<FormInputs> {
  const [plan, catalog, rules, revs, stored, amounts] = await Promise.all([
    src.plan(),
    src.catalog(),
    src.rules(),
    src.revisions ? src.revisions() : Promise.resolve({ catalog: 0, rules: 0 }),
    o.stored ? Promise.resolve([o.stored]) : src.submissions({ form: key.form, orgUnit: key.orgUnit, which: (h) => h.period === key.period }),
    o.annualAmounts ? Promise.resolve(o.annualAmounts) : key.form === 'indicators' ? annualAmounts(src, key.period) : Promise.resolve({}),
  ]);
  const lookup = catalogLookupOf(catalog);
  const s = stored[0];
  const carried: CarriedCopy = { catalog: { rev: revs.catalog, value: catalog }, rules: { rev: revs.rules, value: rules } };
  const extra: IndicatorInfo[] = [];
  if (key.form === 'indicators') {
    for (const name of formulaIndicators(plan, catalog, rules, key.orgUnit, key.form)) {
      const info = lookup(name);
      extra.push({ name, measureUnit: info?.measureUnit ?? '', decimals: info?.decimals ?? 2, units: [key.orgUnit] });
    }
  }
  return { plan, orgUnit: key.orgUnit, period: key.period, baseRev: s ? s.rev : 0, data: s ? s.data : emptyData(), lookup, catalog: extra, annualAmounts: amounts, carried };
}
