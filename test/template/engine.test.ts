import { strict as assert } from 'node:assert';
import { fill } from '../../src/template/fill';
import { readBack, readIdentity } from '../../src/template/read-back';
import { annotate, fieldCell } from '../../src/template/annotate';
import { resolveLayout } from '../../src/template/layout';
import { IDENTITY_SHEET } from '../../src/template/identity';
import type { Finding } from '../../src/model/finding';
import { PlanbookError } from '../../src/model/errors';
import type { WriteOp } from '../../src/template/port';
import { bigTaskPlan, memoryTemplate, smallPlan, specOf } from './fixtures';

const indicators = specOf('indicators');
const tasks = specOf('tasks');
const S = indicators.sheet;
const T = tasks.sheet;

async function filledIndicators(data?: Parameters<typeof fill>[2]['data']) {
  const wb = memoryTemplate(indicators);
  const r = await fill(wb, indicators, { plan: smallPlan(), orgUnit: '区发展改革委', period: '2023-06', baseRev: 4, data, filledAt: '2023-07-05T08:00:00Z' });
  return { wb, r };
}

async function rejects(p: Promise<unknown>, re: RegExp): Promise<PlanbookError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof PlanbookError, `expected a PlanbookError, got ${String(e)}`);
    assert.match(`${e.zh} ${e.en}`, re);
    assert.ok(/[\u4e00-\u9fff]/.test(e.zh) && /[a-z]/i.test(e.en), 'message in both languages');
    return e;
  }
  assert.fail('expected a rejection');
}

