/**
 * The names before issue 10 item 4, accepted for one version wherever they can arrive: request
 * bodies, field paths, plan JSON written by older planbook, stored submissions (files and
 * PostgreSQL jsonb), audit entries, catalogs, queued offline pushes and workbook identities.
 *
 *   unit (填报单位)  → orgUnit       unit (计量单位) → measureUnit
 *   base (上年同期)  → sameLastYear  base (the value pulled before editing) → pulled
 *
 * Every function here takes what was parsed from JSON, returns a copy under the new names when an
 * old one is present (the input is not mutated), and leaves anything else as it was, so the
 * validators that follow still see, and name, whatever is wrong. Where both an old and a new name
 * are present, the new one wins and the old one is left in place for the validator to refuse.
 * Remove this file, and its callers' one line each, in the version after next.
 */

type Json = Record<string, unknown>;

function isRecord(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Moves `from` to `to` in a copy of `o` when `o` has `from` and not `to`. */
export function renamed(o: unknown, from: string, to: string): unknown {
  if (!isRecord(o) || !(from in o) || to in o) return o;
  const out: Json = {};
  // Keep the key order, so what is written back reads as before.
  for (const [k, v] of Object.entries(o)) out[k === from ? to : k] = v;
  return out;
}

/** 'figures/地区生产总值/base' → 'figures/地区生产总值/sameLastYear'; every other path as it was. */
export function upgradeFieldPath(path: string): string {
  const parts = path.split('/');
  return parts.length === 3 && parts[0] === 'figures' && parts[2] === 'base' ? `figures/${parts[1]}/sameLastYear` : path;
}

/** A submission's data {figures, tasks}: each figure's base → sameLastYear. */
export function upgradeData(data: unknown): unknown {
  if (!isRecord(data) || !isRecord(data.figures)) return data;
  let changed = false;
  const figures: Json = {};
  for (const [k, f] of Object.entries(data.figures)) {
    const u = renamed(f, 'base', 'sameLastYear');
    if (u !== f) changed = true;
    figures[k] = u;
  }
  return changed ? { ...data, figures } : data;
}

/** A stored submission, a submission summary or a PUT body: unit → orgUnit, and its data. */
export function upgradeSubmission<T>(s: T): T {
  if (!isRecord(s)) return s;
  let top = renamed(s, 'unit', 'orgUnit') as Json;
  const data = upgradeData(top.data);
  if (data !== top.data) top = { ...top, data };
  // The store's per-field revisions (fieldRevs) are keyed by field path.
  const revs = top.fieldRevs;
  if (isRecord(revs) && Object.keys(revs).some((k) => upgradeFieldPath(k) !== k)) {
    top = { ...top, fieldRevs: Object.fromEntries(Object.entries(revs).map(([k, v]) => [upgradeFieldPath(k), v])) };
  }
  return top as T;
}

/** One edit of a PATCH body or a queued push: base → pulled, and its field path. */
export function upgradeEdit(e: unknown): unknown {
  const u = renamed(e, 'base', 'pulled');
  if (!isRecord(u) || typeof u.field !== 'string') return u;
  const field = upgradeFieldPath(u.field);
  return field === u.field ? u : { ...u, field };
}

/** A PATCH body {baseRev, edits}. */
export function upgradePatchBody(x: unknown): unknown {
  if (!isRecord(x) || !Array.isArray(x.edits)) return x;
  return { ...x, edits: x.edits.map(upgradeEdit) };
}

/** A Plan as JSON: each target's, actual's and goal's unit → measureUnit. */
export function upgradePlan(p: unknown): unknown {
  if (!isRecord(p)) return p;
  let out: Json | null = null;
  for (const list of ['targets', 'actuals', 'goals'] as const) {
    const xs = p[list];
    if (!Array.isArray(xs) || !xs.some((x) => isRecord(x) && 'unit' in x)) continue;
    out ??= { ...p };
    out[list] = xs.map((x) => renamed(x, 'unit', 'measureUnit'));
  }
  return out ?? p;
}

/** One indicator of a catalog: unit → measureUnit. */
export function upgradeCatalogEntry(e: unknown): unknown {
  return renamed(e, 'unit', 'measureUnit');
}

/** A catalog {version, indicators}: each indicator's unit → measureUnit. */
export function upgradeCatalog(c: unknown): unknown {
  if (!isRecord(c) || !Array.isArray(c.indicators) || !c.indicators.some((e) => isRecord(e) && 'unit' in e)) return c;
  return { ...c, indicators: c.indicators.map(upgradeCatalogEntry) };
}

/** An audit entry as written: unit → orgUnit, and its field path (the hash is over the old names, see audit-chain.ts). */
export function upgradeAuditEntry<T>(e: T): T {
  const u = renamed(e, 'unit', 'orgUnit');
  if (!isRecord(u) || typeof u.field !== 'string') return u as T;
  return { ...u, field: upgradeFieldPath(u.field) } as T;
}

/**
 * A lookup's answers as the store sends them: each value's 计量单位 as measureUnit and, for add-ins of
 * the previous version that read it, as unit too (deprecated; drop in the next version).
 */
export function withOldLookupNames<T>(answers: readonly T[]): T[] {
  return answers.map((a) => (isRecord(a) && typeof a.measureUnit === 'string' ? ({ ...a, unit: a.measureUnit } as T) : a));
}

/** A lookup answer as a client reads it: measureUnit only, taken from unit when a store of the previous version sent that alone. */
export function upgradeLookupAnswer<T>(a: T): T {
  if (!isRecord(a) || !('unit' in a)) return a;
  const { unit, ...rest } = a;
  return { ...rest, measureUnit: 'measureUnit' in a ? a.measureUnit : unit } as T;
}
