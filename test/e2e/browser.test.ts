/**
 * The production build of the task pane in headless Chromium (Debian's, driven by playwright-core)
 * against a real store server on loopback, with the fake Excel host served where Office.js would be.
 * A scripted filler pulls, edits, checks, explains a warning, pushes, meets a conflict made by a
 * second client, settles it and submits; a reviewer returns the form. Screenshots of every step go
 * to test-artifacts/browser/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { call, startTestServer, FILLER_UNIT, type TestServer } from '../support/server';
import { CHROMIUM, CHROMIUM_ARGS, ensureAddinBuild, fakeOfficeScript } from '../addin/browser-rig';

const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'browser');
const KEY_PATH = `/api/plans/small-2023/submissions/${encodeURIComponent(FILLER_UNIT)}/2023-06/indicators`;
const VALUE = 'figures/一般公共预算收入/value';
const BASE = 'figures/一般公共预算收入/sameLastYear';
const GROWTH = 'figures/一般公共预算收入/growth';
const NOTE = 'figures/一般公共预算收入/note';

async function openPane(browser: Browser, s: TestServer, script: string, lang = 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 900 }, locale: lang });
  await context.route('**/office-js/office.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: script }));
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(`${s.url}/taskpane.html?lang=${lang}`);
  await page.waitForSelector('#pb-connect');
  return page;
}

