/**
 * Wires the store's submit step to the one answer of "may this go up" (src/usecases/may-submit.ts),
 * with the catalog and rules an admin stored (PUT /api/catalog, /api/rules) or, until then, the
 * defaults shipped in templates/catalog, which only seed a new store.
 */
import type { Bilingual } from '../model/i18n';
import { catalogForPlan, loadDefaultCatalog, loadDefaultRules, validateCatalog, validateRuleSet, type Catalog } from '../rules';
import { formulaRuleSetProblems } from '../rules/formula';
import { planWords, type PlanWords } from '../rules/formula/scope';
import { maySubmit } from '../usecases/may-submit';
import type { Backend, ConfigName } from './backend';
import type { Checker } from './service';
import { storeSources } from './sources';

export function rulesChecker(backend: Backend, today?: () => string): Checker {
  return async (plan, submission, history) => (await maySubmit(storeSources({ backend, plan, submissions: () => Promise.resolve(history), today }), submission)).findings;
}

export const DEFAULT_CONFIG: Record<ConfigName, () => unknown> = {
  catalog: () => loadDefaultCatalog(),
  rules: () => loadDefaultRules(),
};

/**
 * Problems with a catalog or rule set an admin uploads; none means it may be stored. A rule set's shape
 * is checked first; then every 审核公式 is compiled against the catalog its checks will run with (the
 * stored one, or the shipped default; for a plan's own formulas, with that plan's indicators added),
 * so a formula that would not run is refused with its rule id and character, never stored.
 */
export function configProblems(backend: Backend): (name: ConfigName, value: unknown) => Promise<Bilingual[]> {
  return async (name, value) => {
    if (name === 'catalog') return validateCatalog(value).problems;
    const { ruleSet, problems } = validateRuleSet(value);
    if (!ruleSet || problems.length > 0 || (!ruleSet.formulas && !ruleSet.planFormulas)) return problems;
    const stored = await backend.getConfig('catalog');
    const checked = stored ? validateCatalog(stored.value).catalog : null;
    const catalog: Catalog = checked ?? loadDefaultCatalog();
    const plans = new Map<string, Catalog | null>();
    // A plan's own formulas are also checked against its units, sections and task numbers, so a
    // mistyped 适用单位 is refused on PUT as on `rules import --plan`, never silently out of scope.
    const words = new Map<string, PlanWords>();
    for (const planId of Object.keys(ruleSet.planFormulas ?? {})) {
      const plan = await backend.getPlan(planId);
      plans.set(planId, plan ? catalogForPlan(catalog, plan.value) : null);
      if (plan) words.set(planId, planWords(plan.value));
    }
    return formulaRuleSetProblems(
      ruleSet,
      catalog,
      (planId) => plans.get(planId) ?? null,
      (planId) => words.get(planId) ?? null,
    );
  };
}
