/**
 * The evaluation context of compiled formulas: one mutable object per run, re-pointed at each
 * unit × period, so evaluating a rule allocates nothing. Numbers are the only values: a comparison or
 * logical function gives 1 (holds) or 0, and NaN means blank (a figure not entered, a period that does
 * not exist yet, a division by zero) — a formula whose result is blank neither fires nor passes.
 */
import type { Plan, Target } from '../../model/plan';
import type { IndicatorDef } from '../catalog';
import { parsePeriod } from '../../model/period';
import { historyFromPlan } from '../../report/plan-history';
import type { FormulaData, YearTable } from './data';

/**
 * Dense numbers for the indicators a rule set reads, given at compile time, so a compiled read finds the
 * checked unit's series by an array index rather than by two map lookups per figure read.
 */
export class DefIds {
  private readonly ids = new Map<IndicatorDef, number>();

  /** The indicator's number in this rule set (0, 1, 2 …), given on first sight. */
  id(def: IndicatorDef): number {
    let i = this.ids.get(def);
    if (i === undefined) this.ids.set(def, (i = this.ids.size));
    return i;
  }

  get size(): number {
    return this.ids.size;
  }

  /** The number of an indicator already numbered, else undefined. */
  get(def: IndicatorDef): number | undefined {
    return this.ids.get(def);
  }
}

export class Ctx {
  unit = '';
  year = 0;
  /** End month of the checked period, 1..12. */
  month = 0;
  /** Months per period of the checked period's kind (1, 3, 6, 12): what 上期 steps back. */
  step = 1;
  /** Set by a division by zero; the run reports it instead of a verdict. */
  divZero = false;
  /**
   * The checked unit's series by DefIds number: offset + 1 into the pools (0: no figures) in the checked
   * year (cur) and the year before (prev), set per unit × period; other years through slotAt.
   */
  cur: Int32Array;
  prev: Int32Array;
  unitYears: Map<number, YearTable> | undefined = undefined;
  /** The value pool (data.vals once figures are all in). */
  vals: Float64Array;
  readonly none: Int32Array;

  constructor(
    readonly data: FormulaData,
    readonly plan: Plan,
    /** Plan targets per catalog entry. */
    readonly targets: Map<IndicatorDef, Target[]>,
    defs: number,
  ) {
    this.none = new Int32Array(defs);
    this.cur = this.none;
    this.prev = this.none;
    this.vals = data.vals;
  }

  /** Offset + 1 of the checked unit's series of indicator `id` in `year` (0: none). */
  slot(id: number, year: number): number {
    return year === this.year ? this.cur[id]! : year === this.year - 1 ? this.prev[id]! : (this.unitYears?.get(year)?.[id] ?? 0);
  }

  private readonly sections = new Map<string, Set<string>>();
  private published: Map<IndicatorDef, Map<number, number>> | null = null;

  /**
   * The year-end figure the plan's own documents give or imply for an indicator (report/plan-history.ts,
   * the base the district report derives a growth target's annual amount from), NaN when none. Built
   * once per run, on the first 全年目标数 or 完成率 that needs it.
   */
  publishedYearEnd(def: IndicatorDef, year: number): number {
    if (!this.published) {
      this.published = new Map();
      for (const f of historyFromPlan(this.plan, this.data.catalogIndex)) {
        const p = parsePeriod(f.period);
        const d = this.data.catalogIndex.resolve(f.indicator);
        if (!p || !d || p.endMonth !== 12 || typeof f.value !== 'number') continue;
        let years = this.published.get(d);
        if (!years) this.published.set(d, (years = new Map()));
        // historyFromPlan lists the best figure of a period first (bulletin, then final, then estimate).
        if (!years.has(p.year)) years.set(p.year, f.value);
      }
    }
    return this.published.get(def)?.get(year) ?? NaN;
  }

  /** The units responsible for the plan's tasks of a section (汇总([X], "聚焦民生")), cached per run. */
  sectionUnits(section: string): Set<string> {
    let units = this.sections.get(section);
    if (!units) {
      units = new Set(this.plan.tasks.filter((t) => t.section === section).flatMap((t) => t.units));
      this.sections.set(section, units);
    }
    return units;
  }
}

/** A compiled expression: the context in, a number (NaN = blank) out. */
export type Fn = (c: Ctx) => number;

/** A period reference compiled to a function giving year × 100 + end month, or −1 when that period does not exist. */
export type PeriodFn = (c: Ctx) => number;
