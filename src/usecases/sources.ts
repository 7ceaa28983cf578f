/**
 * The one port every use case reads through: the plan, its catalog and rules, the submissions (with
 * their history and workflow state) and today. The store's service, the sync client (task pane and
 * custom functions) and the CLI's file and server modes each implement it; the use cases never ask
 * where the data came from, so the same question gets the same answer everywhere.
 */
import type { Finding } from '../model/finding';
import type { Plan } from '../model/plan';
import type { Submission, SubmissionKey, WorkflowState } from '../model/submission';
import type { Catalog } from '../rules/catalog';
import type { RuleSet } from '../rules/ruleset';
import { EVERY_UNIT, type ReadScope } from './read-scope';

/** What a source knows of a submission before fetching its data: enough to decide whether it is needed. */
export type SubmissionHead = SubmissionKey & { state: WorkflowState; rev: number };

export interface SubmissionQuery {
  form: string;
  /** Only this unit's submissions. */
  orgUnit?: string;
  /** Only the submissions this predicate keeps: decided on the head, so a remote source fetches no more than needed. */
  which?: (h: SubmissionHead) => boolean;
}

export interface Sources {
  /** The plan the question is about. */
  plan(): Promise<Plan>;
  /** The plan's indicator catalog: the store's, or the copy an offline workbook or file carries. */
  catalog(): Promise<Catalog>;
  /** The plan's rule set, from the same place as the catalog. */
  rules(): Promise<RuleSet>;
  /** The plan's submissions matching q that the caller may read, with their data and workflow state. */
  submissions(q: SubmissionQuery): Promise<Submission[]>;
  /** ISO date (YYYY-MM-DD) for overdue tasks; undefined: no task is overdue. */
  today(): string | undefined;
  /** The store revisions of catalog() and rules() (0: the bundled defaults), written with them into a form so offline work says which it used. */
  revisions?(): Promise<{ catalog: number; rules: number }>;
  /** Whose submissions submissions() can return: a filler's own units only; absent: every unit's (read-scope.ts decides what the others' rows show). */
  scope?(): Promise<ReadScope>;
  /**
   * The store's own verdict on a submission's figures (what submit would find now), when the source is a
   * client of the store: it judges with every unit's submissions, which the caller may not read (汇总).
   * null: the store cannot say (an older server); maySubmit then judges from what it can read.
   */
  judge?(s: Submission): Promise<Finding[] | null>;
}

/** Everything in memory: the CLI's file mode (plan.json + figures CSV), tests, and wiring that already holds the data. */
export interface Held {
  plan: Plan;
  catalog: Catalog;
  rules: RuleSet;
  submissions: readonly Submission[];
  today?: string;
  /** The revisions of catalog and rules (a carried copy's); 0 when they are the bundled defaults. */
  revisions?: { catalog: number; rules: number };
  /** The caller's read scope, when the submissions held are only what it may read; default every unit. */
  scope?: ReadScope;
}

/** Applies a query to submissions already held. */
export function selectSubmissions(all: readonly Submission[], q: SubmissionQuery): Submission[] {
  return all.filter((s) => s.form === q.form && (q.orgUnit === undefined || s.orgUnit === q.orgUnit) && (!q.which || q.which(s)));
}

export function heldSources(h: Held): Sources {
  return {
    plan: () => Promise.resolve(h.plan),
    catalog: () => Promise.resolve(h.catalog),
    rules: () => Promise.resolve(h.rules),
    submissions: (q) => Promise.resolve(selectSubmissions(h.submissions, q)),
    today: () => h.today,
    revisions: () => Promise.resolve(h.revisions ?? { catalog: 0, rules: 0 }),
    scope: () => Promise.resolve(h.scope ?? EVERY_UNIT),
  };
}
