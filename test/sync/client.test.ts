/**
 * The sync client against a real server over HTTP (both backends): pull, diff, push, a conflict
 * resolved field by field, workflow calls, and the offline queue kept in a file across a client
 * restart and replayed in order once the server is back.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileQueue } from '../../src/hosts/node/queue-file';
import { fetchTransport } from '../../src/hosts/node/transport';
import { setField, type SubmissionKey } from '../../src/model/submission';
import { PlanbookError } from '../../src/model/errors';
import { SyncClient } from '../../src/sync/client';
import { memoryQueue } from '../../src/sync/queue';
import { startTestServer, type TestServer } from '../support/server';

const KEY: SubmissionKey = { plan: 'small-2023', orgUnit: '区财政局', period: '2023-06', form: 'indicators' };
const KEY2: SubmissionKey = { ...KEY, period: '2023-07' };
const V = 'figures/一般公共预算收入/value';
const G = 'figures/一般公共预算收入/growth';
const N = 'figures/一般公共预算收入/note';

for (const backend of ['file', 'postgres'] as const) {
  describe(`sync client over HTTP (${backend})`, function () {
    this.timeout(60_000);
    let s: TestServer;
    const client = (token: string, queue = memoryQueue()) => new SyncClient({ baseUrl: s.url, token, transport: fetchTransport({ timeoutMs: 5000 }), queue });

    beforeEach(async () => {
      s = await startTestServer({ backend });
    });
    afterEach(async () => {
      await s.stop();
    });

    it('pulls, diffs an edited copy against the base, pushes, and a second client merges cleanly', async () => {
      const a = client(s.tokens.filler);
      const b = client(s.tokens.filler);
      const pa = await a.pull(KEY);
      const pb = await b.pull(KEY);
      assert.equal(pa.rev, 0);
      const edits = a.diff(pa, setField(pa.pulled, V, 58.18));
      assert.deepEqual(edits, [{ field: V, pulled: null, value: 58.18 }]);
      const ra = await a.push(KEY, pa.rev, edits);
      assert.equal(ra.kind, 'ok');
      const rb = await b.push(KEY, pb.rev, b.diff(pb, setField(pb.pulled, G, 6.1)));
      assert.ok(rb.kind === 'ok');
      assert.deepEqual(rb.merged, [V]);
      assert.deepEqual(rb.submission.data.figures['一般公共预算收入'], { value: 58.18, growth: 6.1, sameLastYear: null, note: '' });
      assert.deepEqual(await a.push(KEY, 2, []), { kind: 'nothing' });
    });

    it('gets a conflict with all three values, resolves it field by field and re-pushes at the new revision', async () => {
      const a = client(s.tokens.filler);
      const b = client(s.tokens.filler);
      const base = await b.pull(KEY);
      await a.push(KEY, 0, [
        { field: V, pulled: null, value: 58.18 },
        { field: G, pulled: null, value: 6.1 },
      ]);
      const mine = [
        { field: V, pulled: null, value: 5818 },
        { field: G, pulled: null, value: 6.2 },
        { field: N, pulled: '', value: '含一次性收入' },
      ];
      const r = await b.push(KEY, base.rev, mine);
      assert.equal(r.kind, 'conflict');
      if (r.kind !== 'conflict') return;
      assert.deepEqual(r.conflicts, [
        { field: V, pulled: null, theirs: 58.18, yours: 5818 },
        { field: G, pulled: null, theirs: 6.1, yours: 6.2 },
      ]);
      const again = await b.resolveAndPush(KEY, r, mine, { [V]: 'theirs', [G]: 'mine' });
      assert.ok(again.kind === 'ok', JSON.stringify(again));
      assert.deepEqual(again.submission.data.figures['一般公共预算收入'], { value: 58.18, growth: 6.2, sameLastYear: null, note: '含一次性收入' });
    });

    it('submits, lists, returns and approves through the client; a refusal is a PlanbookError in both languages', async () => {
      const f = client(s.tokens.filler);
      const rv = client(s.tokens.reviewer);
      const r = await f.push(KEY, 0, [{ field: V, pulled: null, value: 58.18 }]);
      assert.ok(r.kind === 'ok');
      const sub = await f.submit(KEY, r.rev);
      assert.ok(sub.ok);
      assert.deepEqual(
        (await rv.list('small-2023', '2023-06')).map((x) => [x.orgUnit, x.state]),
        [['区财政局', 'submitted']],
      );
      await assert.rejects(f.approve(KEY, sub.submission.rev), (e: unknown) => e instanceof PlanbookError && e.code === 'FORBIDDEN' && e.status === 403 && /reviewer/.test(e.en) && /审核人/.test(e.zh));
      const ret = await rv.returnSubmission(KEY, sub.submission.rev, '请补充说明');
      assert.equal(ret.state, 'returned');
      const sub2 = await f.submit(KEY, ret.rev);
      assert.ok(sub2.ok);
      assert.equal((await rv.approve(KEY, sub2.submission.rev)).state, 'approved');
      const results = await f.lookup('small-2023', [
        { kind: 'target', indicator: '一般公共预算收入' },
        { kind: 'actual', indicator: '一般公共预算收入', period: '2023-06' },
        { kind: 'progress', indicator: '一般公共预算收入', period: '2023-06' },
        { kind: 'target', indicator: '不存在的指标' },
      ]);
      assert.deepEqual(results.slice(0, 3), [
        { value: 3, measureUnit: '%' },
        { value: 58.18, measureUnit: '亿元' },
        { value: 63.2, measureUnit: '%' },
      ]);
      assert.ok('error' in results[3]! && /不存在的指标/.test(results[3].error.zh));
    });

    it('queues pushes while the server is down, keeps them in a file across a client restart, and sends them in order when it is back', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'planbook-queue-'));
      const queuePath = join(dir, 'queue.json');
      const url = s.url;
      const port = Number(new URL(url).port);
      const firstDir = s.dataDir;
      try {
        await s.stop({ keepData: true });
        const offline = new SyncClient({ baseUrl: url, token: s.tokens.filler, transport: fetchTransport({ timeoutMs: 2000 }), queue: fileQueue(queuePath) });
        assert.equal((await offline.push(KEY, 0, [{ field: V, pulled: null, value: 1 }])).kind, 'queued');
        assert.equal((await offline.push(KEY2, 0, [{ field: V, pulled: null, value: 2 }])).kind, 'queued');
        const third = await offline.push(KEY, 0, [
          { field: V, pulled: null, value: 3 },
          { field: N, pulled: '', value: '离线填写' },
        ]);
        assert.deepEqual(third.kind === 'queued' && third.waiting, 2);
        assert.equal(JSON.parse(readFileSync(queuePath, 'utf8')).queue.length, 2);

        // The server comes back on the same data and port; a new client (after a restart) picks up the file.
        s = await startTestServer({ backend, plan: null, port, ...(backend === 'file' ? { dataDir: s.dataDir } : { databaseUrl: s.databaseUrl! }) });
        const revived = new SyncClient({ baseUrl: s.url, token: s.tokens.filler, transport: fetchTransport(), queue: fileQueue(queuePath) });
        assert.equal((await revived.pending()).length, 2);
        const report = await revived.flush();
        assert.deepEqual(
          report.sent.map((x) => [x.push.key.period, x.result.kind]),
          [
            ['2023-06', 'ok'],
            ['2023-07', 'ok'],
          ],
        );
        assert.equal(report.waiting, 0);
        assert.deepEqual(JSON.parse(readFileSync(queuePath, 'utf8')).queue, []);
        const p = await revived.pull(KEY);
        assert.deepEqual([p.pulled.figures['一般公共预算收入']!.value, p.pulled.figures['一般公共预算收入']!.note], [3, '离线填写']);
        assert.equal((await revived.pull(KEY2)).pulled.figures['一般公共预算收入']!.value, 2);
        const audit = (await s.server.backend.readAudit({ plan: 'small-2023' })).filter((e) => e.action === 'change');
        assert.deepEqual(
          audit.map((e) => [e.period, e.field, e.new]),
          [
            ['2023-06', V, 3],
            ['2023-06', N, '离线填写'],
            ['2023-07', V, 2],
          ],
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
        rmSync(firstDir, { recursive: true, force: true });
      }
    });
  });
}
