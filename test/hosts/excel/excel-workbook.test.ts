import { mergeNote } from '../../../src/template/note-mark';
import assert from 'node:assert/strict';
import { ExcelWorkbook, parseNameFormula, type ExcelRun } from '../../../src/hosts/excel/excel-workbook';
import { PAYLOAD_LIMIT } from '../../../src/hosts/excel/payload';
import { PlanbookError } from '../../../src/model/errors';
import type { CellValue, WriteOp } from '../../../src/template/port';
import { FakeExcel, FakeExcelError } from './fake-excel';
import { fill } from '../../../src/template/fill';
import { bigTaskPlan, specOf } from '../../template/fixtures';

function host(fake: FakeExcel, opts: { notes?: boolean } = {}): ExcelWorkbook {
  return new ExcelWorkbook({ run: fake.run as unknown as ExcelRun, notes: opts.notes ?? true });
}

/** A form like the monthly indicator table: name, unit, value, growth, base, note. */
function form(rows: number, text = (i: number): string => `指标${i}`): CellValue[][] {
  return Array.from({ length: rows }, (_, i) => [text(i), '亿元', i * 1.5, i % 7, null, i % 3 === 0 ? '说明' : null]);
}

/** What the pane does on Pull: write the form's values, then read the input block back as the base. */
async function pull(wb: ExcelWorkbook, rows: CellValue[][]): Promise<CellValue[][]> {
  await wb.write([{ kind: 'values', sheet: '月度指标表', at: 'A5', values: rows }]);
  const [data] = await wb.read([{ sheet: '月度指标表', address: `A5:F${4 + rows.length}` }]);
  return data!.values;
}

