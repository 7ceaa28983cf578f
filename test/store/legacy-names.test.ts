/**
 * The names before the rename of issue 10 item 4 are accepted for one version: what the previous
 * version wrote (test/fixtures/before-rename, written by that version's own server, importer and
 * fill: see make.ts there) opens and answers under orgUnit / measureUnit / sameLastYear / pulled,
 * and a client of the previous version may still send unit, base and figures/…/base.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, startTestServer, type TestServer } from '../support/server';
import { validatePlan } from '../../src/model/validate-plan';
import { loadWorkbook } from '../../src/hosts/xlsx/file';
import { XlsxWorkbook } from '../../src/hosts/xlsx/port';
import { readIdentity } from '../../src/template/read-back';

const FIXTURE = join(__dirname, '..', 'fixtures', 'before-rename');
const SUB = encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators');
const SUB2 = encodeURI('/api/plans/small-2023/submissions/区商务局/2023-06/indicators');
const IND = '一般公共预算收入';

/** Every key of a JSON value, at any depth. */
function keysOf(x: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(x)) for (const v of x) keysOf(v, out);
  else if (typeof x === 'object' && x !== null) {
    for (const [k, v] of Object.entries(x)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
}

describe('names before the rename: a store written by the previous version', () => {
  let dir: string;
  let s: TestServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pb-legacy-'));
    cpSync(join(FIXTURE, 'store'), dir, { recursive: true });
    s = await startTestServer({ backend: 'file', dataDir: dir, plan: null });
  });
  after(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves its submission, plan and catalog under the new names only', async () => {
    const sub = await call(s.url, s.tokens.filler, 'GET', SUB);
    assert.equal(sub.status, 200);
    assert.equal(sub.body.orgUnit, '区财政局');
    assert.deepEqual(sub.body.data.figures[IND], { value: 58.18, growth: 6.1, sameLastYear: 54.9, note: '' });
    assert.ok(!keysOf(sub.body).has('unit') && !keysOf(sub.body).has('base'), JSON.stringify(sub.body));
    const list = await call(s.url, s.tokens.reviewer, 'GET', '/api/plans/small-2023/submissions');
    assert.deepEqual(
      list.body.submissions.map((x: { orgUnit: string; rev: number }) => [x.orgUnit, x.rev]),
      [['区财政局', 2]],
    );
    const plan = await call(s.url, s.tokens.filler, 'GET', '/api/plans/small-2023');
    const targets = (plan.body.value ?? plan.body).targets as Record<string, unknown>[];
    assert.ok(targets.length > 0 && targets.every((t) => typeof t.measureUnit === 'string' && !('unit' in t)));
    const catalog = await call(s.url, s.tokens.filler, 'GET', '/api/catalog');
    const defs = (catalog.body.value ?? catalog.body).indicators as Record<string, unknown>[];
    assert.equal(defs.find((d) => d.name === '地区生产总值')?.measureUnit, '亿元');
    assert.ok(defs.every((d) => !('unit' in d)));
  });

  it('its audit trail reads under the new names and still verifies', async () => {
    const trail = await call(s.url, s.tokens.reviewer, 'GET', `${SUB}/audit?field=${encodeURIComponent(`figures/${IND}/base`)}`);
    assert.equal(trail.status, 200);
    assert.deepEqual(
      trail.body.entries.map((e: { orgUnit: string; field: string; old: unknown; new: unknown }) => [e.orgUnit, e.field, e.old, e.new]),
      [
        ['区财政局', `figures/${IND}/sameLastYear`, null, 54.84],
        ['区财政局', `figures/${IND}/sameLastYear`, 54.84, 54.9],
      ],
    );
    const v = await s.server.backend.verifyAudit();
    assert.equal(v.ok, true, JSON.stringify(v));
  });

  it('a PATCH with base and figures/…/base, and a PUT with unit and base, are stored under the new names', async () => {
    const p = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: 2, edits: [{ field: `figures/${IND}/base`, base: 54.9, value: 55 }] });
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.equal(p.body.submission?.data?.figures?.[IND]?.sameLastYear ?? p.body.data?.figures?.[IND]?.sameLastYear, 55);
    const put = await call(s.url, s.tokens.filler2, 'PUT', SUB2, { unit: '区商务局', data: { figures: { 社会消费品零售总额: { value: 1, growth: null, base: 2, note: '' } } } }, { 'if-match': '"0"' });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.orgUnit, '区商务局');
    assert.deepEqual(put.body.data.figures['社会消费品零售总额'], { value: 1, growth: null, sameLastYear: 2, note: '' });
    // What is written now is in the new names, on disk (the journal, until the next checkpoint) as in the answer.
    const journal = readdirSync(join(dir, 'journal'))
      .map((f) => readFileSync(join(dir, 'journal', f), 'utf8'))
      .join('');
    assert.ok(journal.includes('"orgUnit":"区商务局"') && journal.includes('"sameLastYear":2') && !journal.includes('"base":2'));
    const conflict = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: 2, edits: [{ field: `figures/${IND}/base`, base: 54.9, value: 56 }] });
    assert.equal(conflict.status, 409);
    assert.deepEqual(conflict.body.error.details.conflicts, [{ field: `figures/${IND}/sameLastYear`, pulled: 54.9, theirs: 55, yours: 56 }]);
    const v = await s.server.backend.verifyAudit();
    assert.equal(v.ok, true, JSON.stringify(v));
  });
});

describe('names before the rename: files written by the previous version', () => {
  it('an old plan JSON (targets with unit) loads, with measureUnit', () => {
    const raw = JSON.parse(readFileSync(join(FIXTURE, 'plan.json'), 'utf8')) as { targets: { unit?: string }[] };
    assert.ok(
      raw.targets.some((t) => typeof t.unit === 'string'),
      'the fixture is in the old names',
    );
    const r = validatePlan(raw);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    if (r.ok)
      assert.deepEqual(
        r.plan.targets.map((t) => t.measureUnit),
        raw.targets.map((t) => t.unit),
      );
  });

  it('an old workbook’s hidden identity reads: orgUnit, and what was pulled keyed by figures/…/sameLastYear', async () => {
    const wb = new XlsxWorkbook(await loadWorkbook(join(FIXTURE, 'indicators.xlsx')));
    const id = await readIdentity(wb, await wb.describe());
    assert.equal(id.orgUnit, '区财政局');
    assert.equal(id.pulled[`figures/${IND}/sameLastYear`], 54.9);
    assert.ok(!Object.keys(id.pulled).some((k) => k.endsWith('/base')));
    assert.ok(id.checkPlan === null || id.checkPlan.targets.every((t) => typeof t.measureUnit === 'string'));
  });
});
