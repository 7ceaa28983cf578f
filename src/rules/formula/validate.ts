/**
 * Whether a rule set's 审核公式 compile, before it is published: the store's PUT /api/rules refuses a
 * rule set with any formula that does not (422, nothing stored), as `planbook rules import` refuses a
 * sheet with a bad row. Both decide with compileFormula against the catalog the checks will use, so a
 * rule that is accepted is a rule that runs.
 */
import type { Bilingual } from '../../model/i18n';
import { indexCatalog, type Catalog } from '../catalog';
import type { RuleSet } from '../ruleset';
import { compileFormula } from './compile';
import { formulaRefusal } from './messages';

/**
 * Every formula of `ruleSet` (RuleSet.formulas and each plan's planFormulas) compiled against
 * `catalog`, or for a plan's own formulas against `catalogFor(planId)` when given (the catalog with the
 * indicators that plan defines). Returns one bilingual problem per error, naming the rule, the plan when
 * it is a plan's, and the 1-based character; empty when every formula compiles.
 */
export function formulaRuleSetProblems(ruleSet: RuleSet, catalog: Catalog, catalogFor?: (planId: string) => Catalog | null): Bilingual[] {
  const problems: Bilingual[] = [];
  const general = indexCatalog(catalog);
  for (const def of ruleSet.formulas ?? []) for (const e of compileFormula(def, general).errors) problems.push(formulaRefusal(def, e));
  for (const [planId, list] of Object.entries(ruleSet.planFormulas ?? {})) {
    const own = catalogFor?.(planId);
    const index = own ? indexCatalog(own) : general;
    for (const def of list) {
      for (const e of compileFormula(def, index).errors) {
        const p = formulaRefusal(def, e);
        problems.push({ zh: `计划“${planId}”：${p.zh}`, en: `Plan "${planId}": ${p.en}` });
      }
    }
  }
  return problems;
}
