/**
 * End to end as a new user runs it: the 2023 plan imported from seed 003, a real store on loopback,
 * and the CLI filling, checking, pushing and reporting on real .xlsx files.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { EXIT } from '../../src/cli/command';
import { seedPlan2023 } from '../support/seed-plan';
import { startTestServer, call, type TestServer } from '../support/server';
import { scratch } from '../hosts/xlsx/helpers';
import { loadTemplate } from '../../src/hosts/xlsx/templates';
import { cliIn, editCells } from '../support/cli-run';

const cli = cliIn;

const edit = (file: string, sheet: string, cells: Record<string, ExcelJS.CellValue>): Promise<void> => editCells(file, cells, sheet);

describe('e2e: fill → edit → check → push → report on the 2023 plan and a store on loopback', function () {
  this.timeout(60000);
  const tmp = scratch();
  let s: TestServer;
  const plan = seedPlan2023();
  const D = tmp.dir;
  const IND = '指标填报';

  before(async () => {
    s = await startTestServer({ plan });
    writeFileSync(join(D, 'plan.json'), JSON.stringify(plan));
  });
  after(async () => {
    await s.stop();
    tmp.cleanup();
  });

  const server = (who: 'filler' | 'admin' | 'filler2'): string[] => ['--server', s.url, '--token', s.tokens[who]];
  const stored = async (unit: string, form = 'indicators') =>
    (await call(s.url, s.tokens.admin, 'GET', `/api/plans/${encodeURIComponent(plan.id)}/submissions/${encodeURIComponent(unit)}/2023-06/${form}`)).body as {
      rev: number;
      data: { figures: Record<string, { value: unknown }>; tasks: Record<string, { status: unknown; progress: unknown }> };
    };

  it('the installed command answers --help', () => {
    const text = execFileSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'planbook.js'), 'fill', '--help'], { encoding: 'utf8' });
    assert.match(text, /--all-units/);
    assert.match(text, /用法 \/ Usage/);
  });

  it('fills one task form per unit of the plan: 73 workbooks, progress on stderr', async () => {
    const r = await cli(D, 'fill', '--template', 'tasks', '--all-units', '--period', '2023-06', '--plan', 'plan.json', '-o', 'forms');
    assert.equal(r.code, EXIT.OK, r.err);
    assert.equal(readdirSync(join(D, 'forms')).length, 73);
    assert.match(r.err, /\[73\/73\]/);
    assert.ok(existsSync(join(D, 'forms', '区财政局_2023-06_tasks.xlsx')));
  });

  it('a filler fills from the store, enters figures, checks and pushes them', async () => {
    const f = join(D, 'cz.xlsx');
    let r = await cli(D, 'fill', '--template', 'indicators', '--unit', '区财政局', '--period', '2023-06', ...server('filler'), '--plan-id', plan.id, '-o', f);
    assert.equal(r.code, EXIT.OK, r.err);
    await edit(f, IND, { D5: 58.18, E5: 54.84, F5: 6.1 });
    r = await cli(D, 'check', f);
    assert.equal(r.code, EXIT.OK, r.out + r.err);
    assert.match(r.out, /✓ .*区财政局 2023-06 indicators/);
    r = await cli(D, 'push', f, ...server('filler'));
    assert.equal(r.code, EXIT.OK, r.err);
    assert.match(r.out, /pushed 3 changes, now at revision 1/);
    const sub = await stored('区财政局');
    assert.equal(sub.rev, 1);
    assert.equal(sub.data.figures['一般公共预算收入']!.value, 58.18);
    // Pushing the same workbook again changes nothing and conflicts with nothing.
    r = await cli(D, 'push', f, ...server('filler'));
    assert.equal(r.code, EXIT.OK, r.err);
    assert.equal((await stored('区财政局')).rev, 1);
  });

  it('a second copy filled before that push conflicts and changes nothing', async () => {
    // Filled from the plan file: base revision 0, as the first copy was.
    const f = join(D, 'cz-old.xlsx');
    assert.equal((await cli(D, 'fill', '--template', 'indicators', '--unit', '区财政局', '--period', '2023-06', '--plan', 'plan.json', '-o', f)).code, EXIT.OK);
    await edit(f, IND, { D5: 57 });
    const r = await cli(D, 'push', f, ...server('filler'));
    assert.equal(r.code, EXIT.CONFLICT, r.err);
    assert.match(r.err, /D5 \| figures\/一般公共预算收入\/value \| （空 empty） \| 58\.18 \| 57/);
    assert.match(r.err, /nothing was changed/);
    const sub = await stored('区财政局');
    assert.equal(sub.rev, 1);
    assert.equal(sub.data.figures['一般公共预算收入']!.value, 58.18);
  });

  it('with --server, check compares with the stored previous month: a falling cumulative figure is an error and is not pushed', async () => {
    // The history a check compares with is what counts (docs/usecases.md): June is still a draft, so May is submitted as the month before.
    const may = `/api/plans/${encodeURIComponent(plan.id)}/submissions/${encodeURIComponent('区财政局')}/2023-05/indicators`;
    const put = await call(
      s.url,
      s.tokens.filler,
      'PUT',
      may,
      { data: { figures: { 一般公共预算收入: { value: 58.18, growth: null, sameLastYear: null, note: '5月累计，含一次性收入' } }, tasks: {} } },
      { 'if-match': '"0"' },
    );
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const sent = await call(s.url, s.tokens.filler, 'POST', `${may}/submit`, undefined, { 'if-match': `"${put.body.rev}"` });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const f = join(D, 'cz-07.xlsx');
    assert.equal((await cli(D, 'fill', '--template', 'indicators', '--unit', '区财政局', '--period', '2023-07', ...server('filler'), '--plan-id', plan.id, '-o', f)).code, EXIT.OK);
    await edit(f, IND, { D5: 50.2, E5: 47.9, F5: 4.8 });
    const offline = JSON.parse((await cli(D, 'check', f, '--format', 'json')).out) as { findings: { rule: string }[] }[];
    assert.equal(
      offline[0]!.findings.some((x) => x.rule === 'cumulative-decrease'),
      false,
      'without the store there is no earlier month to compare with',
    );
    let r = await cli(D, 'check', f, ...server('filler'), '--format', 'json');
    assert.equal(r.code, EXIT.FINDINGS, r.err);
    const found = (JSON.parse(r.out) as { findings: { rule: string; cell: string; severity: string; numbers: Record<string, number> }[] }[])[0]!.findings.find((x) => x.rule === 'cumulative-decrease')!;
    assert.equal(found.cell, 'D5');
    assert.equal(found.severity, 'error');
    assert.equal(found.numbers.previous, 58.18);
    r = await cli(D, 'push', f, ...server('filler'));
    assert.equal(r.code, EXIT.FINDINGS);
    assert.equal((await call(s.url, s.tokens.admin, 'GET', `/api/plans/${encodeURIComponent(plan.id)}/submissions/${encodeURIComponent('区财政局')}/2023-07/indicators`)).body.rev, 0);
  });

  it('text in a number cell or a typed formula: check names the cell, push sends nothing', async () => {
    const f = join(D, 'cz-bad.xlsx');
    await cli(D, 'fill', '--template', 'indicators', '--unit', '区财政局', '--period', '2023-06', ...server('filler'), '--plan-id', plan.id, '-o', f);
    // Filled after the push: the stored figures are in the cells and revision 1 is the base.
    const pulled = new ExcelJS.Workbook();
    await pulled.xlsx.readFile(f);
    assert.equal(pulled.getWorksheet(IND)!.getCell('D5').value, 58.18);
    assert.equal((await cli(D, 'check', f, '--format', 'json')).out.includes('"baseRev": 1'), true);
    await edit(f, IND, { D5: '五十八亿', E5: { formula: 'D5/1.06' } as ExcelJS.CellFormulaValue });
    let r = await cli(D, 'check', f, '--format', 'json');
    assert.equal(r.code, EXIT.FINDINGS);
    const report = JSON.parse(r.out) as { findings: { rule: string; cell: string }[] }[];
    assert.deepEqual(
      report[0]!.findings.filter((x) => x.rule.startsWith('cell-')).map((x) => [x.rule, x.cell]),
      [
        ['cell-not-number', 'D5'],
        ['cell-formula', 'E5'],
      ],
    );
    r = await cli(D, 'push', f, ...server('filler'));
    assert.equal(r.code, EXIT.FINDINGS);
    assert.match(r.err, /not pushed/);
    assert.equal((await stored('区财政局')).rev, 1);
  });

  it('--annotate writes the findings into the workbook as notes and a findings sheet', async () => {
    const f = join(D, 'cz-bad.xlsx');
    const r = await cli(D, 'check', f, '--annotate');
    assert.equal(r.code, EXIT.FINDINGS);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(f);
    assert.match(String(wb.getWorksheet(IND)!.getCell('D5').note), /应填数字.*五十八亿/s);
    assert.equal(wb.getWorksheet('审核结果')!.getCell('B2').value, 'D5');
    // The annotated workbook is still a planbook workbook.
    assert.equal((await cli(D, 'check', f)).code, EXIT.FINDINGS);
  });

  it('a workbook of another unit: the store refuses the filler, nothing changes; --unit refuses it locally', async () => {
    const f = join(D, 'sw.xlsx');
    assert.equal((await cli(D, 'fill', '--template', 'indicators', '--unit', '区商务局', '--period', '2023-06', ...server('admin'), '--plan-id', plan.id, '-o', f)).code, EXIT.OK);
    await edit(f, IND, { D5: 300.5 });
    let r = await cli(D, 'push', f, ...server('filler'));
    assert.equal(r.code, EXIT.REMOTE, r.err);
    assert.equal((await stored('区商务局')).rev, 0);
    r = await cli(D, 'check', f, '--unit', '区财政局', '--period', '2023-06');
    assert.equal(r.code, EXIT.BAD_INPUT);
    assert.match(r.out, /这是填报单位“区商务局”的工作簿，不是“区财政局”的/);
    r = await cli(D, 'check', f, '--period', '2023-07');
    assert.equal(r.code, EXIT.BAD_INPUT);
  });

  it('bad files: not an .xlsx, a deleted row, a 50 MB file: clear message, exit 3, nothing pushed', async () => {
    writeFileSync(join(D, 'notes.xlsx'), 'this is text');
    let r = await cli(D, 'push', 'notes.xlsx', ...server('filler'));
    assert.equal(r.code, EXIT.BAD_INPUT);
    assert.match(r.err, /not an \.xlsx workbook/);

    const f = join(D, 'tasks-cut.xlsx');
    await cli(D, 'fill', '--template', 'tasks', '--unit', '区财政局', '--period', '2023-06', '--plan', 'plan.json', '-o', f);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(f);
    wb.getWorksheet('任务进展')!.spliceRows(6, 1);
    await wb.xlsx.writeFile(f);
    r = await cli(D, 'check', f);
    assert.equal(r.code, EXIT.BAD_INPUT);
    assert.match(r.out, /do not add or remove rows/);

    const big = join(D, 'big.xlsx');
    closeSync(openSync(big, 'w'));
    truncateSync(big, 50 * 1024 * 1024);
    r = await cli(D, 'push', big, ...server('filler'));
    assert.equal(r.code, EXIT.BAD_INPUT);
    assert.match(r.err, /too large/);
    assert.equal((await stored('区财政局')).rev, 1);
  });

  it('task progress goes up through the tasks form', async () => {
    const f = join(D, 'cz-tasks.xlsx');
    await cli(D, 'fill', '--template', 'tasks', '--unit', '区财政局', '--period', '2023-06', ...server('filler'), '--plan-id', plan.id, '-o', f);
    await edit(f, '任务进展', { E5: '收入完成58.18亿元', F5: '推进中', G5: 63 });
    const r = await cli(D, 'push', f, ...server('filler'));
    assert.equal(r.code, EXIT.OK, r.err);
    const sub = await stored('区财政局', 'tasks');
    assert.equal(sub.data.tasks['2']!.status, '推进中');
    assert.equal(sub.data.tasks['2']!.progress, 63);
  });

  it('builds the report from the store: what the units pushed is in it', async () => {
    // Pushed, not yet submitted: drafts count only when asked for (issue 10: by default only submitted or approved figures).
    let r = await cli(D, 'report', ...server('admin'), '--plan-id', plan.id, '--period', '2023-06', '--drafts', '-o', 'store-report.xlsx');
    assert.equal(r.code, EXIT.OK, r.err);
    assert.match(r.err, /read 2 submissions/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(D, 'store-report.xlsx'));
    const ws = wb.getWorksheet('主要经济指标')!;
    const row = [5, 6, 7, 8, 9, 10, 11, 12].find((n) => ws.getCell(`A${n}`).value === '一般公共预算收入')!;
    assert.equal(ws.getCell(`E${row}`).value, 58.18);
    const tasks = wb.getWorksheet('重点任务')!;
    assert.equal(tasks.getCell('A6').value, 2);
    assert.equal(tasks.getCell('F6').value, 63);
    r = await cli(D, 'report', ...server('admin'), '--plan-id', plan.id, '--period', '2023-06', '--drafts', '-o', 'store-report.csv');
    assert.equal(r.code, EXIT.OK, r.err);
    assert.match(readFileSync(join(D, 'store-report.csv'), 'utf8'), /一般公共预算收入.*58\.18/);
  });

  it('builds the district report workbook with both tables and a native chart', async () => {
    mkdirSync(join(D, 'in'), { recursive: true });
    writeFileSync(
      join(D, 'in', 'figures.csv'),
      '填报单位,指标,报告期,数值,同比增长,上年同期,说明\n区财政局,一般公共预算收入,2023-06,58.18,6.1,54.84,\n区财政局,一般公共预算收入,2022,89.46,,,\n区发展改革委,地区生产总值,2023-06,607.6,5.2,,\n',
    );
    const r = await cli(D, 'report', '--plan', 'plan.json', '--figures', 'in/figures.csv', '--period', '2023-06', '-o', 'report.xlsx');
    assert.equal(r.code, EXIT.OK, r.err);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(D, 'report.xlsx'));
    const ws = wb.getWorksheet('主要经济指标')!;
    const row = [5, 6, 7, 8, 9, 10, 11, 12].find((n) => ws.getCell(`A${n}`).value === '一般公共预算收入')!;
    assert.equal(ws.getCell(`E${row}`).value, 58.18);
    // Annual amount from last year's 89.46 and the +3% target; the documents print 63.2 from a rounder base.
    const amount = ws.getCell(`D${row}`).value as number;
    assert.ok(Math.abs(amount - 89.46 * 1.03) < 0.01, `amount ${amount}`);
    assert.equal((ws.getCell(`G${row}`).value as ExcelJS.CellFormulaValue).result, Math.round((58.18 / amount) * 1000) / 10);
    assert.equal(ws.getCell(`H${row}`).value as number, 50);
    assert.equal(wb.getWorksheet('重点任务')!.getCell('A142').value, 138);
    assert.equal(wb.getWorksheet('重点任务')!.getCell('A142').numFmt, '#,##0', '序号 prints 138, not 138.0');
    assert.equal(wb.getWorksheet('重点任务')!.getCell('F142').numFmt, '0.0');
    assert.equal(wb.getWorksheet('重点任务')!.getCell('A143').value, '合计');
    // The task sheet, copied into this workbook, keeps its merged title and 报告期 (else they print cut off) …
    const taskSheet = wb.getWorksheet('重点任务')!;
    assert.equal(taskSheet.getCell('G1').master.address, 'A1');
    assert.ok(taskSheet.getCell('G2').isMerged);
    // … and its rows are as tall as their text: the longest 任务内容 gets more than the sample row's
    // height, task 1 (实现地区生产总值增长5%左右。 by 区发展改革委: one line in every column) keeps it.
    const sampleHeight = (await loadTemplate('report-tasks')).workbook.getWorksheet('重点任务')!.getRow(5).height;
    assert.equal(taskSheet.getCell('B5').value, '实现地区生产总值增长5%左右。');
    assert.equal(taskSheet.getRow(5).height, sampleHeight);
    const longest = [...Array(138).keys()].map((i) => i + 5).reduce((a, b) => (String(taskSheet.getCell(`B${b}`).value).length > String(taskSheet.getCell(`B${a}`).value).length ? b : a));
    assert.ok(taskSheet.getRow(longest).height > sampleHeight, `the longest task, row ${longest}, is taller`);
    const zip = await JSZip.loadAsync(await import('node:fs').then((m) => m.readFileSync(join(D, 'report.xlsx'))));
    const chart = await zip.file('xl/charts/chart1.xml')!.async('string');
    assert.match(chart, /<c:barChart>/);
    // Only indicators with an annual amount are drawn, from a block that refers back to the table.
    // The chart and its block sit on a sheet of their own, so the chart prints whole, under no repeated header.
    const cs = wb.getWorksheet('完成情况图')!;
    assert.equal(cs.getCell('A1').value, '图表数据（引自上表）');
    assert.equal((cs.getCell('A2').value as ExcelJS.CellFormulaValue).formula, "'主要经济指标'!A6");
    assert.equal((cs.getCell('B2').value as ExcelJS.CellFormulaValue).formula, "'主要经济指标'!G6");
    assert.match(chart, /'完成情况图'!\$B\$2:\$B\$2</);
    assert.match(chart, /<c:v>一般公共预算收入<\/c:v>/);
    assert.doesNotMatch(chart, /地区生产总值/);
    const again = await cli(D, 'check', 'report.xlsx');
    assert.equal(again.code, EXIT.BAD_INPUT);
    assert.match(again.out, /not an entry form/);
  });
});
