import { strict as assert } from 'node:assert';
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { XlsxWorkbook, parseSheetRef } from '../../../src/hosts/xlsx/port';
import { loadWorkbook, saveWorkbook, sniff } from '../../../src/hosts/xlsx/file';
import { loadSpec, loadTemplate, listSpecs, templatesDir } from '../../../src/hosts/xlsx/templates';
import { fill } from '../../../src/template/fill';
import { readBack } from '../../../src/template/read-back';
import { PlanbookError } from '../../../src/model/errors';
import { smallPlan, bigTaskPlan } from '../../template/fixtures';
import { fillToFile, scratch } from './helpers';

async function rejectsWith(p: Promise<unknown>, re: RegExp): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof PlanbookError, `expected a PlanbookError, got ${String(e)}`);
    assert.equal(e.code, 'BAD_WORKBOOK');
    assert.match(`${e.zh} / ${e.en}`, re);
    return;
  }
  assert.fail('expected a rejection');
}

describe('xlsx host: the templates on disk', () => {
  it('every spec has its .xlsx, with the named ranges and header texts the spec expects', async () => {
    const specs = await listSpecs();
    assert.deepEqual(specs.map((s) => s.id).sort(), ['indicators', 'report-indicators', 'report-tasks', 'tasks']);
    for (const spec of specs) {
      const { workbook } = await loadTemplate(spec.id);
      const port = new XlsxWorkbook(workbook);
      const info = await port.describe();
      const header = info.names.find((n) => n.name === spec.table.header)!.ref!;
      const [h] = await port.read([header]);
      assert.deepEqual(
        h!.values[0],
        spec.table.columns.map((c) => c.header),
        spec.id,
      );
      const ws = workbook.getWorksheet(spec.sheet)!;
      assert.equal(ws.views[0]!.state, 'frozen', `${spec.id} freezes its headings`);
      assert.ok(ws.pageSetup.printArea, `${spec.id} has a print area`);
      assert.equal(ws.pageSetup.orientation, 'landscape');
      for (const name of Object.keys(spec.cells))
        assert.ok(
          info.names.some((n) => n.name === name && n.ref),
          `${spec.id}: ${name}`,
        );
    }
  });

  it('parses sheet references, quoted or not', () => {
    assert.deepEqual(parseSheetRef("'指标填报'!$A$4:$H$4"), { sheet: '指标填报', address: 'A4:H4' });
    assert.deepEqual(parseSheetRef("'it''s'!B2"), { sheet: "it's", address: 'B2' });
    assert.deepEqual(parseSheetRef('Sheet1!$C$3'), { sheet: 'Sheet1', address: 'C3' });
    assert.equal(parseSheetRef('#REF!'), null);
  });
});

