/**
 * The evaluation context of compiled formulas: one mutable object per run, re-pointed at each
 * unit × period, so evaluating a rule allocates nothing. Numbers are the only values: a comparison or
 * logical function gives 1 (holds) or 0, and NaN means blank (a figure not entered, a period that does
 * not exist yet, a division by zero) — a formula whose result is blank neither fires nor passes.
 */
import type { Plan, Target } from '../../model/plan';
import type { IndicatorDef } from '../catalog';
import type { FormulaData, YearSlots } from './data';

export class Ctx {
  unit = '';
  year = 0;
  /** End month of the checked period, 1..12. */
  month = 0;
  /** Months per period of the checked period's kind (1, 3, 6, 12): what 上期 steps back. */
  step = 1;
  /** The checked unit's series, looked up once per unit. */
  unitMap: Map<IndicatorDef, YearSlots> | undefined = undefined;
  /** Set by a division by zero; the run reports it instead of a verdict. */
  divZero = false;

  constructor(
    readonly data: FormulaData,
    readonly plan: Plan,
    /** Plan targets per catalog entry. */
    readonly targets: Map<IndicatorDef, Target[]>,
  ) {}

  private readonly sections = new Map<string, Set<string>>();

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
