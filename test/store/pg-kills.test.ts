/**
 * PostgreSQL under app-server crashes: a planbook server process is SIGKILLed again and again while
 * clients push to it. A write is acknowledged only after its transaction (with its audit drafts)
 * committed, and the chain is appended after the commit by whichever server runs next, so every
 * acknowledged write must be there, the chain whole up to its signed head, and data and audit agree.
 */
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { main } from '../../src/cli/main';
import { hashEntry, type AuditEntry } from '../../src/store/audit-chain';
import { call, startTestServer } from '../support/server';
import { spawnServer } from './child';
import { runKillLoop } from './kill-loop';

const SUB = (unit: string, period: string) => encodeURI(`/api/plans/small-2023/submissions/${unit}/${period}/indicators`);

describe('PostgreSQL: app servers killed during concurrent writes', function () {
  this.timeout(900_000); // a bound for a hang, not a speed expectation

  it('20 SIGKILLs of the app server under 6 writers: no acknowledged write lost, verify clean, data and audit agree', async () => {
    const a = await startTestServer({ backend: 'postgres' });
    const keys = [SUB('区财政局', '2023-06'), SUB('区财政局', '2023-07'), SUB('区商务局', '2023-06')];
    try {
      const { totalAcked, check } = await runKillLoop({
        rounds: 20,
        clients: 6,
        seed: 4242,
        tokenFor: (i) => (i % 3 === 2 ? a.tokens.filler2 : a.tokens.filler),
        keyFor: (i) => keys[i % 3]!,
        start: () => spawnServer(a.dataDir, a.databaseUrl),
      });
      await check(a.url);
      assert.ok(totalAcked > 40, `enough writes were acknowledged to mean something (${totalAcked})`);
      const v = await a.server.backend.verifyAudit();
      assert.deepEqual(v.problems ?? [], [], 'chain whole to its signed head; data and audit agree');
      const out: string[] = [];
      const code = await main(['audit', 'verify', '--backend', 'postgres', '--database-url', a.databaseUrl!], { out: (t) => out.push(t), err: (t) => out.push(t), cwd: '/', env: process.env });
      assert.equal(code, 0, out.join('\n'));
    } finally {
      await a.stop();
    }
  });

  it('a deleted last entry and a rewrite with recomputed hashes both fail verify against the signed head', async () => {
    const s = await startTestServer({ backend: 'postgres' });
    const db = new Client({ connectionString: s.databaseUrl });
    await db.connect();
    try {
      const path = SUB('区财政局', '2023-06');
      assert.equal((await call(s.url, s.tokens.filler, 'PATCH', path, { baseRev: 0, edits: [{ field: 'figures/一般公共预算收入/value', base: null, value: 58.18 }] })).status, 200);
      assert.equal((await call(s.url, s.tokens.reviewer, 'GET', path)).status, 200);
      assert.equal((await s.server.backend.verifyAudit()).ok, true);
      const rows = (await db.query<{ seq: string; line: string }>('SELECT seq, line FROM pb_audit ORDER BY seq')).rows;
      const last = rows[rows.length - 1]!;
      await db.query('DELETE FROM pb_audit WHERE seq = $1', [last.seq]);
      let v = await s.server.backend.verifyAudit();
      assert.equal(v.ok, false);
      assert.ok(
        v.problems?.some((p) => p.kind === 'truncated' && p.seq === Number(last.seq)),
        JSON.stringify(v.problems),
      );
      await db.query('INSERT INTO pb_audit (seq, line) VALUES ($1, $2)', [last.seq, last.line]);
      assert.equal((await s.server.backend.verifyAudit()).ok, true);
      // Rewrite the change and recompute every hash after it, the head row too: only the HMAC is out of reach.
      const entries = rows.map((r) => JSON.parse(r.line) as AuditEntry);
      const i = entries.findIndex((e) => e.new === 58.18);
      let prev = entries[i]!.prev;
      for (let j = i; j < entries.length; j++) {
        const { hash: _h, ...body } = entries[j]!;
        void _h;
        const next = { ...body, prev, ...(j === i ? { new: 99 } : {}) };
        prev = hashEntry(next);
        entries[j] = { ...next, hash: prev };
        await db.query('UPDATE pb_audit SET line = $2 WHERE seq = $1', [entries[j]!.seq, JSON.stringify(entries[j])]);
      }
      await db.query('UPDATE pb_audit_anchor SET hash = $1', [prev]);
      v = await s.server.backend.verifyAudit();
      assert.equal(v.ok, false);
      assert.ok(
        v.problems?.some((p) => p.kind === 'anchor' && /fails its signature/.test(p.en)),
        JSON.stringify(v.problems),
      );
    } finally {
      await db.end();
      await s.stop();
    }
  });
});
