/**
 * F8.1 on a real PostgreSQL: a trail cut short or rewritten (hashes recomputed) stops the start with
 * the file backend's bilingual line, keeping every row; `planbook store repair --backend postgres`
 * says what is wrong and what can be done, and with --accept-loss records the decision in the
 * audit and re-signs the anchor, so the server starts, `audit verify` is clean and names the loss,
 * and no revision number is used twice.
 */
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { hashEntry, type AuditEntry } from '../../src/store/audit-chain';
import { PlanbookError } from '../../src/model/errors';
import { runCli } from '../support/cli-run';
import { call, startTestServer } from '../support/server';

const SUB = encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators');
const V = 'figures/一般公共预算收入/value';
const env = (): Record<string, string> => Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));

async function withDb<T>(url: string, fn: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

/** Two acknowledged writes (revisions 1 and 2), then the server stopped: answers the database. */
async function twoWrites(): Promise<string> {
  const s = await startTestServer({ backend: 'postgres' });
  try {
    let r = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: 0, edits: [{ field: V, base: null, value: 58.18 }] });
    assert.equal(r.status, 200);
    r = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: 1, edits: [{ field: V, base: 58.18, value: 58.2 }] });
    assert.equal(r.status, 200);
  } finally {
    await s.stop();
  }
  return s.databaseUrl!;
}

async function refused(url: string): Promise<PlanbookError> {
  try {
    const s = await startTestServer({ backend: 'postgres', databaseUrl: url });
    await s.stop();
  } catch (e) {
    assert.ok(e instanceof PlanbookError, String(e));
    return e;
  }
  assert.fail('the server started on a trail that does not reach its signed anchor');
}

const repair = (url: string, ...more: string[]) => runCli('/', env(), ['store', 'repair', '--backend', 'postgres', '--database-url', url, ...more]);
const verify = (url: string) => runCli('/', env(), ['audit', 'verify', '--backend', 'postgres', '--database-url', url]);

