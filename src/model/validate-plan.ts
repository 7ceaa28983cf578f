/**
 * validatePlan: checks an unknown value (a plan.json read from disk or an HTTP body) against
 * plan.schema.json and returns every problem found, each in zh-CN and English with its path
 * (targets[3].value), not just the first. The schema is the single statement of the format; this
 * file interprets the part of JSON Schema it uses (type, const, enum, required, properties,
 * additionalProperties, items, minimum, maximum, minLength, pattern, oneOf, $ref), so the core
 * stays free of dependencies.
 */
import type { Plan } from './plan';
import type { Bilingual } from './i18n';
import schemaJson from './plan.schema.json';

interface Schema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean;
  items?: Schema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  oneOf?: Schema[];
  $ref?: string;
  $defs?: Record<string, Schema>;
}

const ROOT = schemaJson as unknown as Schema;
const MAX_ERRORS = 50;

const TYPE_ZH: Record<string, string> = { string: '文本', number: '数字', integer: '整数', boolean: '布尔值', null: '空值', object: '对象', array: '数组' };

function typeOf(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  return typeof x;
}

function hasType(x: unknown, t: string): boolean {
  if (t === 'integer') return typeof x === 'number' && Number.isInteger(x);
  if (t === 'number') return typeof x === 'number' && Number.isFinite(x);
  return typeOf(x) === t;
}

function resolve(s: Schema): Schema {
  if (!s.$ref) return s;
  const name = s.$ref.replace('#/$defs/', '');
  const target = ROOT.$defs?.[name];
  if (!target) throw new Error(`plan.schema.json: unknown $ref ${s.$ref}`);
  return target;
}

function show(x: unknown): string {
  const s = JSON.stringify(x);
  return s === undefined ? String(x) : s.length > 40 ? s.slice(0, 40) + '…' : s;
}

function check(x: unknown, schema: Schema, at: string, errors: Bilingual[]): void {
  if (errors.length >= MAX_ERRORS) return;
  const s = resolve(schema);
  const where = at || '(根 root)';
  if (s.oneOf) {
    const fits = s.oneOf.filter((alt) => {
      const e: Bilingual[] = [];
      check(x, alt, at, e);
      return e.length === 0;
    }).length;
    if (fits !== 1) errors.push({ zh: `${where}：值 ${show(x)} 格式不对`, en: `${where}: the value ${show(x)} has the wrong form` });
    return;
  }
  if ('const' in s && x !== s.const) {
    errors.push({ zh: `${where}：应为 ${show(s.const)}，实际是 ${show(x)}`, en: `${where}: must be ${show(s.const)}, is ${show(x)}` });
    return;
  }
  if (s.enum && !s.enum.includes(x)) {
    const list = s.enum.map(show).join(', ');
    errors.push({ zh: `${where}：应为以下之一：${list}；实际是 ${show(x)}`, en: `${where}: must be one of ${list}; is ${show(x)}` });
    return;
  }
  if (s.type) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => hasType(x, t))) {
      errors.push({
        zh: `${where}：应为${types.map((t) => TYPE_ZH[t] ?? t).join('或')}，实际是 ${show(x)}`,
        en: `${where}: must be ${types.join(' or ')}, is ${show(x)}`,
      });
      return;
    }
  }
  if (typeof x === 'number') {
    if (s.minimum !== undefined && x < s.minimum) errors.push({ zh: `${where}：不能小于 ${s.minimum}（实际 ${x}）`, en: `${where}: must be at least ${s.minimum} (is ${x})` });
    if (s.maximum !== undefined && x > s.maximum) errors.push({ zh: `${where}：不能大于 ${s.maximum}（实际 ${x}）`, en: `${where}: must be at most ${s.maximum} (is ${x})` });
  }
  if (typeof x === 'string') {
    if (s.minLength !== undefined && x.length < s.minLength) errors.push({ zh: `${where}：不能为空`, en: `${where}: must not be empty` });
    if (s.pattern !== undefined && !new RegExp(s.pattern).test(x)) errors.push({ zh: `${where}：格式不对（${show(x)}）`, en: `${where}: wrong format (${show(x)})` });
  }
  if (Array.isArray(x) && s.items) x.forEach((item, i) => check(item, s.items!, `${at}[${i}]`, errors));
  if (typeOf(x) === 'object') {
    const obj = x as Record<string, unknown>;
    for (const r of s.required ?? []) {
      if (!(r in obj)) errors.push({ zh: `${at ? at + '.' : ''}${r}：缺少此项`, en: `${at ? at + '.' : ''}${r}: missing` });
    }
    for (const [k, v] of Object.entries(obj)) {
      const sub = s.properties?.[k];
      const path = at ? `${at}.${k}` : k;
      if (sub) check(v, sub, path, errors);
      else if (s.additionalProperties === false) errors.push({ zh: `${path}：不认识的字段`, en: `${path}: unknown field` });
    }
  }
}

export function validatePlan(x: unknown): { ok: true; plan: Plan } | { ok: false; errors: Bilingual[] } {
  const errors: Bilingual[] = [];
  check(x, ROOT, '', errors);
  return errors.length === 0 ? { ok: true, plan: x as Plan } : { ok: false, errors };
}
