/**
 * LibreOffice as the user's hands: a Basic macro (test/e2e/lo/Module1.bas) opens workbooks in Calc,
 * types into cells through Calc's input parser with a zh-CN desk's locale (the keyboard's own
 * .uno:EnterString, or the same parser without the view), so "45%" in a General cell becomes 0.45
 * with a percent format and "１２３" becomes 123; pastes text ("58.18 " stays text),
 * sets number formats, merges cells, adds a user's note and saves each .xlsx with Calc's own writer.
 * Each call costs one soffice start (about ten seconds), whatever the number of workbooks.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export type TypistStep =
  /**
   * Typed into a cell: the text reaches Calc's input parser as a keystroke's Enter does (the
   * FormulaLocal property: ScDocFunc::SetNormalString with the desk's zh-CN locale), so "45%" → 0.45
   * and, in a General cell, a percent format; "58.18 " → 58.18; "1,234.5" → 1234.5; "０．３１" → 0.31;
   * a format the user chose is kept (a 0.0 cell given "4.1%" holds 0.041 and shows 0.0).
   */
  | { enter: string; sheet: string; text: string }
  /**
   * Typed through the keyboard's own path: the cell selected and .uno:EnterString dispatched to the
   * view (ScViewFunc::EnterData). Stores the same as `enter` on every value measured, but headless
   * LibreOffice 7.4 aborts in a timer in about half the runs with several of these, so tests use it
   * sparingly (each abort costs a retry).
   */
  | { keys: string; sheet: string; text: string }
  /** Pasted as text (a string whatever it looks like: "58.18 "). */
  | { paste: string; sheet: string; text: string }
  /** A number format chosen by the user (Format › Cells), e.g. '0%'. */
  | { format: string; sheet: string; code: string }
  | { merge: string; sheet: string }
  | { unmerge: string; sheet: string }
  | { note: string; sheet: string; text: string };

export function hasSoffice(): boolean {
  return spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).status === 0;
}

const MACRO = resolve(__dirname, '../e2e/lo/Module1.bas');

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A LibreOffice profile in `dir` whose Standard library holds the typist macro. */
export function typistProfile(dir: string): string {
  const profile = join(dir, 'lo-typist');
  const url = pathToFileURL(profile).href;
  const module = join(profile, 'user', 'basic', 'Standard', 'Module1.xba');
  if (!existsSync(module)) {
    // First start makes the profile (and its Standard library); the module is replaced after.
    execFileSync('soffice', [`-env:UserInstallation=${url}`, '--headless', '--terminate_after_init'], { stdio: 'pipe', timeout: 120000 });
  }
  // No autosave or recovery timers and no AutoInput completion: headless 7.4 aborted in a timer
  // while the macro typed. The values a user types are parsed the same with or without them.
  const registry = join(profile, 'user', 'registrymodifications.xcu');
  const xcu = readFileSync(registry, 'utf8');
  if (!xcu.includes('planbook-typist')) {
    const item = (path: string, prop: string, value: string) => `<item oor:path="${path}"><prop oor:name="${prop}" oor:op="fuse"><value>${value}</value></prop></item>`;
    const items = [
      '<!-- planbook-typist -->',
      item('/org.openoffice.Office.Recovery/AutoSave', 'Enabled', 'false'),
      item('/org.openoffice.Office.Recovery/RecoveryInfo', 'Enabled', 'false'),
      item('/org.openoffice.Office.Calc/Input', 'AutoInput', 'false'),
      // A statistician's desk in China: input parsed with the zh-CN locale (full-width digits are numbers).
      item('/org.openoffice.Setup/L10N', 'ooSetupSystemLocale', 'zh-CN'),
    ].join('\n');
    writeFileSync(registry, xcu.replace('</oor:items>', `${items}\n</oor:items>`));
  }
  const source = readFileSync(MACRO, 'utf8');
  writeFileSync(
    module,
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n' +
      `<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">${xmlEscape(source)}</script:module>`,
  );
  return url;
}

/** One workbook and what the user does to it. */
export interface TypistJob {
  file: string;
  steps: TypistStep[];
}

function stepLine(s: TypistStep): string {
  if ('enter' in s) return `enter\t${s.sheet}\t${s.enter}\t${s.text}`;
  if ('keys' in s) return `keys\t${s.sheet}\t${s.keys}\t${s.text}`;
  if ('paste' in s) return `paste\t${s.sheet}\t${s.paste}\t${s.text}`;
  if ('format' in s) return `format\t${s.sheet}\t${s.format}\t${s.code}`;
  if ('merge' in s) return `merge\t${s.sheet}\t${s.merge}`;
  if ('unmerge' in s) return `unmerge\t${s.sheet}\t${s.unmerge}`;
  return `note\t${s.sheet}\t${s.note}\t${s.text.replace(/\n/g, ' ')}`;
}

/**
 * Opens each workbook in LibreOffice Calc, performs its steps as a user would and saves it as .xlsx
 * in place — all in one soffice run. Throws when the macro failed a step, or when LibreOffice did
 * not save every workbook in 6 attempts.
 */
export function typeInLibreOffice(dir: string, jobs: TypistJob[]): void {
  const profile = typistProfile(dir);
  const saved = jobs.map((j) => `${resolve(j.file)}.lo.xlsx`);
  const lines: string[] = [];
  jobs.forEach((j, i) => lines.push(`open\t${resolve(j.file)}`, ...j.steps.map(stepLine), `save\t${saved[i]}`, 'close'));
  lines.push('');
  const script = join(dir, 'typist-steps.txt');
  writeFileSync(script, lines.join('\n'));
  const err = `${script}.err`;
  const done = saved.map((f) => `${f}.done`);
  const args = [`-env:UserInstallation=${profile}`, '--headless', '--invisible', '--norestore', 'macro:///Standard.Module1.Run'];
  let last = '';
  // LibreOffice 7.4 headless aborts now and then (SIGABRT in a timer while the macro runs, about one
  // run in three with typed input); each attempt starts from the same files, and the macro's own
  // markers (not the exit code) say what happened.
  for (let attempt = 0; attempt < 6; attempt++) {
    for (const f of [err, ...done, ...saved]) rmSync(f, { force: true });
    const run = spawnSync('soffice', args, { encoding: 'utf8', timeout: 120000, env: { ...process.env, PB_SCRIPT: script } });
    if (existsSync(err)) throw new Error(`LibreOffice macro failed: ${readFileSync(err, 'utf8')}`);
    if (done.every((f) => existsSync(f))) break;
    last = `exit ${run.status ?? run.signal}: ${run.stderr.split('\n').slice(0, 3).join(' ')}`;
  }
  if (!done.every((f) => existsSync(f))) throw new Error(`LibreOffice did not finish the steps (${last})`);
  jobs.forEach((j, i) => {
    renameSync(saved[i]!, j.file);
    rmSync(done[i]!, { force: true });
  });
}
