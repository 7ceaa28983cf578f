/**
 * What formulas read: figures per unit × indicator × year as 13 slots (end month 1..12; NaN = blank) of
 * shared typed arrays — values always, growth and base only when some formula reads them, and which
 * figure filled each slot — and task progress per unit × task × period. Pools instead of an object per
 * series, and no pool a rule set does not need, keep a million-figure check cheap (bench/rules.bench.ts);
 * only the indicators some formula names are indexed.
 */
import type { Figure, TaskProgress } from '../../model/submission';
import { parseTaskStatus, type TaskStatus } from '../../model/submission';
import { parsePeriod, type ParsedPeriod } from '../../model/period';
import type { CatalogIndex, IndicatorDef } from '../catalog';
import { toNumber } from '../values';

/** The fields a formula reads: which pool. */
export const FIELD_VALUE = 0;
export const FIELD_GROWTH = 1;
export const FIELD_BASE = 2;
const SLOTS = 13;

/**
 * One unit's series of one year: for each indicator, by its rule-set number (DefIds), the series'
 * offset into the pools + 1 (its month m is at offset + m; 0: no figures).
 */
export type YearTable = Int32Array;

/** An indicator some formula in scope reads: its DefIds number, and whether its growth and 上年同期 are read. */
export interface WantedSeries {
  id: number;
  growth: boolean;
  base: boolean;
}

export const TASK_STATUS_CODES: readonly TaskStatus[] = ['not-started', 'in-progress', 'done', 'delayed'];

export interface TaskCell {
  progress: number;
  /** Index in TASK_STATUS_CODES, NaN when empty or unrecognised. */
  status: number;
  note: string;
  /** In the checked task reports, not only history. */
  input: boolean;
}

/**
 * Pools kept from the last check for the next one. Fresh typed arrays of tens of megabytes cost page
 * faults on every first touch — on a busy two-core server most of what formulas add to a large check —
 * so the buffers are reused; at most RETAIN_SLOTS slots (≈ 45 MB) stay allocated between checks.
 */
const RETAIN_SLOTS = 2_000_000;
let spare: { vals: Float64Array; refs: Int32Array; growth: Float64Array | null; base: Float64Array | null } | null = null;

function take<T extends Float64Array | Int32Array>(have: T | null | undefined, slots: number, make: (n: number) => T): T {
  return have && have.length >= slots ? have : make(slots);
}

export class FormulaData {
  /** Values of every series; the pools are reallocated only while figures are added. */
  vals: Float64Array;
  growth: Float64Array | null;
  sameLastYear: Float64Array | null;
  /** Which figure filled a slot: i + 1 for checked figure i, −(i + 1) for history figure i, 0 none (for cell paths and 说明). */
  refs: Int32Array;
  private used = 0;
  /** unit → year → YearTable. */
  readonly byUnit = new Map<string, Map<number, YearTable>>();
  private input: readonly Figure[] = [];
  private history: readonly Figure[] = [];
  /** unit → taskNo → year*100+month → cell. */
  readonly tasks = new Map<string, Map<number, Map<number, TaskCell>>>();
  private readonly periods = new Map<string, ParsedPeriod | null>();

  constructor(
    readonly catalogIndex: CatalogIndex,
    /** The indicators some formula in scope names, with their DefIds numbers: only these are kept. */
    private readonly wanted: ReadonlyMap<IndicatorDef, WantedSeries>,
    /** How many numbers the rule set's DefIds gave: the length of a YearTable. */
    private readonly defs: number,
    fields: { growth: boolean; base: boolean } = { growth: true, base: true },
    /** Expected number of figures: monthly figures make a series of 12, so the pools start at n / 12 series and rarely grow. */
    expected = 0,
  ) {
    const slots = SLOTS * Math.max(1024, Math.ceil(expected / 12) + 64);
    const s = spare;
    spare = null;
    this.vals = take(s?.vals, slots, (n) => new Float64Array(n));
    // Refs are read as "0 = none": a reused pool must be cleared (allocate() clears values slot by slot).
    this.refs = take(s?.refs, slots, (n) => new Int32Array(n));
    if (this.refs === s?.refs) this.refs.fill(0);
    this.growth = fields.growth ? take(s?.growth, slots, (n) => new Float64Array(n)) : null;
    this.sameLastYear = fields.base ? take(s?.base, slots, (n) => new Float64Array(n)) : null;
  }

  /** Hands the pools to the next check (when not too large); this object must not be used afterwards. */
  release(): void {
    if (this.vals.length > RETAIN_SLOTS) return;
    spare = { vals: this.vals, refs: this.refs, growth: this.growth ?? spare?.growth ?? null, base: this.sameLastYear ?? spare?.base ?? null };
  }

  period(p: unknown): ParsedPeriod | null {
    if (typeof p !== 'string') return null;
    let r = this.periods.get(p);
    if (r === undefined) this.periods.set(p, (r = parsePeriod(p)));
    return r;
  }

  // Caches of put(): figures come grouped by unit, year and indicator, so most calls skip the map lookups.
  private putUnit: string | null = null;
  private putYears: Map<number, YearTable> | undefined;
  private putTable: YearTable | null = null;
  private putDef: IndicatorDef | null = null;
  private putYear = 0;
  private putOffset = -1;
  private putGrowth = false;
  private putBase = false;

