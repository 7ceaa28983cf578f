/**
 * validatePlan: checks an unknown value (a plan.json read from disk or an HTTP body) against
 * `PlanSchema` (the TypeBox declaration in plan.ts) with ajv, compiled once, and returns every
 * problem found, each in zh-CN and English with its path (targets[3].value), not just the first.
 * ajv finds the problems; this file only words them and orders them as the value reads (an object's
 * missing fields first, then its fields in their order), so the same plan always gets the same list.
 */
import Ajv, { type ErrorObject } from 'ajv';
import { PlanSchema, type Plan } from './plan';
import type { Bilingual } from './i18n';
import { upgradePlan } from './legacy-names';

const MAX_ERRORS = 50;

// allowUnionTypes: `type: ['number', 'null']` is how the declaration writes nullable numbers.
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const check = ajv.compile<Plan>(PlanSchema);

const TYPE_ZH: Record<string, string> = { string: '文本', number: '数字', integer: '整数', boolean: '布尔值', null: '空值', object: '对象', array: '数组' };

function show(x: unknown): string {
  const s = JSON.stringify(x);
  return s === undefined ? String(x) : s.length > 40 ? s.slice(0, 40) + '…' : s;
}

/** ajv's JSON Pointer (/targets/0/value) as segments, ~1 and ~0 unescaped. */
function segments(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Segments in the project's path style: targets[0].value. */
function pathOf(segs: string[], root: unknown): string {
  let out = '';
  let at: unknown = root;
  for (const s of segs) {
    out += Array.isArray(at) ? `[${s}]` : out ? `.${s}` : s;
    at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[s] : undefined;
  }
  return out;
}

function valueAt(segs: string[], root: unknown): unknown {
  let at: unknown = root;
  for (const s of segs) at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[s] : undefined;
  return at;
}

/**
 * Where an error sits in reading order: each segment's position among its parent's keys; a missing
 * field sorts before its object's children (-1), an unknown field at its own key.
 */
function order(e: ErrorObject, root: unknown): number[] {
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

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** One ajv error in both languages with its path; the wording is the format's, kept from the hand validator it replaced. */
function word(e: ErrorObject, root: unknown): Bilingual {
  const segs = segments(e.instancePath);
  const at = pathOf(segs, root);
  const where = at || '(根 root)';
  const x = valueAt(segs, root);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const f = `${at ? at + '.' : ''}${String(p.missingProperty)}`;
      return { zh: `${f}：缺少此项`, en: `${f}: missing` };
    }
    case 'additionalProperties': {
      const f = `${at ? at + '.' : ''}${String(p.additionalProperty)}`;
      return { zh: `${f}：不认识的字段`, en: `${f}: unknown field` };
    }
    case 'const':
      return { zh: `${where}：应为 ${show(p.allowedValue)}，实际是 ${show(x)}`, en: `${where}: must be ${show(p.allowedValue)}, is ${show(x)}` };
    case 'enum': {
      const list = (p.allowedValues as unknown[]).map(show).join(', ');
      return { zh: `${where}：应为以下之一：${list}；实际是 ${show(x)}`, en: `${where}: must be one of ${list}; is ${show(x)}` };
    }
    case 'type': {
      const types = String(p.type).split(',');
      return { zh: `${where}：应为${types.map((t) => TYPE_ZH[t] ?? t).join('或')}，实际是 ${show(x)}`, en: `${where}: must be ${types.join(' or ')}, is ${show(x)}` };
    }
    case 'minimum':
      return { zh: `${where}：不能小于 ${String(p.limit)}（实际 ${show(x)}）`, en: `${where}: must be at least ${String(p.limit)} (is ${show(x)})` };
    case 'maximum':
      return { zh: `${where}：不能大于 ${String(p.limit)}（实际 ${show(x)}）`, en: `${where}: must be at most ${String(p.limit)} (is ${show(x)})` };
    case 'minLength':
      return { zh: `${where}：不能为空`, en: `${where}: must not be empty` };
    case 'pattern':
      return { zh: `${where}：格式不对（${show(x)}）`, en: `${where}: wrong format (${show(x)})` };
    default: // anyOf (a date or null, a year or null) and anything the declaration adds later
      return { zh: `${where}：值 ${show(x)} 格式不对`, en: `${where}: the value ${show(x)} has the wrong form` };
  }
}

/**
 * Checks `x` against the Plan's declaration. Returns the value typed as a Plan when it fits, or
 * every problem (at most 50) in reading order, each `{ zh, en }` with its path. Never throws.
 */
export function validatePlan(input: unknown): { ok: true; plan: Plan } | { ok: false; errors: Bilingual[] } {
  // A plan written by the version before the rename (targets' unit) reads under the new names.
  const x = upgradePlan(input);
  if (check(x)) return { ok: true, plan: x };
  const all = check.errors ?? [];
  // An alternative's own complaints (not a date, not null) are summed up by the anyOf error itself.
  const unions = all.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath + '/');
  const errors = all
    .filter((e) => !unions.some((u) => e.schemaPath.startsWith(u)))
    .map((e, i) => ({ e, i, key: order(e, x) }))
    .sort((a, b) => compare(a.key, b.key) || a.i - b.i)
    .slice(0, MAX_ERRORS)
    .map(({ e }) => word(e, x));
  return { ok: false, errors };
}
