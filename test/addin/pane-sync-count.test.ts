/**
 * Excel round trips per action, counted where the user presses the button (issue 10, item 5): the
 * controller's Pull, Check, Push and Submit through the fake Excel host against a real store, for a
 * 10-row form and a 300-row one alike. The workbook is described and its identity decoded once per
 * action, with the identity read at its last address in the same round trip as the description
 * (src/taskpane/action-host.ts). After a clean push only the identity's rows (and cells the server has
 * otherwise) are rewritten, in one write (src/template/rebase.ts); a pull into a workbook without a
 * form lays out the blank sheet and fills it in one write (fillOps). The form's ranges an action read
 * are read again with the next action's description, so Pull over a form, Push and Submit find the
 * figures already read; a designed template is removed, inserted and described in one round trip
 * (replaceWithTemplate) and filled in the next. Before → after: Check 10 → 3, Submit 5 → 2 → 1,
 * Push 19 → 3 → 2, Pull 7 → 2, Pull over a form 4 → 3, Pull into a designed template 5 → 3 and over one 7 → 3.
 */
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server';
import { syncsPerAction, type ActionSyncs } from './action-syncs';
import { decodeTemplates } from './xlsx-decode';
import { SPECS } from '../../src/taskpane/controller';
import { loadTemplate } from '../../src/hosts/xlsx/templates';
import { XlsxWorkbook } from '../../src/hosts/xlsx/port';
import { rangeAddress, resolveLayout } from '../../src/template';

describe('the pane’s buttons: Excel round trips per action', function () {
  this.timeout(120000);
  let s: TestServer;
  beforeEach(async () => {
    s = await startTestServer();
  });
  afterEach(async () => {
    await s.stop();
  });

  it('Pull, Check, Push and Submit cost the same few context.sync() calls for 10 rows as for 300; each within 3', async () => {
    const small = await syncsPerAction(s, 10);
    await s.stop();
    s = await startTestServer();
    const large = await syncsPerAction(s, 300);
    assert.deepEqual(large, small);
    console.log(`      syncs: ${JSON.stringify(small)}`);
    const most: ActionSyncs = { pull: 3, check: 3, push: 3, submit: 3, repull: 3 };
    for (const k of Object.keys(most) as (keyof ActionSyncs)[]) assert.ok(small[k] <= most[k], `${k}: ${small[k]} syncs ${JSON.stringify(small)}`);
  });

  it('Pull into a designed template (inserted from its .xlsx) and Pull again over it: each within 3, for 10 rows as for 300', async () => {
    const designed = await decodeTemplates();
    const small = await syncsPerAction(s, 10, { designed });
    await s.stop();
    s = await startTestServer();
    const large = await syncsPerAction(s, 300, { designed });
    console.log(`      syncs with the designed template: ${JSON.stringify(small)}`);
    assert.deepEqual(large, small);
    for (const k of Object.keys(small) as (keyof ActionSyncs)[]) assert.ok(small[k] <= 3, `${k}: ${small[k]} syncs ${JSON.stringify(small)}`);
  });

  it('the templates the pane ships say their spec’s headers exactly, so a designed-template Pull need not read them back', async () => {
    for (const spec of SPECS.values()) {
      const { workbook } = await loadTemplate(spec.id);
      const port = new XlsxWorkbook(workbook);
      const layout = resolveLayout(spec, await port.describe());
      const right = layout.headerLeft + spec.table.columns.length - 1;
      const [header] = await port.read([{ sheet: layout.sheet, address: rangeAddress(layout.headerRow, layout.headerLeft, layout.headerRow, right) }]);
      assert.deepEqual(
        header!.values[0]!.map((v) => (v === null ? '' : String(v))),
        spec.table.columns.map((c) => c.header),
        spec.id,
      );
    }
  });

  it('with notes (ExcelApi 1.18) Check still costs 3: the notes are read with the form and changed with the writes', async () => {
    const small = await syncsPerAction(s, 10, { excelApi: 18 });
    await s.stop();
    s = await startTestServer();
    const large = await syncsPerAction(s, 300, { excelApi: 18 });
    console.log(`      syncs with notes: ${JSON.stringify(small)}`);
    assert.equal(large.check, small.check);
    assert.ok(small.check <= 3, `check: ${small.check} syncs ${JSON.stringify(small)}`);
  });
});
