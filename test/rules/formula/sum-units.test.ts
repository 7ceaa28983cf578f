/**
 * F-Q (tester): 汇总([X]) sums a period over every unit. `planbook rules test --server` evaluates it over all
 * the period's submissions; the store's submit must read the same, or a cross-unit rule that fired in the test
 * run never fires where it counts. Real HTTP, file backend.
 */
import { strict as assert } from 'node:assert';
import type { Finding } from '../../../src/model/finding';
import { loadDefaultRules } from '../../../src/rules';
import { SyncClient } from '../../../src/sync/client';
import { syncSources } from '../../../src/sync/sources';
import { fetchTransport } from '../../../src/hosts/node/transport';
import { maySubmit } from '../../../src/usecases';
import { call, FILLER_UNIT, FILLER2_UNIT, suiteServer } from '../../support/server';

const RULE = { id: 'sum-units', formula: '汇总([社会消费品零售总额]) < 0', severity: 'error' as const, units: [FILLER_UNIT] };

describe("审核公式 汇总 on the store's submit reads the other units' submissions (F-Q)", function () {
  this.timeout(60_000);
  const s = suiteServer({ backend: 'file' });

  const sub = (unit: string, period: string): string => encodeURI(`/api/plans/small-2023/submissions/${unit}/${period}/indicators`);
  const draft = async (token: string, unit: string, period: string, field: string, value: number): Promise<number> => {
    const r = await call(s.url, token, 'PATCH', sub(unit, period), { baseRev: 0, edits: [{ field, base: null, value }] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.rev as number;
  };
  const submit = async (period: string, rev: number): Promise<{ status: number; found: Finding[] }> => {
    const r = await call(s.url, s.tokens.filler, 'POST', `${sub(FILLER_UNIT, period)}/submit`, undefined, { 'if-match': `"${rev}"` });
    const findings = (r.status === 200 ? r.body.findings : r.body.error?.details?.findings) as Finding[] | undefined;
    return { status: r.status, found: (findings ?? []).filter((f) => f.rule === RULE.id) };
  };

  it('fires on 区财政局 once 区商务局 has entered the figure, and names the sum', async () => {
    const r = await call(s.url, s.tokens.admin, 'PUT', '/api/rules', { ...loadDefaultRules(), version: 'sum', formulas: [RULE] }, { 'if-match': '"0"' });
    assert.equal(r.status, 200, JSON.stringify(r.body));

    // May: no unit entered retail sales, the sum is blank, the rule says nothing.
    const may = await submit('2023-05', await draft(s.tokens.filler, FILLER_UNIT, '2023-05', 'figures/税收总额/value', 50));
    assert.equal(may.status, 200, JSON.stringify(may));
    assert.equal(may.found.length, 0);

    // June: 区商务局's draft holds 270; 区财政局's own form has no retail sales — the sum is 区商务局's.
    await draft(s.tokens.filler2, FILLER2_UNIT, '2023-06', 'figures/社会消费品零售总额/value', 270);
    const june = await submit('2023-06', await draft(s.tokens.filler, FILLER_UNIT, '2023-06', 'figures/税收总额/value', 50));
    assert.equal(june.status, 422, 'the error refuses the submission');
    assert.equal(june.found.length, 1);
    assert.equal(june.found[0]!.subject.orgUnit, FILLER_UNIT);
    assert.match(june.found[0]!.message.en, /270/);
  });

  it('the filler’s Check through the sync client (pane, planbook check/push --server) is the submit’s verdict, though it may not read 区商务局 (tester F2.8)', async () => {
    // July: 区商务局 entered 300; 区财政局's filler reads only its own unit, yet its check sees what submit will.
    await draft(s.tokens.filler2, FILLER2_UNIT, '2023-07', 'figures/社会消费品零售总额/value', 300);
    const rev = await draft(s.tokens.filler, FILLER_UNIT, '2023-07', 'figures/税收总额/value', 50);
    const client = new SyncClient({ baseUrl: s.url, token: s.tokens.filler, transport: fetchTransport() });
    const stored = (await client.pull({ plan: 'small-2023', orgUnit: FILLER_UNIT, period: '2023-07', form: 'indicators' })).submission;
    const check = await maySubmit(syncSources(client, 'small-2023'), stored);
    assert.equal(check.mayGoUp, false, 'not 可以上报 where submit refuses');
    assert.deepEqual(
      check.findings.filter((f) => f.rule === RULE.id).map((f) => f.message),
      (await submit('2023-07', rev)).found.map((f) => f.message),
    );
  });
});
