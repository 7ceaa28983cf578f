/**
 * LibreOffice's own .ods: refused by check and push alike, in both languages, with "save it as
 * .xlsx" — never a usage error from the argument parser, never "damaged" or "a .docx".
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/command';
import { EXIT } from '../../../src/cli/command';
import { hasSoffice } from '../../support/lo-typist';
import { seedPlan2023 } from '../../support/seed-plan';
import { scratch } from './helpers';

async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; text: string }> {
  let text = '';
  const io: CliIO = { out: (t) => (text += t + '\n'), err: (t) => (text += t + '\n'), cwd, env: {} };
  return { code: await main(argv, io), text };
}

describe('.ods workbooks are refused with "save it as .xlsx"', function () {
  this.timeout(120000);
  const tmp = scratch();
  const D = tmp.dir;
  before(async function () {
    if (!hasSoffice()) this.skip();
    writeFileSync(join(D, 'plan.json'), JSON.stringify(seedPlan2023()));
    assert.equal((await cli(D, 'fill', '--template', 'indicators', '--unit', '区财政局', '--period', '2023-06', '--plan', 'plan.json', '-o', 'form.xlsx')).code, EXIT.OK);
    execFileSync('soffice', [`-env:UserInstallation=${pathToFileURL(join(D, 'lo')).href}`, '--headless', '--convert-to', 'ods', '--outdir', D, join(D, 'form.xlsx')], { stdio: 'pipe', timeout: 100000 });
  });
  after(() => tmp.cleanup());

  const saysSaveAs = (text: string): void => {
    assert.match(text, /另存为 Excel 工作簿 \(\.xlsx\) 后重试/);
    assert.match(text, /save it as an Excel workbook \(\.xlsx\)/);
    assert.doesNotMatch(text, /Unknown option|Arguments not supported|docx|damaged/);
  };

  it('check x.ods', async () => {
    const r = await cli(D, 'check', 'form.ods');
    assert.equal(r.code, EXIT.BAD_INPUT);
    saysSaveAs(r.text);
  });
  it('check x.ods --server … --token … (the parser does not call --server unknown)', async () => {
    const r = await cli(D, 'check', 'form.ods', '--server', 'http://127.0.0.1:9', '--token', 't');
    assert.equal(r.code, EXIT.BAD_INPUT, r.text);
    saysSaveAs(r.text);
  });
  it('push x.ods', async () => {
    const r = await cli(D, 'push', 'form.ods', '--server', 'http://127.0.0.1:9', '--token', 't');
    assert.equal(r.code, EXIT.BAD_INPUT, r.text);
    saysSaveAs(r.text);
  });
});
