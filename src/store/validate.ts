/**
 * Strict checks on what crosses the HTTP boundary. Every problem is collected (not just the first),
 * each with its JSON path and a message in both languages, and returned as one 422 (or 400 for a
 * body of the wrong shape altogether). Unknown fields are refused rather than ignored: a typo in a
 * field name must not silently drop a figure.
 * The shapes are the TypeBox declarations of model/submission-schema.ts, checked by ajv (body-check.ts);
 * what a schema cannot say is checked here: field paths and their form, names, duplicate edits, a
 * text field's value, the key fields against the URL, and a missing baseRev (428, before anything).
 */
import { PlanbookError } from '../model/errors';
import type { Bilingual } from '../model/i18n';
import { upgradePatchBody, upgradeSubmission } from '../model/legacy-names';
import { parseFieldPath, type FieldValue, type SubmissionData } from '../model/submission';
import { EmptyBodySchema, LIMITS, LookupRequestSchema, PatchRequestSchema, PutBodySchema, ReturnBodySchema, type LookupRequest, type ReturnBody } from '../model/submission-schema';
import type { LookupQuery, PatchRequest } from '../sync/protocol';
import { bodyCheck, bodyProblems, inReadingOrder, typeName, type BodyCheck, type Wording } from './body-check';

export interface Problem extends Bilingual {
  path: string;
}

// The limits are declared with the schemas they bound (model/submission-schema.ts).
export { LIMITS } from '../model/submission-schema';

export type FormId = 'indicators' | 'tasks';
export const FORMS: readonly FormId[] = ['indicators', 'tasks'];

