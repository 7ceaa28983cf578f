/**
 * The district report, decided once for `planbook report --plan` and `--server`, the pane's
 * 插入报表 and the custom functions: which figure counts (counted-figures.ts), the period (the
 * given one, else the latest period of the plan year with a counted figure), last year's base (the
 * counted figures of last year and the plan documents' published figures, report/plan-history.ts),
 * and the tolerances of approx and exact targets from the plan's rules. A caller who may not read
 * every unit (a filler) gets the rows whose figure may come from another unit as 无权查看, with a
 * notice naming them (read-scope.ts), never a number a reviewer would not see.
 */
import type { Bilingual } from '../model/i18n';
import type { Plan } from '../model/plan';
import { formatPeriod, parsePeriod, type ParsedPeriod } from '../model/period';
import { submissionTasks, type Submission } from '../model/submission';
import { indexCatalog, type Catalog } from '../rules/catalog';
import type { RuleKind, RuleSet } from '../rules/ruleset';
import {
  buildMainIndicatorsTable,
  buildSubmissionStatusTable,
  buildTaskProgressTables,
  hiddenRow,
  draftSentences,
  reportPeriod,
  taskStates,
  type MainIndicatorRow,
  type Table,
  type TaskProgressTables,
  type TaskState,
  type SubmissionStatusRow,
} from '../report';
import { COUNTED_STATES, countedFigures, type Counted, type CountingOptions } from './counted-figures';
import type { Sources } from './sources';
import { EVERY_UNIT, hiddenFigures, inScope, scopeNotice, type HiddenFigure, type ReadScope } from './read-scope';

export interface ReportOptions extends CountingOptions {
  /** The reporting period (2023-06 …); default: the latest period of the plan year with a counted figure. */
  period?: string;
}

export interface DistrictReport {
  plan: Plan;
  period: string;
  main: Table<MainIndicatorRow>;
  tasks: TaskProgressTables;
  status: Table<SubmissionStatusRow>;
  sentences: Bilingual[];
  /** Each task's standing at the period (the .xlsx report's task sheet). */
  taskStates: TaskState[];
  /** The figures that counted, for an indicator the plan sets no target for (the custom functions' ACTUAL). */
  counted: Counted;
  /** Whose submissions the report was built from: every unit's, or a filler's own. */
  scope: ReadScope;
  /** Why an indicator's district figure is not shown to this caller (null: it is shown as a reviewer sees it). */
  hiddenFigure(indicator: string): HiddenFigure | null;
  /** What the reader must know before trusting the tables (a filler's report is not the district's), in both languages; print them with the tables. */
  notices: Bilingual[];
}

/**
 * A rule parameter per indicator: a rule of `kind` naming the indicator wins over the catch-all,
 * as in the checks engine (a district tightens one indicator without touching the others).
 */
export function ruleParam(rules: RuleSet, catalog: Catalog, kind: RuleKind, param: 'tolerance'): (indicator: string) => number | undefined {
  const cat = indexCatalog(catalog);
  const general = rules.rules.find((r) => r.kind === kind && (r.indicators === undefined || r.indicators === '*'))?.params?.[param];
  return (indicator) => {
    const d = cat.resolve(indicator);
    const own = rules.rules.find((r) => r.kind === kind && Array.isArray(r.indicators) && r.indicators.some((n) => (d ? cat.resolve(n) === d : n === indicator)));
    return own ? own.params?.[param] : general;
  };
}

/** Whether a period is one the report reads: the year to date, and last year's same period and year end; with no period given, the plan year and the year before. */
function relevant(p: ParsedPeriod | null, planYear: number, h: string): boolean {
  const q = parsePeriod(h);
  if (!q) return false;
  if (!p) return q.year === planYear || q.year === planYear - 1;
  return (q.year === p.year && q.endMonth <= p.endMonth) || (q.year === p.year - 1 && (q.endMonth === p.endMonth || q.endMonth === 12));
}

/** The report tables from `submissions` already chosen; the pure core of districtReport. */
export function buildDistrictReport(plan: Plan, catalog: Catalog, rules: RuleSet, submissions: readonly Submission[], o: ReportOptions & { today?: string; scope?: ReadScope }): DistrictReport {
  const scope = o.scope ?? EVERY_UNIT;
  const hiddenFigure = hiddenFigures(plan, catalog, scope);
  const counted = countedFigures(plan, catalog, submissions, o);
  const p = reportPeriod(plan, counted.figures, o.period);
  const period = o.period ?? (p ? formatPeriod(p) : String(plan.year));
  const main = buildMainIndicatorsTable({
    plan,
    catalog,
    figures: counted.figures,
    period,
    toleranceOf: ruleParam(rules, catalog, 'target-approx', 'tolerance'),
    exactToleranceOf: ruleParam(rules, catalog, 'target-exact', 'tolerance'),
    stateOf: counted.stateOf,
  });
  const hidden: { indicator: string; units: readonly string[] | null }[] = [];
  main.rows = main.rows.map((r) => {
    const h = hiddenFigure(r.indicator);
    if (!h) return r;
    hidden.push({ indicator: r.indicator, units: h.units });
    return hiddenRow(r);
  });
  const progress = submissions.filter((s) => s.form === 'tasks' && (COUNTED_STATES.has(s.state) || o.drafts === true)).flatMap((s) => submissionTasks(s));
  const tasks = buildTaskProgressTables(plan, progress, { period, today: o.today });
  const states = taskStates(plan, progress, { period, today: o.today });
  const status = buildSubmissionStatusTable(
    plan,
    submissions.filter((s) => s.period === period).map((s) => ({ plan: s.plan, orgUnit: s.orgUnit, period: s.period, form: s.form, state: s.state, updatedAt: s.updatedAt })),
    period,
    (u) => inScope(scope, u),
  );
  const notice = scopeNotice(scope, hidden);
  return { plan, period, main, tasks, status, sentences: draftSentences(main.rows), taskStates: states, counted, scope, hiddenFigure, notices: notice ? [notice] : [] };
}

/** The district report for a period (default: the latest period of the plan year with a counted figure). */
export async function districtReport(src: Sources, o: ReportOptions = {}): Promise<DistrictReport> {
  const p = o.period !== undefined ? parsePeriod(o.period) : null;
  const [plan, catalog, rules, scope] = await Promise.all([src.plan(), src.catalog(), src.rules(), src.scope ? src.scope() : EVERY_UNIT]);
  // Drafts are fetched only for the status table's period; the tables count submitted and approved figures.
  const which = (h: { period: string; state: Submission['state'] }): boolean => (p === null || o.drafts === true || h.period === o.period || COUNTED_STATES.has(h.state)) && relevant(p, plan.year, h.period);
  const [ind, tasks] = await Promise.all([src.submissions({ form: 'indicators', which }), src.submissions({ form: 'tasks', which })]);
  return buildDistrictReport(plan, catalog, rules, [...ind, ...tasks], { ...o, today: src.today(), scope });
}

/** Every table of the report in print order (the CSV and JSON outputs). */
export function reportTables(r: DistrictReport): Table[] {
  return [r.main, r.tasks.bySection, r.tasks.byLeader, r.tasks.byUnit, r.tasks.overdue, r.status];
}
