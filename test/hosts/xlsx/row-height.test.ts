import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { XlsxWorkbook } from '../../../src/hosts/xlsx/port';
import { loadWorkbook } from '../../../src/hosts/xlsx/file';
import { loadTemplate } from '../../../src/hosts/xlsx/templates';
import { textWidthPx, wrappedLines } from '../../../src/hosts/xlsx/row-height';
import { bigTaskPlan } from '../../template/fixtures';
import { fillToFile, scratch } from './helpers';

/** Excel draws a line of 11 pt SimSun in at least 14.25 pt (its default row height for that font). */
const EXCEL_LINE_PT = 14.25;
/** An 11 pt CJK character is 11 × 96 / 72 ≈ 14.7 px wide; a column of width w is 7w + 5 px. */
const CJK_PX = (11 * 96) / 72;

describe('xlsx host: rows tall enough for their wrapped text', () => {
  const tmp = scratch();
  after(() => tmp.cleanup());

  it('counts CJK characters as two width units, Latin as one, and every explicit line break', () => {
    const width = textWidthPx([20]); // 145 px less the margins: 9 CJK characters or 18 digits
    assert.equal(wrappedLines('一二三四五六七八', width, 11), 1);
    assert.equal(wrappedLines('一二三四五六七八九十一二三四五六七八', width, 11), 2);
    assert.equal(wrappedLines('12345678901234567', width, 11), 1);
    assert.equal(wrappedLines('1234567890 1234567890 1234567890', width, 11), 3, 'Latin words wrap whole');
    assert.equal(wrappedLines('第一行\n第二行\r\n第三行', width, 11), 3);
    // 100 CJK characters are 200 width units: never fewer than 10 lines in a 20-unit column.
    assert.ok(wrappedLines('一二三四五六七八九十'.repeat(10), width, 11) >= 10, 'leans tall rather than short');
    // A bigger font takes more lines in the same width.
    assert.ok(wrappedLines('一二三四五六七八九十'.repeat(3), width, 16) > wrappedLines('一二三四五六七八九十'.repeat(3), width, 11));
  });

  it('gives a long 任务内容 a height that fits its lines and leaves short rows at the template height', async () => {
    const plan = bigTaskPlan(3);
    const long = '坚持以“疏整促”为抓手，深化拓展“疏解整治促提升”专项行动，集中力量攻坚克难，推进背街小巷环境精细化整治提升，加快老旧小区综合整治和城市更新，全面提升城市精细化管理水平，让群众生活更方便、更舒心、更美好。';
    plan.tasks[1]!.text = long;
    plan.tasks[2]!.leaders = ['郑皓', '苏国斌', '卢庆雷', '王翔宇', '杨鹏'];
    const file = join(tmp.dir, 'tasks.xlsx');
    await fillToFile('tasks', { plan, orgUnit: '区发展改革委', period: '2023-06' }, file);

    const template = (await loadTemplate('tasks')).workbook.getWorksheet('任务进展')!;
    const templateHeight = template.getRow(5).height;
    assert.ok(templateHeight > 0, 'the template designs its sample row’s height');

    const ws = (await loadWorkbook(file)).getWorksheet('任务进展')!;
    assert.equal(ws.getCell('B6').value, long);
    assert.equal(ws.getRow(5).height, templateHeight, 'a short task keeps the template height');
    // Whatever the renderer, the text cannot take fewer lines than its width over the column's.
    const taskWidthPx = ws.getColumn(2).width! * 7 + 5;
    const lines = Math.ceil(([...long].length * CJK_PX) / taskWidthPx);
    assert.ok(lines >= 4, `${lines} lines`);
    const h = ws.getRow(6).height;
    assert.ok(h >= lines * EXCEL_LINE_PT, `row 6 is ${h} pt for ${lines} lines`);
    assert.ok(h <= (lines + 2) * 11 * 1.5 + 10, `row 6 is not absurdly tall: ${h} pt`);
    assert.ok(h > templateHeight);
    // Five leaders in the narrow 牵头领导 column wrap too.
    assert.ok(ws.getRow(7).height >= 2 * EXCEL_LINE_PT, `row 7 is ${ws.getRow(7).height} pt`);
    // The footer and the notes below are not data rows: as designed.
    assert.equal(ws.getRow(8).height, template.getRow(6).height);
  });

  it('wraps a merged cell across its merged width, and leaves numbers and unwrapped text alone', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.columns = [{ width: 22 }, { width: 22 }, { width: 22 }];
    const text = '一二三四五六七八九十'.repeat(3);
    const wrap: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'middle' };
    for (const r of [1, 2, 3, 4]) ws.getRow(r).height = 20;
    ws.getCell('A1').value = text;
    ws.getCell('A1').alignment = wrap;
    ws.mergeCells('A2:C2');
    ws.getCell('A2').value = text;
    ws.getCell('A2').alignment = wrap;
    ws.getCell('A3').value = text; // not wrapped: it overflows sideways, as Excel shows it
    ws.getCell('A4').value = 123456789012345;
    ws.getCell('A4').alignment = wrap;
    await new XlsxWorkbook(wb).write([{ kind: 'fitRows', sheet: 'S', rows: { from: 1, to: 4 } }]);
    assert.ok(ws.getRow(1).height > 2 * EXCEL_LINE_PT, `one column: ${ws.getRow(1).height}`);
    assert.equal(ws.getRow(2).height, 20, 'three columns hold 30 CJK characters on one line');
    assert.equal(ws.getRow(3).height, 20);
    assert.equal(ws.getRow(4).height, 20);
  });

  it('fits 10,000 rows of wrapped text, longer rows taller (its speed is measured by npm run bench xlsx, not here)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.columns = [{ width: 6 }, { width: 60 }, { width: 14 }];
    for (let r = 1; r <= 10000; r++) {
      const row = ws.getRow(r);
      row.values = [r, `第${r}项：加快推进城市副中心站综合交通枢纽等重大项目建设，确保按期完工。`.repeat(1 + (r % 3)), '郑皓、苏国斌'];
      row.getCell(2).alignment = { wrapText: true };
      row.getCell(3).alignment = { wrapText: true };
    }
    await new XlsxWorkbook(wb).write([{ kind: 'fitRows', sheet: 'S', rows: { from: 1, to: 10000 } }]);
    assert.ok(ws.getRow(2).height! > ws.getRow(3).height!, 'three sentences take more lines than one');
  });
});
