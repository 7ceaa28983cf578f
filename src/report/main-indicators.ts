/**
 * 主要经济指标完成情况表: one row per annual target, judged by rules/target.ts (the one meaning of a
 * target) against the figure of the period. Numbers are rounded the way the documents print them:
 * growth, 百分点, completion and 时间进度 to one decimal.
 */
import type { Plan, Target, Period } from '../model/plan';
import { WORKFLOW_STATE_LABELS, type Figure, type WorkflowState } from '../model/submission';
import type { Bilingual } from '../model/i18n';
import { parsePeriod, type ParsedPeriod } from '../model/period';
import { indexCatalog, type Catalog, type CatalogIndex, type IndicatorDef } from '../rules/catalog';
import { judgeTarget, TARGET_STATUS_LABELS, type TargetStatus, type TargetCheck } from '../rules/target';
import { isReported, readFigure, reportedAs, type ReportedAs } from '../rules/reported';
import { round } from '../rules/format';
import { chooseTargets } from '../rules/target-choice';
import { col, type Table } from './table';
import { DOCUMENT_UNIT, historyFromPlan } from './plan-history';

export interface ReportInput {
  plan: Plan;
  catalog: Catalog;
  /** Figures of the year (and, for annual amounts, last year's full-year figures). */
  figures: Figure[];
  /** The reporting period (2023-06, 2023-H1 …); default: the latest period of the plan year found in the figures. */
  period?: Period;
  /** Default tolerance for approx targets (points), when a target has none; the rules file's target-approx tolerance. */
  tolerance?: number;
  /** The approx tolerance per indicator, when the rules give one (a rule naming the indicator wins over `tolerance`). */
  toleranceOf?: (indicator: string) => number | undefined;
  /** The exact-target tolerance per indicator, from the rules' target-exact. */
  exactToleranceOf?: (indicator: string) => number | undefined;
  /** The state of the figure a row shows (submitted, approved, published …), when the caller knows it. */
  stateOf?: (f: Figure) => string | null;
}

export interface MainIndicatorRow {
  [key: string]: string | number | null;
  indicator: string;
  measureUnit: string;
  target: string;
  period: string | null;
  /** The reporting unit whose figure is shown. */
  source: string | null;
  /** That figure's state: a workflow state, 'published' for the plan documents' own figure, or null (none shown, or unknown). */
  state: string | null;
  value: number | null;
  growth: number | null;
  targetGrowth: number | null;
  diffPoints: number | null;
  /** The annual target amount the completion is computed from. */
  amount: number | null;
  /** The bound the value or growth was compared with (a ceiling's 5, approx's target − tolerance), in the row's unit or %. */
  bound: number | null;
  completionPct: number | null;
  timeProgressPct: number | null;
  aheadPoints: number | null;
  status: RowStatus;
  check: TargetCheck;
  decimals: number;
}

/**
 * A row's verdict: the target's (rules/target.ts), or 'hidden' when the caller may not read the unit
 * whose figure counts (usecases/read-scope.ts): no number is shown rather than one a reviewer would not see.
 */
export type RowStatus = TargetStatus | 'hidden';

const NOT_READABLE: Bilingual = { zh: '无权查看', en: 'Not readable' };

export const ROW_STATUS_LABELS: Record<RowStatus, Bilingual> = { ...TARGET_STATUS_LABELS, hidden: NOT_READABLE };

/** A row's figure state: the workflow states' labels, declared once beside WorkflowState, the documents' own figures, and a figure the caller may not read. */
export const FIGURE_STATE_LABELS: Record<WorkflowState | 'published' | 'hidden', Bilingual> = { ...WORKFLOW_STATE_LABELS, published: { zh: '公开发布', en: 'Published' }, hidden: NOT_READABLE };

export const MAIN_INDICATOR_COLUMNS = [
  col('indicator', '指标', 'Indicator'),
  col('measureUnit', '计量单位', 'Measure unit'),
  col('target', '全年目标', 'Annual target'),
  col('period', '报告期', 'Period'),
  col('state', '数据状态', 'Figure state', 'enum', { labels: FIGURE_STATE_LABELS }),
  col('value', '本期累计', 'Value to date', 'number'),
  col('growth', '同比增长（%）', 'Growth (%)', 'percent', { decimals: 1 }),
  col('targetGrowth', '目标增速（%）', 'Target growth (%)', 'percent', { decimals: 1 }),
  col('diffPoints', '与目标差（百分点）', 'Against target (points)', 'points', { decimals: 1 }),
  col('completionPct', '完成全年（%）', 'Of annual amount (%)', 'percent', { decimals: 1 }),
  col('timeProgressPct', '时间进度（%）', 'Time progress (%)', 'percent', { decimals: 1 }),
  col('aheadPoints', '超/低于时间进度（百分点）', 'Ahead/behind time (points)', 'points', { decimals: 1 }),
  col('status', '完成情况', 'Status', 'enum', { labels: ROW_STATUS_LABELS }),
];

/** The period the report is for: the given one, else the latest end month of the plan year among the figures. */
export function reportPeriod(plan: Plan, figures: Figure[], period?: Period): ParsedPeriod | null {
  if (period !== undefined) return parsePeriod(period);
  let best: ParsedPeriod | null = null;
  for (const f of figures) {
    const p = parsePeriod(f.period);
    if (p && p.year === plan.year && (!best || p.endMonth > best.endMonth)) best = p;
  }
  return best;
}

