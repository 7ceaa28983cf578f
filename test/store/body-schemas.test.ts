/**
 * The request bodies are checked by ajv from their TypeBox declarations (model/submission-schema.ts),
 * and each problem keeps the words and order the hand validator gave them: the first problem of a
 * body is the one the 422's message names, so clients that show it see the same sentence.
 */
import assert from 'node:assert/strict';
import { PlanbookError } from '../../src/model/errors';
import { parseEmpty, parseLookup, parsePatchRequest, parsePutBody, parseReason } from '../../src/store/validate';

const KEY = { plan: 'small-2023', orgUnit: '区财政局', period: '2023-06', form: 'indicators' };

function problems(f: () => unknown): { code: string; problems: [string, string][] } {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof PlanbookError);
    const ps = (e.details as { problems?: { path: string; en: string }[] } | undefined)?.problems ?? [];
    return { code: e.code, problems: ps.map((p) => [p.path, p.en]) };
  }
  assert.fail('accepted');
}

describe('request bodies checked from their declarations', () => {
  it('PATCH: unknown fields first, then each edit’s field, pulled and value, worded as before', () => {
    const r = problems(() => parsePatchRequest({ baseRev: 1, extra: 1, edits: [{ field: 'figures/地区生产总值/value', base: [], value: {} }, 5, { field: 'tasks/1/status', pulled: null, value: 1 }] }, 'indicators'));
    assert.deepEqual(r, {
      code: 'VALIDATION',
      problems: [
        ['/extra', 'is not a known field'],
        ['/edits/0/pulled', 'must be a number, text or null, not array'],
        ['/edits/0/value', 'must be a number, text or null, not object'],
        ['/edits/1', 'must be an object {field, pulled, value}'],
        ['/edits/2/field', 'the "indicators" form only holds figures/… fields'],
      ],
    });
  });

  it('PATCH: a missing baseRev is 428 before anything else; too many edits is one problem', () => {
    assert.equal(problems(() => parsePatchRequest({ edits: 3 }, 'indicators')).code, 'PRECONDITION_REQUIRED');
    const many = Array.from({ length: 2001 }, () => ({ field: 'figures/a/value', pulled: null, value: {} }));
    assert.deepEqual(problems(() => parsePatchRequest({ baseRev: 0, edits: many }, 'indicators')).problems, [['/edits', 'at most 2000 edits per push, got 2001']]);
  });

  it('PUT: server-only fields, the URL’s key and each field in the declaration’s order', () => {
    const r = problems(() => parsePutBody({ data: { tasks: { 0: { note: 2, progress: {}, status: 3 } } }, orgUnit: '别的单位', rev: 3 }, 'tasks', { ...KEY, form: 'tasks' }));
    assert.deepEqual(r.problems, [
      ['/rev', 'is set by the server and may not be sent'],
      ['/orgUnit', 'does not match "区财政局" in the URL'],
      ['/data/tasks/0', 'a task number must be a positive integer'],
      ['/data/tasks/0/status', 'must be text, not number'],
      ['/data/tasks/0/progress', 'must be a number, text or null, not object'],
      ['/data/tasks/0/note', 'must be text, not number'],
    ]);
    const big = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`指标${i}`, { value: {} }]));
    assert.deepEqual(problems(() => parsePutBody({ data: { figures: big } }, 'indicators', KEY)).problems, [['/data/figures', 'has too many entries (at most 500, got 501)']]);
    assert.deepEqual(parsePutBody({ data: { figures: { 地区生产总值: { value: 58.18 } } } }, 'indicators', KEY), {
      figures: { 地区生产总值: { value: 58.18, growth: null, sameLastYear: null, note: '' } },
      tasks: {},
    });
  });

  it('return, submit and lookup bodies', () => {
    assert.deepEqual(problems(() => parseReason({ reason: '  ' })).problems, [['/reason', 'a return needs a reason']]);
    assert.equal(parseReason({ reason: ' 数据有误 ' }), '数据有误');
    assert.equal(problems(() => parseReason([])).code, 'BAD_REQUEST');
    assert.deepEqual(problems(() => parseEmpty({ state: 'approved' })).problems, [['/state', 'is set by the server and may not be sent']]);
    assert.equal(parseEmpty(undefined), undefined);
    assert.deepEqual(problems(() => parseLookup({ queries: [{ kind: 'target', indicator: 'GDP', year: 2023.5, x: 1 }, 3], y: 2 })).problems, [
      ['/y', 'is not a known field'],
      ['/queries/0/x', 'is not a known field'],
      ['/queries/0/year', 'must be a year'],
      ['/queries/1', 'must be an object'],
    ]);
  });
});
