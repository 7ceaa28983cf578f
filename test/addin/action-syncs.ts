/**
 * Counts the Excel round trips of each button of the task pane: the controller over the fake Excel
 * host and a real store (used by test/addin/pane-sync-count.test.ts and npm run bench addin).
 */
import assert from 'node:assert/strict';
import { smallPlan, call, FILLER_UNIT, type TestServer } from '../support/server';
import { makePane, typeInto } from './pane-env';
import { FakeExcel, type DecodedSheet } from '../hosts/excel/fake-excel';
import type { Plan, Target } from '../../src/model/plan';

/** A plan whose filler unit reports n indicators. */
export function planWith(n: number): Plan {
  const base = smallPlan();
  const proto = base.targets.find((t) => t.units.includes(FILLER_UNIT))!;
  const rest = base.targets.filter((t) => t !== proto);
  const targets: Target[] = Array.from({ length: n }, (_, i) => ({ ...proto, indicator: i === 0 ? proto.indicator : `${proto.indicator}（分项${i}）` }));
  return { ...base, targets: [...targets, ...rest] };
}

export interface ActionSyncs {
  /** Pull into a workbook without a form. */
  pull: number;
  check: number;
  push: number;
  submit: number;
  /** Pull again over the form already there (its edits pushed). */
  repull: number;
}

export interface SyncOptions {
  /** The ExcelApi 1.x the fake Excel supports (18: findings become cell notes). */
  excelApi?: number;
  /** The designed template .xlsx files, inserted by Pull (ExcelApi 1.13+), as the pane fetches them. */
  designed?: { base64: Map<string, string>; sheets: Map<string, DecodedSheet[]> };
}

/** Runs Pull, Check, Push, Submit and Pull again on a form of n rows and counts each one's context.sync() calls. */
export async function syncsPerAction(s: TestServer, n: number, o: SyncOptions = {}): Promise<ActionSyncs> {
  const excelApi = o.excelApi ?? (o.designed ? 18 : 9);
  if (n !== 1) {
    const plan = planWith(n);
    const r = await call(s.url, s.tokens.admin, 'POST', '/api/plans', plan);
    assert.ok(r.status === 200 || r.status === 201, JSON.stringify(r.body));
  }
  const designed = o.designed;
  const fake = new FakeExcel({ requirementSets: { ExcelApi: excelApi }, decodeWorkbook: designed ? (b) => designed.sheets.get(b) ?? [] : undefined });
  const rig = makePane({ fake, templates: designed?.base64 });
  assert.equal(await rig.pane.connect(s.url, s.tokens.filler, false), true);
  const count = async (fn: () => Promise<boolean>): Promise<number> => {
    fake.resetCounts();
    assert.equal(await fn(), true, JSON.stringify(rig.pane.state.error));
    assert.equal(rig.pane.state.error, null, JSON.stringify(rig.pane.state.error));
    return fake.syncCount;
  };
  const pull = await count(() => rig.pane.pull());
  await typeInto(rig, 'figures/一般公共预算收入/value', 58.18);
  await typeInto(rig, 'figures/一般公共预算收入/growth', 4.1);
  const check = await count(() => rig.pane.check());
  const push = await count(() => rig.pane.push());
  const submit = await count(() => rig.pane.submit());
  const repull = await count(() => rig.pane.pull());
  return { pull, check, push, submit, repull };
}
