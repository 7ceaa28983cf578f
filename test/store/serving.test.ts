/**
 * What the server does besides the API: the add-in's static files and Office.js with the right
 * types and no way out of their folders, CORS limited to its own origin, HTTPS with a generated
 * development certificate, health and the OpenAPI document.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PlanSchema } from '../../src/model/plan';
import { PutBodySchema, SubmissionDataSchema } from '../../src/model/submission-schema';
import { ensureDevCert } from '../../src/store/dev-cert';
import { startServer, type RunningServer } from '../../src/store/server';
import { call } from '../support/server';

/** A raw request, so the path reaches the server exactly as written (fetch would normalise ../). */
function raw(url: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(url);
  return new Promise((ok, fail) => {
    const req = httpRequest({ host: u.hostname, port: u.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('store serving the add-in', function () {
  this.timeout(60_000);
  let root: string;
  let s: RunningServer;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'planbook-app-'));
    mkdirSync(join(root, 'dist', 'addin'), { recursive: true });
    writeFileSync(join(root, 'dist', 'addin', 'taskpane.html'), '<!doctype html><title>planbook</title>');
    writeFileSync(join(root, 'dist', 'addin', 'taskpane.js'), 'console.log(1)');
    writeFileSync(join(root, 'secret.txt'), 'not for the web');
    mkdirSync(join(root, 'node_modules', '@microsoft'), { recursive: true });
    symlinkSync(resolve(__dirname, '..', '..', 'node_modules', '@microsoft', 'office-js'), join(root, 'node_modules', '@microsoft', 'office-js'));
    s = await startServer({ dataDir: join(root, 'data'), appRoot: root, allowOrigins: ['https://excel.example.cn'], log: () => undefined });
  });
  after(async () => {
    await s.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the task pane and Office.js with their content types', async () => {
    let r = await raw(s.url, '/taskpane.html');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    r = await raw(s.url, '/');
    assert.match(r.body, /<title>planbook/);
    r = await raw(s.url, '/taskpane.js');
    assert.equal(r.headers['content-type'], 'text/javascript; charset=utf-8');
    r = await raw(s.url, '/office-js/office.js');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.ok(r.body.length > 1000);
  });

  it('refuses every way out of the served folders', async () => {
    for (const p of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/office-js/../../../../secret.txt',
      '/office-js/..%2f..%2f..%2f..%2fsecret.txt',
      '/%00taskpane.html',
      '/office-js/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fdata/users.json',
    ]) {
      const r = await raw(s.url, p);
      assert.equal(r.status, 404, p);
      assert.doesNotMatch(r.body, /not for the web/);
      const e = JSON.parse(r.body) as { error: { zh: string; en: string } };
      assert.ok(e.error.zh && e.error.en);
    }
  });

  it('allows CORS from its own origin and --allow-origin only', async () => {
    const own = await raw(s.url, '/api/health', { origin: s.url });
    assert.equal(own.headers['access-control-allow-origin'], s.url);
    const listed = await raw(s.url, '/api/health', { origin: 'https://excel.example.cn' });
    assert.equal(listed.headers['access-control-allow-origin'], 'https://excel.example.cn');
    const other = await raw(s.url, '/api/health', { origin: 'https://evil.example.com' });
    assert.equal(other.headers['access-control-allow-origin'], undefined);
    const pre = await raw(s.url, '/api/plans', { origin: s.url, 'access-control-request-method': 'PATCH' }, 'OPTIONS');
    assert.equal(pre.status, 204);
    assert.match(String(pre.headers['access-control-allow-methods']), /PATCH/);
    assert.match(String(pre.headers['access-control-allow-headers']), /If-Match/);
  });

  it('answers health and the OpenAPI document listing every route', async () => {
    const h = await call(s.url, null, 'GET', '/api/health');
    assert.deepEqual([h.status, h.body.ok, h.body.backend], [200, true, 'file']);
    const o = await call(s.url, null, 'GET', '/api/openapi.json');
    assert.equal(o.body.openapi, '3.1.0', '3.1: the Plan schema is plain JSON Schema');
    // The served Plan schema is the model's declaration, which validatePlan checks uploads with.
    assert.deepEqual(o.body.components.schemas.Plan, JSON.parse(JSON.stringify(PlanSchema)));
    assert.equal(o.body.paths['/api/plans'].post.requestBody.content['application/json'].schema.$ref, '#/components/schemas/Plan');
    // So are a submission's data and the PUT body the store validates with.
    assert.deepEqual(o.body.components.schemas.SubmissionData, JSON.parse(JSON.stringify(SubmissionDataSchema)));
    assert.deepEqual(o.body.components.schemas.PutBody, JSON.parse(JSON.stringify(PutBodySchema)));
    assert.equal(o.body.paths['/api/plans/{plan}/submissions/{unit}/{period}/{form}'].put.requestBody.content['application/json'].schema.$ref, '#/components/schemas/PutBody');
    const sub = '/api/plans/{plan}/submissions/{unit}/{period}/{form}';
    for (const p of [
      '/api/health',
      '/api/plans',
      '/api/plans/{plan}',
      '/api/plans/{plan}/submissions',
      '/api/plans/{plan}/lookup',
      sub,
      `${sub}/check`,
      `${sub}/submit`,
      `${sub}/approve`,
      `${sub}/return`,
      `${sub}/audit`,
    ])
      assert.ok(o.body.paths[p], p);
    assert.deepEqual(Object.keys(o.body.paths[sub]).sort(), ['get', 'patch', 'put']);
    const nf = await call(s.url, null, 'GET', '/api/nothing-here');
    assert.equal(nf.status, 401, 'unknown API paths still need a token');
  });

  it('serves HTTPS with a generated development certificate that a client trusting its CA accepts', async function () {
    const dir = mkdtempSync(join(tmpdir(), 'planbook-tls-'));
    try {
      const dev = ensureDevCert(dir);
      assert.equal(dev.created, true);
      assert.equal(ensureDevCert(dir).created, false, 'reused on the next start');
      const t = await startServer({ dataDir: join(dir, 'data'), tls: { cert: dev.cert, key: dev.key }, host: '127.0.0.1', log: () => undefined });
      try {
        assert.match(t.url, /^https:\/\/127\.0\.0\.1:\d+$/);
        const ca = await import('node:fs').then((fs) => fs.readFileSync(dev.caPath));
        const body = await new Promise<string>((ok, fail) => {
          const u = new URL(t.url);
          const req = httpsRequest({ host: '127.0.0.1', port: u.port, path: '/api/health', ca, servername: 'localhost' }, (res) => {
            let b = '';
            res.on('data', (d: Buffer) => (b += d.toString()));
            res.on('end', () => ok(b));
          });
          req.on('error', fail);
          req.end();
        });
        assert.equal(JSON.parse(body).ok, true);
      } finally {
        await t.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
