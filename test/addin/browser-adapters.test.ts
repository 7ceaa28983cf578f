import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchTransport } from '../../src/hosts/browser/fetch-transport';
import { NetworkError } from '../../src/hosts/browser/transport';
import { localQueue, loadConnection, memoryStore, saveConnection } from '../../src/hosts/browser/local-storage';
import { normaliseServer } from '../../src/taskpane/server-address';
import { langOf } from '../../src/taskpane/messages';
import { PlanbookError } from '../../src/model/errors';
import type { QueuedPush } from '../../src/sync/protocol';

const PUSH: QueuedPush = {
  id: 'a',
  key: { plan: 'p', orgUnit: '区财政局', period: '2023-06', form: 'indicators' },
  request: { baseRev: 1, edits: [{ field: 'figures/x/value', pulled: null, value: 1 }] },
  queuedAt: '2023-07-01T00:00:00.000Z',
};

describe('browser adapters: fetch transport, localStorage queue and connection', () => {
  let server: Server;
  let url: string;
  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/slow') return; // never answers
      res.writeHead(201, { 'X-Rev': '7' });
      res.end(`${req.method} ${req.headers.authorization ?? ''}`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('sends method, headers and body, and hands back status, lower-cased headers and text', async () => {
    const r = await fetchTransport()({ method: 'POST', url: `${url}/x`, headers: { Authorization: 'Bearer t' }, body: '{}' });
    assert.deepEqual([r.status, r.headers['x-rev'], r.body], [201, '7', 'POST Bearer t']);
  });

  it('turns no answer (refused connection, timeout) into NetworkError, which callers queue on', async () => {
    await assert.rejects(fetchTransport()({ method: 'GET', url: 'http://127.0.0.1:9/', headers: {} }), NetworkError);
    await assert.rejects(fetchTransport({ timeoutMs: 200 })({ method: 'GET', url: `${url}/slow`, headers: {} }), (e: unknown) => e instanceof NetworkError && /no answer within 200 ms/.test(e.reason));
  });

  it('keeps the queue across loads, and moves a damaged queue aside instead of dropping it', async () => {
    const store = memoryStore();
    const q = localQueue(store, 'https://a');
    await q.save([PUSH]);
    assert.deepEqual(await localQueue(store, 'https://a').load(), [PUSH]);
    assert.deepEqual(await localQueue(store, 'https://b').load(), [], 'one queue per server');
    store.setItem('planbook.queue.https://a', '[{"id":1}, ' + JSON.stringify(PUSH) + ']');
    assert.deepEqual(await q.load(), [PUSH], 'readable entries are kept');
    store.setItem('planbook.queue.https://a', '{cut off');
    assert.deepEqual(await q.load(), []);
    const kept = Object.entries(store.dump()).filter(([k]) => k.includes('.damaged.'));
    assert.ok(
      kept.some(([, v]) => v === '{cut off'),
      'the damaged text is kept for recovery',
    );
    await q.save([]);
    assert.equal(store.getItem('planbook.queue.https://a'), null);
  });

  it('remembers the token only when asked', () => {
    const store = memoryStore();
    saveConnection(store, { server: 'https://s', token: 'secret', remember: false });
    assert.deepEqual(loadConnection(store), { server: 'https://s', token: '', remember: false });
    saveConnection(store, { server: 'https://s', token: 'secret', remember: true });
    assert.deepEqual(loadConnection(store), { server: 'https://s', token: 'secret', remember: true });
    store.setItem('planbook.connection', 'not json');
    assert.equal(loadConnection(store), null);
  });

  const addresses: [string, string | null][] = [
    ['https://planbook.tongzhou.gov.cn/', 'https://planbook.tongzhou.gov.cn'],
    ['planbook.local:3443', 'https://planbook.local:3443'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
    ['  https://host/sub/  ', 'https://host/sub'],
    ['ftp://host', null],
    ['ht!tp://x', null],
    ['', null],
    ['https://', null],
    ['https://exa mple.com', null],
  ];
  for (const [input, want] of addresses) {
    it(`server address ${JSON.stringify(input)} → ${want ?? 'refused with a bilingual message'}`, () => {
      if (want) assert.equal(normaliseServer(input), want);
      else
        assert.throws(
          () => normaliseServer(input),
          (e: unknown) => e instanceof PlanbookError && /无效/.test(e.zh) && /not a server address/.test(e.en),
        );
    });
  }

  it('speaks English when Office does, Chinese otherwise', () => {
    assert.deepEqual(['en-US', 'en-GB', 'zh-CN', 'zh-TW', 'fr-FR', undefined].map(langOf), ['en', 'en', 'zh', 'zh', 'zh', 'zh']);
  });
});
