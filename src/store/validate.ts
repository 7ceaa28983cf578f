/**
 * Strict checks on what crosses the HTTP boundary. Every problem is collected (not just the first),
 * each with its JSON path and a message in both languages, and returned as one 422 (or 400 for a
 * body of the wrong shape altogether). Unknown fields are refused rather than ignored: a typo in a
 * field name must not silently drop a figure.
 */
import { PlanbookError } from '../model/errors';
import type { Bilingual } from '../model/i18n';
import { upgradePatchBody, upgradeSubmission } from '../model/legacy-names';
import { parseFieldPath, type FieldValue, type SubmissionData } from '../model/submission';
import { LIMITS } from '../model/submission-schema';
import type { FieldEdit, LookupQuery, PatchRequest } from '../sync/protocol';

export interface Problem extends Bilingual {
  path: string;
}

// The limits are declared with the schemas they bound (model/submission-schema.ts).
export { LIMITS } from '../model/submission-schema';

/** Fields a client may never set: the server decides them. */
const SERVER_ONLY = ['rev', 'state', 'updatedBy', 'updatedAt', 'returnReason', 'judgedBy', 'author', 'status'] as const;

export type FormId = 'indicators' | 'tasks';
export const FORMS: readonly FormId[] = ['indicators', 'tasks'];

