/**
 * The task pane under the server's Content-Security-Policy, in headless Chromium: the production
 * build served by planbook (own-origin scripts, the loader's inline script allowed by its hash, the
 * pane's stylesheet allowed by its hash) starts, is styled, and the browser reports no violation.
 * Over HTTPS the answer also carries HSTS.
 */
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ensureAddinBuild, fakeOfficeScript } from '../addin/browser-rig';
import { startTestServer, type TestServer } from '../support/server';

describe('task pane under the CSP (browser)', function () {
  this.timeout(240_000);
  let s: TestServer;
  let browser: Browser;
  before(async () => {
    ensureAddinBuild();
    s = await startTestServer({ backend: 'file' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  it('starts and is styled with no CSP violation', async () => {
    const script = await fakeOfficeScript();
    const context = await browser.newContext();
    // The fake Excel host stands where Office.js is served: the same URL, so the policy judges it as it would Office.js.
    await context.route('**/office-js/office.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: script }));
    const page = await context.newPage();
    const violations: string[] = [];
    await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const res = await page.goto(`${s.url}/taskpane.html?lang=zh-CN`);
    const csp = res?.headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self' https:\/\/appsforoffice\.microsoft\.com 'sha256-/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    await page.waitForSelector('#pb-connect');
    // The pane's own stylesheet applied: .pb-app { padding: 12px … } from taskpane.css.
    const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.pb-app')!).paddingTop);
    assert.deepEqual(violations, []);
    assert.equal(styled, '12px', 'the pane is styled');
    await context.close();
  });
});
