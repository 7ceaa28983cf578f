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
import type { FormulaRuleDef } from './types';
import { formulaRefusal, scopeRefusal } from './messages';
import { planWordProblems, scopeProblems, SCOPE_COLUMNS, type PlanWords } from './scope';

/**
 * Every formula of `ruleSet` (RuleSet.formulas and each plan's planFormulas) compiled against
 * `catalog`, or for a plan's own formulas against `catalogFor(planId)` when given (the catalog with the
 * indicators that plan defines), and its scope words checked (scope.ts): forms and periods always; for a
 * plan's own formulas, when `planWordsFor(planId)` gives that plan's words, its units, sections and task
 * numbers too. Returns one bilingual problem per error, naming the rule, the plan when it is a plan's,
 * and the 1-based character; empty when every formula compiles and every scope word names something.
 * A plan id for which `catalogFor` gives null (the store has no such plan) is refused: its formulas would never run.
 */
export function formulaRuleSetProblems(ruleSet: RuleSet, catalog: Catalog, catalogFor?: (planId: string) => Catalog | null, planWordsFor?: (planId: string) => PlanWords | null): Bilingual[] {
  const problems: Bilingual[] = [];
  const general = indexCatalog(catalog);
  const judge = (def: FormulaRuleDef, index: ReturnType<typeof indexCatalog>, plan: PlanWords | null): Bilingual[] => {
    const { compiled, errors } = compileFormula(def, index);
    const out = errors.map((e) => formulaRefusal(def, e));
    if (compiled && plan) out.push(...planWordProblems(compiled, plan).map((p) => scopeRefusal(def, '公式 formula', p)));
    for (const p of scopeProblems(def, plan)) out.push(scopeRefusal(def, `${SCOPE_COLUMNS[p.field]} ${p.field}`, p.message));
    return out;
  };
  for (const def of ruleSet.formulas ?? []) problems.push(...judge(def, general, null));
  for (const [planId, list] of Object.entries(ruleSet.planFormulas ?? {})) {
    const own = catalogFor?.(planId);
    if (catalogFor && own === null) {
      // The caller knows the plans (the store); formulas filed under a plan id it does not have would never judge anything.
      problems.push({
        zh: `计划“${planId}”不存在，其审核公式永远不会运行；请核对计划编号（--plan-id）后重新发布，本次未保存任何规则。`,
        en: `Plan "${planId}" does not exist, so its formulas would never run; check the plan id (--plan-id) and publish again; nothing was stored.`,
      });
      continue;
    }
    const index = own ? indexCatalog(own) : general;
    const words = planWordsFor?.(planId) ?? null;
    for (const def of list) for (const p of judge(def, index, words)) problems.push({ zh: `计划“${planId}”：${p.zh}`, en: `Plan "${planId}": ${p.en}` });
  }
  return problems;
}
