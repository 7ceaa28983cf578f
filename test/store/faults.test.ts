/**
 * Fault injection on the file store (issue 12): a byte flipped in a middle journal record, a journal
 * segment cut in half, the last audit entry deleted, an audit entry rewritten with every hash after
 * it recomputed, an unrelated data file damaged. Each is detected and named (the start stops,
 * `audit verify` says what and where), nothing is deleted, and no acknowledged write is lost until
 * an operator decides with `planbook store repair`, whose decision is then in the audit.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashEntry, type AuditEntry } from '../../src/store/audit-chain';
import { FileUserStore } from '../../src/store/file-users';
import { call, smallPlan, startTestServer } from '../support/server';
import { cliHere, storeCommands, useAuditKey, type AuditKey } from '../support/store-cli';
import { killHard, spawnServer } from './child';

const SUB = (unit: string, period: string) => encodeURI(`/api/plans/small-2023/submissions/${unit}/${period}/indicators`);
const A = SUB('区财政局', '2023-06');
const B = SUB('区财政局', '2023-07');
const V = 'figures/一般公共预算收入/value';

const key: AuditKey = { file: '' };
let savedCheckpoint: string | undefined;
const cli = cliHere;
const { verify, repair } = storeCommands(key);

/** Every file under dir with its bytes, to show that a refused start or a diagnosis deleted and changed nothing. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name !== 'LOCK') out.set(p, readFileSync(p).toString('base64'));
    }
  };
  walk(dir);
  return out;
}

/** A folder whose journal holds `values` as acknowledged PATCHes (in order) after a SIGKILL. */
async function crashed(values: [string, number][]): Promise<{ dir: string; filler: string; segment: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'planbook-fault-'));
  const users = new FileUserStore(dir);
  const admin = await users.add('admin', 'admin', []);
  const filler = await users.add('filler', 'filler', ['区财政局']);
  let c = await spawnServer(dir);
  assert.equal((await call(c.url, admin, 'POST', '/api/plans', smallPlan())).status, 201);
  assert.equal((await call(c.url, filler, 'GET', A)).status, 200); // the sign-in, in its own record
  await killHard(c);
  c = await spawnServer(dir); // its start checkpoints all that; the writes below stay in the journal
  const last = new Map<string, number | null>();
  for (const [path, v] of values) {
    const r = await call(c.url, filler, 'PATCH', path, { baseRev: 0, edits: [{ field: V, base: last.get(path) ?? null, value: v }] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    last.set(path, v);
  }
  await killHard(c);
  const segs = readdirSync(join(dir, 'journal')).filter((n) => n.endsWith('.journal'));
  assert.equal(segs.length, 1);
  return { dir, filler, segment: segs[0]! };
}

/** Frames of a segment as lines (each ends in a newline in the file). */
function frames(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

async function valueOf(dir: string, token: string, path: string): Promise<{ rev: number; value: unknown }> {
  const c = await spawnServer(dir);
  try {
    const r = await call(c.url, token, 'GET', path);
    return { rev: r.body.rev, value: r.body.data.figures['一般公共预算收入']?.value ?? null };
  } finally {
    await killHard(c);
  }
}

describe('file store faults: detected, named, nothing deleted, no loss without the operator', function () {
  this.timeout(120_000);
  useAuditKey(key);
  before(() => {
    savedCheckpoint = process.env.PLANBOOK_TEST_CHECKPOINT_MS;
    process.env.PLANBOOK_TEST_CHECKPOINT_MS = '100000000';
  });
  after(() => {
    if (savedCheckpoint === undefined) delete process.env.PLANBOOK_TEST_CHECKPOINT_MS;
    else process.env.PLANBOOK_TEST_CHECKPOINT_MS = savedCheckpoint;
  });

  it('a byte flipped in a middle record: the start stops naming segment and record; restore is refused (it would lose the write); accepting the loss is recorded', async () => {
    const f = await crashed([
      [A, 1],
      [B, 7],
      [A, 2],
      [A, 3],
    ]);
    try {
      const seg = join(f.dir, 'journal', f.segment);
      const lines = frames(seg);
      const k = lines.findIndex((l) => l.includes('"value":7'));
      assert.ok(k > 0 && k < lines.length - 1, 'the damaged record is a middle one');
      const line = lines[k]!;
      const at = line.indexOf('"value":7') + 8;
      lines[k] = line.slice(0, at) + '8' + line.slice(at + 1); // 7 → 8: one byte, still valid JSON, wrong checksum
      writeFileSync(seg, lines.join('\n') + '\n');
      const before = snapshot(f.dir);

      await assert.rejects(spawnServer(f.dir), (e: Error) => {
        assert.match(e.message, new RegExp(`预写日志已损坏：journal/${f.segment} 第 ${k + 1} 条记录`));
        assert.match(e.message, new RegExp(`journal/${f.segment}, record ${k + 1} .*checksum mismatch`));
        assert.match(e.message, /planbook store repair/);
        return true;
      });
      assert.deepEqual(snapshot(f.dir), before, 'the refused start deleted and changed nothing');

      const v = await verify(f.dir);
      assert.equal(v.code, 1);
      assert.match(v.err, new RegExp(`\\[journal\\] journal/${f.segment}#${k + 1}`));
      assert.match(v.err, /\[data\].*2023-07.*acknowledged writes lost/, 'the audit has the change the data lacks');

      const d = await repair(f.dir);
      assert.equal(d.code, 1);
      assert.match(d.out, new RegExp(`journal/${f.segment} 第 ${k + 1} 条记录 record ${k + 1}`));
      assert.match(d.out, /2023-07\/indicators figures\/一般公共预算收入\/value → 7 \(rev 1\)/, 'the diagnosis shows the write at stake, from the audit');
      assert.match(d.out, /only --accept-loss/);
      const refused = await repair(f.dir, '--restore-checkpoint');
      assert.notEqual(refused.code, 0);
      assert.match(refused.err, /would lose them[\s\S]*--accept-loss/);
      assert.deepEqual(snapshot(f.dir), before, 'diagnosing and refusing changed nothing');

      const ok = await repair(f.dir, '--accept-loss');
      assert.equal(ok.code, 0, ok.err);
      const aside = readdirSync(join(f.dir, 'journal')).find((n) => n.startsWith('damaged-'))!;
      assert.deepEqual(readFileSync(join(f.dir, 'journal', aside, f.segment)).toString('base64'), before.get(seg), 'the damaged segment is kept, byte for byte');
      assert.deepEqual(await valueOf(f.dir, f.filler, A), { rev: 3, value: 3 }, 'the good records around it are all applied');
      assert.deepEqual(await valueOf(f.dir, f.filler, B), { rev: 2, value: null }, 'the lost write stays lost, by decision; its revision 1 is never used again');
      const after = await verify(f.dir);
      assert.equal(after.code, 0, after.err);
      const trail = JSON.parse((await cli(['audit', 'export', '--format', 'json', '--data', f.dir])).out) as AuditEntry[];
      const rep = trail.filter((e) => e.action === 'repair');
      assert.ok(rep.some((e) => e.orgUnit === '区财政局' && e.period === '2023-07' && e.rev === 2 && e.old === 0 && /accepted the loss: kept revision 0 as revision 2; revisions 1–1 lost/.test(e.detail ?? '')));
      assert.ok(rep.some((e) => new RegExp(`journal/${f.segment} record ${k + 1}`).test(e.detail ?? '')));
    } finally {
      rmSync(f.dir, { recursive: true, force: true });
    }
  });

  it('a flipped byte in a record whose change a later record carries: restoring from the checkpoint loses nothing', async () => {
    const f = await crashed([
      [A, 1],
      [A, 2],
      [A, 3],
    ]);
    try {
      const seg = join(f.dir, 'journal', f.segment);
      const lines = frames(seg);
      const k = lines.findIndex((l) => l.includes('"value":2'));
      lines[k] = lines[k]!.replace('"value":2', '"value":5');
      writeFileSync(seg, lines.join('\n') + '\n');
      await assert.rejects(spawnServer(f.dir), /预写日志已损坏/);
      const d = await repair(f.dir);
      assert.match(d.out, /--restore-checkpoint loses nothing/);
      const ok = await repair(f.dir, '--restore-checkpoint');
      assert.equal(ok.code, 0, ok.err);
      assert.deepEqual(await valueOf(f.dir, f.filler, A), { rev: 3, value: 3 });
      assert.equal((await verify(f.dir)).code, 0);
    } finally {
      rmSync(f.dir, { recursive: true, force: true });
    }
  });

  it('a segment cut to half its length: the audit log shows the records the journal lost, and the start stops', async () => {
    const f = await crashed([
      [A, 1],
      [A, 2],
      [A, 3],
      [A, 4],
      [A, 5],
      [A, 6],
    ]);
    try {
      const seg = join(f.dir, 'journal', f.segment);
      const size = readFileSync(seg).length;
      truncateSync(seg, Math.floor(size / 2));
      const before = snapshot(f.dir);
      await assert.rejects(spawnServer(f.dir), (e: Error) => {
        assert.match(e.message, /预写日志已损坏：journal\/\d{8}\.journal.*预写日志提前结束：audit\.ndjson 中有第 \d+–\d+ 条/, 'the reason in Chinese in the Chinese half');
        assert.match(e.message, /the journal ends early: audit\.ndjson holds entries \d+–\d+/);
        // F3.7: the cut also left a torn last record; "never acknowledged" would contradict the refusal.
        assert.doesNotMatch(e.message, /never acknowledged|从未确认|recovered \d+ journal records/);
        return true;
      });
      assert.deepEqual(snapshot(f.dir), before);
      const v = await verify(f.dir);
      assert.equal(v.code, 1);
      assert.match(v.err, /\[journal\].*ends early/);
      const d = await repair(f.dir);
      assert.match(d.out, /→ 6 \(rev 6\)/, 'the last acknowledged write is named');
      assert.equal((await repair(f.dir, '--accept-loss')).code, 0);
      const a = await valueOf(f.dir, f.filler, A);
      // F3.6: the kept content goes on as revision 7, past the 6 acknowledged; none is used twice.
      assert.equal(a.rev, 7, 'numbered past the highest acknowledged revision');
      assert.ok(typeof a.value === 'number' && a.value < 6, `kept the last good content (${String(a.value)})`);
      assert.equal((await verify(f.dir)).code, 0);
      const c = await spawnServer(f.dir);
      try {
        const stale = await call(c.url, f.filler, 'PATCH', A, { baseRev: 6, edits: [{ field: V, base: 6, value: 9 }] });
        assert.equal(stale.status, 409, 'a push from a client still holding revision 6 meets the kept value, a conflict, not a silent overwrite');
        const put = await call(c.url, f.filler, 'PUT', A, { data: { figures: { 一般公共预算收入: { value: 9 } } } }, { 'if-match': '"6"' });
        assert.equal(put.status, 412, 'ETag "6" never matches again');
        const ok = await call(c.url, f.filler, 'PATCH', A, { baseRev: 7, edits: [{ field: V, base: a.value, value: 9 }] });
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        assert.equal(ok.body.rev, 8);
      } finally {
        await killHard(c);
      }
      const trail = JSON.parse((await cli(['audit', 'export', '--format', 'json', '--data', f.dir])).out) as AuditEntry[];
      const revs = trail.filter((e) => e.action === 'change' && e.period === '2023-06').map((e) => e.rev);
      assert.equal(new Set(revs).size, revs.length, `one change entry per revision, none reused: ${revs.join(',')}`);
      assert.equal((await verify(f.dir)).code, 0);
    } finally {
      rmSync(f.dir, { recursive: true, force: true });
    }
  });

  describe('after a clean stop (the anchor signs the last entry)', () => {
    let dir: string;
    let auditPath: string;
    beforeEach(async () => {
      const s = await startTestServer({});
      let r = await call(s.url, s.tokens.filler, 'PATCH', A, { baseRev: 0, edits: [{ field: V, base: null, value: 58.18 }] });
      assert.equal(r.status, 200);
      r = await call(s.url, s.tokens.filler2, 'PATCH', SUB('区商务局', '2023-06'), { baseRev: 0, edits: [{ field: 'figures/社会消费品零售总额/value', base: null, value: 12 }] });
      assert.equal(r.status, 200);
      r = await call(s.url, s.tokens.filler, 'PATCH', A, { baseRev: 1, edits: [{ field: V, base: 58.18, value: 58.2 }] });
      assert.equal(r.status, 200);
      assert.equal((await call(s.url, s.tokens.reviewer, 'GET', A)).status, 200); // last entry: the reviewer's sign-in
      await s.stop({ keepData: true });
      dir = s.dataDir;
      auditPath = join(dir, 'audit.ndjson');
      assert.equal((await verify(dir)).code, 0);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('the last audit entry deleted: verify names the cut, the start stops, accepting it is recorded and re-signed', async () => {
      const lines = readFileSync(auditPath, 'utf8')
        .split('\n')
        .filter((l) => l !== '');
      const last = JSON.parse(lines[lines.length - 1]!) as AuditEntry;
      assert.equal(last.action, 'signin');
      writeFileSync(auditPath, lines.slice(0, -1).join('\n') + '\n');
      const v = await verify(dir);
      assert.equal(v.code, 1);
      assert.match(v.err, new RegExp(`\\[truncated\\].*entries ${last.seq}–${last.seq} were deleted`));
      const before = snapshot(dir);
      await assert.rejects(startTestServer({ dataDir: dir, plan: null }), /签名锚点[\s\S]*deleted/);
      assert.deepEqual(snapshot(dir), before);
      assert.equal((await repair(dir, '--accept-loss')).code, 0);
      assert.equal((await verify(dir)).code, 0);
      const trail = readFileSync(auditPath, 'utf8');
      assert.match(trail, new RegExp(`"action":"repair".*entries ${last.seq}–${last.seq} were deleted`));
    });

    it('an entry rewritten with every hash after it recomputed: the chain is whole but the signed anchor shows it', async () => {
      const entries = readFileSync(auditPath, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as AuditEntry);
      const i = entries.findIndex((e) => e.new === 58.18);
      let prev = entries[i]!.prev;
      for (let j = i; j < entries.length; j++) {
        const { hash: _old, ...body } = entries[j]!;
        void _old;
        const next = { ...body, prev, ...(j === i ? { new: 99 } : {}) };
        prev = hashEntry(next);
        entries[j] = { ...next, hash: prev };
      }
      writeFileSync(auditPath, entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
      const v = await verify(dir);
      assert.equal(v.code, 1);
      assert.doesNotMatch(v.err, /\[chain\]/, 'the forger kept the chain consistent');
      assert.match(v.err, /\[rewritten\].*rewritten and their hashes recomputed/);
      const before = snapshot(dir);
      await assert.rejects(startTestServer({ dataDir: dir, plan: null }), /签名锚点[\s\S]*rewritten/);
      assert.deepEqual(snapshot(dir), before);
    });

    it('an unrelated data file damaged: verify still checks the audit on its own and names only that file', async () => {
      const file = join(dir, 'submissions', 'small-2023', '区商务局', '2023-06', 'indicators.json');
      writeFileSync(file, '{"rev": 1, "data": {"fig');
      const v = await verify(dir);
      assert.equal(v.code, 1);
      const kinds = [...v.err.matchAll(/\[([a-z-]+)\]/g)].map((m) => m[1]);
      assert.deepEqual(kinds, ['damaged-file'], v.err);
      assert.match(v.err, /submissions\/small-2023\/区商务局\/2023-06\/indicators\.json/);
      const before = snapshot(dir);
      await assert.rejects(startTestServer({ dataDir: dir, plan: null }), /数据文件已损坏：submissions\/small-2023\/区商务局\/2023-06\/indicators\.json/);
      assert.deepEqual(snapshot(dir), before);
    });
  });
});
