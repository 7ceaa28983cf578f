/**
 * The one mapping from ajv's errors to the project's bilingual problems, shared by every declaration
 * checked with ajv: the Plan (validate-plan.ts), the store's request bodies (store/body-check.ts), the
 * catalog and the rule set (rules/catalog-schema.ts, rules/ruleset-schema.ts). It was written twice
 * (plan and bodies) before; a third and fourth copy would have drifted in wording and order.
 * The generic words are the Plan validator's, which replaced its hand validator word for word.
 */
import type { Bilingual } from './i18n';

/**
 * An error of a schema check as these words read it: ajv's ErrorObject has this shape, and
 * schema-check.ts turns TypeBox's value errors into it (keyword, the place's parent, the keyword's
 * parameters), so one set of words serves both checkers.
 */
export interface SchemaError {
  keyword: string;
  /** JSON Pointer of the value the keyword judged (a missing or unknown field's parent object). */
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
}

/** A problem at a place in a value: `path` is a JSON Pointer (/rules/2/kind), '' for the root. */
export interface Located extends Bilingual {
  path: string;
}

const TYPE_ZH: Record<string, string> = { string: '文本', number: '数字', integer: '整数', boolean: '布尔值', null: '空值', object: '对象', array: '数组' };

/** What a value is, as the messages name it (null, array, number, …). */
export function typeName(x: unknown): string {
  return x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x;
}

/** A value as a message quotes it: JSON, at most 40 characters. */
export function show(x: unknown): string {
  const s = JSON.stringify(x);
  return s === undefined ? String(x) : s.length > 40 ? s.slice(0, 40) + '…' : s;
}

/** ajv's JSON Pointer (/targets/0/value) as segments, ~1 and ~0 unescaped. */
export function segments(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Segments back as a JSON Pointer. */
export function pointerOf(segs: readonly string[]): string {
  return segs.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** The value at `segs` inside `root`, or undefined. */
export function valueAt(segs: readonly string[], root: unknown): unknown {
  let at: unknown = root;
  for (const s of segs) at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[s] : undefined;
  return at;
}

/** Segments in the project's path style, as a user reads them: targets[0].value. */
export function dotPath(segs: readonly string[], root: unknown): string {
  let out = '';
  let at: unknown = root;
  for (const s of segs) {
    out += Array.isArray(at) ? `[${s}]` : out ? `.${s}` : s;
    at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[s] : undefined;
  }
  return out;
}

/** The place an error names: its instance path, plus the missing or the unknown field. */
export function errorSegments(e: SchemaError): string[] {
  const segs = segments(e.instancePath);
  if (e.keyword === 'required') segs.push(String(e.params.missingProperty));
  if (e.keyword === 'additionalProperties') segs.push(String(e.params.additionalProperty));
  return segs;
}

/**
 * What an error says about its place, without the place: "缺少此项 / missing", "应为数字，实际是 "x" /
 * must be number, is "x"". `x` is the value at the error's instance path.
 */
export function keywordWords(e: SchemaError, x: unknown): Bilingual {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { zh: '缺少此项', en: 'missing' };
    case 'additionalProperties':
      return { zh: '不认识的字段', en: 'unknown field' };
    case 'const':
      return { zh: `应为 ${show(p.allowedValue)}，实际是 ${show(x)}`, en: `must be ${show(p.allowedValue)}, is ${show(x)}` };
    case 'enum': {
      const list = (p.allowedValues as unknown[]).map(show).join(', ');
      return { zh: `应为以下之一：${list}；实际是 ${show(x)}`, en: `must be one of ${list}; is ${show(x)}` };
    }
    case 'type': {
      const types = String(p.type).split(',');
      return { zh: `应为${types.map((t) => TYPE_ZH[t] ?? t).join('或')}，实际是 ${show(x)}`, en: `must be ${types.join(' or ')}, is ${show(x)}` };
    }
    case 'minimum':
      return { zh: `不能小于 ${String(p.limit)}（实际 ${show(x)}）`, en: `must be at least ${String(p.limit)} (is ${show(x)})` };
    case 'exclusiveMinimum':
      return { zh: `应大于 ${String(p.limit)}（实际 ${show(x)}）`, en: `must be more than ${String(p.limit)} (is ${show(x)})` };
    case 'maximum':
      return { zh: `不能大于 ${String(p.limit)}（实际 ${show(x)}）`, en: `must be at most ${String(p.limit)} (is ${show(x)})` };
    case 'minLength':
      return { zh: '不能为空', en: 'must not be empty' };
    case 'maxLength':
      return { zh: `过长（最多 ${String(p.limit)} 个字符）`, en: `is too long (at most ${String(p.limit)} characters)` };
    case 'minItems':
    case 'maxItems':
      return { zh: `条目数不对（${e.keyword === 'minItems' ? '至少' : '最多'} ${String(p.limit)} 条）`, en: `has the wrong number of entries (${e.keyword === 'minItems' ? 'at least' : 'at most'} ${String(p.limit)})` };
    case 'pattern':
      return { zh: `格式不对（${show(x)}）`, en: `wrong format (${show(x)})` };
    default: // anyOf (a date or null, a year or null) and anything a declaration adds later
      return { zh: `值 ${show(x)} 格式不对`, en: `the value ${show(x)} has the wrong form` };
  }
}

/** An error in the Plan's style: "targets[3].value：应为数字… / targets[3].value: must be number…". */
export function wordError(e: SchemaError, root: unknown): Bilingual {
  const segs = errorSegments(e);
  const where = dotPath(segs, root) || '(根 root)';
  const w = keywordWords(e, valueAt(segments(e.instancePath), root));
  return { zh: `${where}：${w.zh}`, en: `${where}: ${w.en}` };
}

/** ajv's errors without those of an anyOf's alternatives (not a date, not null): the anyOf's own error says it once. */
export function withoutAlternatives(errors: readonly SchemaError[]): SchemaError[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath + '/');
  return errors.filter((e) => !unions.some((u) => e.schemaPath.startsWith(u)));
}

/**
 * Where an error sits in reading order: each segment's position among its parent's keys; a missing
 * field sorts before its object's children (-1), an unknown field at its own key.
 */
export function readingKey(e: SchemaError, root: unknown): number[] {
  const segs = segments(e.instancePath);
  if (e.keyword === 'additionalProperties') segs.push(String(e.params.additionalProperty));
  const key: number[] = [];
  let at: unknown = root;
  for (const s of segs) {
    const keys = at !== null && typeof at === 'object' ? Object.keys(at as object) : [];
    key.push(Array.isArray(at) ? Number(s) : keys.indexOf(s));
    at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[s] : undefined;
  }
  if (e.keyword === 'required') key.push(-1);
  return key;
}

/** Orders two reading keys (readingKey). */
export function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** `errors` in reading order, stable (ajv's order among equals). */
export function inReadingOrder(errors: readonly SchemaError[], root: unknown): SchemaError[] {
  return errors
    .map((e, i) => ({ e, i, key: readingKey(e, root) }))
    .sort((a, b) => compareKeys(a.key, b.key) || a.i - b.i)
    .map(({ e }) => e);
}
