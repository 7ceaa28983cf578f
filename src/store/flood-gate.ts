/**
 * One audit entry per flood per source (issue 12: one bogus token wrote 2,075 "429" entries in
 * 10 s, a filler's own 403s about 359 a second). A flood is a run of refusals (401, 403, 429 alike)
 * from one source (a token, or an address before sign-in) with less than `quietMs` between any two
 * of them; only its first refusal is written to the audit. The next flood's first entry says how many
 * refusals of the previous one went unrecorded, so the trail still shows the size of each flood.
 */
import { systemClock, type Clock } from './clock';

/** How long a source must stay quiet before its next refusal starts a new flood (and a new audit entry). */
export const FLOOD_QUIET_MS = 60_000;

/** Sources remembered at most: a scan from many addresses cannot grow memory without bound. */
const MAX_SOURCES = 100_000;

interface Run {
  last: number;
  /** Refusals after the first, not recorded. */
  more: number;
}

export type FloodVerdict = { record: true; unrecordedBefore: number } | { record: false };

export class FloodGate {
  private readonly runs = new Map<string, Run>();
  private lastSweep = 0;

  constructor(
    private readonly quietMs: number = FLOOD_QUIET_MS,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Notes one refusal from `source`. Record it when it opens a flood; `unrecordedBefore` counts
   * the refusals of this source's previous flood that were not.
   */
  refuse(source: string): FloodVerdict {
    const now = this.clock.now();
    this.sweep(now);
    const key = source;
    const run = this.runs.get(key);
    if (run && now - run.last < this.quietMs) {
      run.last = now;
      run.more += 1;
      return { record: false };
    }
    this.runs.set(key, { last: now, more: 0 });
    return { record: true, unrecordedBefore: run?.more ?? 0 };
  }

  private sweep(now: number): void {
    if (this.runs.size < MAX_SOURCES && now - this.lastSweep < this.quietMs) return;
    this.lastSweep = now;
    // A run with unrecorded refusals is kept, so its count reaches the next flood's entry.
    for (const [k, r] of this.runs) if (now - r.last >= this.quietMs && r.more === 0) this.runs.delete(k);
    // Still too many live floods: forget them all; each source then costs at most one more entry.
    if (this.runs.size >= MAX_SOURCES) this.runs.clear();
  }
}
