/**
 * The checks engine: figures and task progress in, findings out. Pure and allocation-light on the
 * clean path, because the server checks whole districts at once (bench/rules.bench.ts): per-indicator
 * rule lists are compiled once per (rules, catalog, plan) (check-compile.ts), periods are parsed once
 * per distinct string, values sit in one pooled Float64Array of unit × indicator × year series
 * (value-index.ts), and an object is made only for a finding (finding-build.ts). The checks of one
 * figure are in figure-checks.ts, of task reports in task-checks.ts.
 */
import type { Plan, Target } from '../model/plan';
import type { Figure, TaskProgress } from '../model/submission';
import { figurePath } from '../model/submission';
import type { Finding } from '../model/finding';
import { parsePeriod, type ParsedPeriod } from '../model/period';
import type { Catalog } from './catalog';
import { formulasFor, type RuleSet } from './ruleset';
import { message } from './messages';
import { toNumber } from './values';
import { FormulaRun } from './formula/run';
import { compileRules, type IndicatorRules } from './check-compile';
import { ValueIndex, SLOTS } from './value-index';
import { makeFinding, figureSubject } from './finding-build';
import { checkFigure, type FigureCheckState } from './figure-checks';
import { checkTasks } from './task-checks';

export interface CheckInput {
  plan: Plan;
  catalog: Catalog;
  rules: RuleSet;
  figures: Figure[];
  tasks?: TaskProgress[];
  /** Earlier periods and last year, for cumulative, outlier, unit and growth checks and annual target amounts. Not checked themselves. */
  history?: Figure[];
  /** Earlier task progress, for "progress going backwards". */
  taskHistory?: TaskProgress[];
  /** ISO date (YYYY-MM-DD) for overdue tasks; without it no task is overdue. */
  today?: string;
  /**
   * The form checked ('indicators', 'tasks'), for 审核公式 scoped to forms (适用报表): checkSubmission
   * passes the submission's form. Absent: figures are the indicators form and task reports the tasks form.
   */
  form?: string;
}

/** In place of the indicator number of a checked figure whose indicator is unknown, or whose period is not one. */
const UNKNOWN_INDICATOR = -1;
const BAD_PERIOD = -2;

/**
 * Runs the built-in kinds and the 审核公式 of `input.rules` over `input.figures` and `input.tasks`.
 * Never throws on bad input: an unknown indicator, a bad period, a broken formula are findings. The
 * findings come in a fixed order: the rules' own problems, duplicates, each figure's in input order, the
 * tasks', the formulas'.
 */
export function runChecks(input: CheckInput): Finding[] {
  const c = compileRules(input.plan, input.catalog, input.rules);
  const out: Finding[] = c.ruleFindings.slice();
  const figures = input.figures;
  const n = figures.length;
  // Monthly figures make series of 12, so the pool rarely grows.
  const index = new ValueIndex(Math.ceil((n + (input.history?.length ?? 0)) / 12) + 64, n);
  // 审核公式 (src/rules/formula/): fed each figure as it is indexed here, evaluated after the built-in kinds.
  const formulaRun = FormulaRun.prepare(formulasFor(input.rules, input.plan.id), c.catalog, input);
  // Each distinct period string parsed once, and numbered: the figures' periods are numbers in index.figures.
  const periodNo = new Map<unknown, number>();
  const periods: (ParsedPeriod | null)[] = [];
  const period = (raw: unknown): number => {
    let k = periodNo.get(raw);
    if (k === undefined) {
      periodNo.set(raw, (k = periods.length));
      periods.push(typeof raw === 'string' ? parsePeriod(raw) : null);
    }
    return k;
  };
  const perFigure = index.figures;

  let lastName = '';
  let lastRules: IndicatorRules | null = null;
  const put = (f: Figure, fromInput: boolean, i: number): void => {
    const name = typeof f.indicator === 'string' ? f.indicator : '';
    if (name !== lastName || lastRules === null) {
      lastName = name;
      const d = c.catalog.resolve(name);
      lastRules = d ? (c.perIndicator.get(d) ?? null) : null;
    }
    const rules = lastRules;
    const pk = period(f.period);
    const p = periods[pk]!;
    if (fromInput) {
      perFigure[2 * i] = rules ? (p ? rules.id : BAD_PERIOD) : UNKNOWN_INDICATOR;
      perFigure[2 * i + 1] = pk;
    }
    if (!rules || !p) return;
    const v = toNumber(f.value);
    const x = v === null ? NaN : v;
    if (formulaRun) formulaRun.put(f, rules.def, p, x, fromInput, i);
    const s = index.series(f.orgUnit, rules.id, p.year, true);
    const bit = 1 << p.endMonth;
    if (fromInput) {
      if (index.fromInput[s]! & bit) {
        out.push(
          makeFinding(
            'duplicate',
            'error',
            { kind: 'figure', orgUnit: f.orgUnit, indicator: f.indicator, period: f.period },
            figurePath(f.indicator, 'value'),
            message('duplicate', { indicator: f.indicator, period: f.period }),
            {},
            false,
          ),
        );
      }
      index.fromInput[s]! |= bit;
    }
    index.vals[s * SLOTS + p.endMonth] = x;
  };
  // History's index is used only by formulas (to name the figure a finding read); the built-in checks ignore it.
  if (input.history) for (let j = 0; j < input.history.length; j++) put(input.history[j]!, false, j);
  for (let i = 0; i < n; i++) put(figures[i]!, true, i);

  const state: FigureCheckState = { c, index, out, pendingSeen: new Map<Target, Set<string>>() };
  for (let i = 0; i < n; i++) {
    const f = figures[i]!;
    const id = perFigure[2 * i]!;
    if (id === UNKNOWN_INDICATOR) {
      out.push(makeFinding('unknown-indicator', 'error', figureSubject(f), figurePath(f.indicator, 'value'), message('unknown-indicator', { indicator: String(f.indicator) }), {}, false));
      continue;
    }
    if (id === BAD_PERIOD) {
      out.push(makeFinding('bad-period', 'error', figureSubject(f), figurePath(f.indicator, 'value'), message('bad-period', { indicator: f.indicator, period: String(f.period) }), {}, false));
      continue;
    }
    const rules = c.byId[id]!;
    const p = periods[perFigure[2 * i + 1]!]!;
    // The same unit × indicator × year as the figure before, mostly: the index's one-entry cache answers.
    checkFigure(f, rules, p, index.series(f.orgUnit, id, p.year, false), state);
  }
  index.release();

  if (input.tasks && input.tasks.length > 0) checkTasks(input, c, (raw) => periods[period(raw)]!, out);
  if (formulaRun) formulaRun.finish(out);
  return out;
}
