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
import type { DefIds } from './context';

/** The fields a formula reads: which pool. */
export const FIELD_VALUE = 0;
export const FIELD_GROWTH = 1;
export const FIELD_BASE = 2;
const SLOTS = 13;

/** A series' offset into the pools (its month m is at offset + m), per year. */
export type YearSlots = Map<number, number>;

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
  base: Float64Array | null;
  /** Which figure filled a slot: i + 1 for checked figure i, −(i + 1) for history figure i, 0 none (for cell paths and 说明). */
  refs: Int32Array;
  private used = 0;
  readonly byUnit = new Map<string, Map<IndicatorDef, YearSlots>>();
  private input: readonly Figure[] = [];
  private history: readonly Figure[] = [];
  /** unit → taskNo → year*100+month → cell. */
  readonly tasks = new Map<string, Map<number, Map<number, TaskCell>>>();
  private readonly periods = new Map<string, ParsedPeriod | null>();

  constructor(
    readonly catalogIndex: CatalogIndex,
    private readonly wanted: ReadonlySet<IndicatorDef> | null,
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
    this.base = fields.base ? take(s?.base, slots, (n) => new Float64Array(n)) : null;
  }

  /** Hands the pools to the next check (when not too large); this object must not be used afterwards. */
  release(): void {
    if (this.vals.length > RETAIN_SLOTS) return;
    spare = { vals: this.vals, refs: this.refs, growth: this.growth ?? spare?.growth ?? null, base: this.base ?? spare?.base ?? null };
  }

  period(p: unknown): ParsedPeriod | null {
    if (typeof p !== 'string') return null;
    let r = this.periods.get(p);
    if (r === undefined) this.periods.set(p, (r = parsePeriod(p)));
    return r;
  }

  // Caches of put(): figures come grouped by unit and indicator, so most calls skip the map lookups.
  private putUnit: string | null = null;
  private putUnitMap: Map<IndicatorDef, YearSlots> | undefined;
  private putDef: IndicatorDef | null = null;
  private putYear = 0;
  private putOffset = -1;

  /**
   * Indexes one figure the engine has already resolved (its catalog entry and period), so a check with
   * formulas reads each figure once. `i` is its index in the checked figures or in history.
   */
  put(f: Figure, d: IndicatorDef, p: ParsedPeriod, v: number, input: boolean, i: number): void {
    if (f.unit !== this.putUnit) {
      this.putUnit = f.unit;
      let m = this.byUnit.get(f.unit);
      if (!m) this.byUnit.set(f.unit, (m = new Map()));
      this.putUnitMap = m;
      this.putDef = null;
    }
    if (d !== this.putDef || p.year !== this.putYear) {
      this.putDef = d;
      this.putYear = p.year;
      // Only the indicators some formula names are kept; asked once per series, not per figure.
      if (this.wanted && !this.wanted.has(d)) {
        this.putOffset = -1;
        return;
      }
      let byYear = this.putUnitMap!.get(d);
      if (!byYear) this.putUnitMap!.set(d, (byYear = new Map()));
      const known = byYear.get(p.year);
      if (known === undefined) byYear.set(p.year, (this.putOffset = this.allocate()));
      else this.putOffset = known;
    }
    if (this.putOffset < 0) return;
    const m = this.putOffset + p.endMonth;
    this.vals[m] = v;
    if (this.growth) this.growth[m] = num(f.growth);
    if (this.base) this.base[m] = num(f.base);
    this.refs[m] = input ? i + 1 : -(i + 1);
  }

  /** Which figure arrays refs point into (put() is given indexes only). */
  sources(input: readonly Figure[], history: readonly Figure[]): void {
    this.input = input;
    this.history = history;
  }

  private allocate(): number {
    if (this.used + SLOTS > this.vals.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const bigger = make(a.length * 2);
        bigger.set(a);
        return bigger;
      };
      this.vals = grow(this.vals, (n) => new Float64Array(n));
      if (this.growth) this.growth = grow(this.growth, (n) => new Float64Array(n));
      if (this.base) this.base = grow(this.base, (n) => new Float64Array(n));
      this.refs = grow(this.refs, (n) => new Int32Array(n));
    }
    const o = this.used;
    this.used += SLOTS;
    // Plain loops: TypedArray.fill over a small range costs microseconds a call.
    for (let j = o; j < o + SLOTS; j++) this.vals[j] = NaN;
    if (this.growth) for (let j = o; j < o + SLOTS; j++) this.growth[j] = NaN;
    if (this.base) for (let j = o; j < o + SLOTS; j++) this.base[j] = NaN;
    return o;
  }

  /**
   * A unit's series as tables per year, indexed by the rule set's DefIds numbers: offset + 1 (0: none).
   * Built once per unit at evaluation, so compiled reads are array loads.
   */
  yearTables(unitMap: Map<IndicatorDef, YearSlots> | undefined, ids: DefIds): Map<number, Int32Array> {
    const tables = new Map<number, Int32Array>();
    if (!unitMap) return tables;
    for (const [def, id] of ids.entries()) {
      const years = unitMap.get(def);
      if (!years) continue;
      for (const [year, o] of years) {
        let t = tables.get(year);
        if (!t) tables.set(year, (t = new Int32Array(ids.size)));
        t[id] = o + 1;
      }
    }
    return tables;
  }

  /** The pool of a field (null: no formula reads that field, so it was not kept). */
  pool(field: number): Float64Array | null {
    return field === FIELD_GROWTH ? this.growth : field === FIELD_BASE ? this.base : this.vals;
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
      let byTask = this.tasks.get(tp.unit);
      if (!byTask) this.tasks.set(tp.unit, (byTask = new Map()));
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
