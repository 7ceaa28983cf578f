/**
 * What a unit's indicator form shows, against the report: the plan imported from the seeds by
 * `planbook import`, forms made by `planbook fill`, read back as saved .xlsx files.
 * - 完成全年目标% of a growth target (F2.4): 全年目标 holds the annual amount the report computes
 *   (一般公共预算收入增长3% on 2022's 89.46亿元 → 92.14), the phrase stays in the cell's note, and the
 *   form's formula gives the report's 63.1% for 58.18.
 * - A unit with no target but with the district's 审核公式 scoped to it (F2.5) gets a form of the
 *   indicators those formulas name; with neither, the refusal says what to do.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { EXIT } from '../../src/cli/command';
import { SEEDS_DIR } from '../support/seed-plan';
import { cliIn } from '../support/cli-run';
import { scratch } from '../hosts/xlsx/helpers';

async function sheetOf(file: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.getWorksheet('指标填报')!;
}

/** The row of an indicator in a filled form (data rows start at 5). */
function rowOf(ws: ExcelJS.Worksheet, indicator: string): ExcelJS.Row {
  for (let r = 5; r < 5 + 100; r++) if (ws.getRow(r).getCell(1).value === indicator) return ws.getRow(r);
  throw new Error(`no row ${indicator}`);
}

function noteText(cell: ExcelJS.Cell): string {
  const n = cell.note;
  if (typeof n === 'string') return n;
  return n?.texts ? n.texts.map((t) => t.text).join('') : '';
}

/** The formula's result as Excel computes it: ROUND(value / target × 100, 1). */
function completion(row: ExcelJS.Row): number {
  const f = String((row.getCell(7).value as ExcelJS.CellFormulaValue).formula);
  assert.match(f, new RegExp(`ROUND\\(D${row.number}/C${row.number}\\*100,1\\)`));
  const v = Number(row.getCell(4).value);
  const t = Number(row.getCell(3).value);
  return Math.round((v / t) * 1000) / 10;
}

