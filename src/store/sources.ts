/**
 * The store's side of the use cases' Sources port (src/usecases/sources.ts): the plan as stored,
 * the catalog and rules an admin stored (the bundled defaults until then — they only seed a new
 * store), and the submissions the caller may read.
 */
import type { Plan } from '../model/plan';
import type { Submission } from '../model/submission';
import { loadDefaultCatalog, loadDefaultRules, type Catalog, type RuleSet } from '../rules';
import { selectSubmissions, type Sources } from '../usecases/sources';
import { EVERY_UNIT, type ReadScope } from '../usecases/read-scope';
import type { Backend } from './backend';

export interface StoreSourcesOptions {
  backend: Pick<Backend, 'getConfig'>;
  plan: Plan;
  /** The plan's submissions the caller may read (fetched once, on first use). */
  submissions: () => Promise<Submission[]>;
  today?: () => string;
  /** Whose submissions `submissions` holds (a filler's units only); default every unit's. */
  scope?: ReadScope;
}

/** The stored catalog, or the bundled one while none is stored. */
export async function storedCatalog(backend: Pick<Backend, 'getConfig'>): Promise<Catalog> {
  return ((await backend.getConfig('catalog'))?.value as Catalog | undefined) ?? loadDefaultCatalog();
}

/** The stored rule set, or the bundled one while none is stored. */
export async function storedRules(backend: Pick<Backend, 'getConfig'>): Promise<RuleSet> {
  return ((await backend.getConfig('rules'))?.value as RuleSet | undefined) ?? loadDefaultRules();
}

export function storeSources(o: StoreSourcesOptions): Sources {
  let all: Promise<Submission[]> | null = null;
  return {
    plan: () => Promise.resolve(o.plan),
    catalog: () => storedCatalog(o.backend),
    rules: () => storedRules(o.backend),
    submissions: async (q) => selectSubmissions(await (all ??= o.submissions()), q),
    today: () => o.today?.(),
    scope: () => Promise.resolve(o.scope ?? EVERY_UNIT),
    revisions: async () => ({ catalog: (await o.backend.getConfig('catalog'))?.rev ?? 0, rules: (await o.backend.getConfig('rules'))?.rev ?? 0 }),
  };
}
