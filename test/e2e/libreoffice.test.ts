/**
 * Round trip through a real third-party spreadsheet program: LibreOffice (installed by
 * scripts/setup-e2e.sh, not here) opens planbook's workbooks headless, recalculates them and
 * converts them; its formula results must equal planbook's numbers, and a workbook it saved must be
 * read back by `planbook check` with the edit seen. Two soffice runs in all: each costs seconds.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { EXIT } from '../../src/cli/command';
import { buildMainIndicatorsTable } from '../../src/report';
import { loadDefaultCatalog } from '../../src/rules';
import { readBack } from '../../src/template/read-back';
import { XlsxWorkbook } from '../../src/hosts/xlsx/port';
import { loadWorkbook } from '../../src/hosts/xlsx/file';
import { loadSpec } from '../../src/hosts/xlsx/templates';
import type { Figure } from '../../src/model/submission';
import { SEEDS_DIR, seedPlan2023 } from '../support/seed-plan';
import { scratch } from '../hosts/xlsx/helpers';
import { cliIn } from '../support/cli-run';

function hasSoffice(): boolean {
  return spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).status === 0;
}

const cli = cliIn;

function csv(file: string): string[][] {
  return Papa.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')).data as string[][];
}

describe('e2e: LibreOffice opens, recalculates and saves planbook workbooks', function () {
  this.timeout(180000);
  const tmp = scratch();
  const D = tmp.dir;
  const plan = seedPlan2023();
  const soffice = (format: string, outdir: string, files: string[]): void => {
    execFileSync('soffice', [`-env:UserInstallation=${pathToFileURL(join(D, 'lo-profile')).href}`, '--headless', '--convert-to', format, '--outdir', outdir, ...files], {
      stdio: 'pipe',
      timeout: 150000,
    });
  };
  const figures: Figure[] = [
    { orgUnit: '区发展改革委', indicator: '全社会固定资产投资', period: '2023-06', value: 512.3, growth: 8, sameLastYear: null, note: '' },
    { orgUnit: '区财政局', indicator: '一般公共预算收入', period: '2023-06', value: 58.18, growth: 6.1, sameLastYear: null, note: '' },
    { orgUnit: '区财政局', indicator: '一般公共预算收入', period: '2022', value: 89.46, growth: null, sameLastYear: null, note: '' },
  ];
  const statuses = ['已完成', '推进中', '滞后', '推进中', '已完成'];
  let czCompletion: number | null = null;
  const progress = [100, 40, 10, 55, 100];

  before(async function () {
    if (!hasSoffice()) {
      console.warn('    soffice not found: run scripts/setup-e2e.sh to install LibreOffice');
      this.skip();
    }
    writeFileSync(join(D, 'plan.json'), JSON.stringify(plan));
    // The forms a unit fills, with figures typed in.
    assert.equal((await cli(D, 'fill', '--template', 'indicators', '--unit', '区发展改革委', '--period', '2023-06', '--plan', 'plan.json', '-o', 'ind.xlsx')).code, EXIT.OK);
    assert.equal((await cli(D, 'fill', '--template', 'tasks', '--unit', '区发展改革委', '--period', '2023-06', '--plan', 'plan.json', '-o', 'tasks.xlsx')).code, EXIT.OK);
    const ind = new ExcelJS.Workbook();
    await ind.xlsx.readFile(join(D, 'ind.xlsx'));
    ind.getWorksheet('指标填报')!.getCell('D6').value = 512.3;
    await ind.xlsx.writeFile(join(D, 'ind.xlsx'));
    const tasks = new ExcelJS.Workbook();
    await tasks.xlsx.readFile(join(D, 'tasks.xlsx'));
    const ws = tasks.getWorksheet('任务进展')!;
    statuses.forEach((s, i) => {
      ws.getCell(`F${5 + i}`).value = s;
      ws.getCell(`G${5 + i}`).value = progress[i]!;
    });
    await tasks.xlsx.writeFile(join(D, 'tasks.xlsx'));
    // 区财政局's form from the plan of all five seeds, whose 002 gives 2022's 89.46亿元: its growth target's annual amount.
    const seeds = readdirSync(SEEDS_DIR)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => join(SEEDS_DIR, f));
    assert.equal((await cli(D, 'import', ...seeds, '--id', 'tongzhou-2023', '-o', 'plan-all.json')).code, EXIT.OK);
    assert.equal((await cli(D, 'fill', '--template', 'indicators', '--unit', '区财政局', '--period', '2023-06', '--plan', 'plan-all.json', '-o', 'cz.xlsx')).code, EXIT.OK);
    const cz = new ExcelJS.Workbook();
    await cz.xlsx.readFile(join(D, 'cz.xlsx'));
    cz.getWorksheet('指标填报')!.getCell('D5').value = 58.18;
    await cz.xlsx.writeFile(join(D, 'cz.xlsx'));
    writeFileSync(join(D, 'cz.csv'), '填报单位,指标,报告期,数值,同比增长,上年同期,说明\n区财政局,一般公共预算收入,2023-06,58.18,,,\n');
    const czReport = await cli(D, 'report', '--plan', 'plan-all.json', '--figures', 'cz.csv', '--period', '2023-06', '--format', 'json');
    assert.equal(czReport.code, EXIT.OK, czReport.err);
    czCompletion = (JSON.parse(czReport.out) as { tables: { id: string; rows: { indicator: string; completionPct: number | null }[] }[] }).tables
      .find((t) => t.id === 'main-indicators')!
      .rows.find((r) => r.indicator === '一般公共预算收入')!.completionPct;
    writeFileSync(join(D, 'figures.csv'), '填报单位,指标,报告期,数值,同比增长,上年同期,说明\n' + figures.map((f) => [f.orgUnit, f.indicator, f.period, f.value, f.growth ?? '', '', ''].join(',')).join('\n') + '\n');
    assert.equal((await cli(D, 'report', '--plan', 'plan.json', '--figures', 'figures.csv', '--period', '2023-06', '-o', 'report.xlsx')).code, EXIT.OK);
    // One LibreOffice run recalculates and exports all three (UTF-8 CSV of each first sheet).
    soffice(
      'csv:Text - txt - csv (StarCalc):44,34,76,1',
      join(D, 'csv'),
      ['ind.xlsx', 'tasks.xlsx', 'report.xlsx', 'cz.xlsx'].map((f) => join(D, f)),
    );
  });
  after(() => tmp.cleanup());

  it('the form’s 完成全年目标% equals planbook’s completion for the same figure', () => {
    const rows = csv(join(D, 'csv', 'ind.csv'));
    const fai = rows.find((r) => r[0] === '全社会固定资产投资')!;
    const ours = buildMainIndicatorsTable({ plan, catalog: loadDefaultCatalog(), figures, period: '2023-06' }).rows.find((r) => r.indicator === '全社会固定资产投资')!;
    assert.equal(Number(fai[6]), ours.completionPct);
    assert.equal(ours.completionPct, 51.2);
    // Rows without a numeric target stay blank rather than showing an error.
    assert.equal(rows.find((r) => r[0] === '地区生产总值')![6], '');
  });

  it('a growth target’s 完成全年目标% in LibreOffice equals the report’s (一般公共预算收入 58.18 → 63.1, F2.4)', () => {
    const row = csv(join(D, 'csv', 'cz.csv')).find((r) => r[0] === '一般公共预算收入')!;
    assert.equal(Number(row[2]), 92.14, 'the annual amount, 2022’s 89.46 × 1.03');
    assert.equal(czCompletion, 63.1);
    assert.equal(Number(row[6]), czCompletion);
  });

  it('the task form’s footer counts and averages exactly the data rows', () => {
    const rows = csv(join(D, 'csv', 'tasks.csv'));
    const footer = rows.find((r) => r[0] === '合计')!;
    const n = rows.filter((r) => /^\d+$/.test(r[0] ?? '')).length;
    const done = statuses.filter((s) => s === '已完成').length;
    const late = statuses.filter((s) => s === '滞后').length;
    assert.equal(footer[1], `共${n}项，已完成${done}项，滞后${late}项`);
    assert.equal(Number(footer[6]), Math.round((progress.reduce((a, b) => a + b, 0) / progress.length) * 10) / 10);
  });

  it('the report’s completion and time-progress gap equal src/report’s numbers', () => {
    const rows = csv(join(D, 'csv', 'report.csv'));
    const table = buildMainIndicatorsTable({ plan, catalog: loadDefaultCatalog(), figures, period: '2023-06' }).rows;
    let compared = 0;
    for (const r of table) {
      const row = rows.find((x) => x[0] === r.indicator)!;
      assert.ok(row, r.indicator);
      if (r.completionPct === null) {
        assert.equal(row[6], '', r.indicator);
        continue;
      }
      assert.equal(Number(row[6]), r.completionPct, r.indicator);
      assert.equal(Number(row[8]), Math.round((r.completionPct - r.timeProgressPct!) * 10) / 10, r.indicator);
      compared++;
    }
    assert.equal(compared, 2, 'FAI and budget revenue have annual amounts');
  });

  it('a value written into the sheet XML and saved by LibreOffice is read back by planbook check', async () => {
    // Edit the input cell D5 (地区生产总值) in the XML, as another program would, then let LibreOffice save the workbook.
    const zip = await JSZip.loadAsync(readFileSync(join(D, 'ind.xlsx')));
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    const edited = sheet.replace(/<c r="D5" s="(\d+)"\/>/, '<c r="D5" s="$1"><v>607.6</v></c>');
    assert.notEqual(edited, sheet, 'D5 was an empty input cell');
    zip.file('xl/worksheets/sheet1.xml', edited);
    mkdirSync(join(D, 'edited'));
    writeFileSync(join(D, 'edited', 'ind.xlsx'), await zip.generateAsync({ type: 'nodebuffer' }));
    soffice('xlsx:Calc MS Excel 2007 XML', join(D, 'saved'), [join(D, 'edited', 'ind.xlsx')]);

    const saved = join(D, 'saved', 'ind.xlsx');
    const back = await readBack(new XlsxWorkbook(await loadWorkbook(saved)), await loadSpec('indicators'));
    assert.equal(back.data.figures['地区生产总值']!.value, 607.6);
    assert.equal(back.data.figures['全社会固定资产投资']!.value, 512.3);
    assert.deepEqual(back.edits.map((e) => e.field).sort(), ['figures/全社会固定资产投资/value', 'figures/地区生产总值/value']);

    const r = await cli(D, 'check', saved, '--format', 'json');
    const report = JSON.parse(r.out) as { ok: boolean; findings: { field: string; rule: string }[] }[];
    assert.equal(
      report[0]!.findings.some((f) => f.field === 'figures/地区生产总值/value' && f.rule === 'required'),
      false,
      'the edit is seen',
    );
    assert.equal(
      report[0]!.findings.some((f) => f.field === 'figures/万元地区生产总值能耗/value' && f.rule === 'required'),
      true,
      'the empty row still is',
    );
  });
});
