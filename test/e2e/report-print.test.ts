/**
 * The district report workbook as LibreOffice prints it: the chart is whole on one page of its own
 * (never cut by a page break, never under the table's repeated header row). The PDF's pages are
 * counted with pdfinfo and read with pdftotext: the chart's title, legend and axis labels must all
 * be on one page, and that page must carry no table header.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';
import { EXIT } from '../../src/cli/command';
import { seedPlan2023 } from '../support/seed-plan';
import { hasSoffice } from '../support/lo-typist';
import { scratch } from '../hosts/xlsx/helpers';

async function cli(cwd: string, ...argv: string[]): Promise<number> {
  const io: CliIO = { out: () => undefined, err: () => undefined, cwd, env: {} };
  return main(argv, io);
}

describe('e2e: the report workbook prints its chart whole on one page (LibreOffice PDF)', function () {
  this.timeout(180000);
  const tmp = scratch();
  const D = tmp.dir;
  before(function () {
    if (!hasSoffice() || spawnSync('sh', ['-c', 'command -v pdftotext && command -v pdfinfo']).status !== 0) this.skip();
  });
  after(() => tmp.cleanup());

  it('has the chart on exactly one page, with all its labels, and no table header on that page', async () => {
    writeFileSync(join(D, 'plan.json'), JSON.stringify(seedPlan2023()));
    writeFileSync(join(D, 'figures.csv'), '填报单位,指标,报告期,数值,同比增长,上年同期,说明\n区发展改革委,全社会固定资产投资,2023-06,512.3,8,,\n区财政局,一般公共预算收入,2023-06,58.18,6.1,,\n');
    assert.equal(await cli(D, 'report', '--plan', 'plan.json', '--figures', 'figures.csv', '--period', '2023-06', '-o', 'report.xlsx'), EXIT.OK);
    execFileSync('soffice', [`-env:UserInstallation=${pathToFileURL(join(D, 'lo')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', D, join(D, 'report.xlsx')], { stdio: 'pipe', timeout: 150000 });
    const pdf = join(D, 'report.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    assert.ok(pages >= 2, `pages: ${pages}`);
    const text = (n: number): string => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-'], { encoding: 'utf8' });
    const texts = Array.from({ length: pages }, (_, i) => text(i + 1));
    const title = '完成全年目标与时间进度';
    const withTitle = texts.map((t, i) => (t.includes(title) ? i + 1 : 0)).filter(Boolean);
    assert.equal(withTitle.length, 1, `the chart title is on one page: ${withTitle.join(',')}`);
    const page = texts[withTitle[0]! - 1]!;
    // The chart's legend (both series) and its category label are on the same page as its title.
    assert.match(page, /完成全年目标 %/, 'the legend (LibreOffice sets the series names apart from their %)');
    assert.match(page, /时间进度 %/);
    assert.match(page, /全社会固定资产投资/);
    assert.doesNotMatch(page, /指标名称/, 'no repeated table header over the chart');
  });
});
