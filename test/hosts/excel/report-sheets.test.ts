import assert from 'node:assert/strict';
import { insertReportSheets, sheetNameFor } from '../../../src/hosts/excel/report-sheets';
import type { ExcelRun } from '../../../src/hosts/excel/excel-workbook';
import { buildMainIndicatorsTable, buildSubmissionStatusTable } from '../../../src/report';
import { loadDefaultCatalog } from '../../../src/rules';
import type { Figure } from '../../../src/model/submission';
import { smallPlan } from '../../support/server';
import { seedPlan2023 } from '../../support/seed-plan';
import { FakeExcel } from './fake-excel';

const CHART = { table: 'main-indicators', category: 'indicator', series: ['completionPct', 'timeProgressPct'], title: { zh: '完成全年目标与时间进度', en: 'Completion against time progress' } };

function fig(indicator: string, period: string, value: number, growth: number | null, base: number | null = null): Figure {
  return { orgUnit: '区财政局', indicator, period, value, growth, sameLastYear: base, note: '' };
}

describe('Excel host: report tables as formatted sheets with a chart', () => {
  it('inserts the main-indicators table and its chart in two syncs, with the documents’ 63.2% and 13.2 points', async () => {
    const fake = new FakeExcel();
    fake.state.addSheet('指标填报');
    const plan = smallPlan();
    const table = buildMainIndicatorsTable({ plan, catalog: loadDefaultCatalog(), figures: [fig('一般公共预算收入', '2023-06', 58.18, 4.1), fig('一般公共预算收入', '2022', 89.46, null)], period: '2023-06' });
    const r = await insertReportSheets(fake.run as unknown as ExcelRun, [table], [CHART], 'zh');
    assert.equal(r.syncs, 2);
    assert.equal(fake.syncCount, 2);
    const name = r.sheets[0]!;
    assert.equal(name, '主要经济指标完成情况表');
    assert.equal(fake.state.peek(name, 'A1'), '主要经济指标完成情况表');
    const s = fake.state.sheet(name)!;
    assert.equal(s.cells.get('3,1')!.bold, true);
    const row = table.rows.findIndex((x) => x.indicator === '一般公共预算收入');
    const completionCol = table.columns.findIndex((c) => c.key === 'completionPct') + 1;
    const aheadCol = table.columns.findIndex((c) => c.key === 'aheadPoints') + 1;
    assert.equal(s.cells.get(`${4 + row},${completionCol}`)!.value, 63.2);
    assert.equal(s.cells.get(`${4 + row},${aheadCol}`)!.value, 13.2);
    assert.equal(s.cells.get(`${4 + row},${completionCol}`)!.numberFormat, '0.0');
    assert.equal(s.charts.length, 1);
    assert.equal(s.charts[0]!.type, 'ColumnClustered');
    assert.equal(s.charts[0]!.title, '完成全年目标与时间进度');
    assert.equal(fake.state.activeSheet, name);
  });

  it('a 73-unit status table and a repeated insert: still two syncs, names never clash', async () => {
    const fake = new FakeExcel();
    const plan = seedPlan2023();
    const status = buildSubmissionStatusTable(plan, [], '2023-06');
    assert.ok(status.rows.length >= 70);
    const a = await insertReportSheets(fake.run as unknown as ExcelRun, [status], [], 'en');
    const b = await insertReportSheets(fake.run as unknown as ExcelRun, [status], [], 'en');
    assert.equal(a.syncs + b.syncs, 4);
    assert.notEqual(a.sheets[0], b.sheets[0]);
    assert.equal(fake.state.sheet(a.sheets[0]!)!.cells.get('3,1')!.value, 'Unit');
  });

  it('makes sheet names Excel accepts', () => {
    assert.equal(sheetNameFor('a/b:c*?[x]', new Set()), 'a b c x');
    assert.equal(sheetNameFor('报表', new Set(['报表'])), '报表(2)');
    assert.ok(sheetNameFor('很长的标题'.repeat(10), new Set()).length <= 31);
  });
});
