/**
 * The audit trail: append-only entries, each chained to the one before by SHA-256 so a changed
 * byte anywhere breaks every later link. Both backends keep the same entries and the same chain,
 * so `planbook audit verify` reads either.
 */
import { hash } from 'node:crypto';
import type { FieldValue, WorkflowState } from '../model/submission';

export type AuditAction =
  | 'change' // a figure or task field changed
  | 'submit'
  | 'approve'
  | 'return'
  | 'signin' // first use of a token since the server started
  | 'refusal' // a 401/403/429 answer
  | 'plan-import'
  | 'config' // catalog or rules replaced
  | 'repair'; // an operator's decision on a damaged store (planbook store repair): what was lost or restored

/** What the service records; the backend gives it a sequence number, a time and the chain hash. */
export interface AuditDraft {
  action: AuditAction;
  actor: string;
  plan?: string;
  orgUnit?: string;
  period?: string;
  form?: string;
  field?: string;
  old?: FieldValue;
  new?: FieldValue;
  rev?: number;
  state?: WorkflowState;
  /** Why: the return reason, the refused request, the error code. */
  detail?: string;
}

export interface AuditEntry extends AuditDraft {
  seq: number;
  at: string;
  prev: string;
  hash: string;
}

export const GENESIS = '0'.repeat(64);

/** Keys in a fixed order so the hash does not depend on how an entry was built or parsed. */
const ORDER: (keyof AuditEntry)[] = ['seq', 'at', 'action', 'actor', 'plan', 'orgUnit', 'period', 'form', 'field', 'old', 'new', 'rev', 'state', 'detail', 'prev'];

/**
 * The text the hash is over. It keeps the names of the chain's first version (unit, and
 * figures/…/base in field paths) whatever the entry's own names, so the entries written before the
 * rename to orgUnit / sameLastYear verify as they did, and the chain stays one chain across it.
 */
export function canonical(e: Omit<AuditEntry, 'hash'>): string {
  const raw = e as Record<string, unknown>;
  const o: Record<string, unknown> = {};
  for (const k of ORDER) {
    let v = k === 'orgUnit' ? (raw.orgUnit ?? raw.unit) : raw[k];
    if (k === 'field' && typeof v === 'string') v = v.replace(/^(figures\/[^/]*)\/sameLastYear$/, '$1/base');
    if (v !== undefined) o[k === 'orgUnit' ? 'unit' : k] = v;
  }
  return JSON.stringify(o);
}

export function hashEntry(e: Omit<AuditEntry, 'hash'>): string {
  // One-shot crypto.hash: same SHA-256 of the UTF-8 text as createHash().update(), without a Hash object per entry.
  return hash('sha256', canonical(e), 'hex');
}

/** Seals drafts onto the chain after (seq, hash). */
export function seal(drafts: readonly AuditDraft[], last: { seq: number; hash: string }, at: string): AuditEntry[] {
  let { seq, hash } = last;
  const out: AuditEntry[] = [];
  for (const d of drafts) {
    seq += 1;
    const body = { ...d, seq, at, prev: hash };
    hash = hashEntry(body);
    out.push({ ...body, hash });
  }
  return out;
}

/** One finding of verify, in both languages; `seq` is the first audit entry concerned, `where` a file or a row. */
export interface AuditProblem {
  kind: 'unreadable' | 'chain' | 'truncated' | 'rewritten' | 'anchor' | 'journal' | 'data' | 'damaged-file';
  seq?: number;
  where?: string;
  zh: string;
  en: string;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  /** The first entry (1-based seq or line) whose content or link does not match. */
  firstBad?: { seq: number; reason: string };
  /** Every finding (audit-proof.ts, audit-data-check.ts), when not ok. */
  problems?: AuditProblem[];
}

export function verifyChain(entries: readonly AuditEntry[]): VerifyResult {
  let prev = GENESIS;
  let seq = 0;
  for (const e of entries) {
    if (e.seq !== seq + 1) return { ok: false, entries: entries.length, firstBad: { seq: seq + 1, reason: `sequence jumps to ${e.seq}` } };
    if (e.prev !== prev) return { ok: false, entries: entries.length, firstBad: { seq: e.seq, reason: 'link to the previous entry broken' } };
    const { hash, ...body } = e;
    if (hashEntry(body) !== hash) return { ok: false, entries: entries.length, firstBad: { seq: e.seq, reason: 'content changed' } };
    prev = hash;
    seq = e.seq;
  }
  return { ok: true, entries: entries.length };
}

export interface AuditQuery {
  plan?: string;
  orgUnit?: string;
  period?: string;
  form?: string;
  field?: string;
  /** Only entries newer than this seq. */
  after?: number;
  /** At most this many, oldest first (with `after`, a page). */
  limit?: number;
}

export function matches(e: AuditEntry, q: AuditQuery): boolean {
  return (
    (q.plan === undefined || e.plan === q.plan) &&
    (q.orgUnit === undefined || e.orgUnit === q.orgUnit) &&
    (q.period === undefined || e.period === q.period) &&
    (q.form === undefined || e.form === q.form) &&
    (q.field === undefined || e.field === q.field) &&
    (q.after === undefined || e.seq > q.after)
  );
}

/** Entries younger than this are never removed (网络安全法: network logs kept at least six months). */
export const RETENTION_DAYS = 180;
