/**
 * The values the built-in checks compare a figure with: one series per unit × indicator × year, its 12
 * end months in one shared Float64Array (slot 0 unused; NaN where no usable value), numbered 0, 1, 2, …
 * A typed array per series cost a backing store each, and the collector's time for a million figures
 * (the check spent a third of its time in the garbage collector), so series are slots of a pool. Fresh
 * typed arrays of megabytes also cost a page fault at every first touch, so the pools are handed from
 * one check to the next (release()), as the formulas' pools are (formula/data.ts), up to RETAIN_SERIES.
 */

/** Slots per series: end months 1..12, index 0 unused. */
export const SLOTS = 13;

/** lastYear / parent of a series not looked up yet. */
export const UNKNOWN = -2;
/** lastYear / parent looked up and absent. */
export const NONE = -1;

/** At most this many series (≈ 23 MB) and figures (16 MB) stay allocated between checks. */
const RETAIN_SERIES = 200_000;
const RETAIN_FIGURES = 2_000_000;

interface Pools {
  vals: Float64Array;
  fromInput: Int32Array;
  lastYear: Int32Array;
  parent: Int32Array;
  figures: Int32Array;
}
let spare: Pools | null = null;

export class ValueIndex {
  /** Series s, end month m at vals[s * SLOTS + m]. */
  vals: Float64Array;
  /** Per series, bit m set: month m came from the checked figures (to spot duplicates), not from history. */
  fromInput: Int32Array;
  /** Per series, the same unit × indicator a year earlier (a series number, NONE or UNKNOWN). */
  lastYear: Int32Array;
  /** Per series, the unit's series of the parent indicator that year (a series number, NONE or UNKNOWN). */
  parent: Int32Array;
  /**
   * Per checked figure i: its series at [2i] (or a negative code the engine gives), the number of its
   * period at [2i + 1]. Typed, not arrays of objects: a million pointers cost the collector too.
   */
  figures: Int32Array;
  private count = 0;
  /** unit → (year × 65536 + indicator number) → series number. */
  private readonly byUnit = new Map<string, Map<number, number>>();
  // One-entry cache: a unit's figures usually come together, so most lookups repeat the last one.
  private lastUnit = '';
  private lastKey = -1;
  private lastSeries = -1;

  /** `expected`: how many series to make room for at first (the pool grows by doubling); `figures`: how many figures are checked. */
  constructor(expected: number, figures: number) {
    const n = Math.max(64, expected);
    const s = spare;
    spare = null;
    // Only the series made are read, and make() initialises each, so reused pools need no clearing.
    if (s && s.fromInput.length >= n) {
      this.vals = s.vals;
      this.fromInput = s.fromInput;
      this.lastYear = s.lastYear;
      this.parent = s.parent;
    } else {
      this.vals = new Float64Array(n * SLOTS);
      this.fromInput = new Int32Array(n);
      this.lastYear = new Int32Array(n);
      this.parent = new Int32Array(n);
    }
    this.figures = s && s.figures.length >= 2 * figures ? s.figures : new Int32Array(2 * figures);
  }

  /** Hands the pools to the next check (when not too large); this index must not be used afterwards. */
  release(): void {
    if (this.fromInput.length > RETAIN_SERIES || this.figures.length > 2 * RETAIN_FIGURES) return;
    spare = { vals: this.vals, fromInput: this.fromInput, lastYear: this.lastYear, parent: this.parent, figures: this.figures };
  }

  /**
   * The series of `unit` × indicator number `def` × `year`: made (all months NaN) when absent and
   * `create`, else −1 when absent. `def` below 65536 (a catalog's size).
   */
  series(unit: string, def: number, year: number, create: boolean): number {
    const key = year * 65536 + def;
    if (key === this.lastKey && unit === this.lastUnit) return this.lastSeries;
    let byKey = this.byUnit.get(unit);
    if (!byKey) {
      if (!create) return -1;
      this.byUnit.set(unit, (byKey = new Map()));
    }
    let s = byKey.get(key);
    if (s === undefined) {
      if (!create) return -1;
      s = this.make();
      byKey.set(key, s);
    }
    this.lastUnit = unit;
    this.lastKey = key;
    this.lastSeries = s;
    return s;
  }

  private make(): number {
    const s = this.count++;
    if (s === this.fromInput.length) this.grow();
    const o = s * SLOTS;
    for (let m = 0; m < SLOTS; m++) this.vals[o + m] = NaN;
    this.fromInput[s] = 0;
    this.lastYear[s] = UNKNOWN;
    this.parent[s] = UNKNOWN;
    return s;
  }

  private grow(): void {
    const n = this.fromInput.length * 2;
    const vals = new Float64Array(n * SLOTS);
    vals.set(this.vals);
    this.vals = vals;
    for (const k of ['fromInput', 'lastYear', 'parent'] as const) {
      const a = new Int32Array(n);
      a.set(this[k]);
      this[k] = a;
    }
  }

  /** The nearest earlier end month of series `s` in the same year with a value, or −1. */
  prevMonth(s: number, endMonth: number): number {
    const o = s * SLOTS;
    for (let m = endMonth - 1; m >= 1; m--) if (!Number.isNaN(this.vals[o + m]!)) return m;
    return -1;
  }

  /** The value of series `s` at end month `m` (NaN when none, or when `s` is negative). */
  at(s: number, m: number): number {
    return s < 0 ? NaN : this.vals[s * SLOTS + m]!;
  }
}