  /**
   * Indexes one figure the engine has already resolved (its catalog entry, period and value as a number),
   * so a check with formulas reads each figure once. `i` is its index in the checked figures or in history.
   */
  put(f: Figure, d: IndicatorDef, p: ParsedPeriod, v: number, input: boolean, i: number): void {
    if (f.orgUnit !== this.putUnit) {
      this.putUnit = f.orgUnit;
      let m = this.byUnit.get(f.orgUnit);
      if (!m) this.byUnit.set(f.orgUnit, (m = new Map()));
      this.putYears = m;
      this.putDef = null;
      this.putTable = null;
    }
    if (d !== this.putDef || p.year !== this.putYear) {
      if (p.year !== this.putYear) this.putTable = null;
      this.putDef = d;
      this.putYear = p.year;
      // Only the indicators some formula names are kept; asked once per series, not per figure.
      const w = this.wanted.get(d);
      if (w === undefined) {
        this.putOffset = -1;
        return;
      }
      const id = w.id;
      // Growth and 上年同期 are kept only for the indicators whose growth or 上年同期 a formula reads.
      this.putGrowth = w.growth && this.growth !== null;
      this.putBase = w.base && this.sameLastYear !== null;
      let t: YearTable | null | undefined = this.putTable;
      if (!t) {
        t = this.putYears!.get(p.year);
        if (!t) this.putYears!.set(p.year, (t = new Int32Array(this.defs)));
        this.putTable = t;
      }
      const known = t[id]!;
      if (known === 0) t[id] = (this.putOffset = this.allocate(this.putGrowth, this.putBase)) + 1;
      else this.putOffset = known - 1;
    }
    if (this.putOffset < 0) return;
    const m = this.putOffset + p.endMonth;
    this.vals[m] = v;
    if (this.putGrowth) this.growth![m] = num(f.growth);
    if (this.putBase) this.sameLastYear![m] = num(f.sameLastYear);
    this.refs[m] = input ? i + 1 : -(i + 1);
  }

  /** Which figure arrays refs point into (put() is given indexes only). */
  sources(input: readonly Figure[], history: readonly Figure[]): void {
    this.input = input;
    this.history = history;
  }

  /** A new series' 13 slots, blank in the value pool and in the growth and base pools when they are read. */
  private allocate(growth: boolean, base: boolean): number {
    if (this.used + SLOTS > this.vals.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const bigger = make(a.length * 2);
        bigger.set(a);
        return bigger;
      };
      this.vals = grow(this.vals, (n) => new Float64Array(n));
      if (this.growth) this.growth = grow(this.growth, (n) => new Float64Array(n));
      if (this.sameLastYear) this.sameLastYear = grow(this.sameLastYear, (n) => new Float64Array(n));
      this.refs = grow(this.refs, (n) => new Int32Array(n));
    }
    const o = this.used;
    this.used += SLOTS;
    // Plain loops: TypedArray.fill over a small range costs microseconds a call.
    for (let j = o; j < o + SLOTS; j++) this.vals[j] = NaN;
    if (growth) for (let j = o; j < o + SLOTS; j++) this.growth![j] = NaN;
    if (base) for (let j = o; j < o + SLOTS; j++) this.sameLastYear![j] = NaN;
    return o;
  }

  /** The pool of a field (null: no formula reads that field, so it was not kept). */
  pool(field: number): Float64Array | null {
    return field === FIELD_GROWTH ? this.growth : field === FIELD_BASE ? this.sameLastYear : this.vals;
  }

  /** The figure that filled a series' month, and whether it is one of the checked figures. */
  figureAt(o: number, month: number): { figure: Figure; input: boolean } | undefined {
    const ref = this.refs[o + month]!;
    if (ref === 0) return undefined;
    return ref > 0 ? { figure: this.input[ref - 1]!, input: true } : { figure: this.history[-ref - 1]!, input: false };
  }

  addTasks(list: readonly TaskProgress[], input: boolean): void {
    for (const tp of list) {
      const p = this.period(tp.period);
      if (!p || !Number.isInteger(tp.taskNo)) continue;
      let byTask = this.tasks.get(tp.orgUnit);
      if (!byTask) this.tasks.set(tp.orgUnit, (byTask = new Map()));
      let byPeriod = byTask.get(tp.taskNo);
      if (!byPeriod) byTask.set(tp.taskNo, (byPeriod = new Map()));
      const st = parseTaskStatus(tp.status);
      byPeriod.set(p.year * 100 + p.endMonth, { progress: num(tp.progress), status: st ? TASK_STATUS_CODES.indexOf(st) : NaN, note: typeof tp.note === 'string' ? tp.note : '', input });
    }
  }

  /** A task's cell for a unit at a period; without the unit's own report, the first other unit's report of that task and period. */
  task(unit: string, taskNo: number, key: number): TaskCell | undefined {
    const own = this.tasks.get(unit)?.get(taskNo)?.get(key);
    if (own) return own;
    for (const byTask of this.tasks.values()) {
      const c = byTask.get(taskNo)?.get(key);
      if (c) return c;
    }
    return undefined;
  }
}

function num(v: unknown): number {
  const n = toNumber(v as never);
  return n === null ? NaN : n;
}
