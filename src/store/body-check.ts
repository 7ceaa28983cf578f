/**
 * Runs a request body through ajv, compiled once from its TypeBox declaration (model/submission-schema.ts),
 * and words every error as the store always has: a JSON path and a message in zh-CN and English that
 * says what the field must be (the generic words, pointer helpers and type names are model/schema-words.ts's,
 * shared with the Plan, the catalog and the rule set). The words are the hand validator's, kept so clients and tests see the
 * same 422s; they are looked up by the field's place in the body (its "slot": record keys and array
 * indices written `*`), so a declaration change needs no change here unless it adds a place.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { TSchema } from '@sinclair/typebox';
import { LIMITS } from '../model/submission-schema';
import { keywordWords, segments, valueAt } from '../model/schema-words';

/** One problem as the store reports it (validate.ts's Problem). */
export interface BodyProblem {
  path: string;
  zh: string;
  en: string;
  /** An unknown field or a missing one: they are told first in their object, as the hand validator did. */
  kind?: 'unknown' | 'missing';
}

/** The message of a field that has the wrong type or form, given the value found there (undefined: missing). */
export type Wording = (x: unknown) => [zh: string, en: string];

/** Fields a client may never set: the server decides them. */
const SERVER_ONLY = new Set(['rev', 'state', 'updatedBy', 'updatedAt', 'returnReason', 'judgedBy', 'author', 'status']);

// allowUnionTypes: `type: ['number', 'string', 'null']` is how the declarations write a cell value.
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });

// What a value is, as the messages name it: one definition with the other schema words.
export { typeName } from '../model/schema-words';

/** A compiled body check: the schema once through ajv, and where record keys and array items sit. */
export interface BodyCheck {
  validate: ValidateFunction;
  /** Segment positions holding a record key or array index, by the segment before them (e.g. {edits: 1}). */
  stars: Record<string, number>;
  /** Messages by slot ('/edits/*\/value'); a slot not listed says what schema-words says of its keyword. */
  words: Record<string, Wording>;
}

/** Compiles `schema` once; `stars` and `words` as in BodyCheck. */
export function bodyCheck(schema: TSchema, stars: Record<string, number>, words: Record<string, Wording>): BodyCheck {
  return { validate: ajv.compile(schema), stars, words };
}

function slotOf(segs: string[], stars: Record<string, number>): string {
  const at = segs[0] !== undefined ? stars[segs[0]] : undefined;
  return '/' + segs.map((s, i) => (i === at ? '*' : s)).join('/');
}

/**
 * The order fields are told in within their object: the declarations' order (a figure's value,
 * growth, sameLastYear, note; a task's status, progress, text, note; an edit's field, pulled, value;
 * a query's kind, indicator, year, period; the PUT's key fields, then data), which is the order the
 * hand validator checked them in, so the first problem of a body stays the one it always named.
 */
const FIELD_ORDER = [
  'kind',
  'indicator',
  'year',
  'plan',
  'orgUnit',
  'period',
  'form',
  'data',
  'figures',
  'tasks',
  'baseRev',
  'edits',
  'field',
  'pulled',
  'value',
  'growth',
  'sameLastYear',
  'status',
  'progress',
  'text',
  'note',
  'queries',
  'reason',
];

/**
 * A sort key per path segment: within an object, unknown fields first (as they appear), then missing
 * ones, then the rest in FIELD_ORDER; array items and record entries as they appear.
 */
function order(p: BodyProblem, root: unknown, stars: Record<string, number>): number[][] {
  const segs = p.path.split('/').slice(1);
  const star = segs[0] !== undefined ? stars[segs[0]] : undefined;
  const key: number[][] = [];
  let at: unknown = root;
  segs.forEach((s, i) => {
    const inBody = at !== null && typeof at === 'object' ? Object.keys(at).indexOf(s) : -1;
    const last = i === segs.length - 1;
    const field = FIELD_ORDER.indexOf(s);
    if (Array.isArray(at) || i === star) key.push([2, Array.isArray(at) ? Number(s) : inBody]);
    else if (last && p.kind === 'unknown') key.push([0, inBody]);
    else if (last && p.kind === 'missing') key.push([1, field]);
    else key.push([2, field >= 0 ? field : FIELD_ORDER.length + inBody]);
    at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[s] : undefined;
  });
  return key;
}

