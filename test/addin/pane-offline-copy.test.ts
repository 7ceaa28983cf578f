/**
 * The pane when the server cannot be reached (issue 10, item 2): Check judges with the catalog and
 * rules the last pull wrote into the workbook — a rule changed on the server is in force offline —
 * and says which copy it used. And one form everywhere: the pane's Pull and `planbook fill --server`
 * write what formInputs decides, so the two workbooks hold the same cells and the same identity.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { startTestServer, call, FILLER_UNIT, type TestServer } from '../support/server';
import { makePane, typeInto, cuttableTransport, cellFor } from './pane-env';
import { loadDefaultRules, type RuleSet } from '../../src/rules';
import { readBack, readIdentity, IDENTITY_SHEET } from '../../src/template';
import { SPECS } from '../../src/taskpane/controller';
import { XlsxWorkbook } from '../../src/hosts/xlsx/port';
import { main } from '../../src/cli/main';
import { captureIO } from '../support/capture-io';
import { scratch } from '../hosts/xlsx/helpers';

const VALUE = 'figures/一般公共预算收入/value';
const GROWTH = 'figures/一般公共预算收入/growth';

function strictPrecision(): RuleSet {
  const r = loadDefaultRules();
  return { ...r, version: 'strict-precision', rules: r.rules.map((x) => (x.id === 'precision' ? { ...x, severity: 'error' as const } : x)) };
}

describe('the pane out of reach of the server checks with the copy the workbook carries', function () {
  this.timeout(60000);
  let s: TestServer;
  const tmp = scratch();
  beforeEach(async () => {
    s = await startTestServer();
    const cur = await call(s.url, s.tokens.admin, 'GET', '/api/rules');
    assert.equal((await call(s.url, s.tokens.admin, 'PUT', '/api/rules', strictPrecision(), { 'if-match': `"${cur.body.rev}"` })).status, 200);
  });
  afterEach(async () => {
    await s.stop();
  });
  after(() => tmp.cleanup());

  it('a rule changed on the server and pulled: Check with the network down finds what Check online finds, and says it used revision 1 carried by the workbook', async () => {
    const net = cuttableTransport();
    const rig = makePane({ transport: net.transport });
    assert.equal(await rig.pane.connect(s.url, s.tokens.filler, false), true);
    assert.equal(await rig.pane.pull(), true);
    await typeInto(rig, VALUE, 58.1834);
    await typeInto(rig, GROWTH, 4.1);
    assert.equal(await rig.pane.check(), true);
    const online = rig.pane.state.findings;
    assert.ok(online.some((f) => f.rule === 'precision' && f.severity === 'error'));
    // The verdict is submit's, in the words planbook check prints.
    assert.match(rig.pane.state.notice?.zh ?? '', /审核完成：不能上报——1 个错误/);
    assert.match(rig.pane.state.notice?.en ?? '', /may not be submitted: 1 error/);

    net.down = true;
    assert.equal(await rig.pane.check(), true, JSON.stringify(rig.pane.state.error));
    assert.deepEqual(rig.pane.state.findings, online);
    assert.match(rig.pane.state.notice?.zh ?? '', /离线审核；审核规则：工作簿所带第1版/);
    assert.match(rig.pane.state.notice?.en ?? '', /checked offline; rules: revision 1 carried by the workbook/);
  });

  it('the pane’s Pull and planbook fill --server write the same form: identity (catalog and rules included) and figures alike', async () => {
    const rig = makePane();
    assert.equal(await rig.pane.connect(s.url, s.tokens.filler, false), true);
    // Something stored, so the pulled values are part of what must agree.
    const key = `/api/plans/small-2023/submissions/${encodeURIComponent(FILLER_UNIT)}/2023-06/indicators`;
    assert.equal((await call(s.url, s.tokens.filler, 'PUT', key, { data: { figures: { 一般公共预算收入: { value: 58.18, growth: 4.1, base: null, note: '' } }, tasks: {} } }, { 'if-match': '"0"' })).status, 200);
    assert.equal(await rig.pane.pull(), true);
    const paneId = await readIdentity(rig.host);

    const file = join(tmp.dir, 'cli.xlsx');
    const io = captureIO(tmp.dir);
    const code = await main(['fill', '--template', 'indicators', '--unit', FILLER_UNIT, '--period', '2023-06', '--server', s.url, '--token', s.tokens.filler, '--plan-id', 'small-2023', '-o', file], io);
    assert.equal(code, 0, io.stderr.join('\n'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const cliId = await readIdentity(new XlsxWorkbook(wb));

    // What the inputs decide is the same; where the table sits may differ (the pane lays out its own blank sheet).
    const decided = (id: typeof paneId) => ({ plan: id.plan, unit: id.orgUnit, period: id.period, form: id.form, baseRev: id.baseRev, rowKeys: id.rowKeys, base: id.pulled, checkPlan: id.checkPlan, carried: id.carried });
    assert.deepEqual(decided(cliId), decided(paneId));
    assert.equal(paneId.carried?.rules.rev, 1);
    assert.equal(paneId.baseRev, 1);
    // The form as read back: the same figures in both.
    const spec = SPECS.get(paneId.template)!;
    assert.deepEqual((await readBack(new XlsxWorkbook(wb), spec)).data, (await readBack(rig.host, spec)).data);
    assert.ok(wb.getWorksheet(IDENTITY_SHEET));
    // 全年目标 is the amount the report computes (the plan states 92.1 for 增长3%), in the pane's workbook as in the CLI's, the phrase in its note (F2.4).
    // The spec puts 全年目标 just left of 本月止累计, wherever the pane's table sits.
    const leftOf = (a: string): string => a.replace(/^[A-Z]/, (l) => String.fromCharCode(l.charCodeAt(0) - 1));
    const paneTarget = await cellFor(rig.host, VALUE).then((r) => ({ sheet: r.sheet, address: leftOf(r.address) }));
    assert.equal(rig.fake.state.peek(paneTarget.sheet, paneTarget.address), 92.1);
    const ws = wb.getWorksheet('指标填报')!;
    const cliRow = [...Array(20).keys()].map((i) => ws.getRow(i + 1)).find((r) => r.getCell(1).value === '一般公共预算收入')!;
    assert.equal(cliRow.getCell(3).value, 92.1);
    // This fake Excel has no notes API (before ExcelApi 1.18): the phrase rides in the .xlsx's note.
    assert.match(JSON.stringify(cliRow.getCell(3).note ?? ''), /增长3%/);
  });
});
