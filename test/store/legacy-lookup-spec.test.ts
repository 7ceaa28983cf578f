/**
 * The last ambiguous names of issue 10 item 4, each with its old word still accepted for one version:
 * the custom functions' answers say measureUnit (计量单位) and still carry unit for add-ins of the
 * previous version; a client reads an old store's unit as measureUnit; a template spec's header cell
 * 'unit' (it meant the 填报单位) reads as 'orgUnit'. Real HTTP on the file backend for the answers.
 */
import { strict as assert } from 'node:assert';
import { upgradeLookupAnswer, withOldLookupNames } from '../../src/model/legacy-names';
import { SyncClient } from '../../src/sync/client';
import { fetchTransport } from '../../src/hosts/node/transport';
import { parseSpec } from '../../src/template/spec';
import { PlanbookError } from '../../src/model/errors';
import indicatorsSpec from '../../templates/indicators.spec.json';
import { call, suiteServer } from '../support/server';

describe('measureUnit in lookup answers, orgUnit in template headers (old words accepted for one version)', function () {
  this.timeout(60_000);
  const s = suiteServer({ backend: 'file' });

  it('POST /lookup answers measureUnit, and unit beside it for add-ins of the previous version; the client reads measureUnit only', async () => {
    const plan = s.plan!;
    const t = plan.targets[0]!;
    const queries = [{ kind: 'target' as const, indicator: t.indicator, year: t.year }];
    const r = await call(s.url, s.tokens.filler, 'POST', `/api/plans/${plan.id}/lookup`, { queries });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.results, [{ value: t.value, measureUnit: t.measureUnit, unit: t.measureUnit }]);
    const client = new SyncClient({ baseUrl: s.url, token: s.tokens.filler, transport: fetchTransport() });
    assert.deepEqual(await client.lookup(plan.id, queries), [{ value: t.value, measureUnit: t.measureUnit }]);
  });

  it('an answer of a store of the previous version ({value, unit}) reads as measureUnit; errors pass untouched', () => {
    assert.deepEqual(upgradeLookupAnswer({ value: 58.18, unit: '亿元' }), { value: 58.18, measureUnit: '亿元' });
    const err = { error: { zh: '没有', en: 'none' } };
    assert.equal(upgradeLookupAnswer(err), err);
    assert.deepEqual(withOldLookupNames([{ value: 5, measureUnit: '%' }, err]), [{ value: 5, measureUnit: '%', unit: '%' }, err]);
  });

  it("a template spec's header cell: 'orgUnit' is the 填报单位; the old word 'unit' reads the same; an unknown word says which are known", () => {
    assert.equal(parseSpec(indicatorsSpec).cells.pb_unit, 'orgUnit');
    assert.equal(parseSpec({ ...indicatorsSpec, cells: { pb_unit: 'unit' } }).cells.pb_unit, 'orgUnit');
    assert.throws(
      () => parseSpec({ ...indicatorsSpec, cells: { pb_unit: 'unitt' } }),
      (e: unknown) => e instanceof PlanbookError && /应为 title、orgUnit/.test(e.zh) && /use one of title, orgUnit/.test(e.en),
    );
  });
});
