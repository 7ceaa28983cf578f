import { strict as assert } from 'node:assert';
import { importDocuments } from '../../src/importer';
import { validatePlan } from '../../src/model/validate-plan';
import Ajv from 'ajv';
import { PlanSchema, type Plan } from '../../src/model/plan';
import { allSeeds, seed, FIXTURES_DIR } from './seeds';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

function clone(p: Plan): Record<string, unknown> {
  return JSON.parse(JSON.stringify(p)) as Record<string, unknown>;
}

describe('plan JSON Schema and validatePlan', () => {
  const { plan } = importDocuments(allSeeds(), { id: 'tongzhou-2023' });

  it('the importer output for all five seeds validates', () => {
    const r = validatePlan(JSON.parse(JSON.stringify(plan)));
    assert.deepEqual(r.ok ? [] : r.errors, []);
  });

  it('the output for each seed and each fixture document validates on its own', () => {
    const docs = [
      ...['000', '001', '002', '003', '004'].map(seed),
      ...readdirSync(FIXTURES_DIR)
        .filter((f) => f.endsWith('.txt'))
        .map((f) => ({ id: f, text: readFileSync(path.join(FIXTURES_DIR, f), 'utf8') })),
    ];
    for (const d of docs) {
      const r = validatePlan(JSON.parse(JSON.stringify(importDocuments([d]).plan)));
      assert.ok(r.ok, `${d.id}: ${r.ok ? '' : r.errors.map((e) => e.en).join('; ')}`);
    }
  });

  it('the published schema names every field the importer writes (a field the importer adds must be declared in plan.ts)', () => {
    // Read back through JSON, as a client of the schema sees it, not through TypeBox's objects.
    const p = (JSON.parse(JSON.stringify(PlanSchema)) as { properties: Record<string, { items: { properties: Record<string, unknown> } }> }).properties;
    for (const k of Object.keys(plan.targets[0])) assert.ok(k in p.targets.items.properties, `target.${k}`);
    for (const k of Object.keys(plan.tasks[0])) assert.ok(k in p.tasks.items.properties, `task.${k}`);
    for (const k of Object.keys(plan.actuals[0])) assert.ok(k in p.actuals.items.properties, `actual.${k}`);
    for (const k of Object.keys(plan.goals[0])) assert.ok(k in p.goals.items.properties, `goal.${k}`);
    for (const k of Object.keys(plan.documents[0])) assert.ok(k in p.documents.items.properties, `document.${k}`);
  });

  it('a broken plan fails with every problem, each with its path, in both languages', () => {
    const bad = clone(plan);
    (bad.targets as Record<string, unknown>[])[0].value = '5%';
    (bad.targets as Record<string, unknown>[])[1].comparator = 'about';
    (bad.tasks as Record<string, unknown>[])[3].deadline = '2023-13-31';
    (bad.actuals as Record<string, unknown>[])[0].period = '2023-H3';
    delete bad.units;
    bad.colour = 'red';
    const r = validatePlan(bad);
    assert.equal(r.ok, false);
    if (r.ok) return;
    const en = r.errors.map((e) => e.en);
    assert.deepEqual(en, [
      'units: missing',
      'targets[0].value: must be number or null, is "5%"',
      'targets[1].comparator: must be one of "approx", "gte", "gt", "lte", "lt", "eq", "external", "none"; is "about"',
      'tasks[3].deadline: the value "2023-13-31" has the wrong form',
      'actuals[0].period: wrong format ("2023-H3")',
      'colour: unknown field',
    ]);
    assert.ok(r.errors.every((e) => /[\u4e00-\u9fff]/.test(e.zh)));
    assert.match(r.errors[1].zh, /targets\[0\]\.value：应为数字或空值/);
  });

  it('the published schema alone (as JSON, in a fresh ajv) accepts the seed plan and refuses the broken one', () => {
    const fresh = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(JSON.parse(JSON.stringify(PlanSchema)) as object);
    assert.equal(fresh(JSON.parse(JSON.stringify(plan))), true);
    const bad = clone(plan);
    (bad.goals as Record<string, unknown>[]).push({ ...(bad.goals as Record<string, unknown>[])[0], fromYear: 1800 });
    assert.equal(fresh(bad), false);
    const r = validatePlan(bad);
    assert.deepEqual(r.ok ? [] : r.errors.map((e) => e.en), [`goals[${plan.goals.length}].fromYear: the value 1800 has the wrong form`]);
  });

  it('knows every document kind, statistical bulletins included', () => {
    const p = clone(plan);
    (p.documents as Record<string, unknown>[])[0].kind = 'bulletin';
    assert.ok(validatePlan(p).ok);
    (p.documents as Record<string, unknown>[])[0].kind = 'newspaper';
    const r = validatePlan(p);
    assert.ok(!r.ok && /^documents\[0\]\.kind: must be one of .*"bulletin"/.test(r.errors[0].en));
  });

  it('rejects what is not a plan at all', () => {
    for (const x of [null, 42, 'plan', [], {}]) {
      const r = validatePlan(x);
      assert.equal(r.ok, false);
    }
    const r = validatePlan({});
    assert.ok(!r.ok && r.errors.some((e) => e.en === 'schemaVersion: missing'));
  });

  it('accepts a plan with the optional fields others add (tolerance, amount)', () => {
    const p = clone(plan);
    const t = (p.targets as Record<string, unknown>[])[0];
    t.tolerance = 0.5;
    t.amount = 92.1;
    assert.ok(validatePlan(p).ok);
    t.tolerance = -1;
    assert.ok(!validatePlan(p).ok);
  });
});
