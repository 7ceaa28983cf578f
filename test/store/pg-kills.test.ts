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
import { killHard, spawnServer } from './child';

const SUB = (unit: string, period: string) => encodeURI(`/api/plans/small-2023/submissions/${unit}/${period}/indicators`);

describe('PostgreSQL: app servers killed during concurrent writes', function () {
  this.timeout(900_000); // a bound for a hang, not a speed expectation

  it('20 SIGKILLs of the app server under 6 writers: no acknowledged write lost, verify clean, data and audit agree', async () => {
    const a = await startTestServer({ backend: 'postgres' });
    const CLIENTS = 6;
    const keys = [SUB('区财政局', '2023-06'), SUB('区财政局', '2023-07'), SUB('区商务局', '2023-06')];
    const tokenFor = (i: number) => (i % 3 === 2 ? a.tokens.filler2 : a.tokens.filler);
    const keyFor = (i: number) => keys[i % 3]!;
    const acked = new Array<number>(CLIENTS).fill(0);
    const sent = new Array<number>(CLIENTS).fill(0);
    let totalAcked = 0;
    let seed = 4242;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const check = async (url: string): Promise<void> => {
      for (let i = 0; i < CLIENTS; i++) {
        const r = await call(url, tokenFor(i), 'GET', keyFor(i));
        const v = r.body.data.figures[`指标${i}`]?.value ?? 0;
        assert.ok(v >= acked[i]! && v <= sent[i]!, `client ${i}: stored ${v}, acknowledged ${acked[i]}, sent ${sent[i]}`);
        acked[i] = v;
        sent[i] = v;
      }
    };
    try {
      for (let round = 0; round < 20; round++) {
        const c = await spawnServer(a.dataDir, a.databaseUrl);
        await check(c.url);
        let stop = false;
        const target = 2 + Math.floor(rand() * 24);
        let roundAcked = 0;
        let reached: () => void = () => undefined;
        const ackedThisRound = new Promise<void>((r) => (reached = r));
        const workers = Array.from({ length: CLIENTS }, async (_, i) => {
          while (!stop) {
            const v = sent[i]! + 1;
            sent[i] = v;
            try {
              const r = await call(c.url, tokenFor(i), 'PATCH', keyFor(i), { baseRev: 0, edits: [{ field: `figures/指标${i}/value`, base: acked[i] === 0 ? null : acked[i], value: v }] });
              if (r.status === 200) {
                acked[i] = v;
                totalAcked++;
                if (++roundAcked >= target) reached();
              } else if (r.status === 409) acked[i] = r.body.error.details.conflicts[0].theirs as number;
              else throw new Error(`unexpected ${r.status} ${JSON.stringify(r.body)}`);
            } catch (e) {
              if ((e as Error).message.startsWith('unexpected')) throw e;
              reached();
              return; // the connection died with the server
            }
          }
        });
        // Killed after a random number of acknowledged writes, not after a time: on a busy machine a
        // time window may hold no write at all, and the test must not depend on the machine's speed.
        await ackedThisRound;
        await killHard(c);
        stop = true;
        await Promise.all(workers);
        assert.ok(roundAcked >= target, `round ${round}: ${roundAcked} of ${target} writes acknowledged before the kill`);
      }
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