describe('Excel host: the Sheet port over Excel.run', () => {
  it('pulls a 10-row and a 5,000-row form with the same two syncs', async () => {
    const counts: number[] = [];
    for (const n of [10, 5000]) {
      const fake = new FakeExcel();
      fake.state.addSheet('月度指标表');
      const rows = form(n);
      const back = await pull(host(fake), rows);
      assert.deepEqual(back, rows);
      counts.push(fake.syncCount);
    }
    assert.deepEqual(counts, [2, 2]);
  });

  it('describes sheets and defined names in one sync', async () => {
    const fake = new FakeExcel();
    fake.state.addSheet('月度指标表');
    fake.state.addSheet('planbook_meta').visibility = 'Hidden';
    fake.state.names.set('pb_input', "='月度指标表'!$C$5:$F$20");
    fake.state.names.set('pb_const', '=42');
    const info = await host(fake).describe();
    assert.deepEqual(info.sheets, [
      { name: '月度指标表', visible: true },
      { name: 'planbook_meta', visible: false },
    ]);
    assert.deepEqual(info.names, [
      { name: 'pb_input', ref: { sheet: '月度指标表', address: 'C5:F20' } },
      { name: 'pb_const', ref: null },
    ]);
    assert.equal(fake.syncCount, 1);
  });

  it('parses defined-name formulas with quoted and plain sheet names', () => {
    assert.deepEqual(parseNameFormula('=Sheet1!$B$5:$H$20'), { sheet: 'Sheet1', address: 'B5:H20' });
    assert.deepEqual(parseNameFormula("='It''s'!A1"), { sheet: "It's", address: 'A1' });
    assert.equal(parseNameFormula('=#REF!'), null);
  });

  it('writes null as an empty cell, keeps text that looks like a formula as text, and reads formulas apart from values', async () => {
    const fake = new FakeExcel();
    fake.state.addSheet('表');
    fake.state.type('表', 'A1', [['old', 'old', 'old']]);
    const wb = host(fake);
    await wb.write([
      { kind: 'values', sheet: '表', at: 'A1', values: [[null, '=1+1', "'quoted"]] },
      { kind: 'formulas', sheet: '表', at: 'A2', formulas: [['=A1*2', null, null]] },
    ]);
    const [d] = await wb.read([{ sheet: '表', address: 'A1:C2' }]);
    assert.deepEqual(d!.values[0], [null, '=1+1', "'quoted"]);
    assert.deepEqual(d!.formulas[0], [null, null, null]);
    assert.equal(d!.formulas[1]![0], '=A1*2');
    assert.equal(fake.syncCount, 2);
  });

  it('pulls and reads back a 200,000-cell form in chunks under 5 MB, the sync count growing with the chunks only', async () => {
    const fake = new FakeExcel();
    fake.state.addSheet('月度指标表');
    const rows = 40000; // × 5 columns = 200,000 cells
    const values: CellValue[][] = Array.from({ length: rows }, (_, i) => [`第${i}项重点任务进展说明：已按计划推进，完成年度目标的六成`, i, i * 0.5, '推进中', `备注：第${i}项已报区政府`]);
    const payload = Buffer.byteLength(JSON.stringify(values));
    assert.ok(payload > PAYLOAD_LIMIT, `the form must be over the limit to test chunking (${payload} bytes)`);
    const wb = host(fake);
    await wb.write([{ kind: 'values', sheet: '月度指标表', at: 'A1', values }]);
    const writeSyncs = fake.syncCount;
    const [back] = await wb.read([{ sheet: '月度指标表', address: `A1:E${rows}` }]);
    assert.deepEqual(back!.values, values);
    assert.ok(
      fake.syncs.every((s) => s.failed === null),
      'no request was refused',
    );
    assert.ok(fake.syncs.every((s) => s.requestBytes < PAYLOAD_LIMIT && s.responseBytes < PAYLOAD_LIMIT));
    // Chunks are as few as the bytes allow: about payload / 4 MB budget for writes, and the same for reads of values + formulas.
    assert.ok(writeSyncs >= 2 && writeSyncs <= Math.ceil(payload / (3.5 * 1024 * 1024)), `write syncs ${writeSyncs}`);
    const readSyncs = fake.syncCount - writeSyncs;
    assert.ok(readSyncs >= 2 && readSyncs <= Math.ceil((2 * payload) / (3 * 1024 * 1024)), `read syncs ${readSyncs}`);

    // Twice the rows, about twice the chunks: growth follows bytes, not a sync per row.
    const fake2 = new FakeExcel();
    fake2.state.addSheet('月度指标表');
    await host(fake2).write([{ kind: 'values', sheet: '月度指标表', at: 'A1', values: values.concat(values) }]);
    assert.ok(fake2.syncCount <= 2 * writeSyncs + 1 && fake2.syncCount >= 2 * writeSyncs - 1, `${fake2.syncCount} vs ${writeSyncs}`);
  });

  it('splits a read chunk and retries when cells are larger than guessed, and still returns every cell', async () => {
    const fake = new FakeExcel();
    fake.state.addSheet('长文本');
    const long = '进展情况'.repeat(40); // 480 bytes a cell, far above the 64-byte guess
    const values = Array.from({ length: 12000 }, (_, i) => [`${long}${i}`]);
    await host(fake).write([{ kind: 'values', sheet: '长文本', at: 'A1', values }]);
    fake.resetCounts();
    const [back] = await host(fake).read([{ sheet: '长文本', address: 'A1:A12000' }]);
    assert.deepEqual(back!.values, values);
    const failed = fake.syncs.filter((s) => s.failed !== null).length;
    assert.ok(failed >= 1, 'the first guess was refused by the 5 MB limit');
    assert.ok(fake.syncs.filter((s) => s.failed === null).every((s) => s.responseBytes < PAYLOAD_LIMIT));
  });

  it('suspends calculation and screen updating during large writes only', async () => {
    const fake = new FakeExcel();
    fake.state.addSheet('表');
    const wb = host(fake);
    await wb.write([{ kind: 'values', sheet: '表', at: 'A1', values: [[1, 2]] }]);
    assert.equal(fake.state.suspendedCalc, 0);
    await wb.write([{ kind: 'values', sheet: '表', at: 'A1', values: form(1000) }]);
    assert.equal(fake.state.suspendedCalc, 1);
    assert.equal(fake.state.suspendedScreen, 1);
  });

  it('shows a finding as fill and note, changes it, and clears both when fixed, in at most two syncs each', async () => {
    const fake = new FakeExcel();
    fake.state.addSheet('月度指标表');
    const wb = host(fake);
    const mark = (text: string | null, fill: string | null): WriteOp[] => [
      { kind: 'style', range: { sheet: '月度指标表', address: 'C5' }, style: { fill } },
      { kind: 'note', sheet: '月度指标表', cell: 'C5', text },
    ];
    await wb.write(mark('累计值小于上月', '#FDE7E9'));
    assert.equal(fake.syncCount, 2);
    assert.equal(fake.state.notes.get('月度指标表!C5'), mergeNote(null, '累计值小于上月'));
    assert.equal(fake.state.sheet('月度指标表')!.cells.get('5,3')!.fill, '#FDE7E9');
    await wb.write(mark('同比增速与数值不符', '#FFF4CE'));
    assert.equal(fake.state.notes.get('月度指标表!C5'), mergeNote(null, '同比增速与数值不符'));
    await wb.write(mark(null, null));
    assert.equal(fake.state.notes.has('月度指标表!C5'), false);
    assert.equal(fake.state.sheet('月度指标表')!.cells.get('5,3')!.fill, null);
    assert.equal(fake.syncCount, 6);
  });

  it('keeps the user’s own note: a finding is added below it, and removing the finding leaves it as it was', async () => {
    const fake = new FakeExcel();
    fake.state.addSheet('月度指标表');
    fake.state.notes.set('月度指标表!C5', '数据来自税务局快报');
    const wb = host(fake);
    await wb.write([{ kind: 'note', sheet: '月度指标表', cell: 'C5', text: '累计值小于上月' }]);
    const both = fake.state.notes.get('月度指标表!C5')!;
    assert.ok(both.startsWith('数据来自税务局快报\n') && both.includes('累计值小于上月'), both);
    await wb.write([{ kind: 'note', sheet: '月度指标表', cell: 'C5', text: '同比增速与数值不符' }]);
    assert.ok(!fake.state.notes.get('月度指标表!C5')!.includes('累计值小于上月'), 'the old finding is replaced');
    await wb.write([{ kind: 'note', sheet: '月度指标表', cell: 'C5', text: null }]);
    assert.equal(fake.state.notes.get('月度指标表!C5'), '数据来自税务局快报');
  });

  it('reads notes with the cells’ details, and with the note read changes it among the writes: one sync, the user’s words kept', async () => {
    const fake = new FakeExcel();
    fake.state.addSheet('月度指标表');
    fake.state.notes.set('月度指标表!C5', '数据来自税务局快报');
    fake.state.notes.set('月度指标表!C6', mergeNote(null, '累计值小于上月')!);
    fake.state.notes.set('月度指标表!C7', mergeNote('请核对', '同比增速与数值不符')!);
    const wb = host(fake);
    const [d] = await wb.read([{ sheet: '月度指标表', address: 'C5:C8', details: true, notes: true }]);
    const notes = d!.details!.notes!.map((r) => r[0]);
    assert.deepEqual(notes, ['数据来自税务局快报', mergeNote(null, '累计值小于上月'), mergeNote('请核对', '同比增速与数值不符'), null]);
    fake.resetCounts();
    await wb.write([
      { kind: 'values', sheet: '月度指标表', at: 'D5', values: [[1]] },
      { kind: 'note', sheet: '月度指标表', cell: 'C5', text: '累计值小于上月', existing: notes[0] },
      { kind: 'note', sheet: '月度指标表', cell: 'C6', text: null, existing: notes[1] },
      { kind: 'note', sheet: '月度指标表', cell: 'C7', text: null, existing: notes[2] },
      { kind: 'note', sheet: '月度指标表', cell: 'C8', text: '数值为空', existing: notes[3] },
    ]);
    assert.equal(fake.syncCount, 1);
    assert.equal(fake.state.notes.get('月度指标表!C5'), mergeNote('数据来自税务局快报', '累计值小于上月'));
    assert.equal(fake.state.notes.has('月度指标表!C6'), false, 'a stale planbook note goes');
    assert.equal(fake.state.notes.get('月度指标表!C7'), '请核对', 'the user’s words stay');
    assert.equal(fake.state.notes.get('月度指标表!C8'), mergeNote(null, '数值为空'));
    // A note claimed absent that is there is refused as Excel refuses notes.add on a cell with a note.
    await assert.rejects(wb.write([{ kind: 'note', sheet: '月度指标表', cell: 'C5', text: 'x', existing: null }]));
    // Without a read note the host looks it up: one more sync, same result.
    fake.resetCounts();
    await wb.write([{ kind: 'note', sheet: '月度指标表', cell: 'C8', text: null }]);
    assert.equal(fake.state.notes.has('月度指标表!C8'), false);
    assert.equal(fake.syncCount, 2);
  });

  it('applies the structural ops: sheets, hidden sheets, names, rows, validation, protection, number formats', async () => {
    const fake = new FakeExcel();
    const wb = host(fake);
    await wb.write([
      { kind: 'addSheet', sheet: '任务表', visible: true },
      { kind: 'addSheet', sheet: 'planbook', visible: false },
      { kind: 'values', sheet: '任务表', at: 'A1', values: [['序号'], [1], [2]] },
      { kind: 'style', range: { sheet: '任务表', address: 'A2' }, style: { fill: '#EEEEEE', bold: true, numberFormat: '0.0' } },
      { kind: 'insertRows', sheet: '任务表', before: 3, count: 2 },
      { kind: 'defineName', name: 'pb_tasks', ref: { sheet: '任务表', address: 'A2:A5' } },
      { kind: 'validation', range: { sheet: '任务表', address: 'B2:B5' }, rule: { kind: 'list', items: ['未启动', '推进中', '已完成', '滞后'] } },
      { kind: 'validation', range: { sheet: '任务表', address: 'C2:C5' }, rule: { kind: 'decimal', min: 0, max: 100 } },
      { kind: 'protect', sheet: '任务表', unlocked: ['B2:C5'] },
      { kind: 'setVisible', sheet: '任务表', visible: true },
    ]);
    assert.equal(fake.syncCount, 1);
    const s = fake.state.sheet('任务表')!;
    assert.equal(fake.state.sheet('planbook')!.visibility, 'Hidden');
    assert.equal(s.cells.get('5,1')!.value, 2, 'row 3 moved down by two');
    assert.equal(s.cells.get('3,1')!.fill, '#EEEEEE', 'inserted rows copy the format above');
    assert.equal(s.cells.get('2,1')!.numberFormat, '0.0');
    assert.equal(fake.state.names.get('pb_tasks'), '=任务表!$A$2:$A$5'.replace('任务表', "'任务表'"));
    assert.deepEqual(s.cells.get('2,2')!.validation, { list: { inCellDropDown: true, source: '未启动,推进中,已完成,滞后' } });
    assert.deepEqual(s.cells.get('3,3')!.validation, { decimal: { formula1: 0, formula2: 100, operator: 'Between' } });
    assert.equal(s.protected, true);
    assert.equal(s.cells.get('2,2')!.locked, false);
    assert.equal(s.cells.get('2,1')!.locked, true);
    const info = await wb.describe();
    assert.deepEqual(info.names, [{ name: 'pb_tasks', ref: { sheet: '任务表', address: 'A2:A5' } }]);
  });

  it('fills a 10-row and a 5,000-row task form with the same syncs, autofitting exactly the data rows among the writes', async () => {
    const spec = specOf('tasks');
    const counts: number[] = [];
    for (const n of [10, 5000]) {
      const fake = new FakeExcel();
      // The designed template as inserted from its .xlsx: header on row 4, one sample row, names.
      fake.state.addSheet(spec.sheet);
      fake.state.type(spec.sheet, 'A4', [spec.table.columns.map((c) => c.header)]);
      const q = `'${spec.sheet}'`;
      fake.state.names.set('pb_title', `=${q}!$A$1`);
      fake.state.names.set('pb_unit', `=${q}!$C$2`);
      fake.state.names.set('pb_period', `=${q}!$H$2`);
      fake.state.names.set(spec.table.header, `=${q}!$A$4:$H$4`);
      await fill(host(fake), spec, { plan: bigTaskPlan(n), orgUnit: '区发展改革委', period: '2023-06' });
      assert.deepEqual(fake.state.rowAutofits, [{ sheet: spec.sheet, address: `5:${4 + n}` }], `${n} rows`);
      assert.equal(fake.state.sheet(spec.sheet)!.protected, true);
      counts.push(fake.syncCount);
    }
    // describe, read, write: the autofit rides in the write's request.
    assert.deepEqual(counts, [3, 3]);
  });

  it('says which sheet is missing, in both languages, when a planbook sheet was renamed or deleted', async () => {
    const fake = new FakeExcel();
    fake.state.addSheet('改过名的表');
    const wb = host(fake);
    await assert.rejects(wb.read([{ sheet: '月度指标表', address: 'A1:B2' }]), (e: unknown) => {
      assert.ok(e instanceof PlanbookError);
      assert.equal(e.code, 'BAD_WORKBOOK');
      assert.match(e.zh, /月度指标表.*重命名或删除/);
      assert.match(e.en, /renamed or deleted/);
      return true;
    });
    await assert.rejects(wb.write([{ kind: 'values', sheet: '月度指标表', at: 'A1', values: [[1]] }]), PlanbookError);
    assert.equal(fake.state.sheet('改过名的表')!.cells.size, 0, 'nothing was written elsewhere');
  });
});