describe('fill: the form shows the annual amount the report uses, and a form for every unit the district checks', function () {
  this.timeout(120000);
  const tmp = scratch();
  const D = tmp.dir;
  before(async () => {
    const seeds = readdirSync(SEEDS_DIR)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => join(SEEDS_DIR, f));
    const r = await cliIn(D, 'import', ...seeds, '--id', 'tongzhou-2023', '-o', 'plan.json');
    assert.equal(r.code, EXIT.OK, r.err);
  });
  after(() => tmp.cleanup());

  it("a growth target: 全年目标 is the report's annual amount (92.14), its phrase in the note, and 完成全年目标% equals the report's 63.1", async () => {
    let r = await cliIn(D, 'fill', '--template', 'indicators', '--unit', '区财政局', '--period', '2023-06', '--plan', 'plan.json', '-o', 'cz.xlsx');
    assert.equal(r.code, EXIT.OK, r.err);
    const ws = await sheetOf(join(D, 'cz.xlsx'));
    const row = rowOf(ws, '一般公共预算收入');
    assert.equal(row.getCell(3).value, 92.14);
    assert.match(noteText(row.getCell(3)), /一般公共预算收入增长3%/);
    assert.match(noteText(row.getCell(3)), /Annual target/);

    writeFileSync(join(D, 'cz.csv'), '填报单位,指标,报告期,数值,同比增长,上年同期,说明\n区财政局,一般公共预算收入,2023-06,58.18,,,\n');
    r = await cliIn(D, 'report', '--plan', 'plan.json', '--figures', 'cz.csv', '--period', '2023-06', '--format', 'json');
    assert.equal(r.code, EXIT.OK, r.err);
    const { tables } = JSON.parse(r.out) as { tables: { id: string; rows: { indicator: string; completionPct: number | null; amount: number | null }[] }[] };
    const reportRow = tables.find((t) => t.id === 'main-indicators')!.rows.find((x) => x.indicator === '一般公共预算收入')!;
    assert.equal(reportRow.amount, 92.14);
    assert.equal(reportRow.completionPct, 63.1);

    row.getCell(4).value = 58.18;
    assert.equal(completion(row), reportRow.completionPct);
  });

  it('a level target on a flow keeps its amount (全社会固定资产投资 超千亿元 → 1000) and a target with no amount keeps its phrase', async () => {
    const r = await cliIn(D, 'fill', '--template', 'indicators', '--unit', '区发展改革委', '--period', '2023-06', '--plan', 'plan.json', '-o', 'fgw.xlsx');
    assert.equal(r.code, EXIT.OK, r.err);
    const ws = await sheetOf(join(D, 'fgw.xlsx'));
    const texts: Record<string, ExcelJS.CellValue> = {};
    for (let n = 5; ws.getRow(n).getCell(1).value; n++) texts[String(ws.getRow(n).getCell(1).value)] = ws.getRow(n).getCell(3).value;
    assert.equal(texts['全社会固定资产投资'], 1000);
    // GDP is not a 1-N月累计 flow in the catalog: the report computes no completion for it, and neither does the form.
    assert.equal(typeof texts['地区生产总值'], 'string');
  });

  it("a unit no target names but the district's 审核公式 scope to it gets a form of the indicators they name", async () => {
    const plan = JSON.parse(readFileSync(join(D, 'plan.json'), 'utf8')) as { carried: { rules: { rev: number; value: { formulas?: unknown[] } } } };
    plan.carried.rules.value.formulas = [
      { id: 'GY-01', formula: '[高技术制造业增加值] <= [规模以上工业增加值]', severity: 'error', units: ['区经济和信息化局'] },
      { id: 'ALL-1', formula: '[社会消费品零售总额] >= 0', severity: 'error' },
    ];
    writeFileSync(join(D, 'plan-rules.json'), JSON.stringify(plan));

    let r = await cliIn(D, 'fill', '--template', 'indicators', '--unit', '区经济和信息化局', '--period', '2023-06', '--plan', 'plan.json', '-o', 'jx0.xlsx');
    assert.equal(r.code, EXIT.BAD_INPUT);
    assert.match(r.err, /适用单位/);
    assert.match(r.err, /ask the district/);

    r = await cliIn(D, 'fill', '--template', 'indicators', '--unit', '区经济和信息化局', '--period', '2023-06', '--plan', 'plan-rules.json', '-o', 'jx.xlsx');
    assert.equal(r.code, EXIT.OK, r.err);
    const ws = await sheetOf(join(D, 'jx.xlsx'));
    // Only the indicators GY-01 names: ALL-1, scoped to every unit, asks nothing of this one.
    assert.deepEqual([ws.getRow(5).getCell(1).value, ws.getRow(6).getCell(1).value, ws.getRow(7).getCell(1).value], ['高技术制造业增加值', '规模以上工业增加值', null]);

    // The form it got is checked by the same formula: 高技术 120 above 规上 100 is GY-01's error.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(D, 'jx.xlsx'));
    wb.getWorksheet('指标填报')!.getCell('D5').value = 120;
    wb.getWorksheet('指标填报')!.getCell('D6').value = 100;
    await wb.xlsx.writeFile(join(D, 'jx.xlsx'));
    r = await cliIn(D, 'check', 'jx.xlsx', '--format', 'json');
    assert.equal(r.code, EXIT.FINDINGS, r.out + r.err);
    assert.match(r.out, /GY-01/);

    // The batch counts it as a unit with a form.
    r = await cliIn(D, 'fill', '--template', 'indicators', '--all-units', '--period', '2023-06', '--plan', 'plan-rules.json', '-o', 'all');
    assert.equal(r.code, EXIT.OK, r.err);
    assert.ok(readdirSync(join(D, 'all')).includes('区经济和信息化局_2023-06_indicators.xlsx'));
  });
});