describe('template engine: fill', () => {
  it('writes the unit’s indicators, header cells and a completion formula per row', async () => {
    const { wb, r } = await filledIndicators();
    assert.equal(r.rows, 2);
    assert.deepEqual(r.identity.rowKeys, ['地区生产总值', '全社会固定资产投资']);
    assert.equal(wb.get(S, 'A5'), '地区生产总值');
    assert.equal(wb.get(S, 'C5'), '增长5%左右');
    assert.equal(wb.get(S, 'A6'), '全社会固定资产投资');
    assert.equal(wb.get(S, 'B6'), '亿元');
    assert.equal(wb.get(S, 'C6'), 1000);
    assert.equal(wb.get(S, 'B2'), '区发展改革委');
    assert.equal(wb.get(S, 'H2'), '2023年1-6月');
    assert.match(wb.cell(S, 'G6').formula!, /^=IF\(AND\(ISNUMBER\(D6\),ISNUMBER\(C6\)\).*D6\/C6\*100/);
    assert.match(wb.cell(S, 'G5').formula!, /D5\/C5/);
    // The instructions below the table moved down with the inserted row.
    assert.equal(wb.get(S, 'A9'), '填表说明');
  });

  it('leaves exactly the input cells unlocked and protects both sheets', async () => {
    const { wb } = await filledIndicators();
    for (const a of ['D5', 'E5', 'F5', 'H5', 'D6', 'H6']) assert.equal(wb.cell(S, a).locked, false, a);
    for (const a of ['A5', 'B6', 'C6', 'G5', 'G6', 'B2']) assert.equal(wb.cell(S, a).locked, true, a);
    assert.ok(wb.sheet(S).protected);
    assert.ok(wb.sheet(IDENTITY_SHEET).protected);
    assert.equal(wb.sheet(IDENTITY_SHEET).visible, false);
  });

  it('adds decimal validation to value columns and the status list to 状态', async () => {
    const { wb } = await filledIndicators();
    assert.deepEqual(
      wb.sheet(S).validations.map((v) => `${v.address}:${v.rule.kind}`),
      ['D5:D6:decimal', 'E5:E6:decimal', 'F5:F6:decimal'],
    );
    const t = memoryTemplate(tasks);
    await fill(t, tasks, { plan: smallPlan(), orgUnit: '区发展改革委', period: '2023-06' });
    const status = t.sheet(T).validations.find((v) => v.address === 'F5:F6');
    assert.deepEqual(status?.rule, { kind: 'list', items: ['未启动', '推进中', '已完成', '滞后'] });
    assert.deepEqual(t.sheet(T).validations.find((v) => v.address === 'G5:G6')?.rule, { kind: 'decimal', min: 0, max: 100 });
  });

  it('writes footer formulas over exactly the data rows, however many there are', async () => {
    for (const n of [1, 7, 40]) {
      const wb = memoryTemplate(tasks);
      await fill(wb, tasks, { plan: bigTaskPlan(n), orgUnit: '区发展改革委', period: '2023-Q2' });
      const last = 4 + n;
      assert.equal(wb.get(T, `A${last + 1}`), '合计');
      assert.match(wb.cell(T, `B${last + 1}`).formula!, new RegExp(`COUNTA\\(A5:A${last}\\).*COUNTIF\\(F5:F${last},"已完成"\\)`));
      assert.match(wb.cell(T, `G${last + 1}`).formula!, new RegExp(`AVERAGE\\(G5:G${last}\\)`));
      assert.equal(wb.get(T, `A${last}`), n);
    }
  });

  it('takes the same three port calls for 10 rows and for 5,000', async () => {
    for (const n of [10, 5000]) {
      const wb = memoryTemplate(tasks);
      await fill(wb, tasks, { plan: bigTaskPlan(n), orgUnit: '区发展改革委', period: '2023-06' });
      assert.deepEqual(wb.calls, { describe: 1, read: 1, write: 1 }, `fill of ${n}`);
      wb.resetCalls();
      const back = await readBack(wb, tasks);
      assert.equal(Object.keys(back.data.tasks).length, n);
      assert.deepEqual(wb.calls, { describe: 1, read: 2, write: 0 }, `readBack of ${n}`);
    }
  });

  it('asks once, in the one write, to fit exactly the data rows, before the sheet is protected', async () => {
    for (const n of [10, 5000]) {
      const wb = memoryTemplate(tasks);
      const ops: WriteOp[] = [];
      const write = wb.write.bind(wb);
      wb.write = async (batch) => {
        ops.push(...batch);
        return write(batch);
      };
      await fill(wb, tasks, { plan: bigTaskPlan(n), orgUnit: '区发展改革委', period: '2023-06' });
      assert.equal(wb.calls.write, 1, `fill of ${n}`);
      const fits = ops.filter((o) => o.kind === 'fitRows');
      assert.deepEqual(fits, [{ kind: 'fitRows', sheet: T, rows: { from: 5, to: 4 + n } }], `fill of ${n}`);
      assert.deepEqual(wb.sheet(T).fittedRows, [{ from: 5, to: 4 + n }]);
      // After the rows' values (the text to fit) and before the protection (Excel refuses row heights on a locked sheet).
      const at = ops.indexOf(fits[0]!);
      assert.ok(ops.findIndex((o) => o.kind === 'values' && o.sheet === T && o.values.length === n) < at);
      assert.ok(ops.findIndex((o) => o.kind === 'protect' && o.sheet === T) > at);
    }
  });

  it('writes pulled figures into the inputs and keeps them as the base', async () => {
    const { wb, r } = await filledIndicators({ figures: { 地区生产总值: { value: 607.6, growth: 5.2, sameLastYear: 577.4, note: '' } }, tasks: {} });
    assert.equal(wb.get(S, 'D5'), 607.6);
    assert.equal(wb.get(S, 'F5'), 5.2);
    assert.equal(r.identity.pulled['figures/地区生产总值/value'], 607.6);
    assert.equal(r.identity.pulled['figures/全社会固定资产投资/value'], null);
    assert.equal(r.identity.baseRev, 4);
  });

  it('refuses a template without a named range the spec needs', async () => {
    const wb = memoryTemplate(indicators);
    wb.names.delete('pb_header');
    await rejects(fill(wb, indicators, { plan: smallPlan(), orgUnit: '区发展改革委', period: '2023-06' }), /缺少命名区域 pb_header.*lacks the named range pb_header/s);
    assert.equal(wb.calls.write, 0);
  });

  it('refuses a unit with nothing to report, and a bad period', async () => {
    await rejects(fill(memoryTemplate(indicators), indicators, { plan: smallPlan(), orgUnit: '区水务局', period: '2023-06' }), /区水务局.*no indicators/s);
    await rejects(fill(memoryTemplate(indicators), indicators, { plan: smallPlan(), orgUnit: '区发展改革委', period: '2023-13' }), /2023-13/);
  });

  it('refuses to fill a workbook twice', async () => {
    const { wb } = await filledIndicators();
    await rejects(fill(wb, indicators, { plan: smallPlan(), orgUnit: '区发展改革委', period: '2023-06' }), /already been filled/);
  });
});

describe('template engine: readBack', () => {
  it('turns typed inputs into SubmissionData and finds the edits against the base', async () => {
    const { wb } = await filledIndicators({ figures: { 地区生产总值: { value: 600, growth: null, sameLastYear: null, note: '' } }, tasks: {} });
    wb.type(S, 'D5', 607.6);
    wb.type(S, 'F5', 5.2);
    wb.type(S, 'D6', 512.3);
    wb.type(S, 'H6', '项目集中开工');
    const back = await readBack(wb, indicators, { orgUnit: '区发展改革委', period: '2023-06' });
    assert.deepEqual(back.key, { plan: 'tongzhou-2023', orgUnit: '区发展改革委', period: '2023-06', form: 'indicators' });
    assert.deepEqual(back.data.figures['地区生产总值'], { value: 607.6, growth: 5.2, sameLastYear: null, note: '' });
    assert.deepEqual(back.data.figures['全社会固定资产投资'], { value: 512.3, growth: null, sameLastYear: null, note: '项目集中开工' });
    assert.deepEqual(back.pulled.figures['地区生产总值']!.value, 600);
    assert.deepEqual(
      back.edits.map((e) => [e.field, e.pulled, e.value]),
      [
        ['figures/地区生产总值/value', 600, 607.6],
        ['figures/地区生产总值/growth', null, 5.2],
        ['figures/全社会固定资产投资/value', null, 512.3],
        ['figures/全社会固定资产投资/note', '', '项目集中开工'],
      ],
    );
    assert.deepEqual(back.findings, []);
  });

  it('reads task status and progress, with no edits when nothing was typed', async () => {
    const wb = memoryTemplate(tasks);
    await fill(wb, tasks, { plan: smallPlan(), orgUnit: '区发展改革委', period: '2023-06' });
    assert.deepEqual((await readBack(wb, tasks)).edits, []);
    wb.type(T, 'F6', '推进中');
    wb.type(T, 'G6', 45);
    wb.type(T, 'E6', '已完成立项');
    const back = await readBack(wb, tasks);
    assert.deepEqual(back.data.tasks['3'], { status: '推进中', progress: 45, text: '已完成立项', note: '' });
    assert.equal(back.edits.length, 3);
  });

  it('reports a formula typed into an input cell and text in a number cell, with the cell address', async () => {
    const { wb } = await filledIndicators();
    wb.type(S, 'D5', '=E5*1.05');
    wb.type(S, 'D6', '五百亿');
    const back = await readBack(wb, indicators);
    assert.deepEqual(
      back.findings.map((f) => [f.rule, f.severity, f.field]),
      [
        ['cell-formula', 'error', 'figures/地区生产总值/value'],
        ['cell-not-number', 'error', 'figures/全社会固定资产投资/value'],
      ],
    );
    assert.match(back.findings[0]!.message.zh, /D5.*=E5\*1\.05/);
    assert.match(back.findings[1]!.message.en, /D6 .*text "五百亿"/);
  });

  it('refuses a workbook of another unit or period', async () => {
    const { wb } = await filledIndicators();
    await rejects(readBack(wb, indicators, { orgUnit: '区财政局' }), /区发展改革委.*区财政局/);
    await rejects(readBack(wb, indicators, { period: '2023-07' }), /period "2023-06", not "2023-07"/);
  });

  it('refuses a renamed sheet', async () => {
    const { wb } = await filledIndicators();
    wb.sheet(S).name = '我的表';
    await rejects(readBack(wb, indicators), /“指标填报”不见了/);
  });

  it('refuses a changed or moved header', async () => {
    const { wb } = await filledIndicators();
    wb.type(S, 'D4', '本月数');
    const e = await rejects(readBack(wb, indicators), /D4.*本月止累计/);
    assert.deepEqual(e.details, { cell: 'D4' });
  });

  it('refuses a table moved down by a row inserted above its header', async () => {
    const { wb } = await filledIndicators();
    await wb.write([{ kind: 'insertRows', sheet: S, before: 3, count: 1 }]);
    assert.deepEqual(wb.names.get('pb_header'), { sheet: S, address: 'A5:H5' });
    await rejects(readBack(wb, indicators), /header was on row 4 when filled and is on row 5 now/);
  });

  it('refuses inserted, deleted or appended rows', async () => {
    const { wb } = await filledIndicators();
    await wb.write([{ kind: 'insertRows', sheet: S, before: 6, count: 1 }]);
    await rejects(readBack(wb, indicators), /A6.*全社会固定资产投资/);

    const { wb: wb2 } = await filledIndicators();
    wb2.type(S, 'A7', '规上工业增加值');
    await rejects(readBack(wb2, indicators), /A7.*do not add or remove rows/);
  });

  it('refuses an identity edited by hand, and a workbook that was never filled', async () => {
    const { wb } = await filledIndicators();
    const cells = wb.sheet(IDENTITY_SHEET).cells;
    const unitRow = [...cells.entries()].find(([, c]) => c.value === 'orgUnit')![0].replace('A', 'B');
    wb.type(IDENTITY_SHEET, unitRow, '区财政局');
    wb.type(S, 'B2', '区财政局');
    await rejects(readBack(wb, indicators), /fingerprint/);

    await rejects(readBack(memoryTemplate(indicators), indicators), /not a workbook filled by planbook/);
    const { wb: wb3 } = await filledIndicators();
    wb3.type(IDENTITY_SHEET, 'B1', 'something else');
    await rejects(readIdentity(wb3), /identity was damaged/);
  });

  it('refuses a changed 填报单位 cell', async () => {
    const { wb } = await filledIndicators();
    wb.type(S, 'B2', '区财政局');
    await rejects(readBack(wb, indicators), /B2.*区发展改革委/);
  });
});

describe('template engine: findings back to cells', () => {
  const finding = (field: string | null, severity: Finding['severity'], zh: string): Finding => ({
    rule: 'test',
    severity,
    subject: { kind: 'figure', orgUnit: '区发展改革委', indicator: '全社会固定资产投资', period: '2023-06' },
    field,
    message: { zh, en: `en ${zh}` },
    numbers: {},
    explained: false,
  });

  it('maps field paths to the cells they came from', async () => {
    const { wb, r } = await filledIndicators();
    const layout = resolveLayout(indicators, await wb.describe());
    const at = (f: string) => fieldCell(indicators, r.identity, layout.letters, f)?.address;
    assert.equal(at('figures/地区生产总值/value'), 'D5');
    assert.equal(at('figures/全社会固定资产投资/growth'), 'F6');
    assert.equal(at('figures/全社会固定资产投资/note'), 'H6');
    assert.equal(at('figures/不存在/value'), undefined);
    assert.equal(at('tasks/1/status'), undefined);
  });

  it('writes notes, colours and a findings sheet, and clears them when the findings are gone', async () => {
    const { wb } = await filledIndicators();
    await annotate(wb, indicators, [finding('figures/全社会固定资产投资/value', 'error', '累计值下降'), finding(null, 'warning', '整行提示')]);
    assert.match(wb.cell(S, 'D6').note!, /【错误】累计值下降/);
    assert.equal(wb.cell(S, 'D6').style.fill, '#FFC7CE');
    assert.match(wb.cell(S, 'A6').note!, /整行提示/);
    assert.equal(wb.get('审核结果', 'B2'), 'D6');
    assert.equal(wb.get('审核结果', 'E3'), '整行提示');
    await annotate(wb, indicators, []);
    assert.equal(wb.cell(S, 'D6').note, null);
    assert.equal(wb.cell(S, 'D6').style.fill, null);
    assert.equal(wb.get('审核结果', 'E2'), '未发现问题');
    assert.equal(wb.get('审核结果', 'E3'), '');
  });
});
