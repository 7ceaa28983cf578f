/**
 * A damaged file of the data folder (tester findings F3.1–F3.3): checkpoint.json, a submission, a
 * plan, users.json. Each stops the start with one bilingual line naming the file and
 * `planbook store repair`; `audit verify` names it; `store repair` never says "clean" about it and
 * offers a way back — a submission rebuilt from the audit trail field for field, checkpoint.json
 * rebuilt and re-signed, a plan or users.json lost only by the operator's decision — with the
 * damaged file kept and the decision in the audit.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry } from '../../src/store/audit-chain';
import { rebuildSubmission } from '../../src/store/audit-rebuild';
import { startServer } from '../../src/store/server';
import { call, startTestServer, type TestServer } from '../support/server';
import { cliHere, storeCommands, useAuditKey, type AuditKey } from '../support/store-cli';

const SUB = (unit: string, period: string) => encodeURI(`/api/plans/small-2023/submissions/${unit}/${period}/indicators`);
const A = SUB('区财政局', '2023-06');
const A_FILE = join('submissions', 'small-2023', '区财政局', '2023-06', 'indicators.json');
const V = 'figures/一般公共预算收入/value';

const key: AuditKey = { file: '' };
const cli = cliHere;
const { verify, repair } = storeCommands(key);
const trail = async (dir: string) => JSON.parse((await cli(['audit', 'export', '--format', 'json', '--data', dir])).out) as AuditEntry[];

/** The one line `planbook serve` prints for a refused start, in both languages. */
async function refusedStart(dir: string): Promise<string> {
  try {
    const s = await startTestServer({ dataDir: dir, plan: null });
    await s.stop({ keepData: true });
  } catch (e) {
    return (e as Error & { zh?: string; en?: string }).zh + ' / ' + (e as Error & { en?: string }).en;
  }
  assert.fail('the server started on a damaged folder');
}

