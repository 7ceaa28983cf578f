/**
 * The indicator catalog: what the checks know about each indicator (unit, precision, whether it is a
 * 1-N月累计 flow, its parent, its outlier threshold). It is data (templates/catalog/indicators.json)
 * so a district can add an indicator without a code change; this module types and indexes it.
 */
import type { Static } from '@sinclair/typebox';
import { upgradeCatalog } from '../model/legacy-names';
import { isUnder, schemaProblems } from '../model/schema-check';
import type { Located } from '../model/schema-words';
import { CATALOG_CHECK, magnitudeWords, type CatalogEntrySchema, type Frequency, type IndicatorKind } from './catalog-schema';

// The kinds and frequencies are declared once, with the catalog's schema.
export type { IndicatorKind, Frequency } from './catalog-schema';

export interface IndicatorDef {
  name: string;
  aliases: string[];
  measureUnit: string;
  decimals: number;
  frequency: Frequency;
  kind: IndicatorKind;
  /** The whole this indicator is a part of (住宿餐饮业营业额 ⊂ 社会消费品零售总额), or null. */
  parent: string | null;
  /** Largest month-on-month change in % that passes without an outlier warning; null: no outlier check. */
  outlierPct: number | null;
  /**
   * True when the entry was not in the catalog but inferred from the plan's own documents (a target
   * or an actual figure they define): name, unit and kind as the document states them. Such an
   * indicator is known, so its figures are checked, never refused as unknown.
   */
  inferred?: boolean;
  /**
   * The typical size of the indicator for one district or county, in `unit`: [smallest, largest] for a
   * whole year (flows) or at a period's end (levels). A judgement from published district figures
   * (docs/rules.md, "Catalog magnitudes"), for the unit mix-up check when neither the unit's history
   * nor the plan gives a reference. Absent: no such check.
   */
  magnitude?: [number, number];
  /** 'growth': published as a growth rate (规模以上工业增加值增长10.1%), so a growth alone counts as reported (rules/reported.ts). */
  reported?: 'value' | 'growth';
}

export interface Catalog {
  version: string;
  indicators: IndicatorDef[];
}

/**
 * Names are compared after removing spaces and quotes and unifying brackets, because documents and
 * CSV exports write the same indicator with stray spaces (地区生产总值 （GDP）) and either kind of quote.
 */
export function normaliseName(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch === ' ' || ch === '\u3000' || ch === '\t' || ch === '“' || ch === '”' || ch === '"' || ch === '*') continue;
    out += ch === '(' ? '（' : ch === ')' ? '）' : ch;
  }
  return out;
}

export interface CatalogIndex {
  catalog: Catalog;
  /** The catalog entry for a name or alias, or null. Cached: call it freely in loops. */
  resolve(name: string): IndicatorDef | null;
}

export function indexCatalog(catalog: Catalog): CatalogIndex {
  const byName = new Map<string, IndicatorDef>();
  for (const d of catalog.indicators) {
    byName.set(normaliseName(d.name), d);
    for (const a of d.aliases) if (!byName.has(normaliseName(a))) byName.set(normaliseName(a), d);
  }
  const cache = new Map<string, IndicatorDef | null>();
  return {
    catalog,
    resolve(name: string): IndicatorDef | null {
      const hit = cache.get(name);
      if (hit !== undefined) return hit;
      const d = byName.get(normaliseName(name)) ?? null;
      cache.set(name, d);
      return d;
    },
  };
}

/** A problem of a catalog file, with its place (a JSON Pointer, as in the 422 of PUT /api/catalog). */
export type CatalogProblem = Located;

type Entry = Static<typeof CatalogEntrySchema>;

/**
 * Validates catalog JSON from a file a district edited or a `PUT /api/catalog` body: against its
 * declaration (catalog-schema.ts; each problem names its place, e.g. indicators[3].kind), then a
 * magnitude's order, which a schema cannot say. Returns every problem, not the first, and the catalog
 * read as well as it can be (an entry with a name is kept, its bad fields at their defaults), which
 * callers use only when there is no problem.
 */
export function validateCatalog(json: unknown): { catalog: Catalog | null; problems: CatalogProblem[] } {
  // A catalog written by the version before the rename says unit for measureUnit.
  const x = upgradeCatalog(json);
  const shape = schemaProblems(CATALOG_CHECK, x);
  // An entry without a name is told once, as that: its other fields cannot be named to its editor.
  const nameless = new Set(shape.filter((p) => /^\/indicators\/\d+(\/name)?$/.test(p.path)).map((p) => p.path.split('/')[2]));
  const problems = shape.filter((p) => !nameless.has(p.path.split('/')[2]) || /^\/indicators\/\d+(\/name)?$/.test(p.path));
  if (typeof x !== 'object' || x === null || !Array.isArray((x as { indicators?: unknown }).indicators)) {
    return { catalog: null, problems: problems.filter((p) => p.path === '' || p.path === '/indicators') };
  }
  const raw = x as { version?: unknown; indicators: unknown[] };
  const bad = (path: string): boolean => problems.some((p) => isUnder(p.path, path));
  const out: IndicatorDef[] = [];
  raw.indicators.forEach((item, i) => {
    const e = item as Partial<Entry>;
    if (bad(`/indicators/${i}/name`) || typeof e !== 'object' || e === null || typeof e.name !== 'string') return;
    const ok = <K extends keyof Entry>(k: K): Entry[K] | undefined => (bad(`/indicators/${i}/${k}`) ? undefined : e[k]);
    const magnitude = ok('magnitude');
    if (magnitude && !bad(`/indicators/${i}/magnitude`) && !(magnitude[0]! < magnitude[1]!)) {
      const w = magnitudeWords(e.name);
      problems.push({ path: `/indicators/${i}/magnitude`, zh: `indicators[${i}].magnitude：${w.zh}`, en: `indicators[${i}].magnitude: ${w.en}` });
    }
    out.push({
      name: e.name,
      aliases: ok('aliases') ?? [],
      measureUnit: ok('measureUnit') ?? '',
      decimals: ok('decimals') ?? 2,
      frequency: ok('frequency') ?? 'monthly',
      kind: ok('kind') ?? 'level',
      parent: ok('parent') || null,
      outlierPct: ok('outlierPct') ?? null,
      ...(ok('reported') ? { reported: e.reported } : {}),
      ...(magnitude && magnitude[0]! < magnitude[1]! ? { magnitude: [magnitude[0]!, magnitude[1]!] as [number, number] } : {}),
    });
  });
  return { catalog: { version: typeof raw.version === 'string' ? raw.version : String(raw.version ?? ''), indicators: out }, problems };
}
