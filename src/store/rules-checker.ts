/**
 * Wires the store's submit step to the checks of src/rules, with the catalog and rules an admin
 * stored (PUT /api/catalog, /api/rules) or, until then, the defaults shipped in templates/catalog.
 */
import type { Bilingual } from '../model/i18n';
import { submissionFigures } from '../model/submission';
import { checkSubmission, loadDefaultCatalog, loadDefaultRules, validateCatalog, validateRuleSet, type Catalog, type RuleSet } from '../rules';
import type { Backend, ConfigName } from './backend';
import type { Checker } from './service';

export function rulesChecker(backend: Backend, today?: () => string): Checker {
  return async (plan, submission, history) => {
    const catalog = ((await backend.getConfig('catalog'))?.value as Catalog | undefined) ?? loadDefaultCatalog();
    const rules = ((await backend.getConfig('rules'))?.value as RuleSet | undefined) ?? loadDefaultRules();
    return checkSubmission(plan, catalog, rules, submission, history.flatMap(submissionFigures), today?.());
  };
}

export const DEFAULT_CONFIG: Record<ConfigName, () => unknown> = {
  catalog: () => loadDefaultCatalog(),
  rules: () => loadDefaultRules(),
};

/** Problems with a catalog or rule set an admin uploads; none means it may be stored. */
export function configProblems(name: ConfigName, value: unknown): Bilingual[] {
  if (name === 'catalog') return validateCatalog(value).problems;
  return validateRuleSet(value).problems;
}