describe('damaged files of the data folder: refused, named, and a way back', function () {
  this.timeout(120_000);
  let dir: string;
  let served: unknown;

  useAuditKey(key);

  beforeEach(async () => {
    const s: TestServer = await startTestServer({});
    let r = await call(s.url, s.tokens.filler, 'PATCH', A, { baseRev: 0, edits: [{ field: V, base: null, value: 58.18 }] });
    assert.equal(r.status, 200);
    r = await call(s.url, s.tokens.filler, 'PATCH', A, {
      baseRev: 1,
      edits: [
        { field: V, base: 58.18, value: 58.2 },
        { field: 'figures/一般公共预算收入/growth', base: null, value: 4.5 },
        { field: 'figures/一般公共预算收入/note', base: '', value: '初步核算' },
      ],
    });
    assert.equal(r.status, 200);
    served = (await call(s.url, s.tokens.filler, 'GET', A)).body;
    await s.stop({ keepData: true });
    dir = s.dataDir;
    assert.equal((await verify(dir)).code, 0);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('checkpoint.json with garbage appended: refused naming it; repair rebuilds and re-signs it (was "the folder is clean")', async () => {
    appendFileSync(join(dir, 'checkpoint.json'), 'garbage');
    const line = await refusedStart(dir);
    assert.match(line, /数据文件已损坏：checkpoint\.json 无法解析或缺少签名锚点.*planbook store repair/);
    assert.match(line, /A data file is damaged: checkpoint\.json does not parse.*planbook store repair/);
    assert.doesNotMatch(line.split(' / ')[0]!, /Unexpected|JSON at position/, 'no parser English inside the Chinese');
    const v = await verify(dir);
    assert.equal(v.code, 1);
    assert.match(v.err, /checkpoint\.json/);
    const d = await repair(dir);
    assert.equal(d.code, 1);
    assert.doesNotMatch(d.out, /nothing to repair/);
    assert.match(d.out, /checkpoint\.json[\s\S]*re-signing the audit's current head/);
    const ok = await repair(dir, '--restore-checkpoint');
    assert.equal(ok.code, 0, ok.err);
    const aside = readdirSync(dir).find((n) => n.startsWith('damaged-'))!;
    assert.match(readFileSync(join(dir, aside, 'checkpoint.json'), 'utf8'), /garbage$/, 'the damaged file is kept');
    assert.equal((await verify(dir)).code, 0);
    const s = await startTestServer({ dataDir: dir, plan: null });
    try {
      assert.deepEqual((await call(s.url, s.tokens.filler, 'GET', A)).body, served);
    } finally {
      await s.stop({ keepData: true });
    }
    assert.ok((await trail(dir)).some((e) => e.action === 'repair' && /checkpoint\.json/.test(e.detail ?? '')));
  });

  it('a submission file cut short: refused naming it; repair rebuilds it from the audit trail, field for field', async () => {
    const file = join(dir, A_FILE);
    writeFileSync(file, readFileSync(file).subarray(0, 50));
    const line = await refusedStart(dir);
    assert.match(line, /数据文件已损坏：submissions\/small-2023\/区财政局\/2023-06\/indicators\.json.*planbook store repair/);
    const v = await verify(dir);
    assert.equal(v.code, 1);
    assert.match(v.err, /\[damaged-file\].*2023-06\/indicators\.json/);
    const d = await repair(dir);
    assert.equal(d.code, 1);
    assert.match(d.out, /indicators\.json[\s\S]*rebuilt from the audit trail to revision 2; nothing lost/);
    const ok = await repair(dir, '--restore-checkpoint');
    assert.equal(ok.code, 0, ok.err);
    assert.equal((await verify(dir)).code, 0);
    const s = await startTestServer({ dataDir: dir, plan: null });
    try {
      const got = (await call(s.url, s.tokens.filler, 'GET', A)).body;
      const strip = (x: unknown) => ({ ...(x as object), updatedAt: undefined });
      assert.deepEqual(strip(got), strip(served), 'the same revision, values, note, state and author');
      const next = await call(s.url, s.tokens.filler, 'PATCH', A, { baseRev: 2, edits: [{ field: V, base: 58.2, value: 60 }] });
      assert.equal(next.status, 200);
      assert.equal(next.body.rev, 3);
    } finally {
      await s.stop({ keepData: true });
    }
    assert.equal((await verify(dir)).code, 0);
    assert.ok((await trail(dir)).some((e) => e.action === 'repair' && e.period === '2023-06' && e.rev === 2 && /rebuilt from the audit trail/.test(e.detail ?? '')));
  });

  it('a plan file cut short: only the accepted loss is offered (the audit holds no plan contents); then the server starts and the plan can be imported again', async () => {
    const file = join(dir, 'plans', 'small-2023.json');
    writeFileSync(file, readFileSync(file).subarray(0, 50));
    assert.match(await refusedStart(dir), /plans\/small-2023\.json/);
    assert.match((await verify(dir)).err, /plans\/small-2023\.json/);
    const d = await repair(dir);
    assert.match(d.out, /plans\/small-2023\.json[\s\S]*only --accept-loss/);
    const refused = await repair(dir, '--restore-checkpoint');
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /plans\/small-2023\.json.*--accept-loss/);
    assert.equal((await repair(dir, '--accept-loss')).code, 0);
    assert.ok(
      existsSync(
        join(
          dir,
          readdirSync(dir).find((n) => n.startsWith('damaged-'))!,
          'plans',
          'small-2023.json',
        ),
      ),
    );
    const s = await startTestServer({ dataDir: dir });
    try {
      assert.equal((await call(s.url, s.tokens.filler, 'GET', A)).body.rev, 2, 'the submissions were never at stake');
    } finally {
      await s.stop({ keepData: true });
    }
    assert.equal((await verify(dir)).code, 0);
  });

  it('an audit line damaged in the middle: the start serves on with a warning; verify fails; repair names the line and sends to the backup instead of saying "clean"', async () => {
    const file = join(dir, 'audit.ndjson');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = '{"seq":2,garbage';
    writeFileSync(file, lines.join('\n'));
    const said: string[] = [];
    const server = await startServer({ dataDir: dir, port: 0, log: (l) => said.push(l) });
    await server.close();
    assert.ok(
      said.some((l) => /audit\.ndjson 第 2 行无法读取.*line 2 cannot be read/.test(l)),
      said.join('\n'),
    );
    assert.equal((await verify(dir)).code, 1);
    const d = await repair(dir);
    assert.equal(d.code, 1);
    assert.match(d.out, /audit\.ndjson 第 2 行无法读取[\s\S]*restore audit\.ndjson from a backup/);
    assert.doesNotMatch(d.out, /nothing to repair/);
    const refused = await repair(dir, '--accept-loss');
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /restore audit\.ndjson from a backup/);
  });

  it('users.json damaged: the start is refused (it answered 503 to every GET); verify and repair name it; accepting the loss sets it aside', async () => {
    writeFileSync(join(dir, 'users.json'), '{"users":[');
    const line = await refusedStart(dir);
    assert.match(line, /users\.json/);
    assert.match(line, /planbook store repair/);
    const v = await verify(dir);
    assert.equal(v.code, 1);
    assert.match(v.err, /users\.json/);
    const d = await repair(dir);
    assert.equal(d.code, 1);
    assert.match(d.out, /users\.json[\s\S]*planbook user add/);
    assert.notEqual((await repair(dir, '--restore-checkpoint')).code, 0);
    assert.equal((await repair(dir, '--accept-loss')).code, 0);
    assert.equal(existsSync(join(dir, 'users.json')), false);
    const added = await cli(['user', 'add', 'admin', '--role', 'admin', '--data', dir]);
    assert.equal(added.code, 0, added.err);
    assert.equal((await verify(dir)).code, 0);
  });
});

describe('a submission file edited by hand, the audit untouched (F3.5)', function () {
  this.timeout(60_000);
  useAuditKey(key);

  it('the start says so (naming the field and the audit entry) and serves on; store repair puts back what the trail holds, keeping the edited file', async () => {
    const s = await startTestServer({});
    const dir = s.dataDir;
    try {
      assert.equal((await call(s.url, s.tokens.filler, 'PATCH', A, { baseRev: 0, edits: [{ field: V, base: null, value: 58.18 }] })).status, 200);
      await s.stop({ keepData: true });
      const file = join(dir, A_FILE);
      writeFileSync(file, readFileSync(file, 'utf8').replace('58.18', '68.18'));

      const lines: string[] = [];
      const server = await startServer({ dataDir: dir, port: 0, log: (l) => lines.push(l) });
      await server.close();
      const warned = lines.filter((l) => /数据与审计日志不符/.test(l));
      assert.equal(warned.length, 1, lines.join('\n'));
      assert.match(warned[0]!, /字段 figures\/一般公共预算收入\/value 的值与审计第 \d+ 条不符.*field figures\/一般公共预算收入\/value differs from audit entry \d+.*planbook store repair/);

      const v = await verify(dir);
      assert.equal(v.code, 1);
      const d = await repair(dir);
      assert.equal(d.code, 1);
      assert.match(d.out, /field figures\/一般公共预算收入\/value is 68\.18 in the file, 58\.18 in the audit/);
      const ok = await repair(dir, '--restore-checkpoint');
      assert.equal(ok.code, 0, ok.err);
      assert.equal((await verify(dir)).code, 0);
      assert.match(readFileSync(join(dir, A_FILE), 'utf8'), /58\.18/);
      const aside = readdirSync(dir).find((n) => n.startsWith('damaged-'))!;
      assert.match(readFileSync(join(dir, aside, A_FILE), 'utf8'), /68\.18/, 'the edited file is kept');
      const again: string[] = [];
      const clean = await startServer({ dataDir: dir, port: 0, log: (l) => again.push(l) });
      await clean.close();
      assert.deepEqual(
        again.filter((l) => /不符/.test(l)),
        [],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a submission rebuilt from the audit trail', () => {
  const key = { plan: 'p', orgUnit: '区财政局', period: '2023-06', form: 'indicators' };
  const e = (seq: number, x: Partial<AuditEntry>): AuditEntry => ({ seq, at: `2026-01-0${seq}T00:00:00Z`, prev: '', hash: '', action: 'change', actor: 'f', ...key, ...x });

  it('replays changes, submit and return; answers null when a revision has no entry', () => {
    const entries = [
      e(1, { field: 'figures/X/value', new: 1, rev: 1, state: 'draft' }),
      e(2, { action: 'submit', rev: 2, state: 'submitted' }),
      e(3, { action: 'return', rev: 3, state: 'returned', detail: '请补说明', actor: 'r' }),
    ];
    const s = rebuildSubmission(key, entries)!;
    assert.equal(s.rev, 3);
    assert.equal(s.state, 'returned');
    assert.equal(s.returnReason, '请补说明');
    assert.equal(s.data.figures.X!.value, 1);
    assert.equal(s.updatedBy, 'r');
    assert.equal(rebuildSubmission(key, [entries[0]!, entries[2]!]), null, 'revision 2 has no entry: the trail cannot tell it');
  });
});
