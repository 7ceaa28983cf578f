/**
 * Clear answers at every edge, over real HTTP (issue 12): 413 for an over-size chunked body instead
 * of a reset; Node's own 400 and 431 in bilingual JSON; only application/json and +json; CSP on what
 * the server serves and HSTS over HTTPS; the data folder 0700 and its files 0600; start-up failures
 * in one bilingual line without a stack trace.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { clientErrorAnswer } from '../../src/store/client-error';
import { ensureDevCert } from '../../src/store/dev-cert';
import { cspHash } from '../../src/store/static-files';
import { LIMITS } from '../../src/store/validate';
import { startServer } from '../../src/store/server';
import { isPlanbookError } from '../../src/model/errors';
import { call, startTestServer, type Json, suiteServer } from '../support/server';

const SUB = encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators');

/** Writes raw bytes to the server and reads the whole answer (the connection is closed after). */
function rawHttp(url: string, bytes: string): Promise<string> {
  const u = new URL(url);
  return new Promise((ok, fail) => {
    const sock = connect(Number(u.port), u.hostname, () => sock.write(bytes));
    const chunks: Buffer[] = [];
    sock.on('data', (b) => chunks.push(b));
    sock.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    sock.on('error', fail);
  });
}

function jsonOf(answer: string): Json {
  return JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
}

