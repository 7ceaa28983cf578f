/**
 * Wires the store's submit step to the one answer of "may this go up" (src/usecases/may-submit.ts),
 * with the catalog and rules an admin stored (PUT /api/catalog, /api/rules) or, until then, the
 * defaults shipped in templates/catalog, which only seed a new store.
 */
import type { Bilingual } from '../model/i18n';
import { loadDefaultCatalog, loadDefaultRules, validateCatalog, validateRuleSet } from '../rules';
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

/** Problems with a catalog or rule set an admin uploads; none means it may be stored. */
export function configProblems(name: ConfigName, value: unknown): Bilingual[] {
  if (name === 'catalog') return validateCatalog(value).problems;
  return validateRuleSet(value).problems;
}
