/**
 * The inputs of a form: what fill writes into a unit's workbook for a period — the plan, the
 * stored figures or task progress of that unit and period at their revision (an empty draft at
 * revision 0 when none is stored), and the catalog's 计量单位 and decimals for the rows. The pane's
 * Pull and `planbook fill` (file or server) both take these from Sources.
 */
import type { Plan } from '../model/plan';
import { emptyData, type SubmissionData, type SubmissionKey } from '../model/submission';
import { indexCatalog } from '../rules/catalog';
import type { IndicatorLookup } from '../template/rows';
import type { Sources } from './sources';

export interface FormInputs {
  plan: Plan;
  unit: string;
  period: string;
  baseRev: number;
  data: SubmissionData;
  lookup: IndicatorLookup;
}

export async function formInputs(src: Sources, key: Omit<SubmissionKey, 'plan'>): Promise<FormInputs> {
  const [plan, catalog, stored] = await Promise.all([src.plan(), src.catalog(), src.submissions({ form: key.form, unit: key.unit, which: (h) => h.period === key.period })]);
  const cat = indexCatalog(catalog);
  const lookup: IndicatorLookup = (name) => {
    const d = cat.resolve(name);
    return d ? { name: d.name, unit: d.unit, decimals: d.decimals } : undefined;
  };
  const s = stored[0];
  return { plan, unit: key.unit, period: key.period, baseRev: s ? s.rev : 0, data: s ? s.data : emptyData(), lookup };
}
