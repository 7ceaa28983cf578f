/**
 * Correcting a pushed workbook (tester finding F-A): after a push the workbook's base is what was
 * pushed, so changing the same cell again and pushing is an ordinary edit, not a conflict "with
 * someone else"; a submitted form answers "已报送的报表不能修改" rather than a conflict; the
 * return → fix → push → submit loop works in the same workbook. A real store on loopback, real .xlsx.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { EXIT } from '../../src/cli/command';
import { seedPlan2023 } from '../support/seed-plan';
import { call, startTestServer, type TestServer } from '../support/server';
import { scratch } from '../hosts/xlsx/helpers';
import { type CliRun, editCells, runCli } from '../support/cli-run';

const cli = (cwd: string, env: Record<string, string>, ...argv: string[]): Promise<CliRun> => runCli(cwd, env, argv);

const edit = (file: string, cells: Record<string, ExcelJS.CellValue>): Promise<void> => editCells(file, cells);

describe('e2e: correcting a pushed workbook — no false conflict with one’s own push', function () {
  this.timeout(60000);
  const tmp = scratch();
  let s: TestServer;
  const plan = seedPlan2023();
  const D = tmp.dir;
  const f = join(D, 'cz6.xlsx');
  const key = ['--unit', '区财政局', '--period', '2023-06', '--form', 'indicators'];
  const as = (who: 'filler' | 'reviewer'): Record<string, string> => ({ PLANBOOK_SERVER: s.url, PLANBOOK_TOKEN: s.tokens[who] });
  const stored = async (): Promise<{ rev: number; state: string; data: { figures: Record<string, { value: unknown; note: unknown }> } }> =>
    (await call(s.url, s.tokens.admin, 'GET', `/api/plans/${encodeURIComponent(plan.id)}/submissions/${encodeURIComponent('区财政局')}/2023-06/indicators`)).body as {
      rev: number;
      state: string;
      data: { figures: Record<string, { value: unknown; note: unknown }> };
    };

  before(async () => {
    s = await startTestServer({ plan });
    writeFileSync(join(D, 'plan.json'), JSON.stringify(plan));
  });
  after(async () => {
    await s.stop();
    tmp.cleanup();
  });

  it('fill → type → push → change the same cell → push again: an ordinary edit, only the change is sent', async () => {
    let r = await cli(D, as('filler'), 'fill', '--template', 'indicators', '--unit', '区财政局', '--period', '2023-06', '--server', s.url, '--token', s.tokens.filler, '--plan-id', plan.id, '-o', f);
    assert.equal(r.code, EXIT.OK, r.err);
    await edit(f, { D5: 58.18, E5: 57.6, F5: 1.0 });
    r = await cli(D, as('filler'), 'push', f);
    assert.equal(r.code, EXIT.OK, r.err);
    assert.match(r.out, /pushed 3 changes, now at revision 1/);

    // The workbook now says what it pushed: revision 1, and nothing left to push.
    r = await cli(D, as('filler'), 'push', f);
    assert.equal(r.code, EXIT.OK, r.err);
    assert.match(r.out, /nothing changed since it was filled/);

    await edit(f, { D5: 58.2 });
    r = await cli(D, as('filler'), 'push', f);
    assert.equal(r.code, EXIT.OK, r.out + r.err);
    assert.doesNotMatch(r.err, /conflict|冲突/);
    assert.match(r.out, /pushed 1 changes, now at revision 2/);
    const sub = await stored();
    assert.equal(sub.rev, 2);
    assert.equal(sub.data.figures['一般公共预算收入']!.value, 58.2);
  });

  it('a submitted form: changing a pushed cell answers "已报送的报表不能修改", not a conflict; nothing changes', async () => {
    await edit(f, { H5: '受留抵退税政策影响，收入增速放缓' });
    let r = await cli(D, as('filler'), 'push', f);
    assert.equal(r.code, EXIT.OK, r.err);
    r = await cli(D, as('filler'), 'submit', ...key);
    assert.equal(r.code, EXIT.OK, r.err);

    await edit(f, { D5: 58.25 });
    r = await cli(D, as('filler'), 'push', f);
    assert.equal(r.code, EXIT.REMOTE, r.out + r.err);
    assert.match(r.err, /已报送的报表不能修改；如需修改，请审核人退回/);
    assert.match(r.err, /A submitted report is read-only; ask the reviewer to return it/);
    assert.doesNotMatch(r.err, /someone else|他人/);
    const sub = await stored();
    assert.equal(sub.state, 'submitted');
    assert.equal(sub.data.figures['一般公共预算收入']!.value, 58.2);
  });

  it('returned by the reviewer → fix in the same workbook → push → submit: all ok', async () => {
    let r = await cli(D, as('reviewer'), 'return', ...key, '--reason', '请核实5月数');
    assert.equal(r.code, EXIT.OK, r.err);
    await edit(f, { D5: 58.3 });
    r = await cli(D, as('filler'), 'push', f);
    assert.equal(r.code, EXIT.OK, r.out + r.err);
    assert.match(r.out, /pushed 1 changes/);
    r = await cli(D, as('filler'), 'submit', f);
    assert.equal(r.code, EXIT.OK, r.out + r.err);
    const sub = await stored();
    assert.equal(sub.state, 'submitted');
    assert.equal(sub.data.figures['一般公共预算收入']!.value, 58.3);
  });

  it('a copy filled before those pushes still conflicts: the guard against someone else’s change is kept', async () => {
    const old = join(D, 'cz-old.xlsx');
    assert.equal((await cli(D, {}, 'fill', '--template', 'indicators', '--unit', '区财政局', '--period', '2023-06', '--plan', 'plan.json', '-o', old)).code, EXIT.OK);
    await cli(D, as('reviewer'), 'return', ...key, '--reason', '再核实');
    await edit(old, { D5: 57 });
    const r = await cli(D, as('filler'), 'push', old);
    assert.equal(r.code, EXIT.CONFLICT, r.err);
    assert.match(r.err, /D5 \| figures\/一般公共预算收入\/value \| （空 empty） \| 58\.3 \| 57/);
  });
});
