/**
 * The checks engine: figures and task progress in, findings out. Pure and allocation-light on the
 * clean path, because the server checks whole districts at once (bench/rules.bench.ts): per-indicator
 * rule lists are compiled once per (rules, catalog, plan), periods are parsed once per distinct string,
 * values sit in one Float64Array per unit × indicator × year, and an object is made only for a finding.
 */
import type { Plan, Target, Task } from '../model/plan';
import type { Figure, TaskProgress } from '../model/submission';
import { figurePath, taskPath, parseTaskStatus, TASK_STATUS_LABELS } from '../model/submission';
import type { Finding, FindingSubject, Severity } from '../model/finding';
import { parsePeriod, type ParsedPeriod } from '../model/period';
import { indexCatalog, type Catalog, type CatalogIndex, type IndicatorDef } from './catalog';
import { catalogForPlan } from './plan-catalog';
import { formulasFor, type RuleDef, type RuleKind, type RuleSet } from './ruleset';
import { message, type MessageId, type MsgParams } from './messages';
import { judgeTarget, type TargetCheck } from './target';
import { toNumber, exceedsDecimals } from './values';
import { FormulaRun } from './formula/run';
import { reportedAs } from './reported';
import { chooseTargets } from './target-choice';
import { compilePlanScales, expectedSize, type PlanScales } from './plan-scale';
import { fractionOfPercent } from './percent-fraction';

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

// ---------------------------------------------------------------- compiled rules

type KindRules = Partial<Record<RuleKind, RuleDef[]>>;

/**
 * The rules of one indicator in fixed fields (null when none apply), so the hot loop reads plain
 * properties of one object shape instead of looking kinds up in a dictionary.
 */
class IndicatorRules {
  readonly number: RuleDef[] | null;
  readonly precision: RuleDef[] | null;
  readonly required: RuleDef[] | null;
  readonly unitMixup: RuleDef[] | null;
  readonly cumulative: RuleDef[] | null;
  readonly growth: RuleDef[] | null;
  readonly partWhole: RuleDef[] | null;
  readonly share: RuleDef[] | null;
  readonly outlier: RuleDef[] | null;
  /** Target kinds stay in a dictionary: only the few indicators with targets reach them. */
  readonly byKind: KindRules;
  readonly approxTolerance: number | undefined;
  readonly exactTolerance: number | undefined;

  constructor(k: KindRules) {
    this.number = k.number ?? null;
    this.precision = k.precision ?? null;
    this.required = k.required ?? null;
    this.unitMixup = k['unit-mixup'] ?? null;
    this.cumulative = k.cumulative ?? null;
    this.growth = k['growth-consistency'] ?? null;
    this.partWhole = k['part-whole'] ?? null;
    this.share = k['share-range'] ?? null;
    this.outlier = k.outlier ?? null;
    this.byKind = k;
    this.approxTolerance = k['target-approx']?.[0]?.params?.tolerance;
    this.exactTolerance = k['target-exact']?.[0]?.params?.tolerance;
  }
}

interface Compiled {
  catalog: CatalogIndex;
  /** Rules per indicator (keyed by the catalog entry). */
  perIndicator: Map<IndicatorDef, IndicatorRules>;
  /** Task rules by kind (they have no indicators). */
  taskRules: KindRules;
  /** Targets per catalog entry; a target whose indicator the catalog lacks has no figures to judge here (the report still lists it). */
  targets: Map<IndicatorDef, Target[]>;
  /** Findings about the rules themselves (a rule naming an indicator the catalog lacks). */
  ruleFindings: Finding[];
  /** The plan's own sense of each indicator's size, for the unit mix-up check without history. */
  scales: PlanScales;
}

const TASK_KINDS: ReadonlySet<RuleKind> = new Set<RuleKind>(['task-overdue', 'task-regress', 'task-input']);

/**
 * Compiled per call, not cached by object identity: compiling costs tens of microseconds, and a cache
 * would go stale the day a caller edits a plan or rule set in place.
 */
