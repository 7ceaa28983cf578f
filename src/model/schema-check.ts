/**
 * A JSON value checked against a TypeBox declaration, its problems worded for
 * the person who wrote the file: each names its place (rules[2].severity) and says what to write, in
 * zh-CN and English. A declaration may give its own words per place ("slot": array indices and record
 * keys written `*`), as the catalog and the rule set do to keep the sentences their editors know;
 * anywhere else the shared words of schema-words.ts speak.
 * The check is TypeBox's Value.Errors, which interprets the schema: ajv compiles it with `new Function`,
 * which the task pane's Content-Security-Policy (no 'unsafe-eval', store/security-headers.ts) forbids,
 * and the pane and the custom functions read catalogs and rule sets too (sync/client.ts, usecases/carried.ts).
 * Its errors are turned into ajv's shape (keyword, parent pointer, params) so the words are shared.
 */
import type { TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import type { Bilingual } from './i18n';
import { dotPath, errorSegments, inReadingOrder, keywordWords, pointerOf, segments, valueAt, type Located, type SchemaError } from './schema-words';

/** What a slot's words are given: the error, its place, the value there (undefined: missing) and the whole value. */
export interface SlotError {
  error: SchemaError;
  segs: string[];
  x: unknown;
  root: unknown;
}

/** A declaration's own words for an error at `slot`, or null to use the shared words. */
export type SlotWords = (slot: string, at: SlotError) => Bilingual | null;

export interface SchemaCheck {
  schema: TSchema;
  /** The slot of a place: its segments with array indices and record keys as `*`. */
  slot: (segs: readonly string[]) => string;
  words: SlotWords;
}

/** The JSON Schema keyword and type name of each TypeBox error kind that declarations here can raise. */
const TYPES: Partial<Record<string, string>> = { String: 'string', Number: 'number', Integer: 'integer', Boolean: 'boolean', Null: 'null', Object: 'object', Array: 'array' };
const KEYWORDS: Partial<Record<string, [keyword: string, limit?: string]>> = {
  Union: ['anyOf'],
  Literal: ['const'],
  StringPattern: ['pattern'],
  StringMinLength: ['minLength', 'minLength'],
  StringMaxLength: ['maxLength', 'maxLength'],
  NumberMinimum: ['minimum', 'minimum'],
  IntegerMinimum: ['minimum', 'minimum'],
  NumberExclusiveMinimum: ['exclusiveMinimum', 'exclusiveMinimum'],
  IntegerExclusiveMinimum: ['exclusiveMinimum', 'exclusiveMinimum'],
  NumberMaximum: ['maximum', 'maximum'],
  IntegerMaximum: ['maximum', 'maximum'],
  ArrayMinItems: ['minItems', 'minItems'],
  ArrayMaxItems: ['maxItems', 'maxItems'],
};

/** A TypeBox value error in ajv's shape: a missing or unknown field is told at its parent, as ajv does. */
function asSchemaError(e: ValueError): SchemaError {
  const kind = ValueErrorType[e.type] ?? 'unknown';
  const segs = segments(e.path);
  const schema = e.schema as unknown as Record<string, unknown>;
  if (kind === 'ObjectRequiredProperty' || kind === 'ObjectAdditionalProperties') {
    const name = segs.pop() ?? '';
    const keyword = kind === 'ObjectRequiredProperty' ? 'required' : 'additionalProperties';
    return { keyword, instancePath: pointerOf(segs), schemaPath: e.path, params: keyword === 'required' ? { missingProperty: name } : { additionalProperty: name } };
  }
  const type = TYPES[kind];
  if (type) return { keyword: 'type', instancePath: e.path, schemaPath: e.path, params: { type } };
  const [keyword, limit] = KEYWORDS[kind] ?? [kind];
  return { keyword, instancePath: e.path, schemaPath: e.path, params: keyword === 'const' ? { allowedValue: schema.const } : limit ? { limit: schema[limit] } : {} };
}

/** Every error of `value` against `schema`, in ajv's shape; a missing field is told once (missing), not also as "not a string". */
function errorsOf(schema: TSchema, value: unknown): SchemaError[] {
  const all = [...Value.Errors(schema, value)].map(asSchemaError);
  const missing = new Set(all.filter((e) => e.keyword === 'required').map((e) => e.schemaPath));
  return all.filter((e) => e.keyword === 'required' || !missing.has(e.instancePath));
}

/** A check of `schema`. `records`: the segments whose next segment is a record key (e.g. 'params'). */
export function schemaCheck(schema: TSchema, records: readonly string[], words: SlotWords): SchemaCheck {
  const rec = new Set(records);
  const slot = (segs: readonly string[]): string => '/' + segs.map((s, i) => (/^\d+$/.test(s) || (i > 0 && rec.has(segs[i - 1]!)) ? '*' : s)).join('/');
  return { schema, slot, words };
}

/**
 * Every problem of `value` against `check`, in reading order, each once per place and message, with
 * its JSON Pointer in `path` and its readable place at the head of both sentences. Empty when it fits.
 */
export function schemaProblems(check: SchemaCheck, value: unknown): Located[] {
  if (Value.Check(check.schema, value)) return [];
  const out: Located[] = [];
  const seen = new Set<string>();
  for (const e of inReadingOrder(errorsOf(check.schema, value), value)) {
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
