/**
 * The wire contract between the store server and its clients (add-in, CLI): the server builds these
 * shapes and the clients read them, so each is declared once, here.
 * A push is a list of field edits against the revision the client pulled; each edit carries the
 * value the client saw (base) so the server can tell "you changed it" from "they changed it"
 * without keeping every old revision: a three-way merge per field.
 */
import type { Bilingual } from '../model/i18n';
import type { FieldPath, FieldValue, Submission, SubmissionKey, WorkflowState } from '../model/submission';
import type { PatchRequest } from '../model/submission-schema';

// The request bodies are declared once, as TypeBox schemas (model/submission-schema.ts); these are their types.
export type { FieldEdit, PatchRequest } from '../model/submission-schema';

export interface FieldConflict {
  field: FieldPath;
  pulled: FieldValue;
  theirs: FieldValue;
  yours: FieldValue;
}

/** 200: every edit applied (or already equal); the new document and revision. */
export interface PatchOk {
  rev: number;
  submission: Submission;
  /** Fields changed by others since baseRev that merged cleanly with the client's edits. */
  merged: FieldPath[];
}

/** 409 details when at least one field conflicts; nothing is applied. */
export interface PatchConflict {
  rev: number;
  conflicts: FieldConflict[];
}

/** The queue entry kept by a client while it cannot reach the server. */
export interface QueuedPush {
  id: string;
  key: SubmissionKey;
  request: PatchRequest;
  queuedAt: string;
}

export function submissionUrl(k: SubmissionKey): string {
  const e = encodeURIComponent;
  return `/api/plans/${e(k.plan)}/submissions/${e(k.orgUnit)}/${e(k.period)}/${e(k.form)}`;
}

// ---- the other answers both sides read ------------------------------------------------------------

export type Role = 'filler' | 'reviewer' | 'admin';

/** GET /api/me: who the token belongs to. */
export interface Principal {
  name: string;
  role: Role;
  /** The units a filler fills for; empty for reviewers and admins. */
  units: string[];
}

/** GET /api/plans: one entry of {plans}. */
export interface PlanSummary {
  id: string;
  name: string;
  year: number;
  rev: number;
  units: number;
  targets: number;
  tasks: number;
  updatedAt: string;
}

/** GET /api/plans/{plan}/submissions: one entry of {submissions}, the state without the data. */
export interface SubmissionSummary {
  orgUnit: string;
  period: string;
  form: string;
  rev: number;
  state: WorkflowState;
  updatedAt: string;
  updatedBy: string;
  returnReason?: string;
  /** The rule set that judged it at submit (/api/rules revision and version), for the reviewer. */
  judgedBy?: { rulesRev: number; rulesVersion: string };
}

/** POST /api/plans/{plan}/lookup: {queries}. A target wants its year, an actual or progress its period. */
export type { LookupQuery } from '../model/submission-schema';

/**
 * One entry of the lookup's {results}: a value with its 计量单位 (measureUnit: 亿元, %, '' for a text),
 * or why that one query has none. The store also sends the 计量单位 as `unit`, its name before the
 * rename, for add-ins of the previous version (deprecated: dropped in the next version; legacy-names.ts).
 */
export type LookupAnswer = { value: number | string | null; measureUnit?: string; /** @deprecated the old name of measureUnit */ unit?: string } | { error: Bilingual };
