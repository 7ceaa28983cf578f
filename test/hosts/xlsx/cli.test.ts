import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { EXIT } from '../../../src/cli/command';
import { templatesDir } from '../../../src/hosts/xlsx/templates';
import { smallPlan } from '../../template/fixtures';
import { scratch } from './helpers';
import { cliIn } from '../../support/cli-run';

const cli = cliIn;

function bilingual(text: string): void {
  assert.ok(/[\u4e00-\u9fff]/.test(text) && /[A-Za-z]{3}/.test(text), `both languages in: ${text}`);
}

describe('cli: fill, check and push on the .xlsx side', () => {
  const tmp = scratch();
  const D = tmp.dir;
  before(() => writeFileSync(join(D, 'plan.json'), JSON.stringify({ plan: smallPlan(), problems: [] })));
  after(() => tmp.cleanup());

  const usage: [string, string[], RegExp][] = [
    ['no --template', ['fill', '--unit', '区财政局', '--period', '2023-06', '--plan', 'plan.json', '-o', 'x.xlsx'], /--template/],
    ['no --period', ['fill', '--template', 'tasks', '--unit', '区财政局', '--plan', 'plan.json', '-o', 'x.xlsx'], /--period/],
    ['a period that does not exist', ['fill', '--template', 'tasks', '--unit', '区财政局', '--period', '2023-13', '--plan', 'plan.json', '-o', 'x.xlsx'], /2023-13/],
    ['neither --unit nor --all-units', ['fill', '--template', 'tasks', '--period', '2023-06', '--plan', 'plan.json', '-o', 'x.xlsx'], /--all-units/],
    ['no plan source', ['fill', '--template', 'tasks', '--unit', '区财政局', '--period', '2023-06', '-o', 'x.xlsx'], /--plan or --server/],
    ['an unknown option', ['fill', '--colour', 'red'], /colour/],
    ['push without --server', ['push', 'x.xlsx', '--token', 't'], /--server/],
    ['check with a bad --format', ['check', 'x.xlsx', '--format', 'xml'], /text, json or csv/],
  ];
  for (const [name, argv, re] of usage) {
    it(`usage error, exit 2: ${name}`, async () => {
      const r = await cli(D, ...argv);
      assert.equal(r.code, EXIT.USAGE, r.err);
      assert.match(r.err, re);
      bilingual(r.err);
    });
  }

  it('bad input, exit 3: an unknown unit, a template that does not exist, a plan file that is not a plan', async () => {
    let r = await cli(D, 'fill', '--template', 'tasks', '--unit', '区教委', '--period', '2023-06', '--plan', 'plan.json', '-o', 'x.xlsx');
    assert.equal(r.code, EXIT.BAD_INPUT);
    assert.match(r.err, /没有单位“区教委”/);
    r = await cli(D, 'fill', '--template', 'monthly', '--unit', '区财政局', '--period', '2023-06', '--plan', 'plan.json', '-o', 'x.xlsx');
    assert.equal(r.code, EXIT.BAD_INPUT);
    assert.match(r.err, /available: indicators, report-indicators, report-tasks, tasks/);
    writeFileSync(join(D, 'figures.json'), '[1,2,3]');
    r = await cli(D, 'fill', '--template', 'tasks', '--unit', '区财政局', '--period', '2023-06', '--plan', 'figures.json', '-o', 'x.xlsx');
    assert.equal(r.code, EXIT.BAD_INPUT);
    assert.match(r.err, /not plan data/);
  });

  it('--all-units on the indicator form writes the units that report indicators and says which it skipped', async () => {
    const r = await cli(D, 'fill', '--template', 'indicators', '--all-units', '--period', '2023-06', '--plan', 'plan.json', '-o', 'ind');
    assert.equal(r.code, EXIT.OK, r.err);
    assert.deepEqual(readdirSync(join(D, 'ind')).sort(), ['区发展改革委_2023-06_indicators.xlsx', '区财政局_2023-06_indicators.xlsx']);
    assert.match(r.err, /区水务局：本表无需填报，跳过/);
    assert.match(r.out, /wrote 2 workbooks, skipped 2 units/);
  });

  it('never overwrites a workbook that exists unless told to', async () => {
    assert.equal((await cli(D, 'fill', '--template', 'tasks', '--unit', '区财政局', '--period', '2023-06', '--plan', 'plan.json', '-o', 'keep.xlsx')).code, EXIT.OK);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(D, 'keep.xlsx'));
    wb.getWorksheet('任务进展')!.getCell('E5').value = '已填的进展';
    await wb.xlsx.writeFile(join(D, 'keep.xlsx'));
    let r = await cli(D, 'fill', '--template', 'tasks', '--unit', '区财政局', '--period', '2023-06', '--plan', 'plan.json', '-o', 'keep.xlsx');
    assert.equal(r.code, EXIT.BAD_INPUT);
    assert.match(r.err, /exists and was kept/);
    const again = new ExcelJS.Workbook();
    await again.xlsx.readFile(join(D, 'keep.xlsx'));
    assert.equal(again.getWorksheet('任务进展')!.getCell('E5').value, '已填的进展');
    r = await cli(D, 'fill', '--template', 'tasks', '--all-units', '--period', '2023-06', '--plan', 'plan.json', '-o', 'batch');
    assert.equal(r.code, EXIT.OK);
    r = await cli(D, 'fill', '--template', 'tasks', '--all-units', '--period', '2023-06', '--plan', 'plan.json', '-o', 'batch');
    assert.equal(r.code, EXIT.BAD_INPUT);
    assert.match(r.out, /wrote 0 workbooks, skipped 0 units with nothing to report, 4 failed/);
    r = await cli(D, 'fill', '--template', 'tasks', '--unit', '区财政局', '--period', '2023-06', '--plan', 'plan.json', '-o', 'keep.xlsx', '--force');
    assert.equal(r.code, EXIT.OK);
  });

  it('push to a server that cannot be reached sends nothing and exits 4', async () => {
    await cli(D, 'fill', '--template', 'tasks', '--unit', '区财政局', '--period', '2023-06', '--plan', 'plan.json', '-o', 'cz.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(D, 'cz.xlsx'));
    const ws = wb.getWorksheet('任务进展')!;
    ws.getCell('E5').value = '按月调度';
    ws.getCell('F5').value = '推进中';
    ws.getCell('G5').value = 30;
    await wb.xlsx.writeFile(join(D, 'cz.xlsx'));
    assert.equal((await cli(D, 'check', 'cz.xlsx')).code, EXIT.OK);
    const r = await cli(D, 'push', 'cz.xlsx', '--server', 'http://127.0.0.1:9', '--token', 'x');
    assert.equal(r.code, EXIT.REMOTE);
    assert.match(r.err, /Cannot reach the server/);
    bilingual(r.err);
  });

  it('a new template needs no code: a designer’s workbook with named ranges and a spec beside it', async () => {
    const dir = join(D, 'my-templates');
    mkdirSync(dir);
    for (const f of readdirSync(templatesDir())) if (f.endsWith('.spec.json') || f.endsWith('.xlsx')) copyFileSync(join(templatesDir(), f), join(dir, f));
    // A growth-only form laid out differently from ours: header on row 3, unit in D2, no title row merge.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('增速');
    ws.getCell('A1').value = '增速填报';
    ws.getCell('C2').value = '单位';
    ws.getCell('E2').value = '期别';
    ['指标', '增速%', '备注'].forEach((h, i) => (ws.getCell(3, i + 1).value = h));
    wb.definedNames.add("'增速'!$A$3:$C$3", 'hdr');
    wb.definedNames.add("'增速'!$D$2", 'who');
    wb.definedNames.add("'增速'!$F$2", 'when');
    await wb.xlsx.writeFile(join(dir, 'growth.xlsx'));
    writeFileSync(
      join(dir, 'growth.spec.json'),
      JSON.stringify({
        id: 'growth',
        version: 1,
        form: 'indicators',
        title: { zh: '增速填报表', en: 'Growth form' },
        file: 'growth.xlsx',
        sheet: '增速',
        cells: { who: 'unit', when: 'period' },
        table: {
          header: 'hdr',
          rows: 'indicators',
          columns: [
            { key: 'indicator', header: '指标', source: 'indicator' },
            { key: 'growth', header: '增速%', input: 'growth', type: 'decimal' },
            { key: 'note', header: '备注', input: 'note', type: 'text' },
          ],
        },
      }),
    );
    let r = await cli(D, 'fill', '--templates', dir, '--template', 'growth', '--unit', '区发展改革委', '--period', '2023-Q2', '--plan', 'plan.json', '-o', 'g.xlsx');
    assert.equal(r.code, EXIT.OK, r.err);
    const filled = new ExcelJS.Workbook();
    await filled.xlsx.readFile(join(D, 'g.xlsx'));
    const g = filled.getWorksheet('增速')!;
    assert.deepEqual([g.getCell('A4').value, g.getCell('A5').value, g.getCell('D2').value, g.getCell('F2').value], ['地区生产总值', '全社会固定资产投资', '区发展改革委', '2023年二季度']);
    g.getCell('B4').value = 5.2;
    await filled.xlsx.writeFile(join(D, 'g.xlsx'));
    r = await cli(D, 'check', 'g.xlsx', '--templates', dir, '--format', 'json');
    const report = JSON.parse(r.out) as { key: { form: string }; edits: number }[];
    assert.equal(report[0]!.key.form, 'indicators');
    assert.equal(report[0]!.edits, 1);
  });
});
