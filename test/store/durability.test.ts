/**
 * The file backend keeps every acknowledged write: across SIGKILL at random moments under concurrent
 * pushes, with a failing disk, and against a second server on the same folder.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileUserStore } from '../../src/store/file-users';
import { nodeFs, type FsLayer } from '../../src/store/fs-layer';
import { FileBackend } from '../../src/store/file-backend';
import { main } from '../../src/cli/main';
import { call, smallPlan, startTestServer } from '../support/server';
import { killHard, spawnServer, type Child } from './child';
import { runKillLoop } from './kill-loop';

const SUB = (unit: string, period: string) => encodeURI(`/api/plans/small-2023/submissions/${unit}/${period}/indicators`);

function allJsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) out.push(...allJsonFiles(p));
    else if (d.name.endsWith('.json')) out.push(p);
  }
  return out;
}

/** A folder with users and the small plan, ready for child servers. */
async function preparedFolder(): Promise<{ dir: string; admin: string; filler: string; filler2: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'planbook-crash-'));
  const users = new FileUserStore(dir);
  const admin = await users.add('admin', 'admin', []);
  const filler = await users.add('filler', 'filler', ['区财政局']);
  const filler2 = await users.add('filler2', 'filler', ['区商务局']);
  const c = await spawnServer(dir);
  try {
    assert.equal((await call(c.url, admin, 'POST', '/api/plans', smallPlan())).status, 201);
  } finally {
    await killHard(c);
  }
  return { dir, admin, filler, filler2 };
}

