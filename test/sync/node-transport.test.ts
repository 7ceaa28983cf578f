/**
 * The Node transport against a real HTTPS store whose development certificate Node does not trust
 * yet: the CLI must say how to trust it (NODE_EXTRA_CA_CERTS), not "cannot reach the server", and a
 * push must not be queued for a retry that can never succeed. With the variable set, it connects.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevCert } from '../../src/store/dev-cert';
import { startServer, type RunningServer } from '../../src/store/server';
import { SyncClient } from '../../src/sync/client';
import { fetchTransport } from '../../src/hosts/node/transport';
import { fileQueue } from '../../src/hosts/node/queue-file';
import { PlanbookError } from '../../src/model/errors';

describe('hosts/node/transport over HTTPS with an untrusted development certificate', () => {
  let dir: string;
  let server: RunningServer;
  let caPath: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'planbook-tls-client-'));
    const dev = ensureDevCert(dir);
    caPath = dev.caPath;
    server = await startServer({ dataDir: join(dir, 'data'), tls: { cert: dev.cert, key: dev.key }, host: 'localhost', log: () => undefined });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says the certificate is not trusted and how to trust it, in both languages', async () => {
    const c = new SyncClient({ baseUrl: server.url, token: 'pb_x', transport: fetchTransport() });
    await assert.rejects(c.me(), (e: unknown) => {
      assert.ok(e instanceof PlanbookError);
      assert.match(e.en, /not trusted.*NODE_EXTRA_CA_CERTS/);
      assert.match(e.zh, /不信任.*NODE_EXTRA_CA_CERTS/);
      return true;
    });
  });

  it('does not queue a push that an untrusted certificate stopped', async () => {
    const queuePath = join(dir, 'queue.json');
    const queue = fileQueue(queuePath);
    const c = new SyncClient({ baseUrl: server.url, token: 'pb_x', transport: fetchTransport(), queue });
    const key = { plan: 'p', orgUnit: '区财政局', period: '2023-06', form: 'indicators' };
    await assert.rejects(c.push(key, 0, [{ field: 'figures/一般公共预算收入/value', pulled: null, value: 58.18 }]), PlanbookError);
    assert.deepEqual(await queue.load(), []);
  });

  // Asynchronous on purpose: the server runs in this process, so a synchronous spawn would starve it.
  it('connects once NODE_EXTRA_CA_CERTS names the development CA', async () => {
    const script = `fetch(${JSON.stringify(server.url + '/api/health')}).then((r) => r.json()).then((j) => console.log(j.ok), (e) => { console.error(e.cause ? e.cause.code : e); process.exit(1); })`;
    const r = await promisify(execFile)(process.execPath, ['-e', script], { env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath }, encoding: 'utf8', timeout: 20000 });
    assert.equal(r.stdout.trim(), 'true');
  });
});