interface Indexed {
  def: IndicatorDef | null;
  p: ParsedPeriod;
  f: Figure;
}

function indexFigures(cat: CatalogIndex, figures: Figure[]): Map<string, Indexed[]> {
  const by = new Map<string, Indexed[]>();
  for (const f of figures) {
    const p = parsePeriod(f.period);
    if (!p) continue;
    const def = cat.resolve(f.indicator);
    const key = def ? def.name : f.indicator;
    let list = by.get(key);
    if (!list) by.set(key, (list = []));
    list.push({ def, p, f });
  }
  return by;
}

/** The responsible unit's figure is the district's figure; another unit's (or the district's own, unit '') comes next; the documents' last. */
function rank(x: Indexed, target: Target): number {
  if (x.f.orgUnit === DOCUMENT_UNIT) return 0;
  return target.units.includes(x.f.orgUnit) ? 2 : 1;
}

function pick(list: Indexed[], year: number, endMonth: number, target: Target, as: ReportedAs, measureUnit: string): Indexed | null {
  let best: Indexed | null = null;
  for (const x of list) {
    if (x.p.year !== year || x.p.endMonth !== endMonth) continue;
    if (!isReported(readFigure(x.f, measureUnit), as)) continue;
    if (!best || rank(x, target) > rank(best, target)) best = x;
  }
  return best;
}

const r1 = (n: number | null): number | null => (n === null ? null : round(n, 1));

export function mainIndicatorRows(input: ReportInput): MainIndicatorRow[] {
  const cat = indexCatalog(input.catalog);
  const p = reportPeriod(input.plan, input.figures, input.period);
  // The units' figures first: pick() keeps the responsible unit's figure over the documents'.
  const by = indexFigures(cat, [...input.figures, ...historyFromPlan(input.plan, cat)]);
  const rows: MainIndicatorRow[] = [];
  // One row per indicator: aliases and repeated targets resolved once (rules/target-choice.ts).
  for (const t of chooseTargets(input.plan, cat).kept) {
    if (t.year !== input.plan.year) continue;
    const def = cat.resolve(t.indicator);
    const yearTargets = input.plan.targets.filter((x) => x.year === t.year && (def ? cat.resolve(x.indicator) === def : x.indicator === t.indicator));
    const list = by.get(def ? def.name : t.indicator) ?? [];
    const unit = def ? def.measureUnit : t.measureUnit;
    const decimals = def ? def.decimals : 2;
    const as = reportedAs(def, yearTargets);
    const here = p ? pick(list, p.year, p.endMonth, t, as, unit) : null;
    const lastYear = pick(list, input.plan.year - 1, 12, t, 'value', unit);
    const sameLast = p ? pick(list, p.year - 1, p.endMonth, t, 'value', unit) : null;
    const read = here ? readFigure(here.f, unit) : null;
    const value = read ? read.value : null;
    let growth = read ? read.growth : null;
    if (growth === null && value !== null) {
      const base = read?.sameLastYear ?? (sameLast ? readFigure(sameLast.f, unit).value : null);
      if (base !== null && base !== 0) growth = (value / base - 1) * 100;
    }
    const ly = lastYear ? readFigure(lastYear.f, unit).value : null;
    // A plan-year target is judged only at a period of the plan year: a figure of another year says nothing about it.
    const v =
      p && p.year === input.plan.year
        ? judgeTarget(
            t,
            { value, growth, measureUnit: unit },
            { period: p, cumulative: def?.kind === 'flow', lastYear: ly, tolerance: input.toleranceOf?.(t.indicator) ?? input.tolerance, exactTolerance: input.exactToleranceOf?.(t.indicator) },
          )
        : null;
    rows.push({
      indicator: t.indicator,
      measureUnit: unit,
      target: t.text,
      period: here ? here.f.period : null,
      source: here ? here.f.orgUnit : null,
      state: here ? (here.f.orgUnit === DOCUMENT_UNIT ? 'published' : (input.stateOf?.(here.f) ?? null)) : null,
      value,
      growth: r1(growth),
      targetGrowth: v ? v.targetGrowth : null,
      diffPoints: v ? r1(v.diffPoints) : null,
      amount: v && v.amount !== null ? round(v.amount, decimals) : null,
      bound: v ? v.bound : null,
      completionPct: v ? r1(v.completionPct) : null,
      timeProgressPct: v ? r1(v.timeProgressPct) : null,
      aheadPoints: v ? r1(v.aheadPoints) : null,
      status: v ? v.status : 'no-data',
      check: v ? v.check : 'none',
      decimals,
    });
  }
  return rows;
}

/** The row of an indicator whose counted figure the caller may not read: its target, and no number (state and status 无权查看). */
export function hiddenRow(r: MainIndicatorRow): MainIndicatorRow {
  const blank = { period: null, source: null, value: null, growth: null, targetGrowth: null, diffPoints: null, amount: null, bound: null, completionPct: null, timeProgressPct: null, aheadPoints: null };
  return { ...r, ...blank, state: 'hidden', status: 'hidden', check: 'none' };
}

export function buildMainIndicatorsTable(input: ReportInput): Table<MainIndicatorRow> {
  return {
    id: 'main-indicators',
    title: { zh: '主要经济指标完成情况表', en: 'Main indicators against the annual targets' },
    columns: MAIN_INDICATOR_COLUMNS,
    rows: mainIndicatorRows(input),
  };
}
