/**
 * A JSON value checked against a TypeBox declaration by ajv (compiled once), its problems worded for
 * the person who wrote the file: each names its place (rules[2].severity) and says what to write, in
 * zh-CN and English. A declaration may give its own words per place ("slot": array indices and record
 * keys written `*`), as the catalog and the rule set do to keep the sentences their editors know;
 * anywhere else the shared words of schema-words.ts speak.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { TSchema } from '@sinclair/typebox';
import type { Bilingual } from './i18n';
import { dotPath, errorSegments, inReadingOrder, keywordWords, pointerOf, segments, valueAt, withoutAlternatives, type Located } from './schema-words';

/** What a slot's words are given: the error, its place, the value there (undefined: missing) and the whole value. */
export interface SlotError {
  error: ErrorObject;
  segs: string[];
  x: unknown;
  root: unknown;
}

/** A declaration's own words for an error at `slot`, or null to use the shared words. */
export type SlotWords = (slot: string, at: SlotError) => Bilingual | null;

export interface SchemaCheck {
  validate: ValidateFunction;
  /** The slot of a place: its segments with array indices and record keys as `*`. */
  slot: (segs: readonly string[]) => string;
  words: SlotWords;
}

// allowUnionTypes: `type: ['string', 'number']` is how declarations write a version.
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });

/** Compiles `schema` once. `records`: the segments whose next segment is a record key (e.g. 'params'). */
export function schemaCheck(schema: TSchema, records: readonly string[], words: SlotWords): SchemaCheck {
  const rec = new Set(records);
  const slot = (segs: readonly string[]): string => '/' + segs.map((s, i) => (/^\d+$/.test(s) || (i > 0 && rec.has(segs[i - 1]!)) ? '*' : s)).join('/');
  return { validate: ajv.compile(schema), slot, words };
}

/**
 * Every problem of `value` against `check`, in reading order, each once per place and message, with
 * its JSON Pointer in `path` and its readable place at the head of both sentences. Empty when it fits.
 */
export function schemaProblems(check: SchemaCheck, value: unknown): Located[] {
  if (check.validate(value)) return [];
  const out: Located[] = [];
  const seen = new Set<string>();
  for (const e of inReadingOrder(withoutAlternatives(check.validate.errors ?? []), value)) {
    const segs = errorSegments(e);
    // A missing field's own value is undefined; an unknown one's is what was written.
    const x = e.keyword === 'required' ? undefined : e.keyword === 'additionalProperties' ? valueAt(segs, value) : valueAt(segments(e.instancePath), value);
    const w = check.words(check.slot(segs), { error: e, segs, x, root: value }) ?? keywordWords(e, x);
    const where = dotPath(segs, value) || '(根 root)';
    const p: Located = { path: pointerOf(segs), zh: `${where}：${w.zh}`, en: `${where}: ${w.en}` };
    const id = `${p.path}\u0000${p.zh}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(p);
  }
  return out;
}

/** True when `path` is `under` or inside it (JSON Pointers). */
export function isUnder(path: string, under: string): boolean {
  return path === under || path.startsWith(under + '/');
}
