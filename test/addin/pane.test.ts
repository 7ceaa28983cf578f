import assert from 'node:assert/strict';
import { startTestServer, call, type TestServer, FILLER_UNIT } from '../support/server';
import { makePane, typeInto, cellFor, cuttableTransport, type PaneRig } from './pane-env';
import { FakeExcel } from '../hosts/excel/fake-excel';
import { memoryStore } from '../../src/hosts/browser/local-storage';
import { FUNCTIONS_SETTINGS_KEY } from '../../src/taskpane/controller';
import { decodeTemplates } from './xlsx-decode';

const KEY_PATH = `/api/plans/small-2023/submissions/${encodeURIComponent(FILLER_UNIT)}/2023-06/indicators`;
const VALUE = 'figures/一般公共预算收入/value';
const BASE = 'figures/一般公共预算收入/sameLastYear';
const GROWTH = 'figures/一般公共预算收入/growth';
const NOTE = 'figures/一般公共预算收入/note';

async function connected(s: TestServer, who: 'filler' | 'reviewer' = 'filler', fake?: FakeExcel): Promise<PaneRig> {
  const rig = makePane({ fake: fake ?? new FakeExcel({ requirementSets: { ExcelApi: 18 } }) });
  assert.equal(await rig.pane.connect(s.url, s.tokens[who], false), true, JSON.stringify(rig.pane.state.error));
  return rig;
}

async function serverValue(s: TestServer, field: string): Promise<unknown> {
  const r = await call(s.url, s.tokens.reviewer, 'GET', KEY_PATH);
  const [, ind, f] = field.split('/');
  return r.body.data.figures[ind!]?.[f!];
}

