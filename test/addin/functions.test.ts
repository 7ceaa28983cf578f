import assert from 'node:assert/strict';
import { LookupBatcher } from '../../src/functions/lookup-batcher';
import { answerOf } from '../../src/functions/runtime';
import { SyncClient } from '../../src/sync/client';
import type { LookupQuery } from '../../src/sync/protocol';
import { fetchTransport } from '../../src/hosts/browser/fetch-transport';
import type { HttpRequest } from '../../src/hosts/browser/transport';
import { startTestServer, type TestServer, suiteServer } from '../support/server';
import { target, actual } from '../../src/functions/functions';
import { memoryStore } from '../../src/hosts/browser/local-storage';
import { FUNCTIONS_SETTINGS_KEY } from '../../src/functions/settings';

describe('custom functions: =PLANBOOK.TARGET / ACTUAL / PROGRESS', function () {
  this.timeout(30000);
  const s = suiteServer();

  it('answers a recalculation of many cells with one request to the store, each cell its own answer', async () => {
    const sent: HttpRequest[] = [];
    const net = fetchTransport();
    const client = new SyncClient({
      baseUrl: s.url,
      token: s.tokens.filler,
      transport: async (req) => {
        sent.push(req);
        return net(req);
      },
    });
    const batcher = new LookupBatcher((q) => client.lookup('small-2023', q), { delayMs: 10 });
    const queries: LookupQuery[] = [
      { kind: 'target', indicator: '一般公共预算收入', year: 2023 },
      { kind: 'actual', indicator: '一般公共预算收入', period: '2023-H1' },
      { kind: 'progress', indicator: '一般公共预算收入', period: '2023-H1' },
      { kind: 'target', indicator: '不存在的指标', year: 2023 },
      { kind: 'actual', indicator: '一般公共预算收入', period: '2023-13' },
    ];
    const answers = await Promise.all(queries.map((q) => batcher.ask(q)));
    assert.equal(sent.length, 1, 'one request for five cells');
    assert.equal(batcher.requests, 1);
    assert.deepEqual(JSON.parse(sent[0]!.body!), { queries });
    assert.equal(answerOf(answers[0]!), 3);
    assert.equal(answerOf(answers[1]!), 58.18);
    const progress = answerOf(answers[2]!);
    assert.equal(typeof progress, 'number');
    assert.ok(Math.abs((progress as number) - 63.2) < 0.2, `completion ${progress} ≈ 63.2% (58.18 of 92.1)`);
    assert.match(String(answerOf(answers[3]!)), /^#N\/A .*不存在的指标|^#N\/A /);
    assert.ok('error' in answers[4]!, 'a bad period is that cell’s error only');
  });

  it('calls far apart go in separate requests; more than maxBatch are split', async () => {
    let requests = 0;
    const batcher = new LookupBatcher(
      async (q) => {
        requests++;
        return q.map((x) => ({ value: x.indicator.length }));
      },
      { delayMs: 5, maxBatch: 3 },
    );
    const seven = await Promise.all(Array.from({ length: 7 }, (_, i) => batcher.ask({ kind: 'target', indicator: 'x'.repeat(i + 1), year: 2023 })));
    assert.deepEqual(
      seven.map((a) => answerOf(a)),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.equal(requests, 3);
    await batcher.ask({ kind: 'target', indicator: 'late', year: 2023 });
    assert.equal(requests, 4);
  });

  it('an unreachable server or a missing sign-in becomes every waiting cell’s bilingual error, not a hang', async () => {
    const down = new SyncClient({ baseUrl: 'http://127.0.0.1:9', token: 'x', transport: fetchTransport({ timeoutMs: 2000 }) });
    const batcher = new LookupBatcher((q) => down.lookup('small-2023', q), { delayMs: 1 });
    const [a, b] = await Promise.all([batcher.ask({ kind: 'target', indicator: 'a', year: 2023 }), batcher.ask({ kind: 'actual', indicator: 'b', period: '2023' })]);
    for (const x of [a!, b!]) {
      assert.ok('error' in x);
      assert.match(x.error.zh, /无法连接服务器/);
      assert.match(x.error.en, /Cannot reach the server/);
    }
  });
});

describe('custom functions as Excel calls them: settings left by the pane', function () {
  this.timeout(30000);
  let s: TestServer;
  const g = globalThis as { localStorage?: unknown };
  before(async () => {
    s = await startTestServer();
  });
  after(async () => {
    delete g.localStorage;
    await s.stop();
  });

  it('answers =PLANBOOK.TARGET/ACTUAL from the remembered server, token and plan; says to open the pane when there are none', async () => {
    const store = memoryStore();
    g.localStorage = store;
    assert.match(String(await target('一般公共预算收入', 2023)), /^#N\/A 请先打开 planbook 任务窗格/);
    store.setItem(FUNCTIONS_SETTINGS_KEY, JSON.stringify({ server: s.url, token: s.tokens.filler, plan: 'small-2023' }));
    const [t, a] = await Promise.all([target('一般公共预算收入', 2023), actual('一般公共预算收入', '2023-H1')]);
    assert.deepEqual([t, a], [3, 58.18]);
  });
});