describe('store edges', function () {
  this.timeout(60_000);
  const s = suiteServer({ backend: 'file' });

  it('an over-size chunked body is answered 413 in JSON, not with a connection reset; nothing stored', async () => {
    const before = (await call(s.url, s.tokens.filler, 'GET', SUB)).body;
    const u = new URL(s.url + SUB);
    const answer = await new Promise<{ status: number; body: string }>((ok, fail) => {
      const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'PATCH', headers: { authorization: `Bearer ${s.tokens.filler}`, 'content-type': 'application/json' } }, (res) => {
        const c: Buffer[] = [];
        res.on('data', (b: Buffer) => c.push(b));
        res.on('end', () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(c).toString('utf8') }));
      });
      req.on('error', fail);
      const chunk = '{"baseRev":0,"edits":[' + ' '.repeat(64 * 1024);
      req.write(chunk);
      for (let sent = chunk.length; sent < LIMITS.bodyBytes + 512 * 1024; sent += 64 * 1024) req.write(' '.repeat(64 * 1024));
      req.end(']}');
    });
    assert.equal(answer.status, 413);
    const body = JSON.parse(answer.body) as Json;
    assert.equal(body.error.code, 'TOO_LARGE');
    assert.match(body.error.zh, /MB/);
    assert.deepEqual((await call(s.url, s.tokens.filler, 'GET', SUB)).body, before);
  });

  it("Node's own 400 (a malformed request) and 431 (headers too large) have bilingual JSON bodies", async () => {
    const bad = await rawHttp(s.url, 'GARBAGE / HTTP/1.1\r\n\r\n');
    assert.match(bad, /^HTTP\/1\.1 400 /);
    const b = jsonOf(bad);
    assert.equal(b.error.code, 'BAD_REQUEST');
    assert.match(b.error.zh, /[\u4e00-\u9fff]/);
    const big = await rawHttp(s.url, `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    assert.match(big, /^HTTP\/1\.1 431 /);
    assert.equal(jsonOf(big).error.code, 'HEADERS_TOO_LARGE');
    assert.equal(jsonOf(big).error.status, 431);
    // 408 comes from Node's request timer (real time, 15 s): its answer is checked where it is made.
    const slow = clientErrorAnswer('ERR_HTTP_REQUEST_TIMEOUT');
    assert.equal(slow.status, 408);
    assert.match(slow.error.zh, /超时/);
  });

  for (const [type, status] of [
    ['application/jsonp', 415],
    ['text/json', 415],
    ['application/x-www-form-urlencoded', 415],
    ['application/json; charset=utf-8', 200],
    ['application/merge-patch+json', 200],
    ['Application/JSON', 200],
  ] as const) {
    it(`Content-Type ${type} → ${status}`, async () => {
      const cur = (await call(s.url, s.tokens.filler, 'GET', SUB)).body;
      const r = await call(
        s.url,
        s.tokens.filler,
        'PATCH',
        SUB,
        { baseRev: cur.rev, edits: [{ field: 'figures/一般公共预算收入/value', base: cur.data.figures['一般公共预算收入']?.value ?? null, value: cur.rev + 1 }] },
        { 'content-type': type },
      );
      assert.equal(r.status, status, JSON.stringify(r.body));
      if (status === 415) assert.equal(r.body.error.code, 'UNSUPPORTED_MEDIA');
    });
  }

  it('API answers carry a CSP that allows nothing; plain HTTP carries no HSTS', async () => {
    const r = await call(s.url, s.tokens.filler, 'GET', '/api/me');
    assert.equal(r.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
    assert.equal(r.headers.get('strict-transport-security'), null);
  });

  it('the data folder is 0700 and its files 0600', async () => {
    await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: (await call(s.url, s.tokens.filler, 'GET', SUB)).body.rev, edits: [{ field: 'figures/一般公共预算收入/note', base: '', value: '权限' }] });
    const backend = s.server.backend as { checkpoint?: () => Promise<void> };
    await backend.checkpoint?.();
    assert.equal(statSync(s.dataDir).mode & 0o777, 0o700);
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [join(d, e.name) + '/', ...walk(join(d, e.name))] : [join(d, e.name)]));
    const all = walk(s.dataDir);
    assert.ok(all.some((p) => p.endsWith('audit.ndjson')) && all.some((p) => p.endsWith('users.json')));
    for (const p of all) {
      const mode = statSync(p).mode & 0o777;
      if (p.endsWith('/')) assert.equal(mode, 0o700, p);
      else assert.equal(mode & 0o077, 0, `${p} is ${mode.toString(8)}`);
    }
  });
});

describe('store over HTTPS', function () {
  this.timeout(60_000);
  it('answers carry HSTS, and pages a CSP that names the hashes of their inline scripts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planbook-tls-'));
    const root = join(dir, 'app');
    mkdirSync(join(root, 'dist', 'addin'), { recursive: true });
    const inline = "console.log('loader')";
    writeFileSync(join(root, 'dist', 'addin', 'taskpane.html'), `<!doctype html><title>planbook</title><script>${inline}</script><script src="taskpane.js"></script>`);
    const dev = ensureDevCert(join(dir, 'data'));
    const s = await startServer({ dataDir: join(dir, 'data'), appRoot: root, tls: { cert: dev.cert, key: dev.key }, log: () => undefined });
    const get = (path: string): Promise<Record<string, string | string[] | undefined>> =>
      new Promise((ok, fail) => {
        const req = httpsRequest({ host: '127.0.0.1', port: s.port, path, ca: readFileSync(dev.caPath), servername: 'localhost' }, (res) => {
          res.resume();
          res.on('end', () => ok(res.headers));
        });
        req.on('error', fail);
        req.end();
      });
    try {
      const api = await get('/api/health');
      assert.match(String(api['strict-transport-security']), /max-age=\d{7,}/);
      const page = await get('/taskpane.html');
      assert.match(String(page['strict-transport-security']), /max-age=/);
      const csp = String(page['content-security-policy']);
      assert.ok(csp.includes(`'${cspHash(inline)}'`), csp);
      assert.doesNotMatch(csp, /unsafe-inline/);
    } finally {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('store start-up failures', function () {
  this.timeout(60_000);

  it('a port in use: startServer throws one bilingual error naming the port', async () => {
    const s = await startTestServer({ backend: 'file', plan: null });
    const dir = mkdtempSync(join(tmpdir(), 'planbook-port-'));
    try {
      await assert.rejects(startServer({ dataDir: dir, port: s.server.port, log: () => undefined }), (e: unknown) => {
        assert.ok(isPlanbookError(e));
        assert.match(e.zh, new RegExp(`${s.server.port}.*已被其他程序占用`));
        assert.match(e.en, /already in use/);
        return true;
      });
    } finally {
      await s.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('`planbook serve` on a port in use or a data "folder" that is a file: one bilingual line, no stack, exit 3', async () => {
    const s = await startTestServer({ backend: 'file', plan: null });
    const dir = mkdtempSync(join(tmpdir(), 'planbook-cli-'));
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    try {
      for (const args of [
        ['serve', '--port', String(s.server.port), '--data', join(dir, 'data')],
        ['serve', '--port', '0', '--data', join(file, 'data')],
      ]) {
        const err: string[] = [];
        const code = await main(args, { out: () => undefined, err: (t) => err.push(t), cwd: dir, env: {} });
        assert.equal(code, 3, err.join('\n'));
        const text = err.join('\n').trim();
        assert.equal(text.split('\n').length, 1, text);
        assert.match(text, /[\u4e00-\u9fff].* \/ [A-Z]/);
        assert.doesNotMatch(text, /\n\s+at |internal error/i);
      }
    } finally {
      await s.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a data folder the server may not read (as a user other than root)', function () {
    // Root reads any folder, so the refusal is made by running the check as `nobody`.
    if (process.getuid?.() !== 0) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'planbook-perm-'));
    try {
      execFileSync('chmod', ['700', dir]);
      const script = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(join(__dirname, '..', '..', 'src', 'cli', 'main.ts'))}).main(['serve','--port','0','--data',${JSON.stringify(join(dir, 'data'))}]).then((c) => process.exit(c))`;
      let out = '';
      let code = 0;
      try {
        execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: '/tmp' });
      } catch (e) {
        const x = e as { status: number; stderr: string };
        code = x.status;
        out = x.stderr;
      }
      assert.equal(code, 3, out);
      assert.match(out.trim(), /^无法启动：没有权限.* \/ Cannot start: no permission/);
      assert.equal(out.trim().split('\n').length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