function compile(plan: Plan, shipped: Catalog, rules: RuleSet): Compiled {
  // An indicator the plan's documents define is known, never an unknown-indicator error (plan-catalog.ts).
  const catalog = catalogForPlan(shipped, plan);
  const cat = indexCatalog(catalog);
  const ruleFindings: Finding[] = [];
  // A rule that names indicators replaces the catch-all rule of the same kind for them, so a district can tighten one indicator without doubling findings.
  const explicit = new Map<IndicatorDef, KindRules>();
  const general: KindRules = {};
  const taskRules: KindRules = {};
  for (const r of rules.rules) {
    if (TASK_KINDS.has(r.kind)) {
      (taskRules[r.kind] ??= []).push(r);
      continue;
    }
    if (r.indicators === undefined || r.indicators === '*') {
      (general[r.kind] ??= []).push(r);
      continue;
    }
    for (const name of r.indicators) {
      const d = cat.resolve(name);
      if (!d) {
        ruleFindings.push(makeFinding(r.id, 'info', { kind: 'submission', orgUnit: '', period: '' }, null, message('rule-unknown-indicator', { rule: r.id, indicator: name }), {}, false));
        continue;
      }
      let k = explicit.get(d);
      if (!k) explicit.set(d, (k = {}));
      (k[r.kind] ??= []).push(r);
    }
  }
  const perIndicator = new Map<IndicatorDef, IndicatorRules>();
  for (const d of catalog.indicators) {
    const own = explicit.get(d);
    const merged: KindRules = { ...general };
    if (own) for (const [k, v] of Object.entries(own) as [RuleKind, RuleDef[]][]) merged[k] = v;
    perIndicator.set(d, new IndicatorRules(merged));
  }
  const targets = new Map<IndicatorDef, Target[]>();
  // One target per indicator and measure, so a target under two names gives one finding (target-choice.ts).
  for (const t of chooseTargets(plan, cat).kept) {
    const d = cat.resolve(t.indicator);
    if (!d) continue;
    let list = targets.get(d);
    if (!list) targets.set(d, (list = []));
    list.push(t);
  }
  return { catalog: cat, perIndicator, taskRules, targets, ruleFindings, scales: compilePlanScales(plan, cat) };
}

// ---------------------------------------------------------------- the values index

/** One unit × indicator × year: the value at each end month (index 1..12), NaN where none is usable. */
interface Series {
  vals: Float64Array;
  /** Bit m set: month m came from `figures` (to spot duplicates), not from history. */
  fromInput: number;
  /** The same unit × indicator a year earlier, and the unit's series of the parent indicator; undefined until first looked up. */
  lastYear?: Series | null;
  parent?: Series | null;
}

class ValueIndex {
  private readonly byUnit = new Map<string, Map<IndicatorDef, Map<number, Series>>>();
  // One-entry cache: a unit's figures usually come together, so most lookups repeat the last one.
  private lastUnit = '';
  private lastDef: IndicatorDef | null = null;
  private lastYear = 0;
  private lastSeries: Series | undefined;

  series(unit: string, d: IndicatorDef, year: number, create: boolean): Series | undefined {
    if (unit === this.lastUnit && d === this.lastDef && year === this.lastYear && this.lastSeries) return this.lastSeries;
    const s = this.lookup(unit, d, year, create);
    if (s) {
      this.lastUnit = unit;
      this.lastDef = d;
      this.lastYear = year;
      this.lastSeries = s;
    }
    return s;
  }

  private lookup(unit: string, d: IndicatorDef, year: number, create: boolean): Series | undefined {
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
      s = { vals: new Float64Array(13).fill(NaN), fromInput: 0 };
      byYear.set(year, s);
    }
    return s;
  }
}

/** The nearest earlier end month in the same year with a value, or -1. */
function prevMonth(s: Series, endMonth: number): number {
  for (let m = endMonth - 1; m >= 1; m--) if (!Number.isNaN(s.vals[m]!)) return m;
  return -1;
}

// ---------------------------------------------------------------- findings

function makeFinding(rule: string, severity: Severity, subject: FindingSubject, field: string | null, msg: { zh: string; en: string }, numbers: Record<string, number | null>, noted: boolean): Finding {
  return { rule, severity, subject, field, message: msg, numbers, explained: severity === 'warning' && noted };
}

const TARGET_KIND: Record<TargetCheck, RuleKind | null> = {
  approx: 'target-approx',
  floor: 'target-floor',
  ceiling: 'target-ceiling',
  exact: 'target-exact',
  level: 'target-level',
  qualitative: 'target-qualitative',
  external: 'target-external',
  none: null,
};

