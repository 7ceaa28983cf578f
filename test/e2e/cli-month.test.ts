/**
 * The whole month from the command line (issue 11, item 6): a filler pushes, submits (refused over
 * an unexplained warning, then accepted once the 说明 is pushed), a reviewer returns with a reason
 * the filler reads in status, then approves; a filler cannot approve. A real store on loopback,
 * real .xlsx files, the CLI's own entry point.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { EXIT } from '../../src/cli/command';
import { seedPlan2023 } from '../support/seed-plan';
import { startTestServer, type TestServer } from '../support/server';
import { scratch } from '../hosts/xlsx/helpers';
import { type CliRun, editCells, runCli } from '../support/cli-run';

const cli = (cwd: string, env: Record<string, string>, ...argv: string[]): Promise<CliRun> => runCli(cwd, env, argv);

const edit = (file: string, cells: Record<string, ExcelJS.CellValue>): Promise<void> => editCells(file, cells);

describe('e2e: the month from the command line — push, submit, status, return, approve', function () {
  this.timeout(60000);
  const tmp = scratch();
  let s: TestServer;
  const plan = seedPlan2023();
  const D = tmp.dir;
  const f = join(D, 'cz.xlsx');
  const key = ['--unit', '区财政局', '--period', '2023-06', '--form', 'indicators'];
  // The connection through the environment, as a desk would set it once.
  const as = (who: 'filler' | 'reviewer' | 'filler2'): Record<string, string> => ({ PLANBOOK_SERVER: s.url, PLANBOOK_TOKEN: s.tokens[who] });

  before(async () => {
    s = await startTestServer({ plan });
    writeFileSync(join(D, 'plan.json'), JSON.stringify(plan));
  });
  after(async () => {
    await s.stop();
    tmp.cleanup();
  });

  it('push lists the warning still unexplained and what submit will need', async () => {
    let r = await cli(D, as('filler'), 'fill', '--template', 'indicators', '--unit', '区财政局', '--period', '2023-06', '--server', s.url, '--token', s.tokens.filler, '--plan-id', plan.id, '-o', f);
    assert.equal(r.code, EXIT.OK, r.err);
    // Growth 1% against the plan's 增长3%: a warning that needs its 说明 (58.18 over 57.6 is 1.0%, so only that one).
    await edit(f, { D5: 58.18, E5: 57.6, F5: 1.0 });
    r = await cli(D, as('filler'), 'push', f);
    assert.equal(r.code, EXIT.OK, r.err);
    assert.match(r.out, /pushed 3 changes/);
    assert.match(r.out, /1 warning\(s\) still unexplained: planbook submit will need a 说明/);
    assert.match(r.out, /F5 一般公共预算收入：.*未达到全年目标/);
    assert.match(r.out, /在“一般公共预算收入”一行的“说明”栏写明原因/);
  });

  it('submit is refused over the unexplained warning (exit 1, bilingual, says how to explain), then accepted once the 说明 is pushed', async () => {
    let r = await cli(D, as('filler'), 'submit', f);
    assert.equal(r.code, EXIT.FINDINGS, r.out + r.err);
    assert.match(r.err, /区财政局 2023-06 月度指标表 \/ indicators form：未上报 \/ not submitted/);
    assert.match(r.err, /\[警告 warning\] 一般公共预算收入/);
    assert.match(r.err, /write the reason in the 说明 \(explanation\) column of "一般公共预算收入", run planbook push, then planbook submit again/);
    r = await cli(D, as('filler'), 'status', '--format', 'json');
    assert.equal((JSON.parse(r.out) as { submissions: { state: string }[] }).submissions[0]!.state, 'draft', 'a refused submit changes nothing');

    await edit(f, { H5: '受留抵退税政策影响，收入增速放缓' });
    // The 说明 is in the workbook but not on the store yet: submitting the workbook says push first.
    r = await cli(D, as('filler'), 'submit', f);
    assert.equal(r.code, EXIT.FINDINGS, r.err);
    assert.match(r.err, /1 处修改尚未推送[\s\S]*1 change\(s\) not pushed yet; run planbook push/);
    r = await cli(D, as('filler'), 'push', f);
    assert.equal(r.code, EXIT.OK, r.err);
    assert.match(r.out, /ready to submit/);
    r = await cli(D, as('filler'), 'submit', ...key);
    assert.equal(r.code, EXIT.OK, r.err);
    assert.match(r.out, /已上报，等待区级审核（已报送 \/ Submitted/);
  });

  it('status: the filler sees their unit submitted; the reviewer sees every unit, as text, json and csv', async () => {
    let r = await cli(D, as('filler'), 'status', '--period', '2023-06');
    assert.equal(r.code, EXIT.OK, r.err);
    assert.match(r.out, /区财政局 {2}2023-06 {2}月度指标表 indicators {2}已报送 \/ Submitted/);
    // Which rule set judged it, as docs/rules.md promises for the list (F7.2): the store's revision and the file's label.
    const judged = (JSON.parse((await cli(D, as('filler'), 'status', '--format', 'json')).out) as { submissions: { judgedBy?: { rulesRev: number; rulesVersion: string } }[] }).submissions[0]!.judgedBy!;
    assert.ok(judged, 'the store recorded the rule set at submit');
    assert.ok(r.out.includes(`审核规则第${judged.rulesRev}版（${judged.rulesVersion}） / rules rev ${judged.rulesRev} (${judged.rulesVersion})`), r.out);
    // The other unit's filler sees none of it.
    r = await cli(D, as('filler2'), 'status', '--format', 'json');
    assert.deepEqual((JSON.parse(r.out) as { submissions: unknown[] }).submissions, []);
    r = await cli(D, as('reviewer'), 'status', '--format', 'csv');
    assert.equal(r.code, EXIT.OK, r.err);
    assert.match(r.out, /区财政局,2023-06,indicators,submitted,已报送,Submitted,/);
    assert.match(r.out.split('\r\n')[0]!, /审核规则版本 Rules rev,规则集标签 Rules version$/);
    assert.ok(r.out.split('\r\n')[1]!.trimEnd().endsWith(`,${judged.rulesRev},${judged.rulesVersion}`), r.out);
    // With a period, the reviewer also sees what the plan expects and no one has started.
    r = await cli(D, as('reviewer'), 'status', '--period', '2023-06', '--format', 'json');
    const j = JSON.parse(r.out) as { submissions: { orgUnit: string }[]; missing: { orgUnit: string; form: string }[] };
    assert.deepEqual(
      j.submissions.map((x) => x.orgUnit),
      ['区财政局'],
    );
    assert.ok(
      j.missing.some((m) => m.orgUnit === '区财政局' && m.form === 'tasks'),
      'its task form is owed',
    );
    assert.ok(!j.missing.some((m) => m.orgUnit === '区财政局' && m.form === 'indicators'));
    assert.ok(j.missing.length > 50, `${j.missing.length} forms owed across the plan's units`);
    r = await cli(D, as('reviewer'), 'status', '--period', '2023-06');
    assert.match(r.out, /未报送 \/ Missing（\d+）：/);
  });

  it('a filler cannot approve: the store refuses, exit 4, in both languages, nothing changes', async () => {
    const r = await cli(D, as('filler'), 'approve', ...key);
    assert.equal(r.code, EXIT.REMOTE, r.out + r.err);
    assert.match(r.err, /区财政局 2023-06 月度指标表 \/ indicators form：未能审核通过 \/ not approved/);
    assert.match(r.err, /[\u4e00-\u9fff]/);
    assert.match(r.err, /Only a reviewer may approve/);
    const st = JSON.parse((await cli(D, as('reviewer'), 'status', '--format', 'json')).out) as { submissions: { state: string }[] };
    assert.equal(st.submissions[0]!.state, 'submitted');
  });

  it('return needs a reason; the reviewer returns with one and the filler reads it in status', async () => {
    let r = await cli(D, as('reviewer'), 'return', ...key);
    assert.equal(r.code, EXIT.USAGE);
    assert.match(r.err, /--reason/);
    r = await cli(D, as('reviewer'), 'return', ...key, '--reason', '请补充上年同期数的来源');
    assert.equal(r.code, EXIT.OK, r.err);
    assert.match(r.out, /已退回 \/ Returned/);
    r = await cli(D, as('filler'), 'status');
    assert.match(r.out, /已退回 \/ Returned/);
    assert.match(r.out, /退回原因 \/ reason returned: 请补充上年同期数的来源/);
  });

  it('resubmitted, the reviewer approves; approving twice is refused (exit 4)', async () => {
    let r = await cli(D, as('filler'), 'submit', f);
    assert.equal(r.code, EXIT.OK, r.err);
    r = await cli(D, as('reviewer'), 'approve', ...key, '--plan-id', plan.id);
    assert.equal(r.code, EXIT.OK, r.err);
    assert.match(r.out, /已审核通过/);
    r = await cli(D, as('filler'), 'status', '--format', 'json');
    assert.equal((JSON.parse(r.out) as { submissions: { state: string }[] }).submissions[0]!.state, 'approved');
    r = await cli(D, as('reviewer'), 'approve', ...key);
    assert.equal(r.code, EXIT.REMOTE, r.err);
  });

  it('usage: no connection, a bad form, a bad period → exit 2 in both languages', async () => {
    let r = await cli(D, {}, 'status');
    assert.equal(r.code, EXIT.USAGE);
    assert.match(r.err, /缺少 --server[\s\S]*Missing --server/);
    r = await cli(D, as('reviewer'), 'approve', '--unit', '区财政局', '--period', '2023-06', '--form', 'figures');
    assert.equal(r.code, EXIT.USAGE);
    assert.match(r.err, /不是表名[\s\S]*is not a form/);
    r = await cli(D, as('reviewer'), 'submit', '--unit', '区财政局', '--period', '六月', '--form', 'indicators');
    assert.equal(r.code, EXIT.USAGE);
    // Nothing pushed for July: submit says to push first and sends nothing.
    r = await cli(D, as('filler'), 'submit', '--unit', '区财政局', '--period', '2023-07', '--form', 'indicators');
    assert.equal(r.code, EXIT.FINDINGS, r.err);
    assert.match(r.err, /请先 planbook push[\s\S]*push the filled workbook first/);
    r = await cli(D, as('filler'), 'status', '--period', '2023-07', '--format', 'json');
    assert.deepEqual((JSON.parse(r.out) as { submissions: unknown[] }).submissions, []);
  });

  it('the installed command lists the new commands and answers their --help', () => {
    const bin = join(__dirname, '..', '..', 'bin', 'planbook.js');
    const top = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    for (const c of ['submit', 'status', 'approve', 'return']) assert.match(top, new RegExp(`\\n  ${c} `));
    assert.match(execFileSync(process.execPath, [bin, 'return', '--help'], { encoding: 'utf8' }), /--reason/);
  });
});
