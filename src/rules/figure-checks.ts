/**
 * The built-in checks of one figure (number, required, precision, share-range, unit-mixup, cumulative,
 * growth-consistency, part-whole, outlier, the target kinds), in that order. Hot path: called for every
 * figure of a million-figure check, so it reads the compiled rules (check-compile.ts) and the values
 * index (value-index.ts) and allocates nothing unless a finding is made.
 */
import type { Target } from '../model/plan';
import type { Figure } from '../model/submission';
import type { Finding } from '../model/finding';
import type { ParsedPeriod } from '../model/period';
import { toNumber, exceedsDecimals } from './values';
import { reportedAs } from './reported';
import type { Compiled, IndicatorRules } from './check-compile';
import { ValueIndex, NONE, UNKNOWN } from './value-index';
import { emitFigure, FIELD_ZH, rawText } from './finding-build';
import { checkPercentGrowth, checkUnitMixup, mixupPossible } from './plausibility';
import { checkTargets } from './target-checks';

/** The per-call state the figure checks share: compiled rules, the values, what was already said. */
export interface FigureCheckState {
  c: Compiled;
  index: ValueIndex;
  out: Finding[];
  /** "No verdict yet" for a target set by the city is said once per unit and target, not for every month. */
  pendingSeen: Map<Target, Set<string>>;
}

/** The series of the same unit × indicator a year earlier, looked up once per series. */
function lastYearOf(index: ValueIndex, s: number, unit: string, rules: IndicatorRules, year: number): number {
  let ly = index.lastYear[s]!;
  if (ly === UNKNOWN) index.lastYear[s] = ly = index.series(unit, rules.id, year - 1, false);
  return ly;
}

/** The checks of figure `f` of indicator `rules.def`, period `p`, whose value sits in series `s`. */
export function checkFigure(f: Figure, rules: IndicatorRules, p: ParsedPeriod, s: number, st: FigureCheckState): void {
  const { out, index } = st;
  const d = rules.def;
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
    checkBlank(f, rules, p, s, g, st);
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

  const pm = index.prevMonth(s, em);
  const prev = pm > 0 ? index.at(s, pm) : NaN;
  const last = lastYearOf(index, s, f.orgUnit, rules, p.year);
  const sly = index.at(last, em);
  const base = b !== null && !Number.isNaN(b) ? b : Number.isNaN(sly) ? null : sly;

  const mix = rules.unitMixup;
  const mixup = mix && mixupPossible(d, v, prev, sly, rules.mixupRatio) ? checkUnitMixup(out, mix, f, d, v, p.year, em, prev, sly, st.c.scales) : false;
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
  const pd = rules.parentDef;
  if (pw && d.parent !== null) {
    let ps = index.parent[s]!;
    if (ps === UNKNOWN) index.parent[s] = ps = pd ? index.series(f.orgUnit, st.c.perIndicator.get(pd)!.id, p.year, false) : NONE;
    const pv = index.at(ps, em);
    if (!Number.isNaN(pv)) {
      for (const r of pw) {
        if (v > pv + 1e-9 * Math.max(1, Math.abs(pv))) emitFigure(out, r, f, d, 'part-whole', { value: v, other: pv, parent: pd!.name }, 'value', { value: v, whole: pv });
      }
    }
  }
  const outl = rules.outlier;
  if (outl && !mixup && !Number.isNaN(prev)) checkOutlier(f, rules, s, v, prev, pm, em, st);

  if (mix && growth !== null) checkPercentGrowth(out, mix, f, rules, growth, p.year);
  if (rules.targets) checkTargets(f, rules, p, v, growth ?? (base !== null && base !== 0 ? (v / base - 1) * 100 : null), index.at(last, 12), out, st.pendingSeen);
}

/** A figure without a value: required, unless a growth rate alone is a complete report of it. */
function checkBlank(f: Figure, rules: IndicatorRules, p: ParsedPeriod, s: number, g: number | null, st: FigureCheckState): void {
  const targets = rules.targets;
  // A growth rate alone is a reported figure for a growth-reported or rate indicator (rules/reported.ts): judged on its growth, not refused as empty.
  const growthOnly = g !== null && !Number.isNaN(g) && reportedAs(rules.def, targets ? targets.filter((t) => t.year === p.year) : []) === 'value-or-growth';
  if (!growthOnly) {
    if (rules.required) for (const r of rules.required) emitFigure(st.out, r, f, rules.def, 'required', {}, 'value', {});
    return;
  }
  if (rules.unitMixup) checkPercentGrowth(st.out, rules.unitMixup, f, rules, g, p.year);
  if (targets) checkTargets(f, rules, p, null, g, st.index.at(lastYearOf(st.index, s, f.orgUnit, rules, p.year), 12), st.out, st.pendingSeen);
}

/**
 * A change from the previous period beyond the indicator's threshold. For a 1-N月累计 flow compare the
 * amounts of the periods themselves (本期 = 累计 − 上期累计), per month so that a quarter followed by
 * months still compares like with like; cumulative values always grow.
 */
function checkOutlier(f: Figure, rules: IndicatorRules, s: number, v: number, prev: number, pm: number, em: number, st: FigureCheckState): void {
  const d = rules.def;
  let cur = v;
  let before = prev;
  if (d.kind === 'flow') {
    const ppm = st.index.prevMonth(s, pm);
    cur = (v - prev) / (em - pm);
    before = ppm > 0 ? (prev - st.index.at(s, ppm)) / (pm - ppm) : prev / pm;
  }
  if (!(before > 0 && cur >= 0)) return;
  const changePct = (cur / before - 1) * 100;
  for (const r of rules.outlier!) {
    const th = r.params?.thresholdPct ?? d.outlierPct;
    if (th !== null && Math.abs(changePct) > th)
      emitFigure(st.out, r, f, d, 'outlier', { value: cur, other: before, ratio: changePct, threshold: th, field: d.kind === 'flow' ? '月均发生额' : '数值' }, 'value', {
        value: cur,
        previous: before,
        changePct,
        thresholdPct: th,
      });
  }
}
