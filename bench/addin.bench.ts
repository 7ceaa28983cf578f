/**
 * The add-in's speed figures: the production bundle's size (gzip) and the task pane's time to first
 * render in headless Chromium (served by a real store, Office.js replaced by the fake host), against
 * the goals of 250 KB and 1 s; and the Excel round trips (context.sync) a pull costs by form size.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startTestServer } from '../test/support/server';
import { CHROMIUM_ARGS, ensureAddinBuild, fakeOfficeScript } from '../test/addin/browser-rig';
import { ExcelWorkbook, type ExcelRun } from '../src/hosts/excel/excel-workbook';
import type { CellValue } from '../src/template/port';
import { FakeExcel } from '../test/hosts/excel/fake-excel';
import { syncsPerAction } from '../test/addin/action-syncs';
import { decodeTemplates } from '../test/addin/xlsx-decode';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist', 'addin');

function kb(n: number): string {
  return `${(n / 1024).toFixed(1)} KB`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function bundleSize(): Promise<void> {
  ensureAddinBuild();
  const files = ['taskpane.js', 'taskpane.html', 'functions.js', 'functions.html', 'commands.js'];
  let paneGz = 0;
  for (const f of files) {
    const raw = readFileSync(join(DIST, f));
    const gz = gzipSync(raw, { level: 9 }).length;
    if (f.startsWith('taskpane')) paneGz += gz;
    console.log(`  ${f.padEnd(16)} ${kb(raw.length).padStart(10)} raw  ${kb(gz).padStart(9)} gzip`);
  }
  console.log(`  task pane total (js + html) ${kb(paneGz)} gzip; goal 250 KB → ${(paneGz / (250 * 1024)).toFixed(2)} of the budget`);
}

async function firstRender(): Promise<void> {
  const s = await startTestServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  try {
    const script = await fakeOfficeScript();
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const context = await browser.newContext();
      await context.route('**/office-js/office.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: script }));
      // Stamp the moment the connect form first exists, measured from navigation start.
      await context.addInitScript(() => {
        new MutationObserver((_m, obs) => {
          if (document.getElementById('pb-connect')) {
            (window as unknown as { __rendered: number }).__rendered = performance.now();
            obs.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      const page = await context.newPage();
      await page.goto(`${s.url}/taskpane.html`);
      await page.waitForSelector('#pb-connect');
      times.push(await page.evaluate(() => (window as unknown as { __rendered: number }).__rendered));
      await context.close();
    }
    const first = times[0]!;
    const warm = median(times.slice(1));
    console.log(`  first render: cold ${first.toFixed(0)} ms, warm median ${warm.toFixed(0)} ms (6 runs); goal 1000 ms → ${(warm / 1000).toFixed(2)} of it`);
  } finally {
    await browser.close();
    await s.stop();
  }
}

async function syncCounts(): Promise<void> {
  const rowsOf = (n: number): CellValue[][] => Array.from({ length: n }, (_, i) => [`指标${i}`, '亿元', i * 1.5, i % 7, null, i % 3 ? '' : '说明']);
  for (const n of [10, 5000, 40000]) {
    const fake = new FakeExcel();
    fake.state.addSheet('表');
    const wb = new ExcelWorkbook({ run: fake.run as unknown as ExcelRun, notes: false });
    const t0 = performance.now();
    await wb.write([{ kind: 'values', sheet: '表', at: 'A1', values: rowsOf(n) }]);
    await wb.read([{ sheet: '表', address: `A1:F${n}` }]);
    const ms = performance.now() - t0;
    const biggest = Math.max(...fake.syncs.map((x) => Math.max(x.requestBytes, x.responseBytes)));
    console.log(`  pull ${String(n * 6).padStart(7)} cells: ${fake.syncCount} syncs (write + read), largest request/response ${kb(biggest)}, ${ms.toFixed(0)} ms in the fake`);
  }
}

/** Round trips per button of the pane (test/addin/pane-sync-count.test.ts): the controller over the fake Excel and a real store. */
async function actionSyncs(): Promise<void> {
  const designed = await decodeTemplates();
  for (const [label, o] of [
    ['built from its spec', {}],
    ['designed template', { designed }],
  ] as const) {
    for (const n of [10, 300]) {
      const s = await startTestServer();
      try {
        const c = await syncsPerAction(s, n, o);
        const worst = Math.max(c.pull, c.check, c.push, c.submit, c.repull);
        console.log(
          `  ${label}, ${String(n).padStart(4)} rows: pull ${c.pull}, check ${c.check}, push ${c.push}, submit ${c.submit}, pull again ${c.repull} syncs; goal ≤ 3 each (issue 10) → ${worst <= 3 ? 'met' : `not met (${worst})`}`,
        );
      } finally {
        await s.stop();
      }
    }
  }
}

export async function run(): Promise<void> {
  console.log('bundle size');
  await bundleSize();
  console.log('time to first render (headless Chromium, production build, store on loopback)');
  await firstRender();
  console.log('Excel round trips per pull (fake host)');
  await syncCounts();
  console.log('Excel round trips per button of the task pane (fake host, store on loopback)');
  await actionSyncs();
}