describe('file backend durability', function () {
  this.timeout(120_000);

  it('a second server on the same folder refuses to start; after a SIGKILL the stale lock does not block a restart', async () => {
    const f = await preparedFolder();
    let first: Child | null = null;
    try {
      first = await spawnServer(f.dir);
      await assert.rejects(spawnServer(f.dir), (e: Error) => /正被另一个 planbook 服务.*使用/.test(e.message) && /in use by another planbook server/.test(e.message));
      assert.equal((await call(first.url, f.filler, 'GET', SUB('区财政局', '2023-06'))).status, 200, 'the first server is unharmed');
      await killHard(first);
      first = await spawnServer(f.dir);
      assert.equal((await call(first.url, f.filler, 'GET', SUB('区财政局', '2023-06'))).status, 200);
    } finally {
      if (first) await killHard(first);
      rmSync(f.dir, { recursive: true, force: true });
    }
  });

  it('a full disk during a write answers 503 STORAGE, acknowledges nothing, keeps earlier state, and recovers when space returns', async () => {
    let failing = false;
    const enospc = (): never => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    const flaky: FsLayer = {
      ...nodeFs,
      async open(path, flags) {
        const h = await nodeFs.open(path, flags);
        return {
          ...h,
          writeAll: async (data) => {
            if (failing) {
              await h.writeAll(data.slice(0, Math.floor(data.length / 2))); // a torn write, as a real full disk leaves
              enospc();
            }
            await h.writeAll(data);
          },
          datasync: async () => (failing ? enospc() : h.datasync()),
        };
      },
    };
    const s = await startTestServer({ fs: flaky });
    try {
      const path = SUB('区财政局', '2023-06');
      let r = await call(s.url, s.tokens.filler, 'PATCH', path, { baseRev: 0, edits: [{ field: 'figures/一般公共预算收入/value', base: null, value: 58.18 }] });
      assert.equal(r.status, 200);
      failing = true;
      r = await call(s.url, s.tokens.filler, 'PATCH', path, { baseRev: 1, edits: [{ field: 'figures/一般公共预算收入/value', base: 58.18, value: 99 }] });
      assert.equal(r.status, 503);
      assert.equal(r.body.error.code, 'STORAGE');
      assert.match(r.body.error.zh, /未保存/);
      assert.match(r.body.error.en, /not saved/);
      r = await call(s.url, s.tokens.filler, 'GET', path);
      assert.deepEqual([r.body.rev, r.body.data.figures['一般公共预算收入'].value], [1, 58.18]);
      failing = false;
      r = await call(s.url, s.tokens.filler, 'PATCH', path, { baseRev: 1, edits: [{ field: 'figures/一般公共预算收入/growth', base: null, value: 6.1 }] });
      assert.equal(r.status, 200);
      assert.equal(r.body.rev, 2);
      await s.stop({ keepData: true });
      // After a restart the torn bytes of the failed write are gone and only acknowledged writes remain.
      const again = await startTestServer({ dataDir: s.dataDir, plan: null });
      try {
        r = await call(again.url, again.tokens.filler, 'GET', path);
        assert.deepEqual([r.body.rev, r.body.data.figures['一般公共预算收入'].value, r.body.data.figures['一般公共预算收入'].growth], [2, 58.18, 6.1]);
        assert.equal((await again.server.backend.verifyAudit()).ok, true);
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(s.dataDir, { recursive: true, force: true });
    }
  });

  it('checkpoints keep up under a steady stream of writes: documents reach their files and old journal segments go', async () => {
    const s = await startTestServer({});
    try {
      const b = s.server.backend as FileBackend;
      let stop = false;
      const revs = [0, 0, 0, 0];
      const writers = revs.map(async (_, i) => {
        while (!stop) {
          const r = await call(s.url, s.tokens.filler, 'PATCH', SUB('区财政局', `2023-0${i + 1}`), { baseRev: 0, edits: [{ field: 'figures/一般公共预算收入/value', base: revs[i] || null, value: revs[i]! + 1 }] });
          assert.equal(r.status, 200);
          revs[i] = r.body.rev;
        }
      });
      // Checkpoints forced while the writers never pause.
      for (let k = 0; k < 5; k++) {
        await new Promise((r) => setTimeout(r, 60));
        await b.checkpoint();
      }
      const segments = readdirSync(join(s.dataDir, 'journal'));
      stop = true;
      await Promise.all(writers);
      assert.ok(segments.length <= 2, `old segments retired while writing (${segments.join(', ')})`);
      const onDisk = JSON.parse(readFileSync(join(s.dataDir, 'submissions', 'small-2023', '区财政局', '2023-01', 'indicators.json'), 'utf8')) as { rev: number };
      assert.ok(onDisk.rev > 1, `the document file follows the writes (rev ${onDisk.rev} on disk, ${revs[0]} in memory)`);
    } finally {
      await s.stop();
    }
  });

  it('survives 50 SIGKILLs at random moments during concurrent pushes: every acknowledged write present, no document corrupt, audit verify clean', async function () {
    // A bound for a hung server, not a speed expectation: on a busy 2-core machine a round (a start,
    // its checks, the writes, the kill) takes a few seconds.
    this.timeout(900_000);
    const f = await preparedFolder();
    const keys = [SUB('区财政局', '2023-06'), SUB('区财政局', '2023-07'), SUB('区商务局', '2023-06')];
    try {
      const { totalAcked, check: verify } = await runKillLoop({
        rounds: 50,
        clients: 8,
        seed: 20231,
        tokenFor: (i) => (i % 3 === 2 ? f.filler2 : f.filler),
        keyFor: (i) => keys[i % 3]!,
        start: () => spawnServer(f.dir),
      });
      const c = await spawnServer(f.dir);
      try {
        await verify(c.url);
        assert.ok(totalAcked > 200, `enough writes were acknowledged to mean something (${totalAcked})`);
        const b = await FileBackend.open({ dir: f.dir, readOnly: true });
        assert.equal((await b.verifyAudit()).ok, true, 'the audit chain is whole');
        await b.close();
        // The operator's check beside the live server: chain, signed anchor, and every acknowledged
        // change in the data matched by its audit entry and every entry by its change.
        const out: string[] = [];
        const err: string[] = [];
        const code = await main(['audit', 'verify', '--data', f.dir], { out: (t) => out.push(t), err: (t) => err.push(t), cwd: '/', env: process.env });
        assert.equal(code, 0, err.join('\n'));
        assert.match(out.join(''), /signed anchor matched, data and audit agree/);
      } finally {
        await killHard(c);
      }
      // A clean open writes every document out; each must parse.
      const s = await startTestServer({ dataDir: f.dir, plan: null });
      await s.stop({ keepData: true });
      for (const file of allJsonFiles(f.dir)) {
        assert.doesNotThrow(() => JSON.parse(readFileSync(file, 'utf8')), file);
        assert.ok(statSync(file).size > 0, file);
      }
    } finally {
      rmSync(f.dir, { recursive: true, force: true });
    }
  });
});
