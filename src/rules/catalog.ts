/**
 * The indicator catalog: what the checks know about each indicator (unit, precision, whether it is a
 * 1-N月累计 flow, its parent, its outlier threshold). It is data (templates/catalog/indicators.json)
 * so a district can add an indicator without a code change; this module types and indexes it.
 */
import type { Bilingual } from '../model/i18n';
import { upgradeCatalogEntry } from '../model/legacy-names';

/**
 * flow: year-to-date cumulative (1-N月累计); level: a stock at the period's end; rate: a ratio in %;
 * share: a part of a whole in %; growth: published as its growth only (规模以上工业增加值增长10.1%,
 * 居民消费价格上涨2.1%), so a growth figure is a complete report and no level is expected.
 */
export type IndicatorKind = 'flow' | 'level' | 'rate' | 'share' | 'growth';
export type Frequency = 'monthly' | 'quarterly' | 'yearly';

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

const KINDS: readonly string[] = ['flow', 'level', 'rate', 'share', 'growth'];
const FREQUENCIES: readonly string[] = ['monthly', 'quarterly', 'yearly'];

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

/** Validates catalog JSON from a file a district edited; returns every problem, not the first. */
export function validateCatalog(json: unknown): { catalog: Catalog | null; problems: Bilingual[] } {
  const problems: Bilingual[] = [];
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { indicators?: unknown }).indicators)) {
    return { catalog: null, problems: [{ zh: '指标目录应为含 indicators 数组的 JSON 对象', en: 'The indicator catalog must be a JSON object with an indicators array' }] };
  }
  const raw = json as { version?: unknown; indicators: unknown[] };
  const out: IndicatorDef[] = [];
  raw.indicators.forEach((x, i) => {
    // A catalog written by the version before the rename says unit for measureUnit.
    const e = upgradeCatalogEntry(x) as Partial<Record<keyof IndicatorDef, unknown>>;
    const at = `#${i + 1}`;
    if (typeof e !== 'object' || e === null || typeof e.name !== 'string' || e.name.trim() === '') {
      problems.push({ zh: `指标目录第${at}项缺少名称（name）`, en: `Catalog entry ${at} has no name` });
      return;
    }
    const name = e.name;
    const kind = typeof e.kind === 'string' && KINDS.includes(e.kind) ? (e.kind as IndicatorKind) : null;
    if (!kind) problems.push({ zh: `指标“${name}”的类型（kind）应为 ${KINDS.join('/')}`, en: `Indicator "${name}": kind must be one of ${KINDS.join('/')}` });
    const frequency = typeof e.frequency === 'string' && FREQUENCIES.includes(e.frequency) ? (e.frequency as Frequency) : 'monthly';
    const decimals = typeof e.decimals === 'number' && Number.isInteger(e.decimals) && e.decimals >= 0 ? e.decimals : 2;
    out.push({
      name,
      aliases: Array.isArray(e.aliases) ? e.aliases.filter((a): a is string => typeof a === 'string') : [],
      measureUnit: typeof e.measureUnit === 'string' ? e.measureUnit : '',
      decimals,
      frequency,
      kind: kind ?? 'level',
      parent: typeof e.parent === 'string' && e.parent !== '' ? e.parent : null,
      outlierPct: typeof e.outlierPct === 'number' && Number.isFinite(e.outlierPct) ? e.outlierPct : null,
      ...(e.reported === 'growth' || e.reported === 'value' ? { reported: e.reported } : {}),
      ...magnitudeOf(e.magnitude, name, problems),
    });
  });
  return { catalog: { version: typeof raw.version === 'string' ? raw.version : String(raw.version ?? ''), indicators: out }, problems };
}

/** A catalog entry's magnitude: two positive numbers, the smaller first; anything else is a problem named for the district's editor. */
function magnitudeOf(raw: unknown, name: string, problems: Bilingual[]): { magnitude?: [number, number] } {
  if (raw === undefined) return {};
  if (Array.isArray(raw) && raw.length === 2 && raw.every((x) => typeof x === 'number' && Number.isFinite(x) && x > 0) && (raw[0] as number) < (raw[1] as number)) {
    return { magnitude: [raw[0] as number, raw[1] as number] };
  }
  problems.push({
    zh: `指标“${name}”的常见量级（magnitude）应为两个正数 [最小, 最大]，如 [10, 100000]；已忽略`,
    en: `Indicator "${name}": magnitude must be two positive numbers [smallest, largest], such as [10, 100000]; it was ignored`,
  });
  return {};
}