describe('the fake Excel host keeps Office.js semantics', () => {
  it('refuses to read a property that was not loaded and synced', async () => {
    const fake = new FakeExcel();
    fake.state.addSheet('S');
    await fake.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('S').getRange('A1').load('values');
      assert.throws(
        () => r.values,
        (e: unknown) => e instanceof FakeExcelError && e.code === 'PropertyNotLoaded',
      );
      await ctx.sync();
      assert.deepEqual(r.values, [['']]);
      assert.throws(() => r.formulas, /not available/);
    });
  });

  it('refuses a request over 5 MB and applies none of it', async () => {
    const fake = new FakeExcel();
    fake.state.addSheet('S');
    const big = Array.from({ length: 90000 }, () => ['一二三四五六七八九十一二三四五六七八九十一二三四五']);
    await assert.rejects(
      fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('S').getRange('A1').values = [['first']];
        ctx.workbook.worksheets.getItem('S').getRange('B1:B90000').values = big;
        await ctx.sync();
      }),
      (e: unknown) => e instanceof FakeExcelError && e.code === 'RequestPayloadSizeLimitExceeded',
    );
    assert.equal(fake.state.sheet('S')!.cells.size, 0);
  });

  it('refuses to autofit rows on a sheet protected without allowFormatRows', async () => {
    const fake = new FakeExcel();
    fake.state.addSheet('S');
    const autofit = (protect: { allowFormatRows?: boolean }) =>
      fake.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem('S');
        ws.protection.unprotect();
        ws.protection.protect(protect);
        ws.getRange('2:3').format.autofitRows();
        await ctx.sync();
      });
    await assert.rejects(autofit({}), (e: unknown) => e instanceof FakeExcelError && e.code === 'AccessDenied');
    assert.deepEqual(fake.state.rowAutofits, []);
    await autofit({ allowFormatRows: true });
    assert.deepEqual(fake.state.rowAutofits, [{ sheet: 'S', address: '2:3' }]);
  });

  it('rejects a block whose shape does not match its range', async () => {
    const fake = new FakeExcel();
    fake.state.addSheet('S');
    await assert.rejects(
      fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('S').getRange('A1:B2').values = [[1, 2]];
        await ctx.sync();
      }),
      /doesn't match/,
    );
  });
});