class Collector {
  readonly problems: Problem[] = [];
  add(path: string, zh: string, en: string): void {
    if (this.problems.length < 100) this.problems.push({ path, zh, en });
  }
  addAll(ps: readonly Problem[]): void {
    for (const p of ps) this.add(p.path, p.zh, p.en);
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

// __proto__ and friends would reach Object prototypes when used as record keys.
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Each broken rule gets its own reason (F3.8: "__proto__" was told it had a wrong length). */
function checkKey(c: Collector, key: string, path: string): void {
  if (RESERVED_KEYS.has(key)) {
    c.add(path, `名称“${key}”是程序保留字，不能用作指标或任务名称；请改用其他名称`, `the name "${key}" is reserved by the program and cannot name an indicator or task; choose another name`);
  } else if (key.length === 0 || key.length > LIMITS.keyChars) {
    c.add(path, `名称长度应为 1–${LIMITS.keyChars} 个字符，实际 ${key.length} 个`, `a name must be 1–${LIMITS.keyChars} characters long, not ${key.length}`);
  } else if (/[\u0000-\u001f/]/.test(key)) {
    c.add(path, `名称不能含 / 或控制字符；请删去它们`, `a name must not contain / or control characters; remove them`);
  }
}

/** A text field (note, text, status) holds text or null; the schema lets any cell value through a PATCH's value. */
function checkFieldValue(c: Collector, field: string, v: unknown, path: string): void {
  const p = parseFieldPath(field);
  if (!p || !(p.field === 'note' || p.field === 'text' || p.field === 'status')) return;
  if (v !== null && v !== undefined && typeof v !== 'string') c.add(path, `应为文字，实际是 ${typeName(v)}`, `must be text, not ${typeName(v)}`);
}

function checkFieldPath(c: Collector, field: string, form: FormId, path: string): boolean {
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

const ENTERED: Wording = (x) => [`应为数字、文字或 null，实际是 ${typeName(x)}`, `must be a number, text or null, not ${typeName(x)}`];
const TEXT: Wording = (x) => [`应为文字，实际是 ${typeName(x)}`, `must be text, not ${typeName(x)}`];
const OBJECT: Wording = () => [`应为对象`, `must be an object`];

const PATCH = bodyCheck(
  PatchRequestSchema,
  { edits: 1 },
  {
    '/baseRev': () => [`应为非负整数`, `must be a non-negative integer`],
    '/edits': (x) => (Array.isArray(x) ? [`一次最多推送 ${LIMITS.editsPerPatch} 处修改，实际 ${x.length}`, `at most ${LIMITS.editsPerPatch} edits per push, got ${x.length}`] : [`应为数组`, `must be an array`]),
    '/edits/*': () => [`应为对象 {field, pulled, value}`, `must be an object {field, pulled, value}`],
    '/edits/*/field': (x) => [`应为字段路径文字，实际是 ${typeName(x)}`, `must be a field path, not ${typeName(x)}`],
    '/edits/*/pulled': (x) => (x === undefined ? [`缺少（拉取时的值，没有则为 null）`, `is missing (the pulled value, null if none)`] : ENTERED(x)),
    '/edits/*/value': (x) => (x === undefined ? [`缺少`, `is missing`] : ENTERED(x)),
  },
);

export function parsePatchRequest(body: unknown, form: FormId): PatchRequest {
  // Edits sent by a client of the version before the rename: base → pulled, figures/X/base → figures/X/sameLastYear.
  const x = upgradePatchBody(body);
  const c = new Collector();
  if (!isRecord(x)) {
    c.add('', `请求体应为 JSON 对象 {baseRev, edits}`, `the body must be a JSON object {baseRev, edits}`);
    c.throwIfAny('BAD_REQUEST');
    throw new Error('unreachable');
  }
  if (x.baseRev === undefined) {
    throw new PlanbookError('PRECONDITION_REQUIRED', { zh: '推送必须带上 baseRev（拉取时的版本号）', en: 'A push must carry baseRev (the revision it was pulled at)' });
  }
  // The declaration checks the shape; the field paths, duplicates and text fields are checked here.
  const problems = bodyProblems(PATCH, x);
  const shaped = new Set(problems.map((p) => p.path));
  const semantic = new Collector();
  if (Array.isArray(x.edits) && !shaped.has('/edits')) {
    const seen = new Set<string>();
    x.edits.forEach((e: unknown, i: number) => {
      const path = `/edits/${i}`;
      if (!isRecord(e) || typeof e.field !== 'string' || !checkFieldPath(semantic, e.field, form, `${path}/field`)) return;
      if (seen.has(e.field)) semantic.add(`${path}/field`, `重复修改同一字段`, `edits the same field twice`);
      seen.add(e.field);
      if (!shaped.has(`${path}/pulled`)) checkFieldValue(semantic, e.field, e.pulled, `${path}/pulled`);
      if (!shaped.has(`${path}/value`)) checkFieldValue(semantic, e.field, e.value, `${path}/value`);
    });
  }
  c.addAll(inReadingOrder([...semantic.problems, ...problems], x, PATCH));
  c.throwIfAny();
  const ok = x as PatchRequest;
  return { baseRev: ok.baseRev, edits: ok.edits.map((e) => ({ field: e.field, pulled: e.pulled, value: e.value })) };
}

/** PUT words: the key fields that must match the URL are worded with it (see parsePutBody). */
function putCheck(key: { plan: string; orgUnit: string; period: string; form: string }): BodyCheck {
  const mismatch =
    (k: keyof typeof key): Wording =>
    () => [`与地址中的“${key[k]}”不一致`, `does not match "${key[k]}" in the URL`];
  const words: Record<string, Wording> = {
    '/plan': mismatch('plan'),
    '/orgUnit': mismatch('orgUnit'),
    '/period': mismatch('period'),
    '/form': mismatch('form'),
    '/data': () => [`应为对象 {figures, tasks}`, `must be an object {figures, tasks}`],
    '/data/figures': OBJECT,
    '/data/tasks': OBJECT,
    '/data/figures/*': OBJECT,
    '/data/tasks/*': OBJECT,
  };
  for (const f of ['value', 'growth', 'sameLastYear']) words[`/data/figures/*/${f}`] = ENTERED;
  words['/data/tasks/*/progress'] = ENTERED;
  for (const f of ['/data/figures/*/note', '/data/tasks/*/note', '/data/tasks/*/text', '/data/tasks/*/status']) words[f] = TEXT;
  return { ...PUT, words };
}
const PUT = bodyCheck(PutBodySchema, { data: 2 }, {});

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
  const problems = bodyProblems(putCheck(key), x);
  const semantic = new Collector();
  for (const k of ['plan', 'orgUnit', 'period', 'form'] as const) {
    if (typeof x[k] === 'string' && x[k] !== key[k]) semantic.add(`/${k}`, `与地址中的“${key[k]}”不一致`, `does not match "${key[k]}" in the URL`);
  }
  const data = x.data;
  const out: SubmissionData = { figures: {}, tasks: {} };
  const groups: ['figures' | 'tasks', string][] = [
    ['figures', 'value'],
    ['tasks', 'status'],
  ];
  const skipped: string[] = [];
  for (const [g, first] of groups) {
    const recs = isRecord(data) ? data[g] : undefined;
    if (!isRecord(recs) || problems.some((p) => p.path === `/data/${g}`)) continue;
    const entries = Object.entries(recs);
    if (entries.length > 0 && g !== (form === 'indicators' ? 'figures' : 'tasks')) {
      semantic.add(`/data/${g}`, `“${form}”表不含 ${g}`, `the "${form}" form holds no ${g}`);
      skipped.push(`/data/${g}/`);
      continue;
    }
    for (const [k, rec] of entries) {
      checkFieldPath(semantic, `${g}/${k}/${first}`, form, `/data/${g}/${k}`);
      if (!isRecord(rec)) continue;
      if (g === 'figures') {
        out.figures[k] = { value: (rec.value ?? null) as FieldValue, growth: (rec.growth ?? null) as FieldValue, sameLastYear: (rec.sameLastYear ?? null) as FieldValue, note: (rec.note ?? '') as string };
      } else {
        out.tasks[k] = { status: (rec.status ?? null) as string | null, progress: (rec.progress ?? null) as FieldValue, text: (rec.text ?? '') as string, note: (rec.note ?? '') as string };
      }
    }
  }
  const shaped = problems.filter((p) => !skipped.some((s) => p.path.startsWith(s)));
  c.addAll(inReadingOrder([...semantic.problems, ...shaped], x, PUT));
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

const REASON = bodyCheck(ReturnBodySchema, {}, { '/reason': () => [`退回必须写明原因`, `a return needs a reason`] });

/** POST …/return: {reason}, not blank; returns the reason trimmed. */
export function parseReason(x: unknown): string {
  const c = new Collector();
  if (!isRecord(x)) {
    c.add('', `请求体应为 JSON 对象 {reason}`, `the body must be a JSON object {reason}`);
    c.throwIfAny('BAD_REQUEST');
    throw new Error('unreachable');
  }
  c.addAll(inReadingOrder(bodyProblems(REASON, x), x, REASON));
  c.throwIfAny();
  return (x as ReturnBody).reason.trim();
}

const EMPTY = bodyCheck(EmptyBodySchema, {}, {});

/** submit / approve take an empty body or {}; anything else is a mistake worth telling. */
export function parseEmpty(x: unknown): void {
  if (x === undefined) return;
  const c = new Collector();
  if (!isRecord(x)) c.add('', `请求体应为空或 {}`, `the body must be empty or {}`);
  else c.addAll(inReadingOrder(bodyProblems(EMPTY, x), x, EMPTY));
  c.throwIfAny();
}

const LOOKUP = bodyCheck(
  LookupRequestSchema,
  { queries: 1 },
  {
    '/queries': () => [`一次最多 ${LIMITS.queriesPerLookup} 个查询`, `at most ${LIMITS.queriesPerLookup} queries at once`],
    '/queries/*': OBJECT,
    '/queries/*/kind': () => [`应为 target、actual 或 progress`, `must be target, actual or progress`],
    '/queries/*/indicator': () => [`应为指标名称`, `must be an indicator name`],
    '/queries/*/year': () => [`应为年份整数`, `must be a year`],
    '/queries/*/period': () => [`应为报告期文字（如 2023-06）`, `must be a period (e.g. 2023-06)`],
  },
);

/** POST /api/plans/{plan}/lookup: {queries: [...]} (400 when not that shape at all, 422 naming each bad query). */
export function parseLookup(x: unknown): LookupQuery[] {
  const c = new Collector();
  if (!isRecord(x) || !Array.isArray(x.queries)) {
    c.add('/queries', `请求体应为 {queries: [...]}`, `the body must be {queries: [...]}`);
    c.throwIfAny('BAD_REQUEST');
    throw new Error('unreachable');
  }
  c.addAll(inReadingOrder(bodyProblems(LOOKUP, x), x, LOOKUP));
  c.throwIfAny();
  return (x as LookupRequest).queries;
}