describe('PostgreSQL: a cut or rewritten audit stops the start; store repair records the decision', function () {
  this.timeout(120_000);

  it('the last audit row deleted: start refused naming the entry, rows kept; repair --accept-loss, then start, verify clean with the loss, revision past 2', async () => {
    const url = await twoWrites();
    const last = await withDb(url, async (db) => {
      const m = Number((await db.query<{ m: string }>('SELECT max(seq) AS m FROM pb_audit')).rows[0]!.m);
      await db.query('DELETE FROM pb_audit WHERE seq = $1', [m]);
      return m;
    });
    const e = await refused(url);
    assert.equal(e.code, 'STORAGE');
    assert.match(e.zh, new RegExp(`第 ${last}–${last} 条被删除.*未启动.*store repair --backend postgres`));
    assert.match(e.en, new RegExp(`entries ${last}–${last} were deleted.*did not start.*store repair --backend postgres`));
    assert.equal(await withDb(url, async (db) => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM pb_audit')).rows[0]!.n)), last - 1, 'nothing written or deleted');

    // As the operator runs it: `planbook serve --backend postgres` says it in one line and exits 3.
    const serve = await runCli('/', env(), ['serve', '--backend', 'postgres', '--database-url', url, '--port', '0']);
    assert.equal(serve.code, 3, serve.out + serve.err);
    assert.match(serve.err, new RegExp(`entries ${last}–${last} were deleted`));
    assert.doesNotMatch(serve.err, /\n\s+at /, 'no stack trace');

    const look = await repair(url);
    assert.equal(look.code, 1, look.out + look.err);
    assert.match(look.out, /\[truncated\].*were deleted/);
    assert.match(look.out, /--accept-loss/);
    assert.match(look.err, /未做任何改动.*nothing changed/);

    const done = await repair(url, '--accept-loss');
    assert.equal(done.code, 0, done.out + done.err);
    assert.match(done.out, /repair entries in the audit/);

    const v = await verify(url);
    assert.equal(v.code, 0, v.out + v.err);
    assert.match(v.out, /recorded repair #\d+ .*accepted the loss.*were deleted/);

    const s = await startTestServer({ backend: 'postgres', databaseUrl: url });
    try {
      let r = await call(s.url, s.tokens.filler, 'GET', SUB);
      assert.equal(r.body.data.figures['一般公共预算收入'].value, 58.2, 'the stored form is kept');
      assert.ok(r.body.rev > 2, `revision ${r.body.rev} is past every acknowledged one`);
      r = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: r.body.rev, edits: [{ field: V, base: 58.2, value: 60 }] });
      assert.equal(r.status, 200);
      const after = await s.server.backend.verifyAudit();
      assert.equal(after.ok, true, JSON.stringify(after.problems));
    } finally {
      await s.stop();
    }
  });

  it('an entry rewritten with every later hash recomputed: start refused; repair says the original cannot be restored here, and --accept-loss records it', async () => {
    const url = await twoWrites();
    const seq = await withDb(url, async (db) => {
      const rows = (await db.query<{ seq: string; line: string }>('SELECT seq, line FROM pb_audit ORDER BY seq')).rows.map((r) => JSON.parse(r.line) as AuditEntry);
      const i = rows.findIndex((x) => x.action === 'change' && x.new === 58.18);
      let prev = rows[i - 1]?.hash ?? '0'.repeat(64);
      for (let j = i; j < rows.length; j++) {
        const { hash: _old, ...body } = rows[j]!;
        const changed = j === i ? { ...body, new: 99, prev } : { ...body, ...(j === i + 1 && body.old === 58.18 ? { old: 99 } : {}), prev };
        prev = hashEntry(changed);
        await db.query('UPDATE pb_audit SET line = $2 WHERE seq = $1', [changed.seq, JSON.stringify({ ...changed, hash: prev })]);
      }
      return rows[i]!.seq;
    });
    const e = await refused(url);
    assert.match(e.en, /no longer has the hash the signed anchor names: entries up to it were rewritten.*did not start/);
    assert.match(e.zh, /改写并重算了哈希.*未启动/);

    const look = await repair(url);
    assert.equal(look.code, 1);
    assert.match(look.out, /\[rewritten\]/);
    assert.match(look.out, /cannot be told \(only a database backup can restore them\)/);
    assert.match(look.out, /无法判断哪些条目被改写/);
    const done = await repair(url, '--accept-loss');
    assert.equal(done.code, 0, done.out + done.err);
    const v = await verify(url);
    assert.equal(v.code, 0, v.out + v.err);
    assert.match(v.out, /recorded repair .*rewritten/);
    assert.ok(seq > 0);
    const s = await startTestServer({ backend: 'postgres', databaseUrl: url });
    await s.stop();
  });

  it('the deleted last row was the plan import: the plan is kept, renumbered past its revisions, and the server starts again', async () => {
    const first = await startTestServer({ backend: 'postgres' });
    await first.server.backend.readAudit({}); // chains the import's pending entry before the stop
    await first.stop();
    const url = first.databaseUrl!;
    const gone = await withDb(url, async (db) => {
      const row = (await db.query<{ seq: string; line: string }>('SELECT seq, line FROM pb_audit ORDER BY seq DESC LIMIT 1')).rows[0]!;
      await db.query('DELETE FROM pb_audit WHERE seq = $1', [row.seq]);
      return JSON.parse(row.line) as AuditEntry;
    });
    assert.equal(gone.action, 'plan-import');
    await refused(url);
    const look = await repair(url);
    assert.match(look.out, /\[data\] plan small-2023/);
    const done = await repair(url, '--accept-loss');
    assert.equal(done.code, 0, done.out + done.err);
    const v = await verify(url);
    assert.equal(v.code, 0, v.out + v.err);
    assert.match(v.out, /recorded repair .*plan as stored at revision 1 kept as revision 2/);
    const s = await startTestServer({ backend: 'postgres', databaseUrl: url });
    try {
      assert.equal((await s.server.backend.verifyAudit()).ok, true);
    } finally {
      await s.stop();
    }
  });

  it('a broken chain (an entry changed without recomputing hashes) cannot be mended here: repair says restore pb_audit from a backup and changes nothing', async () => {
    const url = await twoWrites();
    await withDb(url, (db) => db.query(`UPDATE pb_audit SET line = replace(line, '58.18', '58.19') WHERE seq = (SELECT min(seq) FROM pb_audit WHERE field IS NOT NULL)`));
    const before = await withDb(url, async (db) => (await db.query('SELECT seq, line FROM pb_audit ORDER BY seq')).rows);
    const r = await repair(url, '--accept-loss');
    assert.equal(r.code, 1);
    assert.match(r.out, /restore pb_audit from a database backup/);
    assert.deepEqual(await withDb(url, async (db) => (await db.query('SELECT seq, line FROM pb_audit ORDER BY seq')).rows), before);
  });
});
