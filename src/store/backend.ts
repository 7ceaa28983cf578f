/**
 * The storage port. The service decides what a write means (merge, workflow, access); a backend only
 * makes it durable and atomic. `update` runs the service's pure function on the current document
 * while holding whatever makes the read-modify-write safe (a per-key queue in the file backend, a
 * row lock inside a transaction in PostgreSQL) and commits the new document with its audit entries
 * as one unit: both or neither.
 */
import type { Plan } from '../model/plan';
import { upgradePlan, upgradeSubmission } from '../model/legacy-names';
import type { Submission, SubmissionKey } from '../model/submission';
import type { PlanSummary } from '../sync/protocol';
import type { AuditDraft, AuditEntry, AuditQuery, VerifyResult } from './audit-chain';

/** A versioned document that is not a submission: an imported plan, the catalog, the rules. */
export interface Versioned<T> {
  rev: number;
  updatedAt: string;
  updatedBy: string;
  value: T;
}

export type ConfigName = 'catalog' | 'rules';

/** What the service's function returns: the next document (or none: nothing to write), audit entries, and its answer. */
export interface Outcome<D, T> {
  next: D | null;
  audit: AuditDraft[];
  result: T;
}

export interface Backend {
  readonly kind: 'file' | 'postgres';
  getSubmission(key: SubmissionKey): Promise<Submission | null>;
  listSubmissions(plan: string, period?: string): Promise<Submission[]>;
  /** fn may throw (a PlanbookError): nothing is written then. */
  updateSubmission<T>(key: SubmissionKey, fn: (cur: Submission | null) => Outcome<Submission, T>): Promise<T>;
  getPlan(id: string): Promise<Versioned<Plan> | null>;
  listPlans(): Promise<PlanSummary[]>;
  updatePlan<T>(id: string, fn: (cur: Versioned<Plan> | null) => Outcome<Versioned<Plan>, T>): Promise<T>;
  getConfig(name: ConfigName): Promise<Versioned<unknown> | null>;
  updateConfig<T>(name: ConfigName, fn: (cur: Versioned<unknown> | null) => Outcome<Versioned<unknown>, T>): Promise<T>;
  /** Entries with no document change (sign-ins, refusals). */
  appendAudit(drafts: AuditDraft[]): Promise<void>;
  readAudit(q: AuditQuery): Promise<AuditEntry[]>;
  verifyAudit(): Promise<VerifyResult>;
  close(): Promise<void>;
}

export function summarisePlan(v: Versioned<Plan>): PlanSummary {
  const p = v.value;
  return { id: p.id, name: p.name, year: p.year, rev: v.rev, units: p.units.length, targets: p.targets.length, tasks: p.tasks.length, updatedAt: v.updatedAt };
}

/** A stored plan written by the version before the rename (targets' unit → measureUnit); others as they are. */
export function upgradeStoredPlan(v: Versioned<Plan>): Versioned<Plan> {
  const value = upgradePlan(v.value) as Plan;
  return value === v.value ? v : { ...v, value };
}

/**
 * A document of the store by its path (submissions/…, plans/…, config/…), under the names of this
 * version: what the previous version wrote is read as if written now. Catalogs are upgraded where
 * they are parsed (rules/catalog.ts).
 */
export function upgradeStoredDoc<D>(path: string, doc: D): D {
  if (path.startsWith('submissions/')) return upgradeSubmission(doc);
  if (path.startsWith('plans/')) return upgradeStoredPlan(doc as unknown as Versioned<Plan>) as unknown as D;
  return doc;
}
