/**
 * The audit trail: every figure change with who, old, new, revision and state; readable per
 * submission and per figure; exported; and a changed byte anywhere is found by verify (both backends).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';
import type { FileBackend } from '../../src/store/file-backend';
import { call, startTestServer, type TestServer } from '../support/server';

const SUB = encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators');
const VALUE = 'figures/一般公共预算收入/value';

function capture(cwd: string): { io: CliIO; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t) => out.push(t), err: (t) => err.push(t), cwd, env: {} }, out, err };
}

for (const backend of ['file', 'postgres'] as const) {
  describe(`store audit (${backend})`, function () {
    this.timeout(60_000);
    let s: TestServer;
    beforeEach(async () => {
      s = await startTestServer({ backend });
      let r = await call(s.url, s.tokens.filler, 'PATCH', SUB, {
        baseRev: 0,
        edits: [
          { field: VALUE, base: null, value: 58.18 },
          { field: 'figures/一般公共预算收入/growth', base: null, value: 6.1 },
        ],
      });
      assert.equal(r.status, 200);
      r = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: 1, edits: [{ field: VALUE, base: 58.18, value: 58.2 }] });
      assert.equal(r.status, 200);
    });
    afterEach(async () => {
      await s.stop();
    });

    it('records each figure change with who, old, new, revision and state, per submission and per figure', async () => {
      const all = await call(s.url, s.tokens.reviewer, 'GET', `${SUB}/audit`);
      assert.equal(all.status, 200);
      const changes = all.body.entries.map((e: Record<string, unknown>) => [e.action, e.actor, e.field, e.old, e.new, e.rev, e.state]);
      assert.deepEqual(changes, [
        ['change', 'filler', VALUE, null, 58.18, 1, 'draft'],
        ['change', 'filler', 'figures/一般公共预算收入/growth', null, 6.1, 1, 'draft'],
        ['change', 'filler', VALUE, 58.18, 58.2, 2, 'draft'],
      ]);
      const one = await call(s.url, s.tokens.filler, 'GET', `${SUB}/audit?field=${encodeURIComponent(VALUE)}`);
      assert.deepEqual(
        one.body.entries.map((e: { new: number }) => e.new),
        [58.18, 58.2],
      );
      for (const e of all.body.entries) assert.match(e.hash, /^[0-9a-f]{64}$/);
    });

    it('verify passes on the untouched log and finds a single changed byte', async () => {
      assert.deepEqual(await s.server.backend.verifyAudit(), { ok: true, entries: (await s.server.backend.readAudit({})).length });
      if (backend === 'file') {
        await (s.server.backend as FileBackend).checkpoint();
        const path = join(s.dataDir, 'audit.ndjson');
        const text = readFileSync(path, 'utf8');
        const at = text.indexOf('58.18');
        // 58.18 → 58.19: one byte, still valid JSON.
        writeFileSync(path, text.slice(0, at) + '58.19' + text.slice(at + 5));
        const c = capture(s.dataDir);
        assert.equal(await main(['audit', 'verify', '--data', s.dataDir], c.io), 1);
        assert.match(c.err.join('\n'), /审计日志已被改动.*content changed/);
        writeFileSync(path, text);
        const ok = capture(s.dataDir);
        assert.equal(await main(['audit', 'verify', '--data', s.dataDir], ok.io), 0);
      } else {
        const db = new Client({ connectionString: s.databaseUrl });
        await db.connect();
        try {
          await db.query(`UPDATE pb_audit SET line = replace(line, '58.18', '58.19') WHERE seq = (SELECT min(seq) FROM pb_audit WHERE field IS NOT NULL)`);
          const r = await s.server.backend.verifyAudit();
          assert.equal(r.ok, false);
          assert.match(r.firstBad?.reason ?? '', /content changed/);
          const c = capture('/');
          assert.equal(await main(['audit', 'verify', '--backend', 'postgres', '--database-url', s.databaseUrl!], c.io), 1);
        } finally {
          await db.end();
        }
      }
    });

    it('pages through the whole trail with after and limit', async () => {
      const all: { seq: number }[] = [];
      let after = 0;
      for (let page = 0; page < 20; page++) {
        const r = await call(s.url, s.tokens.admin, 'GET', `/api/audit?after=${after}&limit=2`);
        assert.equal(r.status, 200);
        all.push(...r.body.entries);
        if (r.body.next === null) break;
        after = r.body.next;
      }
      assert.deepEqual(
        all.map((e) => e.seq),
        Array.from({ length: all.length }, (_, i) => i + 1),
      );
      assert.ok(all.length >= 6);
      assert.equal((await call(s.url, s.tokens.admin, 'GET', '/api/audit?limit=0')).status, 422);
      assert.equal((await call(s.url, s.tokens.admin, 'GET', '/api/audit?after=-1')).status, 422);
    });

    it('exports as CSV (with BOM, one row per entry) and JSON', async () => {
      const c = capture('/');
      const args = backend === 'file' ? ['--data', s.dataDir] : ['--backend', 'postgres', '--database-url', s.databaseUrl!];
      if (backend === 'file') await (s.server.backend as FileBackend).checkpoint();
      assert.equal(await main(['audit', 'export', '--format', 'csv', ...args], c.io), 0);
      const csv = c.out.join('');
      assert.ok(csv.startsWith('\uFEFF序号 seq,'));
      assert.match(csv, /change,filler,small-2023,区财政局,2023-06,indicators,figures\/一般公共预算收入\/value,58\.18,58\.2,2,draft/);
      const j = capture('/');
      assert.equal(await main(['audit', 'export', '--format', 'json', ...args], j.io), 0);
      const entries = JSON.parse(j.out.join('')) as { action: string }[];
      assert.equal(entries.filter((e) => e.action === 'change').length, 3);
    });
  });
}
