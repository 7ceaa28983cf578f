/**
 * A rule set compiled against a catalog and a plan, once per check call: the rules of each indicator in
 * fixed fields, its resolved parent and targets, so the per-figure checks (figure-checks.ts) read plain
 * properties instead of looking kinds, names or targets up for every figure.
 */
import type { Plan, Target } from '../model/plan';
import type { Finding } from '../model/finding';
import { indexCatalog, type Catalog, type CatalogIndex, type IndicatorDef } from './catalog';
import { catalogForPlan } from './plan-catalog';
import type { RuleDef, RuleKind, RuleSet } from './ruleset';
import { message } from './messages';
import { chooseTargets } from './target-choice';
import { compilePlanScales, type PlanScales } from './plan-scale';
import { makeFinding } from './finding-build';

export type KindRules = Partial<Record<RuleKind, RuleDef[]>>;

/**
 * The rules of one indicator in fixed fields (null when none apply), so the hot loop reads plain
 * properties of one object shape instead of looking kinds up in a dictionary.
 */
export class IndicatorRules {
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
  /** The smallest ratio of the unit mix-up rules (params.ratio, 3000 by default): below it, none fires (plausibility.ts). */
  readonly mixupRatio: number;
  /** The parent's entry (part-whole), resolved once; null when there is none or the catalog lacks it. */
  parentDef: IndicatorDef | null = null;
  /** The indicator's kept targets (target-choice.ts), null when it has none. */
  targets: Target[] | null = null;
  /** True when some kept target is a growth target: only then can a growth look like a fraction of one. */
  growthTargets = false;

  constructor(
    /** The catalog entry, and its number in this check (the values index keys series by it). */
    readonly def: IndicatorDef,
    readonly id: number,
    k: KindRules,
  ) {
    this.number = k.number ?? null;
    this.precision = k.precision ?? null;
    this.required = k.required ?? null;
    this.unitMixup = k['unit-mixup'] ?? null;
    this.cumulative = k.cumulative ?? null;
    this.growth = k['growth-consistency'] ?? null;
    this.partWhole = k['part-whole'] ?? null;
    this.share = k['share-range'] ?? null;
    this.outlier = k.outlier ?? null;
    this.mixupRatio = Math.min(...(this.unitMixup ?? []).map((r) => r.params?.ratio ?? 3000));
    this.byKind = k;
    this.approxTolerance = k['target-approx']?.[0]?.params?.tolerance;
    this.exactTolerance = k['target-exact']?.[0]?.params?.tolerance;
  }
}

export interface Compiled {
  catalog: CatalogIndex;
  /** Rules per indicator (keyed by the catalog entry). */
  perIndicator: Map<IndicatorDef, IndicatorRules>;
  /** The same, by IndicatorRules.id. */
  byId: IndicatorRules[];
  /** Task rules by kind (they have no indicators). */
  taskRules: KindRules;
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
export function compileRules(plan: Plan, shipped: Catalog, rules: RuleSet): Compiled {
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
    if (perIndicator.has(d)) continue;
    const own = explicit.get(d);
    const merged: KindRules = { ...general };
    if (own) for (const [k, v] of Object.entries(own) as [RuleKind, RuleDef[]][]) merged[k] = v;
    perIndicator.set(d, new IndicatorRules(d, perIndicator.size, merged));
  }
  for (const r of perIndicator.values()) r.parentDef = r.def.parent !== null ? cat.resolve(r.def.parent) : null;
  // One target per indicator and measure, so a target under two names gives one finding (target-choice.ts).
  // A target whose indicator the catalog lacks has no figures to judge here (the report still lists it).
  for (const t of chooseTargets(plan, cat).kept) {
    const d = cat.resolve(t.indicator);
    const r = d ? perIndicator.get(d) : undefined;
    if (!r) continue;
    (r.targets ??= []).push(t);
    if (t.measure === 'growth') r.growthTargets = true;
  }
  return { catalog: cat, perIndicator, byId: [...perIndicator.values()], taskRules, ruleFindings, scales: compilePlanScales(plan, cat) };
}
