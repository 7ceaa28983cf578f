/**
 * When a process's batches chain their own audit entries (pg-remembered.ts, pg-audit.ts directChain)
 * and when they leave them pending. The rules that keep a document's entries in order and the
 * batches from taking the head from each other, in one place; pg-batches.ts asks and reports.
 */
import type { DirectChain, PgAuditChain } from './pg-audit';

/** What the chaining form of the fast batch answers beside each landed row (pg-remembered.ts). */
export interface ChainSeen {
  chained?: boolean;
  /** Nothing was pending in the statement's snapshot. */
  clear?: boolean;
  /** The head the statement found; null when another transaction held it. */
  hseq?: string | null;
  hhash?: string | null;
}

export class ChainMode {
  /** False once the database refused the chaining form (UNSUPPORTED in pg-batches.ts); the pending form is kept. */
  supported = true;
  /** A batch that chains its own drafts is in flight (one at a time: a second would find the head taken). */
  private busy = false;
  /** Batches in flight on the plain path. */
  private plain = 0;
  /** Batches in a row that could not chain although nothing was pending (another process had the head). */
  private headTaken = 0;
  /** Until then (ms), batches leave their drafts pending, two in flight: another process is writing (after). */
  private pendingUntil = 0;

  constructor(private readonly audit: PgAuditChain) {}

  /** Whether batches try to chain their own drafts now: then one batch is in flight, not two. */
  get on(): boolean {
    return this.supported && Date.now() >= this.pendingUntil;
  }

  /** A batch entered (true) or left (false) the plain path. */
  plainPath(entered: boolean): void {
    this.plain += entered ? 1 : -1;
  }

  /**
   * The chain for a fast batch's drafts, or null to leave them pending. Never while a plain-path
   * batch of this process is in flight: that path remembers a document before its COMMIT, so a fast
   * write could plan on it, land just after it committed, and chain its entry before that write's
   * pending one. Call `after` once the statement answered (or failed).
   */
  begin(drafts: Parameters<PgAuditChain['directChain']>[0], at: string): DirectChain | null {
    if (!this.on || this.busy || this.plain > 0) return null;
    const d = this.audit.directChain(drafts, at);
    if (d) this.busy = true;
    return d;
  }

  /**
   * After a batch tried to chain its drafts (`seen` undefined: the statement failed). Drafts were
   * pending (a first write, a plain batch): the round that afterBatch asks for clears them, and the
   * next batch chains. The head taken or moved with nothing pending, three times in a row: another
   * server process is writing to this database, and both would keep taking the head from each
   * other; for a second this process's batches leave their drafts pending, two in flight, as before
   * chaining in the batch existed.
   */
  after(direct: DirectChain, seen: ChainSeen | undefined, failed = false): void {
    this.busy = false;
    if (failed) return;
    const chained = seen?.chained === true;
    this.audit.afterBatch(direct, chained, seen?.hseq != null && seen.hhash != null ? { seq: Number(seen.hseq), hash: seen.hhash } : null);
    if (chained || seen?.clear !== true) this.headTaken = 0;
    else if (++this.headTaken >= 3) {
      this.headTaken = 0;
      this.pendingUntil = Date.now() + 1000;
    }
  }
}
