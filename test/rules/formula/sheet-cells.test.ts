/**
 * F1.5 / F1.6 (tester): the 审核公式 sheet read as the statistician sees it. A 公式 cell that is an Excel
 * formula with a text result (`="[一般公共预算收入]"&" >= 80"`) is its result; a cell Excel took for its own
 * formula without a result (a rule typed with a leading =) is what was typed; a file that is not a
 * workbook is refused with the way out (save it as .xlsx).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { COLUMNS } from '../../../src/rules/formula/sheet';
import { cliIn } from '../../support/cli-run';

describe('审核公式 sheet cells as they are seen (F1.5, F1.6)', () => {
  let dir = '';
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pb-cells-'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('审核公式');
    ws.addRow([...COLUMNS]);
    ws.addRow(['C1', '', '强制性']);
    ws.getCell('B2').value = { formula: '"[一般公共预算收入]"&" >= 80"', result: '[一般公共预算收入] >= 80' };
    ws.addRow(['C2', '', '核实性']);
    // Excel keeps a rule typed with "=" as its own formula (no result it could compute): the typed text is the rule.
    ws.getCell('B3').value = { formula: '[一般公共预算收入]>0', result: undefined } as unknown as ExcelJS.CellFormulaValue;
    await wb.xlsx.writeFile(path.join(dir, 'cells.xlsx'));
    writeFileSync(path.join(dir, 'rules.csv'), '编号,公式,类型\nR1,[一般公共预算收入] > 0,强制性\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a formula cell is read as its text result, else as its formula', async () => {
    const r = await cliIn(dir, 'rules', 'import', 'cells.xlsx', '-o', 'r.json');
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as { formulas: { id: string; formula: string }[] };
    assert.deepEqual(
      json.formulas.map((f) => [f.id, f.formula]),
      [
        ['C1', '[一般公共预算收入] >= 80'],
        ['C2', '[一般公共预算收入]>0'],
      ],
    );
  });

  it('a CSV given as the sheet is refused with how to make it a workbook', async () => {
    const r = await cliIn(dir, 'rules', 'import', 'rules.csv', '-o', 'r2.json');
    assert.equal(r.code, 3);
    assert.match(r.err, /请在 Excel\/WPS 中打开，用“文件 › 另存为”存成 Excel 工作簿 \(\.xlsx\)/);
    assert.match(r.err, /open it in Excel\/WPS and use File › Save As to save it as an Excel workbook \(\.xlsx\)/);
  });
});