const FIELD_ZH = { value: '数值', growth: '同比增长', sameLastYear: '上年同期' } as const;

function rawText(v: unknown): string {
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' ? v : '';
}

function periodCache(): (p: string) => ParsedPeriod | null {
  const cache = new Map<string, ParsedPeriod | null>();
  return (p) => {
    let r = cache.get(p);
    if (r === undefined) {
      r = typeof p === 'string' ? parsePeriod(p) : null;
      cache.set(p, r);
    }
    return r;
  };
}

// ---------------------------------------------------------------- figures

export function runChecks(input: CheckInput): Finding[] {
  const c = compile(input.plan, input.catalog, input.rules);
  const out: Finding[] = c.ruleFindings.slice();
  const period = periodCache();
  const index = new ValueIndex();
  const figures = input.figures;
  const n = figures.length;
  // 审核公式 (src/rules/formula/): fed each figure as it is indexed here, evaluated after the built-in kinds.
  const formulaRun = FormulaRun.prepare(formulasFor(input.rules, input.plan.id), c.catalog, input);
  const seriesOf: (Series | undefined)[] = new Array<Series | undefined>(n);
  const defOf: (IndicatorDef | null)[] = new Array<IndicatorDef | null>(n);
  const periodOf: (ParsedPeriod | null)[] = new Array<ParsedPeriod | null>(n);

  let lastName = '';
  let lastDef: IndicatorDef | null = null;
  const put = (f: Figure, fromInput: boolean, i: number): void => {
    const name = typeof f.indicator === 'string' ? f.indicator : '';
    if (name !== lastName) {
      lastName = name;
      lastDef = c.catalog.resolve(name);
    }
    const d = lastDef;
    const p = period(f.period);
    if (fromInput) {
      defOf[i] = d;
      periodOf[i] = p;
    }
    if (!d || !p) return;
    const v = toNumber(f.value);
    const x = v === null ? NaN : v;
    if (formulaRun) formulaRun.put(f, d, p, x, fromInput, i);
    const s = index.series(f.orgUnit, d, p.year, true)!;
    const bit = 1 << p.endMonth;
    if (fromInput) {
      seriesOf[i] = s;
      if (s.fromInput & bit) {
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
      s.fromInput |= bit;
    }
    s.vals[p.endMonth] = x;
  };
  // History's index is used only by formulas (to name the figure a finding read); the built-in checks ignore it.
  if (input.history) for (let j = 0; j < input.history.length; j++) put(input.history[j]!, false, j);
  for (let i = 0; i < n; i++) put(figures[i]!, true, i);

  // "No verdict yet" for a target set by the city is said once per unit and target, not for every month.
  const pendingSeen = new Map<Target, Set<string>>();
  for (let i = 0; i < n; i++) {
    const f = figures[i]!;
    const d = defOf[i] ?? null;
    if (!d) {
      out.push(makeFinding('unknown-indicator', 'error', figureSubject(f), figurePath(f.indicator, 'value'), message('unknown-indicator', { indicator: String(f.indicator) }), {}, false));
      continue;
    }
    const p = periodOf[i] ?? null;
    if (!p) {
      out.push(makeFinding('bad-period', 'error', figureSubject(f), figurePath(f.indicator, 'value'), message('bad-period', { indicator: f.indicator, period: String(f.period) }), {}, false));
      continue;
    }
    checkFigure(f, d, p, seriesOf[i]!, c, index, out, pendingSeen);
  }

  if (input.tasks && input.tasks.length > 0) checkTasks(input, c, period, out);
  if (formulaRun) formulaRun.finish(out);
  return out;
}

function figureSubject(f: Figure): FindingSubject {
  return { kind: 'figure', orgUnit: f.orgUnit, indicator: f.indicator, period: f.period };
}

function emitFigure(out: Finding[], r: RuleDef, f: Figure, d: IndicatorDef, id: MessageId, params: MsgParams, field: keyof typeof FIELD_ZH, numbers: Record<string, number | null>): void {
  const noted = typeof f.note === 'string' && f.note.trim() !== '';
  out.push(makeFinding(r.id, r.severity, figureSubject(f), figurePath(f.indicator, field), message(id, { indicator: f.indicator, period: f.period, measureUnit: d.measureUnit, ...params }), numbers, noted));
}

/**
 * The checks of one figure. Hot path: no closures, no arrays, nothing allocated unless a finding is made.
 */
function checkFigure(f: Figure, d: IndicatorDef, p: ParsedPeriod, s: Series, c: Compiled, index: ValueIndex, out: Finding[], pendingSeen: Map<Target, Set<string>>): void {
  const rules = c.perIndicator.get(d)!;
  const v = toNumber(f.value);
  const g = toNumber(f.growth);
  const b = toNumber(f.sameLastYear);
  const numberRules = rules.number;
  if (numberRules) {
    for (const r of numberRules) {
      if (v !== null && Number.isNaN(v)) emitFigure(out, r, f, d, 'number', { field: FIELD_ZH.value, raw: rawText(f.value) }, 'value', {});
      if (g !== null && Number.isNaN(g)) emitFigure(out, r, f, d, 'number', { field: FIELD_ZH.growth, raw: rawText(f.growth) }, 'growth', {});
      if (b !== null && Number.isNaN(b)) emitFigure(out, r, f, d, 'number', { field: FIELD_ZH.sameLastYear, raw: rawText(f.sameLastYear) }, 'sameLastYear', {});
    }
  }
  if (v === null) {
    // A growth rate alone is a reported figure for a growth-reported or rate indicator (rules/reported.ts): judged on its growth, not refused as empty.
    const targets = c.targets.get(d);
    const growthOnly = g !== null && !Number.isNaN(g) && reportedAs(d, yearTargets(targets, p.year)) === 'value-or-growth';
    if (!growthOnly) {
      if (rules.required) for (const r of rules.required) emitFigure(out, r, f, d, 'required', {}, 'value', {});
      return;
    }
    if (rules.unitMixup) for (const r of rules.unitMixup) checkPercentGrowth(out, r, f, d, g!, yearTargets(targets, p.year));
    if (targets) checkTargets(f, d, p, targets, rules, null, g, s.lastYear === undefined ? (s.lastYear = index.series(f.orgUnit, d, p.year - 1, false) ?? null) : s.lastYear, out, pendingSeen);
    return;
  }
  if (Number.isNaN(v)) return;
  const growth = g !== null && !Number.isNaN(g) ? g : null;
  const em = p.endMonth;

  const precision = rules.precision;
  if (precision) {
    for (const r of precision) {
      const allowed = d.decimals + (r.params?.extraDecimals ?? 0);
      if (exceedsDecimals(v, allowed)) emitFigure(out, r, f, d, 'precision', { value: v, decimals: allowed }, 'value', { value: v, decimals: allowed });
    }
  }
  const share = rules.share;
  if (share && (d.kind === 'share' || d.kind === 'rate') && d.measureUnit === '%') {
    for (const r of share) {
      const min = r.params?.min ?? 0;
      const max = r.params?.max ?? 100;
      if (v < min || v > max) emitFigure(out, r, f, d, 'share-range', { value: v, min, max }, 'value', { value: v, min, max });
    }
  }

  const pm = prevMonth(s, em);
  const prev = pm > 0 ? s.vals[pm]! : NaN;
  if (s.lastYear === undefined) s.lastYear = index.series(f.orgUnit, d, p.year - 1, false) ?? null;
  const last = s.lastYear;
  const sly = last ? last.vals[em]! : NaN;
  const base = b !== null && !Number.isNaN(b) ? b : Number.isNaN(sly) ? null : sly;

  let mixup = false;
  const mix = rules.unitMixup;
  if (mix) {
    for (const r of mix) {
      const limit = r.params?.ratio ?? 3000;
      // Against the previous period first, then the same period last year; one finding is enough.
      for (let k = 0; k < 2 && !mixup; k++) {
        const ref = k === 0 ? prev : sly;
        if (Number.isNaN(ref) || ref === 0 || v === 0 || ref > 0 !== v > 0) continue;
        const ratio = v / ref;
        if (ratio >= limit || ratio <= 1 / limit) {
          mixup = true;
          emitFigure(out, r, f, d, ratio >= 1 ? 'unit-mixup' : 'unit-mixup-small', { value: v, other: ref, ratio, field: k === 0 ? '上期' : '上年同期' }, 'value', { value: v, reference: ref, ratio });
        }
      }
      if (!mixup && d.measureUnit === '%') mixup = checkPercentValue(out, r, f, d, v, p.year, em, prev, sly, c);
      // No earlier figure to compare with (a first month, an offline check): what the plan knows.
      if (!mixup && Number.isNaN(prev) && Number.isNaN(sly) && v > 0) {
        const e = expectedSize(c.scales, d, p.year, em);
        const ratio = e ? v / e.size : 1;
        if (e && (ratio >= limit || ratio <= 1 / limit)) {
          mixup = true;
          const params = { value: v, other: e.size, ratio, field: e.ref.basis.zh, target: e.ref.basis.en };
          emitFigure(out, r, f, d, ratio >= 1 ? 'unit-mixup-plan' : 'unit-mixup-plan-small', params, 'value', { value: v, reference: e.size, ratio });
        }
        // Nor does the plan know it: the catalog's typical size of a district's figure, a flow's
        // yearly range scaled to the elapsed months (inline: nothing allocated unless a finding is made).
        const mag = e ? undefined : d.magnitude;
        if (mag) {
          const k = d.kind === 'flow' ? em / 12 : 1;
          const min = mag[0] * k;
          const max = mag[1] * k;
          if (v > max || v < min) {
            mixup = true;
            const reference = v > max ? max : min;
            // A judgement of typical size, not the plan's word: at most a warning, which a 说明 explains.
            const judged = r.severity === 'error' ? { ...r, severity: 'warning' as const } : r;
            emitFigure(out, judged, f, d, v > max ? 'unit-mixup-catalog' : 'unit-mixup-catalog-small', { value: v, min, max }, 'value', { value: v, reference, ratio: v / reference });
          }
        }
      }
    }
  }
  const cum = rules.cumulative;
  if (cum && d.kind === 'flow' && !Number.isNaN(prev) && !mixup) {
    for (const r of cum) {
      if (v < prev - 1e-9 * Math.max(1, Math.abs(prev))) emitFigure(out, r, f, d, 'cumulative', { value: v, other: prev }, 'value', { value: v, previous: prev });
    }
  }
  const gc = rules.growth;
  if (gc && growth !== null && base !== null && base !== 0 && !mixup) {
    const computed = (v / base - 1) * 100;
    const diff = Math.abs(computed - growth);
    for (const r of gc) {
      if (diff > (r.params?.tolerance ?? 0.15) + 1e-9) emitFigure(out, r, f, d, 'growth-consistency', { value: v, other: base, growth, computed, diff }, 'growth', { value: v, base, growth, computed, diff });
    }
  }
  const pw = rules.partWhole;
  if (pw && d.parent !== null) {
    const pd = c.catalog.resolve(d.parent);
    if (s.parent === undefined) s.parent = (pd ? index.series(f.orgUnit, pd, p.year, false) : undefined) ?? null;
    const ps = s.parent;
    const pv = ps ? ps.vals[em]! : NaN;
    if (!Number.isNaN(pv)) {
      for (const r of pw) {
        if (v > pv + 1e-9 * Math.max(1, Math.abs(pv))) emitFigure(out, r, f, d, 'part-whole', { value: v, other: pv, parent: pd!.name }, 'value', { value: v, whole: pv });
      }
    }
  }
  const outl = rules.outlier;
  if (outl && !mixup && !Number.isNaN(prev)) {
    // For a 1-N月累计 flow compare the amounts of the periods themselves (本期 = 累计 − 上期累计), per month
    // so that a quarter followed by months still compares like with like; cumulative values always grow.
    let cur = v;
    let before = prev;
    if (d.kind === 'flow') {
      const ppm = prevMonth(s, pm);
      cur = (v - prev) / (em - pm);
      before = ppm > 0 ? (prev - s.vals[ppm]!) / (pm - ppm) : prev / pm;
    }
    if (before > 0 && cur >= 0) {
      const changePct = (cur / before - 1) * 100;
      for (const r of outl) {
        const th = r.params?.thresholdPct ?? d.outlierPct;
        if (th !== null && Math.abs(changePct) > th)
          emitFigure(out, r, f, d, 'outlier', { value: cur, other: before, ratio: changePct, threshold: th, field: d.kind === 'flow' ? '月均发生额' : '数值' }, 'value', {
            value: cur,
            previous: before,
            changePct,
            thresholdPct: th,
          });
      }
    }
  }

  const targets = c.targets.get(d);
  if (mix && growth !== null) for (const r of mix) checkPercentGrowth(out, r, f, d, growth, yearTargets(targets, p.year));
  if (targets) checkTargets(f, d, p, targets, rules, v, growth ?? (base !== null && base !== 0 ? (v / base - 1) * 100 : null), last, out, pendingSeen);
}

/**
 * A % row's value that looks like a percent typed as a fraction (0.04 for 4%; rules/percent-fraction.ts),
 * against the previous period, last year's same period, the plan's size (a published % figure, a level
 * target) or the middle of the catalog's range. True when a finding was made.
 */
function checkPercentValue(out: Finding[], r: RuleDef, f: Figure, d: IndicatorDef, v: number, year: number, em: number, prev: number, sly: number, c: Compiled): boolean {
  const mag = d.magnitude;
  const ref = fractionOfPercent(v, [prev, sly, expectedSize(c.scales, d, year, em)?.size, mag ? Math.sqrt(mag[0] * mag[1]) : null]);
  if (ref === null) return false;
  emitFigure(out, r, f, d, 'percent-fraction', { value: v, other: ref, shown: v * 100 }, 'value', { value: v, reference: ref });
  return true;
}

/** A growth rate that looks like a percent typed as a fraction (0.041 for 4.1%), against the year's growth targets. */
function checkPercentGrowth(out: Finding[], r: RuleDef, f: Figure, d: IndicatorDef, g: number, targets: Target[]): void {
  const refs = targets.filter((t) => t.measure === 'growth').map((t) => (typeof t.value === 'number' ? Math.abs(t.value) : null));
  const ref = fractionOfPercent(g, refs);
  if (ref !== null) emitFigure(out, r, f, d, 'percent-fraction-growth', { value: g, other: ref, shown: g * 100 }, 'growth', { growth: g, reference: ref });
}

function yearTargets(targets: Target[] | undefined, year: number): Target[] {
  return targets ? targets.filter((t) => t.year === year) : [];
}

/** The target checks of one figure: `v` null for a growth-only figure, `effGrowth` the entered or derived growth. */
function checkTargets(
  f: Figure,
  d: IndicatorDef,
  p: ParsedPeriod,
  targets: Target[],
  rules: IndicatorRules,
  v: number | null,
  effGrowth: number | null,
  last: Series | null,
  out: Finding[],
  pendingSeen: Map<Target, Set<string>>,
): void {
  {
    const lastYear = last ? last.vals[12]! : NaN;
    for (const t of targets) {
      if (t.year !== p.year) continue;
      const verdict = judgeTarget(
        t,
        { value: v, growth: effGrowth, measureUnit: d.measureUnit },
        { period: p, cumulative: d.kind === 'flow', lastYear: Number.isNaN(lastYear) ? null : lastYear, tolerance: rules.approxTolerance, exactTolerance: rules.exactTolerance },
      );
      const pending = verdict.unitMismatch || (verdict.check === 'external' && verdict.status === 'pending');
      if (!pending && verdict.status !== 'not-met' && verdict.status !== 'behind') continue;
      if (pending) {
        let units = pendingSeen.get(t);
        if (!units) pendingSeen.set(t, (units = new Set()));
        if (units.has(f.orgUnit)) continue;
        units.add(f.orgUnit);
      }
      const kind = verdict.unitMismatch ? 'target-external' : TARGET_KIND[verdict.check];
      const krules = kind ? rules.byKind[kind] : undefined;
      if (!krules) continue;
      const nums = {
        value: v,
        growth: effGrowth,
        target: t.value,
        bound: verdict.bound,
        diffPoints: verdict.diffPoints,
        completionPct: verdict.completionPct,
        timeProgressPct: verdict.timeProgressPct,
        aheadPoints: verdict.aheadPoints,
      };
      const params: MsgParams = {
        value: v ?? undefined,
        growth: effGrowth ?? undefined,
        target: t.text,
        bound: verdict.bound ?? undefined,
        diff: verdict.diffPoints ?? verdict.aheadPoints ?? undefined,
        completion: verdict.completionPct ?? undefined,
        timeProgress: verdict.timeProgressPct,
      };
      const id: MessageId = verdict.unitMismatch ? 'target-unit' : pending ? 'target-external' : verdict.check === 'floor' && t.measure === 'growth' ? 'target-floor-growth' : (kind as MessageId);
      for (const r of krules) emitFigure(out, r, f, d, id, params, t.measure === 'growth' || t.measure === 'qualitative' ? 'growth' : 'value', nums);
    }
  }
}

// ---------------------------------------------------------------- tasks

function checkTasks(input: CheckInput, c: Compiled, period: (p: string) => ParsedPeriod | null, out: Finding[]): void {
  const byNo = new Map<number, Task>();
  for (const t of input.plan.tasks) byNo.set(t.no, t);
  const inputRules = c.taskRules['task-input'] ?? [];
  const overdueRules = c.taskRules['task-overdue'] ?? [];
  const regressRules = c.taskRules['task-regress'] ?? [];
  // Earlier progress per unit and task, as [period order key, progress].
  const earlier = new Map<string, [number, number][]>();
  const remember = (tp: TaskProgress): void => {
    const p = period(tp.period);
    const v = toNumber(tp.progress);
    if (!p || v === null || Number.isNaN(v)) return;
    const key = `${tp.orgUnit}\u0001${tp.taskNo}`;
    let list = earlier.get(key);
    if (!list) earlier.set(key, (list = []));
    list.push([p.year * 100 + p.endMonth, v]);
  };
  for (const tp of input.taskHistory ?? []) remember(tp);
  for (const tp of input.tasks ?? []) remember(tp);

  for (const tp of input.tasks ?? []) {
    const noted = typeof tp.note === 'string' && tp.note.trim() !== '';
    const subject: FindingSubject = { kind: 'task', orgUnit: tp.orgUnit, taskNo: tp.taskNo, period: tp.period };
    const emit = (r: RuleDef, id: MessageId, params: MsgParams, field: 'status' | 'progress', numbers: Record<string, number | null>): void => {
      out.push(makeFinding(r.id, r.severity, subject, taskPath(tp.taskNo, field), message(id, { taskNo: tp.taskNo, period: tp.period, ...params }), numbers, noted));
    };
    const task = Number.isInteger(tp.taskNo) ? byNo.get(tp.taskNo) : undefined;
    if (!task) {
      for (const r of inputRules) emit(r, 'task-unknown', { raw: String(tp.taskNo) }, 'status', {});
      continue;
    }
    const p = period(tp.period);
    if (!p) {
      out.push(makeFinding('bad-period', 'error', subject, taskPath(tp.taskNo, 'status'), message('bad-period', { indicator: `第${tp.taskNo}项任务 / task ${tp.taskNo}`, period: String(tp.period) }), {}, false));
      continue;
    }
    const status = parseTaskStatus(tp.status);
    const rawStatus = tp.status === null || tp.status === undefined ? '' : String(tp.status).trim();
    if (!status) for (const r of inputRules) emit(r, rawStatus === '' ? 'task-status-empty' : 'task-status', { raw: rawStatus }, 'status', {});
    const v = toNumber(tp.progress);
    if (v !== null && (Number.isNaN(v) || v < 0 || v > 100)) for (const r of inputRules) emit(r, 'task-progress', { raw: rawText(tp.progress) }, 'progress', {});

    if (input.today && task.deadline && task.deadline < input.today && status !== 'done') {
      const label = status ? `${TASK_STATUS_LABELS[status].zh}` : rawStatus || '未填写';
      for (const r of overdueRules) emit(r, 'task-overdue', { deadline: task.deadline, status: label }, 'status', { taskNo: tp.taskNo });
    }
    if (v !== null && !Number.isNaN(v) && regressRules.length > 0) {
      const here = p.year * 100 + p.endMonth;
      let best = -1;
      let prevV = NaN;
      for (const [k, pv] of earlier.get(`${tp.orgUnit}\u0001${tp.taskNo}`) ?? []) {
        if (k < here && k > best) {
          best = k;
          prevV = pv;
        }
      }
      if (!Number.isNaN(prevV) && v < prevV) for (const r of regressRules) emit(r, 'task-regress', { value: v, other: prevV }, 'progress', { progress: v, previous: prevV });
    }
  }
}
