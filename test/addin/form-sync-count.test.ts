import assert from 'node:assert/strict';
import { ExcelWorkbook, type ExcelRun } from '../../src/hosts/excel/excel-workbook';
import { checkForm, pendingPush, pullForm } from '../../src/taskpane/form-session';
import { actionHost } from '../../src/taskpane/action-host';
import { SPECS } from '../../src/taskpane/controller';
import type { Plan, Target } from '../../src/model/plan';
import type { Submission } from '../../src/model/submission';
import { smallPlan, FILLER_UNIT } from '../support/server';
import { FakeExcel } from '../hosts/excel/fake-excel';
import { decodeTemplates } from './xlsx-decode';

/** A plan whose unit reports n indicators. */
function planWith(n: number): Plan {
  const base = smallPlan();
  const proto = base.targets.find((t) => t.units.includes(FILLER_UNIT))!;
  const targets: Target[] = Array.from({ length: n }, (_, i) => ({ ...proto, indicator: i === 0 ? proto.indicator : `${proto.indicator}（分项${i}）` }));
  return { ...base, targets };
}

import { formInputs } from '../../src/usecases/form-inputs';
import { heldSources } from '../../src/usecases/sources';
import { loadDefaultCatalog, loadDefaultRules } from '../../src/rules';

function emptySubmission(plan: Plan): Submission {
  return { plan: plan.id, orgUnit: FILLER_UNIT, period: '2023-06', form: 'indicators', rev: 0, state: 'draft', data: { figures: {}, tasks: {} }, updatedAt: '', updatedBy: '' };
}

interface Counts {
  pull: number;
  check: number;
  push: number;
}

async function counts(n: number, withTemplateFile: boolean): Promise<Counts> {
  const decoded = withTemplateFile ? await decodeTemplates() : null;
  const fake = new FakeExcel({ requirementSets: { ExcelApi: withTemplateFile ? 18 : 9 }, decodeWorkbook: decoded ? (b) => decoded.sheets.get(b) ?? [] : undefined });
  const host = new ExcelWorkbook({ run: fake.run as unknown as ExcelRun, isSetSupported: (set, v) => fake.isSetSupported(set, v) });
  const plan = planWith(n);
  const spec = SPECS.get('indicators')!;
  const key = { plan: plan.id, orgUnit: FILLER_UNIT, period: '2023-06', form: 'indicators' };
  const submission = emptySubmission(plan);
  const inputs = await formInputs(heldSources({ plan, catalog: loadDefaultCatalog(), rules: loadDefaultRules(), submissions: [] }), key, { stored: submission });
  const r = await pullForm(host, { key, inputs, submission, spec, templateBase64: decoded?.base64.get(spec.file) ?? null }, SPECS);
  assert.ok(r.ok && r.rows === n, `pulled ${n} rows`);
  const pull = fake.syncCount;
  fake.resetCounts();
  // Each action through its own action host, as the pane runs it (what it read stays read until it writes).
  const { findings } = await checkForm(actionHost(host), spec, async () => [], 'zh');
  assert.ok(Array.isArray(findings));
  const check = fake.syncCount;
  fake.resetCounts();
  await pendingPush(actionHost(host), spec);
  return { pull, check, push: fake.syncCount };
}

// 1,000 rows rather than 5,000 here: readBack's setField copies the figures per field (quadratic), which
// takes a minute at 5,000 rows; the port itself is shown flat from 10 to 5,000 rows in excel-workbook.test.ts.
describe('the pane’s actions cost the same few Excel round trips for 10 rows and for 1,000', function () {
  this.timeout(120000);
  for (const withTemplateFile of [false, true]) {
    it(`${withTemplateFile ? 'designed template inserted from .xlsx' : 'template built from its spec'}: pull, check, push`, async () => {
      const small = await counts(10, withTemplateFile);
      const large = await counts(1000, withTemplateFile);
      assert.deepEqual(large, small);
      assert.ok(small.pull <= 10 && small.check <= 8 && small.push <= 4, JSON.stringify(small));
    });
  }
});
