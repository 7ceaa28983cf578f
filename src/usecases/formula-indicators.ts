/**
 * The indicators a district's 审核公式 ask of a unit: every indicator named by a formula whose 适用单位
 * lists the unit and whose 适用报表 includes the form (or is empty). A unit the plan's targets do not
 * name (区经济和信息化局, judged by `[高技术制造业增加值] <= [规模以上工业增加值]`) still has figures the
 * district checks and the store accepts, so its form holds those rows: the district's own formulas are
 * its word on what the unit reports. Formulas scoped to every unit are not counted: they name what
 * any unit may report, not what this one must.
 */
import type { Plan } from '../model/plan';
import { indexCatalog, type Catalog } from '../rules/catalog';
import { catalogForPlan } from '../rules/plan-catalog';
import { formulasFor, type RuleSet } from '../rules/ruleset';
import { compileFormula } from '../rules/formula/compile';

/** Catalog names of the indicators the formulas scoped to `orgUnit` and `form` name, in formula order, without repeats. */
export function formulaIndicators(plan: Plan, catalog: Catalog, rules: RuleSet, orgUnit: string, form: string): string[] {
  const formulas = formulasFor(rules, plan.id).filter((f) => f.units?.includes(orgUnit) === true && (!f.forms || f.forms.length === 0 || f.forms.includes(form)));
  if (formulas.length === 0) return [];
  const cat = indexCatalog(catalogForPlan(catalog, plan));
  const out: string[] = [];
  for (const f of formulas) {
    // A formula that does not compile names nothing reliably; `rules import` has told the district already.
    const { compiled } = compileFormula(f, cat);
    for (const def of compiled?.used ?? []) if (!out.includes(def.name)) out.push(def.name);
  }
  return out;
}
