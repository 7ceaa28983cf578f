/**
 * LibreOffice as the user's hands: a Basic macro (test/e2e/lo/Module1.bas) opens a workbook in Calc,
 * enters content that Calc parses itself ("4.1%" becomes 0.041), pastes text ("58.18 " stays text),
 * sets number formats, merges cells, adds a user's note and saves the .xlsx with Calc's own writer.
 * Each call costs one soffice start (a few seconds).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export type TypistStep =
  /**
   * Content entered into a cell, parsed by Calc as its input line parses it ("45%" → 0.45,
   * "1,234" → 1234), keeping the cell's number format. Not the keystroke dispatcher
   * (.uno:EnterString): headless LibreOffice 7.4 aborted in a timer during most such runs.
   */
  | { enter: string; sheet: string; text: string }
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

/** Opens `file` in LibreOffice Calc, performs the steps as a user would, and saves it as .xlsx in place. */
export function typeInLibreOffice(dir: string, file: string, steps: TypistStep[]): void {
  const profile = typistProfile(dir);
  const lines = [`open\t${resolve(file)}`];
  for (const s of steps) {
    if ('enter' in s) lines.push(`enter\t${s.sheet}\t${s.enter}\t${s.text}`);
    else if ('paste' in s) lines.push(`paste\t${s.sheet}\t${s.paste}\t${s.text}`);
    else if ('format' in s) lines.push(`format\t${s.sheet}\t${s.format}\t${s.code}`);
    else if ('merge' in s) lines.push(`merge\t${s.sheet}\t${s.merge}`);
    else if ('unmerge' in s) lines.push(`unmerge\t${s.sheet}\t${s.unmerge}`);
    else lines.push(`note\t${s.sheet}\t${s.note}\t${s.text.replace(/\n/g, ' ')}`);
  }
  const saved = `${resolve(file)}.lo.xlsx`;
  lines.push(`save\t${saved}`, 'close', '');
  const script = join(dir, 'typist-steps.txt');
  writeFileSync(script, lines.join('\n'));
  const err = `${script}.err`;
  const done = `${script}.done`;
  const args = [`-env:UserInstallation=${profile}`, '--headless', '--invisible', '--norestore', 'macro:///Standard.Module1.Run'];
  let last = '';
  // LibreOffice 7.4 crashes now and then (SIGABRT) while saving a sheet with notes; each attempt
  // starts from the same file, and the macro's own markers (not the exit code) say what happened.
  for (let attempt = 0; attempt < 4; attempt++) {
    rmSync(err, { force: true });
    rmSync(done, { force: true });
    rmSync(saved, { force: true });
    const run = spawnSync('soffice', args, { encoding: 'utf8', timeout: 120000, env: { ...process.env, PB_SCRIPT: script } });
    if (existsSync(err)) throw new Error(`LibreOffice macro failed: ${readFileSync(err, 'utf8')}`);
    if (existsSync(done)) break;
    last = `exit ${run.status ?? run.signal}: ${run.stderr}`;
  }
  if (!existsSync(done)) throw new Error(`LibreOffice did not finish the steps (${last})`);
  renameSync(saved, file);
}