describe('xlsx host: fill and read back real files', () => {
  const tmp = scratch();
  after(() => tmp.cleanup());

  it('saves a filled form Excel can open: formulas per row, validation, protection, hidden identity, print area grown', async () => {
    const file = join(tmp.dir, 'tasks.xlsx');
    await fillToFile('tasks', { plan: bigTaskPlan(12), orgUnit: '区发展改革委', period: '2023-06' }, file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('任务进展')!;
    assert.equal(ws.getCell('A16').value, 12);
    assert.equal(ws.getCell('A17').value, '合计');
    assert.match(ws.getCell('G17').formula, /AVERAGE\(G5:G16\)/);
    assert.equal(ws.getCell('A19').value, '填表说明：1. 状态从下拉列表中选择（未启动、推进中、已完成、滞后）；');
    assert.equal(ws.pageSetup.printArea, 'A1:H20');
    assert.match(String(ws.getCell('A20').value), /^2. 完成%/);
    assert.equal(ws.getCell('F16').protection?.locked, false);
    assert.notEqual(ws.getCell('B16').protection?.locked, false);
    assert.equal((ws as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet, true);
    const dv = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    assert.equal(dv['F16']?.type, 'list');
    assert.deepEqual(dv['F16']?.formulae, ['"未启动,推进中,已完成,滞后"']);
    assert.equal(dv['G5']?.type, 'decimal');
    assert.equal(wb.getWorksheet('_planbook')!.state, 'hidden');
    // Inserted rows keep the sample row's borders and input tint.
    assert.equal(ws.getCell('E16').border?.bottom?.style, 'thin');
    assert.equal((ws.getCell('E16').fill as ExcelJS.FillPattern).fgColor?.argb, 'FFFFF8E1');
  });

  it('reads back what a user typed and saved, and sees a typed formula', async () => {
    const file = join(tmp.dir, 'ind.xlsx');
    await fillToFile('indicators', { plan: smallPlan(), orgUnit: '区发展改革委', period: '2023-06', baseRev: 2 }, file);
    const wb = await loadWorkbook(file);
    const ws = wb.getWorksheet('指标填报')!;
    ws.getCell('D6').value = 512.3;
    ws.getCell('E6').value = 480;
    ws.getCell('D5').value = { formula: 'E5*1.05' } as ExcelJS.CellFormulaValue;
    await saveWorkbook(wb, file, { force: true });
    const back = await readBack(new XlsxWorkbook(await loadWorkbook(file)), await loadSpec('indicators'));
    assert.equal(back.data.figures['全社会固定资产投资']!.value, 512.3);
    assert.equal(back.identity.baseRev, 2);
    assert.deepEqual(
      back.findings.map((f) => [f.rule, f.field]),
      [['cell-formula', 'figures/地区生产总值/value']],
    );
    assert.match(back.findings[0]!.message.en, /Cell D5 .*=E5\*1\.05/);
  });

  it('refuses to fill a template whose named range was deleted', async () => {
    const dir = join(tmp.dir, 'broken');
    mkdirSync(dir);
    copyFileSync(join(templatesDir(), 'indicators.spec.json'), join(dir, 'indicators.spec.json'));
    const wb = await loadWorkbook(join(templatesDir(), 'indicators.xlsx'));
    wb.definedNames.remove("'指标填报'!$B$2", 'pb_unit');
    await saveWorkbook(wb, join(dir, 'indicators.xlsx'));
    const t = await loadTemplate('indicators', dir);
    await rejectsWith(fill(new XlsxWorkbook(t.workbook), t.spec, { plan: smallPlan(), orgUnit: '区发展改革委', period: '2023-06' }), /pb_unit/);
  });
});

describe('xlsx host: files that are not workbooks it can read', () => {
  const tmp = scratch();
  after(() => tmp.cleanup());

  it('a text file', async () => {
    const f = join(tmp.dir, 'figures.xlsx');
    writeFileSync(f, '指标,数值\n地区生产总值,607.6\n');
    await rejectsWith(loadWorkbook(f), /figures\.xlsx：不是 \.xlsx 工作簿.*not an \.xlsx workbook/);
  });

  it('an old .xls and a password-protected workbook (both OLE compound files)', async () => {
    // Real files: old-format.xls saved by LibreOffice from tasks.xlsx; password-secret.xlsx encrypted
    // (ECMA-376 agile, password "secret") by officecrypto-tool and verified to decrypt with msoffcrypto-tool.
    const fixtures = join(__dirname, 'fixtures');
    assert.equal(sniff(readFileSync(join(fixtures, 'old-format.xls'))), 'xls');
    assert.equal(sniff(readFileSync(join(fixtures, 'password-secret.xlsx'))), 'encrypted');
    await rejectsWith(loadWorkbook(join(fixtures, 'old-format.xls')), /旧版 \.xls.*old \.xls/);
    await rejectsWith(loadWorkbook(join(fixtures, 'password-secret.xlsx')), /密码.*password-protected/);
  });

  it('a damaged workbook (cut short) and an empty file', async () => {
    const good = readFileSync(join(templatesDir(), 'indicators.xlsx'));
    writeFileSync(join(tmp.dir, 'cut.xlsx'), good.subarray(0, Math.floor(good.length / 2)));
    await rejectsWith(loadWorkbook(join(tmp.dir, 'cut.xlsx')), /已损坏.*damaged/);
    writeFileSync(join(tmp.dir, 'empty.xlsx'), '');
    await rejectsWith(loadWorkbook(join(tmp.dir, 'empty.xlsx')), /empty/);
    await rejectsWith(loadWorkbook(join(tmp.dir, 'missing.xlsx')), /does not exist/);
  });

  it('a 50 MB workbook is refused from its size, without reading it', async () => {
    const f = join(tmp.dir, 'huge.xlsx');
    closeSync(openSync(f, 'w'));
    truncateSync(f, 50 * 1024 * 1024); // sparse: takes no disk and no time to make
    await rejectsWith(loadWorkbook(f), /50\.0 MB.*too large/);
  });
});