class Collector {
  readonly problems: Problem[] = [];
  add(path: string, zh: string, en: string): void {
    if (this.problems.length < 100) this.problems.push({ path, zh, en });
  }
  throwIfAny(code: 'VALIDATION' | 'BAD_REQUEST' = 'VALIDATION'): void {
    if (this.problems.length === 0) return;
    const first = this.problems[0]!;
    const more = this.problems.length > 1 ? this.problems.length - 1 : 0;
    throw new PlanbookError(
      code,
      {
        zh: `数据未通过校验：${first.path} ${first.zh}${more ? `（另有 ${more} 处问题）` : ''}`,
        en: `Invalid data: ${first.path} ${first.en}${more ? ` (and ${more} more)` : ''}`,
      },
      { problems: this.problems },
    );
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function typeName(x: unknown): string {
  return x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x;
}

function checkKeys(c: Collector, obj: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(obj)) {
    if ((SERVER_ONLY as readonly string[]).includes(k) && !allowed.includes(k)) {
      c.add(`${path}/${k}`, `由服务器设置，不能由客户端提交`, `is set by the server and may not be sent`);
    } else if (!allowed.includes(k)) {
      c.add(`${path}/${k}`, `是未知字段`, `is not a known field`);
    }
  }
}

/** A cell value: a finite number, a short text, or empty. */
function checkEntered(c: Collector, v: unknown, path: string): void {
  if (v === null || (typeof v === 'number' && Number.isFinite(v))) return;
  if (typeof v === 'string') {
    if (v.length > LIMITS.textChars) c.add(path, `过长（最多 ${LIMITS.textChars} 个字符）`, `is too long (at most ${LIMITS.textChars} characters)`);
    return;
  }
  c.add(path, `应为数字、文字或 null，实际是 ${typeName(v)}`, `must be a number, text or null, not ${typeName(v)}`);
}

function checkText(c: Collector, v: unknown, path: string): void {
  if (typeof v !== 'string') c.add(path, `应为文字，实际是 ${typeName(v)}`, `must be text, not ${typeName(v)}`);
  else if (v.length > LIMITS.textChars) c.add(path, `过长（最多 ${LIMITS.textChars} 个字符）`, `is too long (at most ${LIMITS.textChars} characters)`);
}

function checkKey(c: Collector, key: string, path: string): void {
  // __proto__ and friends would reach Object prototypes when used as record keys.
  if (key.length === 0 || key.length > LIMITS.keyChars || /[\u0000-\u001f/]/.test(key) || key === '__proto__' || key === 'constructor' || key === 'prototype') {
    c.add(path, `名称无效（1–${LIMITS.keyChars} 个字符，不含 / 和控制字符）`, `is not a valid name (1–${LIMITS.keyChars} characters, no / or control characters)`);
  }
}

function checkFieldValue(c: Collector, field: string, v: unknown, path: string): void {
  const p = parseFieldPath(field);
  if (!p) return;
  if (p.field === 'note' || p.field === 'text') {
    if (v !== null) checkText(c, v, path);
  } else if (p.field === 'status') {
    if (v !== null) checkText(c, v, path);
  } else checkEntered(c, v, path);
}

function checkFieldPath(c: Collector, field: unknown, form: FormId, path: string): field is string {
  if (typeof field !== 'string') {
    c.add(path, `应为字段路径文字，实际是 ${typeName(field)}`, `must be a field path, not ${typeName(field)}`);
    return false;
  }
  const p = parseFieldPath(field);
  if (!p) {
    c.add(path, `“${field.slice(0, 80)}”不是有效的字段路径（如 figures/地区生产总值/value）`, `"${field.slice(0, 80)}" is not a field path (e.g. figures/GDP/value)`);
    return false;
  }
  const want = form === 'indicators' ? 'figures' : 'tasks';
  if (p.group !== want) {
    c.add(path, `“${form}”表只能填写 ${want}/… 字段`, `the "${form}" form only holds ${want}/… fields`);
    return false;
  }
  checkKey(c, p.key, path);
  if (p.group === 'tasks' && !/^[1-9]\d{0,5}$/.test(p.key)) c.add(path, `任务编号应为正整数`, `a task number must be a positive integer`);
  return true;
}

export function parsePatchRequest(body: unknown, form: FormId): PatchRequest {
  // Edits sent by a client of the version before the rename: base → pulled, figures/X/base → figures/X/sameLastYear.
  const x = upgradePatchBody(body);
  const c = new Collector();
  if (!isRecord(x)) {
    c.add('', `请求体应为 JSON 对象 {baseRev, edits}`, `the body must be a JSON object {baseRev, edits}`);
    c.throwIfAny('BAD_REQUEST');
    throw new Error('unreachable');
  }
  checkKeys(c, x, '', ['baseRev', 'edits']);
  if (x.baseRev === undefined) {
    throw new PlanbookError('PRECONDITION_REQUIRED', { zh: '推送必须带上 baseRev（拉取时的版本号）', en: 'A push must carry baseRev (the revision it was pulled at)' });
  }
  if (typeof x.baseRev !== 'number' || !Number.isInteger(x.baseRev) || x.baseRev < 0) c.add('/baseRev', `应为非负整数`, `must be a non-negative integer`);
  if (!Array.isArray(x.edits)) c.add('/edits', `应为数组`, `must be an array`);
  else if (x.edits.length > LIMITS.editsPerPatch) {
    c.add('/edits', `一次最多推送 ${LIMITS.editsPerPatch} 处修改，实际 ${x.edits.length}`, `at most ${LIMITS.editsPerPatch} edits per push, got ${x.edits.length}`);
  } else {
    const seen = new Set<string>();
    x.edits.forEach((e: unknown, i: number) => {
      const path = `/edits/${i}`;
      if (!isRecord(e)) return c.add(path, `应为对象 {field, pulled, value}`, `must be an object {field, pulled, value}`);
      checkKeys(c, e, path, ['field', 'pulled', 'value']);
      if (!('pulled' in e)) c.add(`${path}/pulled`, `缺少（拉取时的值，没有则为 null）`, `is missing (the pulled value, null if none)`);
      if (!('value' in e)) c.add(`${path}/value`, `缺少`, `is missing`);
      if (checkFieldPath(c, e.field, form, `${path}/field`)) {
        if (seen.has(e.field)) c.add(`${path}/field`, `重复修改同一字段`, `edits the same field twice`);
        seen.add(e.field);
        checkFieldValue(c, e.field, e.pulled, `${path}/pulled`);
        checkFieldValue(c, e.field, e.value, `${path}/value`);
      }
    });
  }
  c.throwIfAny();
  return { baseRev: x.baseRev as number, edits: (x.edits as FieldEdit[]).map((e) => ({ field: e.field, pulled: e.pulled as FieldValue, value: e.value as FieldValue })) };
}

/** PUT body: { data }, optionally with the document's own key fields (which must match the URL). */
export function parsePutBody(body: unknown, form: FormId, key: { plan: string; orgUnit: string; period: string; form: string }): SubmissionData {
  // A body of the version before the rename: unit → orgUnit, each figure's base → sameLastYear.
  const x = upgradeSubmission(body);
  const c = new Collector();
  if (!isRecord(x)) {
    c.add('', `请求体应为 JSON 对象 {data}`, `the body must be a JSON object {data}`);
    c.throwIfAny('BAD_REQUEST');
    throw new Error('unreachable');
  }
  checkKeys(c, x, '', ['data', 'plan', 'orgUnit', 'period', 'form']);
  for (const k of ['plan', 'orgUnit', 'period', 'form'] as const) {
    if (x[k] !== undefined && x[k] !== key[k]) c.add(`/${k}`, `与地址中的“${key[k]}”不一致`, `does not match "${key[k]}" in the URL`);
  }
  const data = x.data;
  const out: SubmissionData = { figures: {}, tasks: {} };
  if (!isRecord(data)) {
    c.add('/data', `应为对象 {figures, tasks}`, `must be an object {figures, tasks}`);
  } else {
    checkKeys(c, data, '/data', ['figures', 'tasks']);
    const groups: ['figures' | 'tasks', readonly string[], number][] = [
      ['figures', ['value', 'growth', 'sameLastYear', 'note'], LIMITS.figuresPerSubmission],
      ['tasks', ['status', 'progress', 'text', 'note'], LIMITS.tasksPerSubmission],
    ];
    for (const [g, fields, max] of groups) {
      const recs = data[g];
      if (recs === undefined) continue;
      if (!isRecord(recs)) {
        c.add(`/data/${g}`, `应为对象`, `must be an object`);
        continue;
      }
      const entries = Object.entries(recs);
      if (entries.length > max) {
        c.add(`/data/${g}`, `条目过多（最多 ${max} 条，实际 ${entries.length}）`, `has too many entries (at most ${max}, got ${entries.length})`);
        continue;
      }
      if (entries.length > 0 && g !== (form === 'indicators' ? 'figures' : 'tasks')) {
        c.add(`/data/${g}`, `“${form}”表不含 ${g}`, `the "${form}" form holds no ${g}`);
        continue;
      }
      for (const [k, rec] of entries) {
        const path = `/data/${g}/${k}`;
        checkFieldPath(c, `${g}/${k}/${fields[0]}`, form, path);
        if (!isRecord(rec)) {
          c.add(path, `应为对象`, `must be an object`);
          continue;
        }
        checkKeys(c, rec, path, fields);
        for (const f of fields) {
          const v = rec[f] === undefined ? (f === 'note' || f === 'text' ? '' : null) : rec[f];
          checkFieldValue(c, `${g}/${k}/${f}`, v, `${path}/${f}`);
        }
        if (g === 'figures') {
          out.figures[k] = { value: (rec.value ?? null) as FieldValue, growth: (rec.growth ?? null) as FieldValue, sameLastYear: (rec.sameLastYear ?? null) as FieldValue, note: (rec.note ?? '') as string };
        } else {
          out.tasks[k] = { status: (rec.status ?? null) as string | null, progress: (rec.progress ?? null) as FieldValue, text: (rec.text ?? '') as string, note: (rec.note ?? '') as string };
        }
      }
    }
  }
  c.throwIfAny();
  return out;
}

/**
 * The limits of one submission, shared by PUT and PATCH (issue 12: PATCH had none, and one filler
 * built a 50,000-figure, 41 MB submission): at most LIMITS.figuresPerSubmission figures and
 * LIMITS.tasksPerSubmission tasks (422 VALIDATION naming the group), and at most
 * LIMITS.documentBytes of JSON (413 TOO_LARGE). Run on the data a write would store, before it is.
 */
export function checkSubmissionSize(data: SubmissionData): void {
  const c = new Collector();
  const figures = Object.keys(data.figures).length;
  const tasks = Object.keys(data.tasks).length;
  if (figures > LIMITS.figuresPerSubmission) {
    c.add(
      '/data/figures',
      `条目过多：一份报表最多 ${LIMITS.figuresPerSubmission} 个指标，本次修改后将有 ${figures} 个`,
      `too many entries: a submission holds at most ${LIMITS.figuresPerSubmission} figures; this change would make ${figures}`,
    );
  }
  if (tasks > LIMITS.tasksPerSubmission) {
    c.add(
      '/data/tasks',
      `条目过多：一份报表最多 ${LIMITS.tasksPerSubmission} 项任务，本次修改后将有 ${tasks} 项`,
      `too many entries: a submission holds at most ${LIMITS.tasksPerSubmission} tasks; this change would make ${tasks}`,
    );
  }
  c.throwIfAny();
  const bytes = Buffer.byteLength(JSON.stringify(data));
  if (bytes > LIMITS.documentBytes) {
    throw new PlanbookError(
      'TOO_LARGE',
      {
        zh: `报表过大：修改后为 ${(bytes / 1024 / 1024).toFixed(1)} MB，上限 ${LIMITS.documentBytes / 1024 / 1024} MB；未保存任何修改`,
        en: `The submission would be too large: ${(bytes / 1024 / 1024).toFixed(1)} MB after this change, over the ${LIMITS.documentBytes / 1024 / 1024} MB limit; nothing was saved`,
      },
      { bytes, limit: LIMITS.documentBytes },
    );
  }
}

export function parseReason(x: unknown): string {
  const c = new Collector();
  if (!isRecord(x)) {
    c.add('', `请求体应为 JSON 对象 {reason}`, `the body must be a JSON object {reason}`);
    c.throwIfAny('BAD_REQUEST');
  } else {
    checkKeys(c, x, '', ['reason']);
    if (typeof x.reason !== 'string' || x.reason.trim() === '') c.add('/reason', `退回必须写明原因`, `a return needs a reason`);
    else checkText(c, x.reason, '/reason');
  }
  c.throwIfAny();
  return ((x as Record<string, unknown>).reason as string).trim();
}

/** submit / approve take an empty body or {}; anything else is a mistake worth telling. */
export function parseEmpty(x: unknown): void {
  if (x === undefined) return;
  const c = new Collector();
  if (!isRecord(x)) c.add('', `请求体应为空或 {}`, `the body must be empty or {}`);
  else checkKeys(c, x, '', []);
  c.throwIfAny();
}

export function parseLookup(x: unknown): LookupQuery[] {
  const c = new Collector();
  if (!isRecord(x) || !Array.isArray(x.queries)) {
    c.add('/queries', `请求体应为 {queries: [...]}`, `the body must be {queries: [...]}`);
    c.throwIfAny('BAD_REQUEST');
    throw new Error('unreachable');
  }
  checkKeys(c, x, '', ['queries']);
  if (x.queries.length > LIMITS.queriesPerLookup) c.add('/queries', `一次最多 ${LIMITS.queriesPerLookup} 个查询`, `at most ${LIMITS.queriesPerLookup} queries at once`);
  else
    x.queries.forEach((q: unknown, i: number) => {
      const path = `/queries/${i}`;
      if (!isRecord(q)) return c.add(path, `应为对象`, `must be an object`);
      checkKeys(c, q, path, ['kind', 'indicator', 'year', 'period']);
      if (q.kind !== 'target' && q.kind !== 'actual' && q.kind !== 'progress') c.add(`${path}/kind`, `应为 target、actual 或 progress`, `must be target, actual or progress`);
      if (typeof q.indicator !== 'string' || q.indicator === '' || q.indicator.length > LIMITS.keyChars) c.add(`${path}/indicator`, `应为指标名称`, `must be an indicator name`);
      if (q.year !== undefined && (typeof q.year !== 'number' || !Number.isInteger(q.year))) c.add(`${path}/year`, `应为年份整数`, `must be a year`);
      if (q.period !== undefined && typeof q.period !== 'string') c.add(`${path}/period`, `应为报告期文字（如 2023-06）`, `must be a period (e.g. 2023-06)`);
    });
  c.throwIfAny();
  return x.queries as LookupQuery[];
}
