/**
 * What formulas read: figures (value, growth, base) per unit × indicator × year in one Float64Array
 * of 3 × 13 slots (index month 1..12, NaN = blank), and task progress per unit × task × period.
 * Only the indicators some formula names are indexed, so a rule set with a few formulas costs the
 * engine one cheap pass over the figures (bench/rules.bench.ts measures it).
 */
import type { Figure, TaskProgress } from '../../model/submission';
import { parseTaskStatus, type TaskStatus } from '../../model/submission';
import { parsePeriod, type ParsedPeriod } from '../../model/period';
import type { CatalogIndex, IndicatorDef } from '../catalog';
import { toNumber } from '../values';

/** Slot offsets in a series: value at [m], growth at [13 + m], base at [26 + m]. */
export const FIELD_VALUE = 0;
export const FIELD_GROWTH = 13;
export const FIELD_BASE = 26;

export interface SeriesSlots {
  vals: Float64Array;
  /** The indicator name as the unit entered it, per month (an alias stays an alias, so a cell path matches the form). */
  names: (string | undefined)[];
  /** 说明 per month, for whether a warning is explained. */
  notes: (string | undefined)[];
  /** Bit m set: month m is in the checked figures (the form being checked), not only history. */
  input: number;
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

export class FormulaData {
  readonly byUnit = new Map<string, Map<IndicatorDef, Map<number, SeriesSlots>>>();
  /** unit → taskNo → year*100+month → cell. */
  readonly tasks = new Map<string, Map<number, Map<number, TaskCell>>>();
  private readonly periods = new Map<string, ParsedPeriod | null>();

  constructor(
    private readonly catalog: CatalogIndex,
    private readonly wanted: ReadonlySet<IndicatorDef> | null,
  ) {}

  period(p: unknown): ParsedPeriod | null {
    if (typeof p !== 'string') return null;
    let r = this.periods.get(p);
    if (r === undefined) this.periods.set(p, (r = parsePeriod(p)));
    return r;
  }

  /** Indexes figures; later calls win over earlier ones (history first, then the checked figures). */
  addFigures(figs: readonly Figure[], input: boolean): void {
    let lastName = '';
    let lastDef: IndicatorDef | null = null;
    for (const f of figs) {
      const name = typeof f.indicator === 'string' ? f.indicator : '';
      if (name !== lastName) {
        lastName = name;
        lastDef = this.catalog.resolve(name);
      }
      const d = lastDef;
      if (!d || (this.wanted && !this.wanted.has(d))) continue;
      const p = this.period(f.period);
      if (!p) continue;
      const s = this.series(f.unit, d, p.year, true)!;
      const m = p.endMonth;
      s.vals[FIELD_VALUE + m] = num(f.value);
      s.vals[FIELD_GROWTH + m] = num(f.growth);
      s.vals[FIELD_BASE + m] = num(f.base);
      s.names[m] = name;
      s.notes[m] = typeof f.note === 'string' ? f.note : '';
      if (input) s.input |= 1 << m;
    }
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

  series(unit: string, d: IndicatorDef, year: number, create: boolean): SeriesSlots | undefined {
    let byInd = this.byUnit.get(unit);
    if (!byInd) {
      if (!create) return undefined;
      this.byUnit.set(unit, (byInd = new Map()));
    }
    let byYear = byInd.get(d);
    if (!byYear) {
      if (!create) return undefined;
      byInd.set(d, (byYear = new Map()));
    }
    let s = byYear.get(year);
    if (!s && create) {
      s = { vals: new Float64Array(39).fill(NaN), names: [], notes: [], input: 0 };
      byYear.set(year, s);
    }
    return s;
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
