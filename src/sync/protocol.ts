/**
 * The wire contract between the store server and its clients (add-in, CLI).
 * A push is a list of field edits against the revision the client pulled; each edit carries the
 * value the client saw (base) so the server can tell "you changed it" from "they changed it"
 * without keeping every old revision: a three-way merge per field.
 */
import type { FieldPath, FieldValue, Submission, SubmissionKey } from '../model/submission';

export interface FieldEdit {
  field: FieldPath;
  /** The value at the client's base revision. */
  base: FieldValue;
  /** The client's new value. */
  value: FieldValue;
}

/** PATCH /api/plans/{plan}/submissions/{unit}/{period}/{form} */
export interface PatchRequest {
  baseRev: number;
  edits: FieldEdit[];
}

export interface FieldConflict {
  field: FieldPath;
  base: FieldValue;
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
  return `/api/plans/${e(k.plan)}/submissions/${e(k.unit)}/${e(k.period)}/${e(k.form)}`;
}
