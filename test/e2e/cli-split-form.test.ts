/**
 * Two colleagues split one form (tester finding F-K): both fill 区发展改革委's 2023-07 form from the
 * store, one types the values, the other only the growth rates. The store merges pushes field by
 * field, so the pre-push check must judge the merged submission (stored + this workbook's edits),
 * not the partial workbook alone. Real store on loopback, real .xlsx files, the 2023 plan of seed 003.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { EXIT } from '../../src/cli/command';
import { seedPlan2023 } from '../support/seed-plan';
import { startTestServer, call, type TestServer } from '../support/server';
import { scratch } from '../hosts/xlsx/helpers';
import { cliIn } from '../support/cli-run';

const UNIT = '区发展改革委';
const SHEET = '指标填报';

const cli = cliIn;

async function edit(file: string, cells: Record<string, ExcelJS.CellValue>): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(SHEET)!;
  for (const [a, v] of Object.entries(cells)) ws.getCell(a).value = v;
  await wb.xlsx.writeFile(file);
}

describe('e2e: two colleagues split one form — push checks the merged submission', function () {
  this.timeout(60000);
  const tmp = scratch();
  const D = tmp.dir;
  const plan = seedPlan2023();
  let s: TestServer;

  before(async () => {
    s = await startTestServer({ plan, users: { a: { role: 'filler', units: [UNIT] }, b: { role: 'filler', units: [UNIT] } } });
  });
  after(async () => {
    await s.stop();
    tmp.cleanup();
  });

  const as = (who: 'a' | 'b'): string[] => ['--server', s.url, '--token', s.tokens[who]!];
  const fill = async (who: 'a' | 'b', file: string): Promise<void> => {
    const r = await cli(D, 'fill', '--template', 'indicators', '--unit', UNIT, '--period', '2023-07', ...as(who), '--plan-id', plan.id, '-o', file);
    assert.equal(r.code, EXIT.OK, r.err);
  };
  const stored = async () =>
    (await call(s.url, s.tokens.admin, 'GET', `/api/plans/${encodeURIComponent(plan.id)}/submissions/${encodeURIComponent(UNIT)}/2023-07/indicators`)).body as {
      rev: number;
      data: { figures: Record<string, { value: unknown; growth: unknown }> };
    };

  it('growth rates alone are refused while the store has no values, and go up merged once a colleague pushed the values', async () => {
    const a = join(D, 'a.xlsx');
    const b = join(D, 'b.xlsx');
    await fill('a', a);
    await fill('b', b);
    // Row 6 is 全社会固定资产投资 (target 1000亿元: a level target, so its figure needs a value).
    await edit(b, { F5: 5.1, F6: 8.2 });
    let r = await cli(D, 'push', b, ...as('b'));
    assert.equal(r.code, EXIT.FINDINGS, r.out + r.err);
    assert.match(r.err, /D6 全社会固定资产投资（2023-07）的数值未填写/, 'with nothing stored, the merged submission still lacks the value');

    await edit(a, { D5: 700.2, D6: 482.3, D7: 0.31 });
    r = await cli(D, 'push', a, ...as('a'));
    assert.equal(r.code, EXIT.OK, r.out + r.err);
    assert.equal((await stored()).rev, 1);

    // B's workbook still shows the values empty; the store has them, and B's growth rates merge in.
    r = await cli(D, 'check', b, ...as('b'));
    // No error now; the level target's warning (48.2% of 1000亿元, behind time) is what submit would still ask to explain.
    assert.equal(r.code, EXIT.FINDINGS, r.out + r.err);
    assert.match(r.out + r.err, /错误 0 条，警告 1 条/);
    r = await cli(D, 'push', b, ...as('b'));
    assert.equal(r.code, EXIT.OK, r.out + r.err);
    assert.match(r.out, /pushed 2 changes, now at revision 2/);
    const sub = await stored();
    assert.equal(sub.data.figures['全社会固定资产投资']!.value, 482.3);
    assert.equal(sub.data.figures['全社会固定资产投资']!.growth, 8.2);
    assert.equal(sub.data.figures['地区生产总值']!.value, 700.2);
    assert.equal(sub.data.figures['地区生产总值']!.growth, 5.1);
  });
});
