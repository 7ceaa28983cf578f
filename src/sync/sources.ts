/**
 * The sync client's side of the use cases' Sources port (src/usecases/sources.ts), for the task
 * pane, the custom functions and `planbook … --server`: the store's plan, its catalog and rules
 * (GET /api/catalog, /api/rules — the ones the server's submit checks with), and the submissions
 * this token may read. Lists once, then pulls only the submissions a use case keeps.
 */
import type { Plan } from '../model/plan';
import type { Submission } from '../model/submission';
import type { Catalog } from '../rules/catalog';
import type { RuleSet } from '../rules/ruleset';
import type { Sources } from '../usecases/sources';
import type { AtRev } from '../usecases/carried';
import type { SyncClient } from './client';
import type { Principal, SubmissionSummary } from './protocol';
import { readScopeOf } from '../usecases/read-scope';

export interface SyncSourcesOptions {
  /** The plan, when the caller holds it already (saves a request). */
  plan?: Plan;
  today?: string;
  /** Who the token belongs to, when the caller knows it already (the pane after connecting): saves GET /api/me. */
  me?: Principal;
}

export function syncSources(client: SyncClient, planId: string, o: SyncSourcesOptions = {}): Sources {
  let plan: Promise<Plan> | null = o.plan && o.plan.id === planId ? Promise.resolve(o.plan) : null;
  let catalog: Promise<AtRev<Catalog>> | null = null;
  let rules: Promise<AtRev<RuleSet>> | null = null;
  let heads: Promise<SubmissionSummary[]> | null = null;
  let me: Promise<Principal> | null = o.me ? Promise.resolve(o.me) : null;
  return {
    plan: () => (plan ??= client.getPlan(planId)),
    catalog: async () => (await (catalog ??= client.catalogAt())).value,
    rules: async () => (await (rules ??= client.rulesAt())).value,
    revisions: async () => ({ catalog: (await (catalog ??= client.catalogAt())).rev, rules: (await (rules ??= client.rulesAt())).rev }),
    submissions: async (q) => {
      const list = await (heads ??= client.list(planId));
      const keep = list.filter((h) => h.form === q.form && (q.orgUnit === undefined || h.orgUnit === q.orgUnit) && (!q.which || q.which({ plan: planId, ...h })));
      return Promise.all(keep.map(async (h): Promise<Submission> => (await client.pull({ plan: planId, orgUnit: h.orgUnit, period: h.period, form: h.form })).submission));
    },
    today: () => o.today,
    judge: async (s) => (await client.dryRun({ plan: s.plan, orgUnit: s.orgUnit, period: s.period, form: s.form }, s.data))?.findings ?? null,
    // GET …/submissions lists only what the token may read; the scope says so, so the report does not take the rest as missing.
    scope: async () => readScopeOf(await (me ??= client.me())),
  };
}