/** Clicks and waits until the action has finished (the pane drops aria-busy). */
async function act(page: Page, selector: string): Promise<void> {
  await page.click(selector);
  await page.waitForFunction(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false', null, { timeout: 20000 });
}

async function connect(page: Page, token: string, server?: string): Promise<void> {
  if (server !== undefined) await page.fill('#pb-server', server);
  await page.fill('#pb-token', token);
  await act(page, '#pb-connect');
}

let shot = 0;
async function snap(page: Page, name: string): Promise<void> {
  shot++;
  await page.screenshot({ path: join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}

function test<T>(page: Page, fn: string, ...args: (string | number)[]): Promise<T> {
  return page.evaluate(
    ([f, a]) => {
      const h = (window as unknown as { __planbookTest: Record<string, (...x: unknown[]) => unknown> }).__planbookTest;
      return h[f as string]!(...(a as unknown[])) as T;
    },
    [fn, args] as const,
  ) as Promise<T>;
}

describe('e2e: the task pane in headless Chromium against a real store', function () {
  this.timeout(180000);
  let browser: Browser;
  let script: string;
  let s: TestServer;

  before(async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    mkdirSync(ARTIFACTS, { recursive: true });
    ensureAddinBuild();
    script = await fakeOfficeScript();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    s = await startTestServer();
  });
  afterEach(async () => {
    await s.stop();
  });

  it('a filler pulls, edits, explains a warning, pushes, settles a conflict and submits; a reviewer returns it', async () => {
    const page = await openPane(browser, s, script);
    assert.equal(await page.inputValue('#pb-server'), s.url, 'the server defaults to where the pane came from');
    await snap(page, 'connect');
    await connect(page, s.tokens.filler);
    assert.match((await page.textContent('#pb-notice')) ?? '', /已连接/);
    assert.equal(await page.inputValue('#pb-plan'), 'small-2023');
    assert.equal(await page.inputValue('#pb-unit'), FILLER_UNIT);

    await act(page, '#pb-pull');
    assert.match((await page.textContent('#pb-notice')) ?? '', /已拉取 1 行/);
    assert.ok((await test<string[]>(page, 'sheets')).includes('指标填报'));
    await snap(page, 'pulled');

    await test(page, 'type', VALUE, 58.18);
    await test(page, 'type', BASE, 50);
    await test(page, 'type', GROWTH, 3);
    await act(page, '#pb-check');
    const finding = page.locator('.pb-finding.pb-warning').first();
    assert.match((await finding.textContent()) ?? '', /同比增长/);
    const growthCell = await test<string>(page, 'cell', GROWTH);
    assert.match((await test<Record<string, string>>(page, 'notes'))[growthCell] ?? '', /同比增长/, 'the finding is a note in its cell');
    await snap(page, 'finding');

    // Clicking the finding selects its cell in the workbook.
    await act(page, '#pb-finding-0');
    const sel = await test<{ sheet: string; address: string }>(page, 'selection');
    assert.equal(`${sel.sheet}!${sel.address}`, growthCell);

    // Explain it, from the keyboard: the explanation lands in the 说明 cell and the warning counts as explained.
    await page.click('[data-action="explain-open"]');
    await page.keyboard.type('上年同期数据口径调整');
    await snap(page, 'explaining');
    await act(page, '[data-action="explain-save"]');
    assert.equal(await test(page, 'peek', NOTE), '上年同期数据口径调整');
    assert.equal(await page.locator('.pb-finding.pb-explained').count(), 1);
    await snap(page, 'explained');

    await act(page, '#pb-push');
    assert.match((await page.textContent('#pb-notice')) ?? '', /已推送，服务器版本 1/);
    await snap(page, 'pushed');

    // A second client changes the same figure; the user changes it too and pushes.
    const other = await call(s.url, s.tokens.filler, 'PATCH', KEY_PATH, { baseRev: 1, edits: [{ field: VALUE, base: 58.18, value: 60 }] });
    assert.equal(other.status, 200);
    await test(page, 'type', VALUE, 59);
    await act(page, '#pb-push');
    await page.waitForSelector('.pb-conflict');
    const row = await page.locator('.pb-conflict tbody tr').first().textContent();
    assert.match(row ?? '', /58\.18/);
    assert.match(row ?? '', /60/);
    assert.match(row ?? '', /59/);
    await snap(page, 'conflict');
    await page.check('#pb-keep-0-yours');
    await act(page, '#pb-resolve');
    assert.equal(await page.locator('.pb-conflict').count(), 0);
    const after = await call(s.url, s.tokens.reviewer, 'GET', KEY_PATH);
    assert.equal(after.body.data.figures['一般公共预算收入'].value, 59);
    await snap(page, 'resolved');

    await act(page, '#pb-submit');
    assert.match((await page.textContent('#pb-notice')) ?? '', /已报送，等待区级审核/, (await page.locator('#pb-error').allTextContents()).join(''));
    await snap(page, 'submitted');

    const review = await openPane(browser, s, script);
    await connect(review, s.tokens.reviewer);
    await act(review, '#pb-review');
    const returnButton = review.locator(`[data-action="return-open"][data-id="${FILLER_UNIT}|indicators"]`);
    await returnButton.click();
    await review.fill('#pb-reason', '增速口径请与统计局核对');
    await snap(review, 'reviewer-returning');
    await act(review, '#pb-return-confirm');
    assert.match((await review.textContent('#pb-notice')) ?? '', /已退回/);
    const state = await call(s.url, s.tokens.reviewer, 'GET', KEY_PATH);
    assert.equal(state.body.state, 'returned');
    assert.equal(state.body.returnReason, '增速口径请与统计局核对');
    await snap(review, 'reviewer-returned');
    await review.context().close();
    await page.context().close();
  });

  it('loads Office.js from planbook’s own server by default, from Microsoft’s CDN with ?officejs=cdn', async () => {
    const served = await call(s.url, null, 'GET', '/office-js/office.js');
    assert.equal(served.status, 200, 'the store serves @microsoft/office-js for intranets');
    for (const [query, want] of [
      ['', `${s.url}/office-js/office.js`],
      ['?officejs=cdn', 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js'],
    ] as const) {
      const context = await browser.newContext();
      const asked: string[] = [];
      await context.route(/office\.js$/, (route) => {
        asked.push(route.request().url());
        return route.fulfill({ status: 200, contentType: 'text/javascript', body: script });
      });
      const page = await context.newPage();
      await page.goto(`${s.url}/taskpane.html${query}`);
      await page.waitForSelector('#pb-connect');
      assert.deepEqual(asked, [want]);
      await context.close();
    }
  });

  it('bad input in the browser: a wrong address, a wrong token, the server down mid-push (queued, sent later), a renamed sheet', async () => {
    const page = await openPane(browser, s, script, 'en-US');
    await connect(page, s.tokens.filler, 'http://127.0.0.1:9');
    assert.match((await page.textContent('#pb-error')) ?? '', /Cannot reach the server/);
    await connect(page, 'wrong-token', s.url);
    assert.match((await page.textContent('#pb-error')) ?? '', /token is invalid/);
    await snap(page, 'bad-token');
    // From the keyboard alone: tick remember, type the token, Enter connects.
    await page.focus('#pb-remember');
    await page.keyboard.press('Space');
    await page.fill('#pb-server', s.url);
    await page.focus('#pb-token');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(s.tokens.filler);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#pb-pull');
    await page.waitForFunction(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
    assert.match((await page.evaluate(() => localStorage.getItem('planbook.connection'))) ?? '', new RegExp(s.tokens.filler), 'remembered, as ticked');
    await act(page, '#pb-pull');
    await test(page, 'type', VALUE, 58.18);

    const port = Number(new URL(s.url).port);
    const dataDir = s.dataDir;
    await s.stop({ keepData: true });
    await act(page, '#pb-push');
    assert.match((await page.textContent('#pb-queue')) ?? '', /1 edit set\(s\) waiting/);
    assert.match((await page.textContent('#pb-notice')) ?? '', /saved in this computer’s queue/);
    await snap(page, 'offline-queued');

    s = await startTestServer({ dataDir, port, plan: null });
    // The old token was revoked by the restart's user setup: the pane says so and keeps the queue.
    await act(page, '#pb-flush');
    assert.match((await page.textContent('#pb-error')) ?? '', /token is invalid/);
    await connect(page, s.tokens.filler, s.url);
    assert.equal(await page.locator('#pb-queue').count(), 0, 'the queue was sent on connecting');
    const r = await call(s.url, s.tokens.reviewer, 'GET', KEY_PATH);
    assert.equal(r.body.data.figures['一般公共预算收入'].value, 58.18);
    await snap(page, 'queue-sent');

    await test(page, 'renameSheet', '指标填报', 'My sheet');
    await act(page, '#pb-check');
    assert.match((await page.textContent('#pb-error')) ?? '', /renamed or deleted/);
    await snap(page, 'renamed-sheet');
    await page.context().close();
  });
});