function compare(a: number[][], b: number[][]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = a[i]![0]! - b[i]![0]! || a[i]![1]! - b[i]![1]!;
    if (d) return d;
  }
  return a.length - b.length;
}

function word(e: ErrorObject, check: BodyCheck, root: unknown): { segs: string[]; zh: string; en: string; group: boolean; kind?: BodyProblem['kind'] } {
  const segs = segments(e.instancePath);
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') {
    const k = String(p.additionalProperty);
    return SERVER_ONLY.has(k)
      ? { segs: [...segs, k], zh: '由服务器设置，不能由客户端提交', en: 'is set by the server and may not be sent', group: false, kind: 'unknown' }
      : { segs: [...segs, k], zh: '是未知字段', en: 'is not a known field', group: false, kind: 'unknown' };
  }
  if (e.keyword === 'required') segs.push(String(p.missingProperty));
  const x = valueAt(segs, root);
  const slot = slotOf(segs, check.stars);
  if (e.keyword === 'maxLength' && typeof x === 'string' && !slot.endsWith('/indicator')) {
    return { segs, zh: `过长（最多 ${LIMITS.textChars} 个字符）`, en: `is too long (at most ${LIMITS.textChars} characters)`, group: false };
  }
  if (e.keyword === 'maxProperties') {
    const n = Object.keys(x as object).length;
    return { segs, zh: `条目过多（最多 ${String(p.limit)} 条，实际 ${n}）`, en: `has too many entries (at most ${String(p.limit)}, got ${n})`, group: true };
  }
  const w = check.words[slot];
  if (e.keyword === 'maxItems' && w) return { segs, ...pair(w(x)), group: true };
  if (w) return { segs, ...pair(w(x)), group: false, ...(e.keyword === 'required' ? { kind: 'missing' as const } : {}) };
  // A place without words of its own says what the shared words say of its keyword (type, enum, …).
  return { segs, ...keywordWords(e, x), group: false };
}

function pair([zh, en]: [string, string]): { zh: string; en: string } {
  return { zh, en };
}

/**
 * Every problem of `body` against `check` (in ajv's order: sort with inReadingOrder), each once per path and
 * message; the problems under a list or record that is too long are left out (its one problem says
 * enough, as the hand validator did). Empty when the body fits.
 */
export function bodyProblems(check: BodyCheck, body: unknown): BodyProblem[] {
  if (check.validate(body)) return [];
  const all = (check.validate.errors ?? []).map((e) => word(e, check, body));
  const groups = all.filter((w) => w.group).map((w) => '/' + w.segs.join('/') + '/');
  const seen = new Set<string>();
  const out: BodyProblem[] = [];
  for (const w of all) {
    const path = '/' + w.segs.join('/');
    const id = `${path}\u0000${w.zh}`;
    if (groups.some((g) => path.startsWith(g)) || seen.has(id)) continue;
    seen.add(id);
    out.push({ path, zh: w.zh, en: w.en, ...(w.kind ? { kind: w.kind } : {}) });
  }
  return out;
}

/**
 * `problems` (from ajv and from the checks beyond a schema, those first where both name one path)
 * sorted in the order the hand validator told them; stable.
 */
export function inReadingOrder(problems: readonly BodyProblem[], root: unknown, check: BodyCheck): BodyProblem[] {
  return problems
    .map((p, i) => ({ p, i, key: order(p, root, check.stars) }))
    .sort((a, b) => compare(a.key, b.key) || a.i - b.i)
    .map(({ p }) => p);
}
