/**
 * The catalog follows the plan: an indicator the plan's own documents define — a target or an
 * actual figure the importer read — is known to the checks even when the shipped catalog lacks it,
 * so its figures are checked rather than refused as `unknown-indicator`. The entry is inferred from
 * the documents (name, unit, kind) and flagged `inferred`, so a district can see which entries to
 * review and copy into its catalog file.
 */
import type { Actual, Plan, Target } from '../model/plan';
import { indexCatalog, type Catalog, type IndicatorDef, type IndicatorKind } from './catalog';

/** Stocks at a date, not flows over a period: balances, year-end counts, herds, registrations. */
const STOCK = /余额|^年末|保有量|存栏|常住人口|户籍人口|用户$|拥有量/;

/**
 * The kind an indicator's figures and targets show: a ratio (…率, a value in %) is a rate; an index
 * or something only ever stated by its growth is growth-reported; a stock is a level; else a flow.
 */
export function inferKind(name: string, targets: Target[], actuals: Actual[]): IndicatorKind {
  const percent = (u: string): boolean => u === '%' || u === '‰';
  if (/率$/.test(name) || actuals.some((a) => a.value !== null && percent(a.measureUnit)) || targets.some((t) => t.measure === 'rate')) return 'rate';
  if (/指数$|价格$/.test(name)) return 'growth';
  const levels = actuals.some((a) => a.value !== null) || targets.some((t) => t.measure === 'level' && t.value !== null);
  const growths = actuals.some((a) => a.growth !== null) || targets.some((t) => t.measure === 'growth');
  if (!levels && growths) return 'growth';
  return STOCK.test(name) ? 'level' : 'flow';
}

function decimalsOf(values: number[]): number {
  let most = 0;
  for (const v of values) most = Math.max(most, (String(v).split('.')[1] ?? '').length);
  return values.length ? most : 2;
}

/** The unit figures are stated in: the first actual value's, else a level or rate target's, else % for growth. */
function unitOf(kind: IndicatorKind, targets: Target[], actuals: Actual[]): string {
  const a = actuals.find((x) => x.value !== null && x.measureUnit !== '');
  if (a) return a.measureUnit;
  const t = targets.find((x) => (x.measure === 'level' || x.measure === 'rate') && x.measureUnit !== '');
  if (t) return t.measureUnit;
  return kind === 'growth' || kind === 'rate' ? '%' : '';
}

/**
 * The catalog with an inferred entry for every indicator of the plan's targets and actual figures
 * that it does not resolve (by name or alias). Pure; the given catalog is not changed, and a
 * catalog that already covers the plan is returned as it is.
 */
export function catalogForPlan(catalog: Catalog, plan: Pick<Plan, 'targets' | 'actuals'>): Catalog {
  const cat = indexCatalog(catalog);
  const targets = new Map<string, Target[]>();
  const actuals = new Map<string, Actual[]>();
  for (const t of plan.targets) if (!cat.resolve(t.indicator)) targets.set(t.indicator, [...(targets.get(t.indicator) ?? []), t]);
  for (const a of plan.actuals) if (!cat.resolve(a.indicator)) actuals.set(a.indicator, [...(actuals.get(a.indicator) ?? []), a]);
  const names = [...new Set([...targets.keys(), ...actuals.keys()])].filter((n) => n.trim() !== '');
  if (names.length === 0) return catalog;
  const inferred: IndicatorDef[] = names.map((name) => {
    const ts = targets.get(name) ?? [];
    const as = actuals.get(name) ?? [];
    const kind = inferKind(name, ts, as);
    const values = as.map((a) => a.value).filter((v): v is number => v !== null);
    return { name, aliases: [], measureUnit: unitOf(kind, ts, as), decimals: decimalsOf(values), frequency: 'monthly', kind, parent: null, outlierPct: null, inferred: true };
  });
  return { version: catalog.version, indicators: [...catalog.indicators, ...inferred] };
}
