/**
 * One text policy for both backends, over real HTTP: what PostgreSQL cannot store (U+0000, a lone
 * surrogate) and bytes that are not UTF-8 are refused at validation with a 422 naming the field, on
 * the file backend too; a NUL in a URL is a bilingual 400, never a database error; the sync client
 * reports the refusal instead of queueing it as "offline", so later pushes still arrive.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchTransport } from '../../src/hosts/node/transport';
import { fileQueue } from '../../src/hosts/node/queue-file';
import { SyncClient } from '../../src/sync/client';
import { call, startTestServer, smallPlan, type Json, type TestServer } from '../support/server';

const SUB = encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators');
const NOTE = 'figures/一般公共预算收入/note';

function bilingual(r: { body: Json }): void {
  assert.match(r.body.error.zh, /[\u4e00-\u9fff]/);
  assert.match(r.body.error.en, /[A-Za-z]/);
}

/** Sends raw bytes as the body (to carry what JSON.stringify would never produce). */
async function rawCall(url: string, token: string, method: string, path: string, body: Buffer | string): Promise<{ status: number; body: Json }> {
  const r = await fetch(url + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: r.status, body: (await r.json()) as Json };
}

for (const backend of ['file', 'postgres'] as const) {
  describe(`store text policy (${backend})`, function () {
    this.timeout(60_000);
    let s: TestServer;
    let stored: Json;
    before(async () => {
      s = await startTestServer({ backend });
      assert.equal((await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: 0, edits: [{ field: NOTE, base: '', value: '初步核算' }] })).status, 200);
      stored = (await call(s.url, s.tokens.filler, 'GET', SUB)).body;
    });
    after(async () => {
      await s.stop();
    });
    afterEach(async () => {
      assert.deepEqual((await call(s.url, s.tokens.filler, 'GET', SUB)).body, stored, 'nothing stored changed');
    });

    const cases: [string, string, string][] = [
      ['a NUL in a note', `{"baseRev":1,"edits":[{"field":"${NOTE}","base":"初步核算","value":"a\\u0000b"}]}`, '/edits/0/value'],
      ['a lone high surrogate in a note', `{"baseRev":1,"edits":[{"field":"${NOTE}","base":"初步核算","value":"x\\ud800"}]}`, '/edits/0/value'],
      ['a lone low surrogate in a base', `{"baseRev":1,"edits":[{"field":"${NOTE}","base":"\\udc00","value":"y"}]}`, '/edits/0/base'],
      ['a NUL in an indicator name', `{"baseRev":1,"edits":[{"field":"figures/a\\u0000b/value","base":null,"value":1}]}`, '/edits/0/field'],
    ];
    for (const [name, body, path] of cases) {
      it(`${name} → 422 naming ${path}`, async () => {
        const r = await rawCall(s.url, s.tokens.filler, 'PATCH', SUB, body);
        assert.equal(r.status, 422, JSON.stringify(r.body));
        assert.equal(r.body.error.code, 'VALIDATION');
        assert.deepEqual(
          r.body.error.details.problems.map((p: Json) => p.path),
          [path],
        );
        bilingual(r);
      });
    }

    it('a NUL in a key of a PUT body → 422 naming the key', async () => {
      const r = await rawCall(s.url, s.tokens.filler, 'PUT', SUB, '{"data":{"figures":{"a\\u0000":{"value":1}}}}');
      assert.equal(r.status, 422);
      assert.equal(r.body.error.details.problems[0].path, '/data/figures/a\u0000');
    });

    it('bytes that are not UTF-8 in a note → 422 naming the field, not a silent U+FFFD', async () => {
      const head = Buffer.from(`{"baseRev":1,"edits":[{"field":"${NOTE}","base":"初步核算","value":"ab`);
      const r = await rawCall(s.url, s.tokens.filler, 'PATCH', SUB, Buffer.concat([head, Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('"}]}')]));
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.equal(r.body.error.details.problems[0].path, '/edits/0/value');
      assert.match(r.body.error.en, /UTF-8/);
    });

    it('a plan whose name holds a NUL is refused before the backend sees it', async () => {
      const plan = { ...smallPlan('nul-2023'), name: 'a\u0000b' };
      const r = await call(s.url, s.tokens.admin, 'POST', '/api/plans', plan);
      assert.equal(r.status, 422);
      assert.equal(r.body.error.details.problems[0].path, '/name');
      assert.equal((await call(s.url, s.tokens.admin, 'GET', '/api/plans/nul-2023')).status, 404);
    });

    for (const path of [
      '/api/plans/small-2023%00/submissions/区财政局/2023-06/indicators',
      encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators').replace('indicators', 'indi%00cators'),
      encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators/audit') + '?field=a%00b',
      '/api/plans/small-2023/submissions?period=2023-06%00',
      '/api/audit?plan=%00',
      '/api/plans/%01',
    ]) {
      it(`a control character in the URL is a bilingual 400, never the database's text: ${path.slice(-40)}`, async () => {
        const r = await call(s.url, s.tokens.reviewer, 'GET', path);
        assert.equal(r.status, 400, JSON.stringify(r.body));
        assert.equal(r.body.error.code, 'BAD_REQUEST');
        bilingual(r);
        assert.doesNotMatch(JSON.stringify(r.body), /invalid byte sequence|unsupported Unicode|22021|22P05|postgres/i);
      });
    }

    it('the sync client reports such a refusal and queues nothing; the next push arrives', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'planbook-queue-'));
      try {
        const client = new SyncClient({ baseUrl: s.url, token: s.tokens.filler, transport: fetchTransport(), queue: fileQueue(join(dir, 'queue.json')) });
        const key = { plan: 'small-2023', orgUnit: '区财政局', period: '2023-06', form: 'indicators' };
        const pulled = await client.pull(key);
        const bad = await client.push(key, pulled.rev, [{ field: NOTE, pulled: '初步核算', value: 'a\u0000b' }]);
        assert.equal(bad.kind, 'refused');
        assert.deepEqual(await client.pending(), []);
        const good = await client.push(key, pulled.rev, [{ field: NOTE, pulled: '初步核算', value: '快报' }]);
        assert.equal(good.kind, 'ok');
        // put it back for the afterEach check
        const back = await client.push(key, good.kind === 'ok' ? good.rev : 0, [{ field: NOTE, pulled: '快报', value: '初步核算' }]);
        assert.equal(back.kind, 'ok');
        stored = (await call(s.url, s.tokens.filler, 'GET', SUB)).body;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
