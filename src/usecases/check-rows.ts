/**
 * `planbook check --plan --figures`: the rows of a figures (and tasks) CSV judged as the store's
 * submit judges them. The rows become one submission per unit × period × form (from-rows.ts); each
 * is asked maySubmit with every other row and the --history rows as the stored submissions, so the
 * history window is the server's — not whatever history the caller happened to pass — and so are
 * the catalog's reading of the plan, the `required` check and canSubmit.
 */
import type { Finding } from '../model/finding';
import type { Plan } from '../model/plan';
import type { Figure, TaskProgress } from '../model/submission';
import { checkFigures } from '../rules';
import type { Catalog } from '../rules/catalog';
import type { RuleSet } from '../rules/ruleset';
import { submissionsFromRows } from './from-rows';
import { maySubmit } from './may-submit';
import { heldSources } from './sources';

export interface RowsToCheck {
  plan: Plan;
  catalog: Catalog;
  rules: RuleSet;
  /** The rows checked. */
  figures: readonly Figure[];
  tasks?: readonly TaskProgress[];
  /** Earlier rows, compared with and not checked: as the store's other submissions. */
  history?: readonly Figure[];
  today?: string;
}

/** The findings of every submission the rows make, in the order of the rows' first appearance. */
export async function checkRows(r: RowsToCheck): Promise<Finding[]> {
  const checked = submissionsFromRows(r.plan.id, r.figures, r.tasks ?? []);
  const stored = submissionsFromRows(r.plan.id, [...r.figures, ...(r.history ?? [])], r.tasks ?? []);
  const src = heldSources({ plan: r.plan, catalog: r.catalog, rules: r.rules, submissions: stored, today: r.today });
  const out: Finding[] = [];
  // A CSV can hold a row twice, a submission cannot: the repeat is reported from the rows themselves.
  out.push(...checkFigures({ plan: r.plan, catalog: r.catalog, rules: r.rules, figures: [...r.figures], tasks: [], history: [] }).filter((f) => f.rule === 'duplicate'));
  for (const s of checked) out.push(...(await maySubmit(src, s)).findings);
  return out;
}
