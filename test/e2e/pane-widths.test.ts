/**
 * The task pane at the widths Excel gives it (320, 350 and 400 px), in Chinese and English, built
 * for production and run in headless Chromium against a real store (issue 11, item 8). Screenshots
 * of each go to test-artifacts/pane-widths/; the DOM is measured: no named element (plan, unit,
 * period and form drop-downs, status badges, headings, the signed-in line) is cut without its whole
 * text in a title, no badge breaks inside, the page never scrolls sideways, and every control
 * reached by Tab shows a focus outline (WCAG 2.4.7).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { call, startTestServer, smallPlan, FILLER_UNIT, FILLER2_UNIT, type TestServer } from '../support/server';
import { CHROMIUM, CHROMIUM_ARGS, ensureAddinBuild, fakeOfficeScript } from '../addin/browser-rig';

const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'pane-widths');
/** A plan title as long as the real ones (通州区's own is longer than any pane is wide). */
const LONG_NAME = '北京市通州区2023年国民经济和社会发展计划主要指标和重点任务分工方案';

interface Overflow {
  what: string;
  text: string;
  why: string;
}

/** Every named element that hides part of its text with no title holding the whole of it. */
function overflows(page: Page): Promise<Overflow[]> {
  return page.evaluate(() => {
    const out: { what: string; text: string; why: string }[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) out.push({ what: 'page', text: '', why: `scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth}` });
    for (const sel of Array.from(document.querySelectorAll('select'))) {
      const text = sel.selectedOptions[0]?.text ?? '';
      // A closed select cannot wrap: its text is readable whole only through its title.
      if (sel.title !== text) out.push({ what: `select#${sel.id}`, text, why: `title "${sel.title}"` });
      for (const o of Array.from(sel.options)) if (o.title !== o.text) out.push({ what: `option of #${sel.id}`, text: o.text, why: 'no title' });
    }
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.pb-badge, h1, h2, .pb-me, .pb-state, .pb-whole, label, button, th, td'))) {
      const text = el.textContent?.trim() ?? '';
      if (el.scrollWidth > el.clientWidth + 1 && el.title !== text) out.push({ what: el.className || el.tagName, text, why: `scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}` });
      const r = el.getBoundingClientRect();
      if (r.right > doc.clientWidth + 0.5) out.push({ what: el.className || el.tagName, text, why: `right edge ${r.right} beyond the pane ${doc.clientWidth}` });
    }
    for (const b of Array.from(document.querySelectorAll<HTMLElement>('.pb-badge'))) {
      const cs = getComputedStyle(b);
      if (cs.whiteSpace !== 'nowrap') out.push({ what: 'badge', text: b.textContent ?? '', why: `white-space ${cs.whiteSpace}` });
      // One line: a badge broken mid-word would be two line-heights tall.
      if (b.getClientRects().length > 1 || b.getBoundingClientRect().height > parseFloat(cs.lineHeight) * 1.5) out.push({ what: 'badge', text: b.textContent ?? '', why: 'broken over two lines' });
    }
    return out;
  });
}

describe('e2e: the task pane at 320–400 px, zh-CN and English: nothing cut unreadably, badges whole, focus visible', function () {
  this.timeout(300000);
  let browser: Browser;
  let script: string;
  let s: TestServer;

  before(async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    mkdirSync(ARTIFACTS, { recursive: true });
    ensureAddinBuild();
    script = await fakeOfficeScript();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    s = await startTestServer({ plan: { ...smallPlan(), name: LONG_NAME } });
    // Something to review: a submitted and a returned form, so every badge kind is on the page.
    for (const [unit, token, ind] of [
      [FILLER_UNIT, s.tokens.filler, '一般公共预算收入'],
      [FILLER2_UNIT, s.tokens.filler2, '社会消费品零售总额'],
    ] as const) {
      const path = `/api/plans/small-2023/submissions/${encodeURIComponent(unit)}/2023-06/indicators`;
      const edits = [
        { field: `figures/${ind}/value`, base: null, value: 50 },
        { field: `figures/${ind}/growth`, base: null, value: 5 },
      ];
      const put = await call(s.url, token, 'PATCH', path, { baseRev: 0, edits });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      const sub = await call(s.url, token, 'POST', `${path}/submit`, undefined, { 'if-match': `"${(put.body as { rev: number }).rev}"` });
      assert.ok(sub.status < 300, JSON.stringify(sub.body));
    }
    const back = await call(s.url, s.tokens.reviewer, 'POST', `/api/plans/small-2023/submissions/${encodeURIComponent(FILLER2_UNIT)}/2023-06/indicators/return`, { reason: '请核对' }, { 'if-match': '"2"' });
    assert.ok(back.status < 300, JSON.stringify(back.body));
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  for (const lang of ['zh-CN', 'en-US']) {
    for (const width of [320, 350, 400]) {
      it(`${lang} at ${width} px`, async () => {
        const context = await browser.newContext({ viewport: { width, height: 900 }, locale: lang });
        await context.route('**/office-js/office.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: script }));
        const page = await context.newPage();
        await page.goto(`${s.url}/taskpane.html?lang=${lang}`);
        await page.waitForSelector('#pb-connect');
        await page.screenshot({ path: join(ARTIFACTS, `${lang}-${width}-connect.png`), fullPage: true });
        assert.deepEqual(await overflows(page), []);
        await page.fill('#pb-token', s.tokens.reviewer);
        await page.click('#pb-connect');
        await page.waitForSelector('#pb-review');
        await page.selectOption('#pb-period', '2023-06');
        await page.click('#pb-review');
        await page.waitForSelector('.pb-review .pb-badge');
        await page.screenshot({ path: join(ARTIFACTS, `${lang}-${width}-review.png`), fullPage: true });
        assert.equal(await page.getAttribute('#pb-plan', 'title'), LONG_NAME);
        assert.equal((await page.textContent('#pb-plan-name'))?.trim(), LONG_NAME, 'the whole name, wrapped, under the drop-down');
        assert.deepEqual(await overflows(page), []);

        // From the keyboard: every control Tab reaches shows an outline.
        const unseen: string[] = [];
        // Focused by script the first control shows no :focus-visible ring (by design); Tab from the page's start.
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        let reached = 0;
        for (let i = 0; i < 40; i++) {
          await page.keyboard.press('Tab');
          const f = await page.evaluate(() => {
            const el = document.activeElement as HTMLElement | null;
            if (!el || el === document.body) return null;
            const cs = getComputedStyle(el);
            return { id: el.id || el.tagName + (el.dataset.action ? `[${el.dataset.action}]` : ''), visible: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1 };
          });
          if (f) reached++;
          if (f && !f.visible) unseen.push(f.id);
        }
        assert.ok(reached >= 10, `Tab reached ${reached} controls`);
        assert.deepEqual(unseen, []);
        await context.close();
      });
    }
  }
});