describe('task pane: pull, check, explain, push, conflict, submit, review against a real store', function () {
  this.timeout(60000);
  let s: TestServer;
  beforeEach(async () => {
    s = await startTestServer();
  });
  afterEach(async () => {
    await s.stop();
  });

  it('goes through a month: a warning explained in the 说明 cell, a conflict settled, submitted and returned', async () => {
    const rig = await connected(s);
    const { pane, fake } = rig;
    assert.equal(pane.state.planId, 'small-2023');
    assert.equal(pane.state.orgUnit, FILLER_UNIT);
    assert.equal(await pane.pull(), true);
    assert.ok(fake.state.sheet('指标填报')?.protected, 'the form sheet is there, protected but for its input cells');

    await typeInto(rig, VALUE, 58.18);
    await typeInto(rig, BASE, 50);
    await typeInto(rig, GROWTH, 3);
    assert.equal(await pane.check(), true);
    const i = pane.state.findings.findIndex((f) => f.rule === 'growth-consistency');
    assert.ok(i >= 0, JSON.stringify(pane.state.findings.map((f) => f.rule)));
    const growthCell = await cellFor(rig.host, GROWTH);
    assert.match(fake.state.notes.get(`${growthCell.sheet}!${growthCell.address}`) ?? '', /同比增长/, 'the finding is a note on its cell');

    // Clicking the finding selects its cell.
    assert.equal(await pane.selectFinding(i), true);
    assert.deepEqual(fake.state.selection, { sheet: growthCell.sheet, address: growthCell.address });

    // Explaining writes the 说明 cell and the warning no longer counts.
    assert.equal(await pane.explainFinding(i, '上年同期数据口径调整'), true);
    const noteCell = await cellFor(rig.host, NOTE);
    assert.equal(fake.state.peek(noteCell.sheet, noteCell.address), '上年同期数据口径调整');
    assert.ok(pane.state.findings.filter((f) => f.severity === 'warning').every((f) => f.explained));

    assert.equal(await pane.push(), true);
    assert.equal(await serverValue(s, VALUE), 58.18);

    // A second client changes the same figure; ours changes it too.
    const r = await call(s.url, s.tokens.filler, 'PATCH', KEY_PATH, { baseRev: 1, edits: [{ field: VALUE, base: 58.18, value: 60 }] });
    assert.equal(r.status, 200);
    await typeInto(rig, VALUE, 59);
    assert.equal(await pane.push(), true);
    const c = pane.state.conflict;
    assert.ok(c, 'the conflict view is open');
    assert.deepEqual(
      c.conflict.conflicts.map((x) => [x.field, x.pulled, x.theirs, x.yours]),
      [[VALUE, 58.18, 60, 59]],
    );
    pane.keepSide(VALUE, 'yours');
    assert.equal(await pane.pushResolution(), true);
    assert.equal(pane.state.conflict, null);
    assert.equal(await serverValue(s, VALUE), 59);
    // The workbook was rebased: nothing left to push.
    assert.equal(await pane.push(), true);
    assert.deepEqual(pane.state.notice?.en, 'Nothing to push.');

    assert.equal(await pane.submit(), true, JSON.stringify(pane.state.error));
    assert.equal(pane.state.submission?.state, 'submitted');

    const reviewer = await connected(s, 'reviewer');
    reviewer.pane.choose({ period: '2023-06' });
    assert.equal(await reviewer.pane.loadReview(), true);
    const row = reviewer.pane.state.review!.find((x) => x.orgUnit === FILLER_UNIT && x.form === 'indicators');
    assert.equal(row?.state, 'submitted');

    // The district report from every unit's submitted figures, as sheets with a chart, in the reviewer's
    // workbook — inserted while the form is submitted: a returned form no longer counts (issue 10).
    assert.equal(await reviewer.pane.insertReport(), true, JSON.stringify(reviewer.pane.state.error));
    const report = reviewer.fake.state.sheet('主要经济指标完成情况表')!;
    assert.ok(report, reviewer.fake.state.sheets.map((x) => x.name).join());
    assert.equal(report.charts.length, 1);
    const values = [...report.cells.values()].map((c) => c.value);
    assert.ok(values.includes(59), 'the unit’s submitted figure is in the report');
    assert.ok(reviewer.fake.state.sheets.some((x) => x.name.startsWith('报送情况表')));
    assert.equal(await reviewer.pane.returnSubmission(FILLER_UNIT, 'indicators', ''), false, 'a return needs a reason');
    assert.equal(await reviewer.pane.returnSubmission(FILLER_UNIT, 'indicators', '增速口径请与统计局核对'), true);
    assert.equal(reviewer.pane.state.review!.find((x) => x.orgUnit === FILLER_UNIT)?.state, 'returned');
  });

  it('a filler’s 插入报表: another unit’s indicator is 无权查看 with no number, and the notice names it (tester F2.1)', async () => {
    // 区商务局 submits its retail sales; 区财政局’s filler may not read them.
    const path = `/api/plans/small-2023/submissions/${encodeURIComponent('区商务局')}/2023-06/indicators`;
    const put = await call(s.url, s.tokens.filler2, 'PUT', path, { data: { figures: { 社会消费品零售总额: { value: 200, growth: 5, sameLastYear: null, note: '' } }, tasks: {} } }, { 'if-match': '"0"' });
    assert.equal((await call(s.url, s.tokens.filler2, 'POST', `${path}/submit`, undefined, { 'if-match': `"${put.body.rev}"` })).status, 200);
    const rig = await connected(s);
    rig.pane.choose({ period: '2023-06' });
    assert.equal(await rig.pane.insertReport(), true, JSON.stringify(rig.pane.state.error));
    const notice = rig.pane.state.notice!;
    assert.match(notice.zh, /社会消费品零售总额（区商务局）/);
    assert.match(notice.en, /not the district's complete report/);
    const values = [...rig.fake.state.sheet('主要经济指标完成情况表')!.cells.values()].map((c) => c.value);
    assert.ok(values.includes('无权查看'), 'the row says 无权查看');
    assert.ok(!values.includes(200), 'never a number the filler may not read');
  });

  it('keeps theirs when the user chooses it, and the workbook then shows theirs', async () => {
    const rig = await connected(s);
    await rig.pane.pull();
    await call(s.url, s.tokens.filler, 'PATCH', KEY_PATH, { baseRev: 0, edits: [{ field: VALUE, base: null, value: 61 }] });
    await typeInto(rig, VALUE, 62);
    await rig.pane.push();
    rig.pane.keepSide(VALUE, 'theirs');
    assert.equal(await rig.pane.pushResolution(), true);
    assert.equal(await serverValue(s, VALUE), 61);
    const cell = await cellFor(rig.host, VALUE);
    assert.equal(rig.fake.state.peek(cell.sheet, cell.address), 61);
  });

  it('marks a finding in its cell and clears the mark once the figure is fixed', async () => {
    const rig = await connected(s);
    await rig.pane.pull();
    await typeInto(rig, VALUE, 58.18);
    await typeInto(rig, BASE, 50);
    const growth = await typeInto(rig, GROWTH, 3);
    await rig.pane.check();
    const key = `${growth.sheet}!${growth.address}`;
    const cell = (): { fill: string | null } => rig.fake.state.sheet(growth.sheet)!.cells.get(`${Number(growth.address.slice(1))},${growth.address.charCodeAt(0) - 64}`)!;
    assert.ok(rig.fake.state.notes.has(key));
    assert.notEqual(cell().fill, null);
    await typeInto(rig, GROWTH, 16.4);
    await rig.pane.check();
    assert.equal(rig.pane.state.findings.filter((f) => f.field === GROWTH).length, 0);
    assert.equal(rig.fake.state.notes.has(key), false, 'the note is gone');
    assert.equal(cell().fill, null, 'the fill is gone');
  });

  it('a reviewer approves; the unit’s later edit is refused with the server’s words and stays in the workbook', async () => {
    const rig = await connected(s);
    await rig.pane.pull();
    await typeInto(rig, VALUE, 58.18);
    await typeInto(rig, BASE, 56.3);
    await typeInto(rig, GROWTH, 3.3);
    assert.equal(await rig.pane.submit(), true);
    assert.equal(rig.pane.state.submission?.state, 'submitted', JSON.stringify(rig.pane.state.error ?? rig.pane.state.findings.map((f) => f.message.zh)));
    const reviewer = await connected(s, 'reviewer');
    reviewer.pane.choose({ period: '2023-06' });
    assert.equal(await reviewer.pane.approve(FILLER_UNIT, 'indicators'), true);
    assert.equal(reviewer.pane.state.review!.find((x) => x.orgUnit === FILLER_UNIT)?.state, 'approved');
    const cell = await typeInto(rig, VALUE, 60);
    assert.equal(await rig.pane.push(), false);
    assert.match(rig.pane.state.error!.zh, /审核通过.*退回/);
    assert.match(rig.pane.state.error!.en, /read-only; ask the reviewer/);
    assert.equal(rig.fake.state.peek(cell.sheet, cell.address), 60);
    assert.equal(await serverValue(s, VALUE), 58.18);
  });

  it('Submit on a form nobody filled is refused by the store, with its words in both languages, and nothing changes', async () => {
    const rig = await connected(s);
    assert.equal(await rig.pane.pull(), true);
    assert.equal(await rig.pane.submit(), false);
    assert.match(rig.pane.state.error!.zh, /还没有这份报表的数据.*请先填写报表并推送/);
    assert.match(rig.pane.state.error!.en, /fill in the form and push it first/);
    const r = await call(s.url, s.tokens.reviewer, 'GET', KEY_PATH);
    assert.deepEqual([r.body.rev, r.body.state], [0, 'draft']);
  });

  it('fills the key-tasks form too: status from the drop-down, progress, text', async () => {
    const rig = await connected(s);
    rig.pane.choose({ form: 'tasks' });
    assert.equal(await rig.pane.pull(), true, JSON.stringify(rig.pane.state.error));
    await typeInto(rig, 'tasks/2/status', '推进中');
    await typeInto(rig, 'tasks/2/progress', 60);
    await typeInto(rig, 'tasks/2/text', '已完成上半年收入组织工作');
    assert.equal(await rig.pane.check(), true);
    assert.equal(await rig.pane.push(), true, JSON.stringify(rig.pane.state.error));
    const r = await call(s.url, s.tokens.reviewer, 'GET', KEY_PATH.replace('/indicators', '/tasks'));
    assert.deepEqual(r.body.data.tasks['2'], { status: '推进中', progress: 60, text: '已完成上半年收入组织工作', note: '' });
  });

  it('refuses to pull over edits not pushed yet, and changes nothing', async () => {
    const rig = await connected(s);
    await rig.pane.pull();
    const cell = await typeInto(rig, VALUE, 70);
    const before = rig.fake.state.snapshot();
    assert.equal(await rig.pane.pull(), true);
    assert.match(rig.pane.state.error?.zh ?? '', /尚未推送/);
    assert.equal(rig.fake.state.snapshot(), before);
    assert.equal(rig.fake.state.peek(cell.sheet, cell.address), 70);
  });

  it('inserts the designed template from its .xlsx where ExcelApi 1.13 allows, and fills it the same way', async () => {
    const decoded = await decodeTemplates();
    const fake = new FakeExcel({ requirementSets: { ExcelApi: 18 }, decodeWorkbook: (b64) => decoded.sheets.get(b64) ?? [] });
    const rig = makePane({ fake, templates: decoded.base64 });
    assert.equal(await rig.pane.connect(s.url, s.tokens.filler, false), true);
    assert.equal(await rig.pane.pull(), true, JSON.stringify(rig.pane.state.error));
    await typeInto(rig, VALUE, 58.18);
    assert.equal(await rig.pane.push(), true);
    assert.equal(await serverValue(s, VALUE), 58.18);
  });
});

describe('task pane: bad input says what to do and loses nothing', function () {
  this.timeout(60000);
  let s: TestServer;
  beforeEach(async () => {
    s = await startTestServer();
  });
  afterEach(async () => {
    await s.stop();
  });

  it('a malformed server address, an address where nothing listens, a wrong token', async () => {
    const rig = makePane();
    assert.equal(await rig.pane.connect('ht!tp://', 'x', false), false);
    assert.match(rig.pane.state.error!.zh, /服务器地址.*无效/);
    assert.equal(await rig.pane.connect('http://127.0.0.1:9', s.tokens.filler, false), false);
    assert.match(rig.pane.state.error!.zh, /无法连接服务器/);
    assert.match(rig.pane.state.error!.en, /check the address/);
    assert.equal(await rig.pane.connect(s.url, 'not-a-token', false), false);
    assert.match(rig.pane.state.error!.zh, /令牌无效/);
    assert.equal(rig.pane.state.me, null);
    assert.equal(rig.storage.getItem('planbook.connection'), null, 'nothing remembered from failed attempts');
  });

  it('remembers the token only when asked, and gives it to the custom functions only then', async () => {
    const storage = memoryStore();
    const a = makePane({ storage });
    await a.pane.connect(s.url, s.tokens.filler, false);
    assert.ok(!JSON.stringify(storage.dump()).includes(s.tokens.filler));
    const b = makePane({ storage });
    await b.pane.connect(s.url, s.tokens.filler, true);
    assert.ok(storage.getItem('planbook.connection')!.includes(s.tokens.filler));
    assert.deepEqual(JSON.parse(storage.getItem(FUNCTIONS_SETTINGS_KEY)!), { server: s.url, token: s.tokens.filler, plan: 'small-2023' });
    b.pane.disconnect();
    assert.ok(!JSON.stringify(storage.dump()).includes(s.tokens.filler));
  });

  it('a token revoked mid-session: a clear message, the edits still in the workbook', async () => {
    const rig = await connected(s);
    await rig.pane.pull();
    const cell = await typeInto(rig, VALUE, 58.18);
    await s.server.users.revoke('filler');
    assert.equal(await rig.pane.push(), false);
    assert.match(rig.pane.state.error!.zh, /令牌无效、已过期或已被吊销/);
    assert.match(rig.pane.state.error!.en, /ask your administrator/);
    assert.equal(rig.fake.state.peek(cell.sheet, cell.address), 58.18);
  });

  it('the server goes down mid-push: the edits wait in the queue, survive a restart of the pane, and are sent when it is back', async () => {
    const storage = memoryStore();
    const rig = makePane({ storage, fake: new FakeExcel({ requirementSets: { ExcelApi: 18 } }) });
    await rig.pane.connect(s.url, s.tokens.filler, true);
    await rig.pane.pull();
    await typeInto(rig, VALUE, 58.18);
    const port = Number(new URL(s.url).port);
    const dataDir = s.dataDir;
    await s.stop({ keepData: true });
    assert.equal(await rig.pane.push(), true);
    assert.equal(rig.pane.state.queued, 1);
    assert.match(rig.pane.state.notice!.zh, /本机队列/);
    // The pane is closed and opened again (same storage), the server comes back on the same data.
    s = await startTestServer({ dataDir, port, plan: null });
    const again = makePane({ storage, fake: rig.fake });
    assert.equal(await again.pane.connect(s.url, s.tokens.filler, true), true);
    assert.equal(again.pane.state.queued, 0, JSON.stringify(again.pane.state.error));
    assert.equal(await serverValue(s, VALUE), 58.18);
  });

  it('the network drops: edits queue (two pushes of one form become one), the background retry waits, then sends them when it is back', async () => {
    const net = cuttableTransport();
    const rig = makePane({ transport: net.transport });
    await rig.pane.connect(s.url, s.tokens.filler, false);
    await rig.pane.pull();
    await typeInto(rig, VALUE, 58.18);
    net.down = true;
    assert.equal(await rig.pane.push(), true);
    await typeInto(rig, GROWTH, 4.1);
    assert.equal(await rig.pane.push(), true);
    assert.equal(rig.pane.state.queued, 1, 'one queued push for the form, holding both edits');
    await rig.pane.autoRetry();
    assert.equal(rig.pane.state.queued, 1);
    assert.equal(rig.pane.state.error, null, 'a background retry that fails stays quiet');
    net.down = false;
    await rig.pane.autoRetry();
    assert.equal(rig.pane.state.queued, 0, JSON.stringify(rig.pane.state.error));
    assert.equal(await serverValue(s, VALUE), 58.18);
    assert.equal(await serverValue(s, GROWTH), 4.1);
    // The workbook was rebased on the pushed revision: nothing left to push.
    await rig.pane.push();
    assert.equal(rig.pane.state.notice?.en, 'Nothing to push.');
  });

  it('a planbook sheet renamed or deleted: Check and Push name it, nothing on the server changes', async () => {
    const rig = await connected(s);
    await rig.pane.pull();
    await typeInto(rig, VALUE, 58.18);
    rig.fake.state.sheet('指标填报')!.name = '我的表';
    assert.equal(await rig.pane.push(), false);
    assert.match(rig.pane.state.error!.zh, /指标填报/);
    assert.match(rig.pane.state.error!.en, /renamed or deleted/);
    assert.equal(await serverValue(s, VALUE), undefined);
    rig.fake.state.sheet('我的表')!.name = '指标填报';
    rig.fake.state.sheets = rig.fake.state.sheets.filter((x) => x.name !== '_planbook');
    assert.equal(await rig.pane.check(), false);
    assert.match(rig.pane.state.error!.zh, /拉取/);
  });
});
