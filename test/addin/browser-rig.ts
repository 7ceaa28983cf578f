/**
 * What the browser test and the add-in benchmark share: Debian's Chromium with flags fit for a
 * locked-down machine, the production build, and the fake Office.js bundled for the page.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(__dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The fake Office.js for the browser, bundled once per run. */
export async function fakeOfficeScript(): Promise<string> {
  const r = await build({
    entryPoints: [join(__dirname, 'fake-office.browser.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'error',
  });
  return r.outputFiles[0]!.text;
}

export function ensureAddinBuild(): void {
  if (!existsSync(join(ROOT, 'dist', 'addin', 'taskpane.js'))) execFileSync('npx', ['webpack', '--mode', 'production'], { cwd: ROOT, stdio: 'ignore' });
}
