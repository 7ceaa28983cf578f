/**
 * One answer everywhere, as properties over generated plans, rules and figure histories against a
 * real store on loopback (issue 10):
 * - the pane's Check (maySubmit through the sync client's Sources), `planbook check` offline on the
 *   same data (held Sources, the CLI's file mode) and the server's submit give the same findings, and
 *   so does `planbook check --plan --figures` on every stored form as one CSV (the same verdict too);
 * - =PLANBOOK.ACTUAL/PROGRESS (the server's lookup) equal the report row of the same figure;
 * - `planbook report --plan` with a figures file and `--server` with the same figures stored give the same tables.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Plan, Target } from '../../src/model/plan';
import { canSubmit, type Finding } from '../../src/model/finding';
import type { Submission } from '../../src/model/submission';
import { loadDefaultCatalog, loadDefaultRules, type RuleSet } from '../../src/rules';
import { indexCatalog } from '../../src/rules/catalog';
import { growthReported } from '../../src/rules/reported';
import { SyncClient } from '../../src/sync/client';
import { syncSources } from '../../src/sync/sources';
import { fetchTransport } from '../../src/hosts/node/transport';
import { districtReport, heldSources, lookupFigures, maySubmit } from '../../src/usecases';
import { main } from '../../src/cli/main';
import { rowsToCsv, type Table } from '../../src/report';
import { call, smallPlan, startTestServer, FILLER_UNIT, type TestServer } from '../support/server';
import { captureIO } from '../support/capture-io';

const INDICATORS = ['一般公共预算收入', '税收总额', '登记失业率', '规模以上工业增加值'] as const;
type Ind = (typeof INDICATORS)[number];

interface Case {
  targets: { indicator: Ind; kind: 'approx' | 'gte' | 'level' | 'ceiling' | 'steady'; value: number }[];
  tolerance: number;
  /** Per period (2022-01..12, 2023-01..07): per indicator, [value or null, growth or null, value as text?]. */
  periods: { period: string; figures: { indicator: Ind; value: number | null; growth: number | null; asText: boolean; note: boolean }[] }[];
}

const period = fc.constantFrom(...['2022-06', '2022-12', '2023-01', '2023-02', '2023-03', '2023-04', '2023-05', '2023-06', '2023-07']);
const figure = fc.record({
  indicator: fc.constantFrom(...INDICATORS),
  value: fc.option(
    fc.integer({ min: 1, max: 2000 }).map((n) => n / 10),
    { nil: null, freq: 4 },
  ),
  growth: fc.option(
    fc.integer({ min: -50, max: 150 }).map((n) => n / 10),
    { nil: null, freq: 3 },
  ),
  asText: fc.boolean(),
  note: fc.boolean(),
});
const arbCase: fc.Arbitrary<Case> = fc.record({
  targets: fc.uniqueArray(fc.record({ indicator: fc.constantFrom(...INDICATORS), kind: fc.constantFrom('approx', 'gte', 'level', 'ceiling', 'steady'), value: fc.integer({ min: 1, max: 12 }) }), {
    selector: (t) => t.indicator,
    maxLength: 4,
  }) as fc.Arbitrary<Case['targets']>,
  tolerance: fc.constantFrom(0.1, 0.5, 1),
  periods: fc.uniqueArray(fc.record({ period, figures: fc.uniqueArray(figure, { selector: (f) => f.indicator, minLength: 1, maxLength: 4 }) }), { selector: (p) => p.period, minLength: 1, maxLength: 6 }),
}) as fc.Arbitrary<Case>;

function planOf(c: Case, id: string): Plan {
  const base = smallPlan(id);
  const proto = base.targets[1]!;
  const targets: Target[] = c.targets.map((t) => {
    const common = { ...proto, indicator: t.indicator, units: [FILLER_UNIT], amount: undefined, tolerance: undefined };
    if (t.kind === 'level') return { ...common, measure: 'level', comparator: 'gte', value: t.value * 10, measureUnit: '亿元', text: `${t.indicator}${t.value * 10}亿元` };
    if (t.kind === 'steady') return { ...common, measure: 'qualitative', comparator: 'gt', value: 0, measureUnit: '', text: `${t.indicator}稳步增长` };
    if (t.kind === 'ceiling') return { ...common, measure: 'rate', comparator: 'lte', value: t.value, measureUnit: '%', text: `控制在${t.value}%以内` };
    return { ...common, measure: 'growth', comparator: t.kind, value: t.value, measureUnit: '%', text: `增长${t.value}%${t.kind === 'approx' ? '左右' : ''}` };
  });
  return { ...base, targets: [...base.targets.filter((t) => !INDICATORS.includes(t.indicator as Ind)), ...targets] };
}

function rulesOf(c: Case): RuleSet {
  const r = loadDefaultRules();
  return { ...r, rules: r.rules.map((x) => (x.kind === 'target-approx' ? { ...x, params: { tolerance: c.tolerance } } : x)) };
}

function dataOf(p: Case['periods'][number]): Submission['data'] {
  const figures: Submission['data']['figures'] = {};
  for (const f of p.figures) figures[f.indicator] = { value: f.value !== null && f.asText ? String(f.value) : f.value, growth: f.growth, sameLastYear: null, note: f.note ? '口径说明' : '' };
  return { figures, tasks: {} };
}

const catalog = indexCatalog(loadDefaultCatalog());
/** A number target's value, or null for one without a number (its text is the answer). */
const targetOf = (plan: Plan, indicator: string): number | null => {
  const t = plan.targets.find((x) => x.year === 2023 && x.indicator === indicator);
  return t && t.measure !== 'qualitative' ? t.value : null;
};

const sorted = (fs: Finding[]): string[] => fs.map((f) => JSON.stringify(f)).sort();

describe('one answer everywhere: pane, CLI, functions and server agree (properties against a real store)', function () {
  this.timeout(600000);
  let s: TestServer;
  let dir = '';
  let n = 0;
  before(async () => {
    s = await startTestServer({ plan: null });
    dir = mkdtempSync(path.join(tmpdir(), 'pb-agree-'));
  });
  after(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Check, planbook check and submit give the same findings; functions equal report rows; report --plan equals --server', async () => {
    await fc.assert(
      fc.asyncProperty(arbCase, async (c) => {
        const id = `agree-${++n}`;
        const plan = planOf(c, id);
        const rules = rulesOf(c);
        const admin = new SyncClient({ baseUrl: s.url, token: s.tokens.admin, transport: fetchTransport() });
        const filler = new SyncClient({ baseUrl: s.url, token: s.tokens.filler, transport: fetchTransport() });
        assert.ok([200, 201].includes((await call(s.url, s.tokens.admin, 'POST', '/api/plans', plan)).status));
        const cur = await call(s.url, s.tokens.admin, 'GET', '/api/rules');
        assert.equal((await call(s.url, s.tokens.admin, 'PUT', '/api/rules', rules, { 'if-match': `"${cur.body.rev}"` })).status, 200);
        // Every period stored first, as drafts: each check then sees the same stored history.
        const order = [...c.periods].sort((a, b) => a.period.localeCompare(b.period));
        const stored: Submission[] = [];
        for (const p of order) {
          const key = { plan: id, orgUnit: FILLER_UNIT, period: p.period, form: 'indicators' };
          const r = await call(s.url, s.tokens.filler, 'PUT', `/api/plans/${id}/submissions/${encodeURIComponent(FILLER_UNIT)}/${p.period}/indicators`, { data: dataOf(p) }, { 'if-match': '"0"' });
          assert.equal(r.status, 200, JSON.stringify(r.body));
          stored.push({ ...key, rev: r.body.rev, state: 'draft', data: r.body.data, updatedAt: '', updatedBy: '' });
        }
        const serverFindings: Finding[] = [];
        // What each submit compared with: the forms accepted before it (the history is submitted figures only).
        const historyAt: Submission[][] = [];
        for (const sub of stored) {
          historyAt.push(stored.filter((x) => x.state === 'submitted'));
          const pane = await maySubmit(syncSources(filler, id), sub);
          const offline = await maySubmit(heldSources({ plan, catalog: loadDefaultCatalog(), rules, submissions: stored }), sub);
          const server = await filler.submit(sub, sub.rev);
          assert.deepEqual(sorted(pane.findings), sorted(offline.findings));
          assert.deepEqual(sorted(server.findings), sorted(pane.findings));
          assert.equal(server.ok, pane.mayGoUp);
          serverFindings.push(...server.findings);
          if (server.ok) sub.state = 'submitted';
        }
        // planbook check --plan --figures on each stored form, with the forms the store counted as --history: the server's findings and verdict.
        const toCsv = (subs: readonly Submission[]): string =>
          rowsToCsv(
            ['填报单位', '指标', '报告期', '数值', '同比增长', '上年同期', '说明'],
            subs.flatMap((x) => Object.entries(x.data.figures).map(([ind, f]) => [x.orgUnit, ind, x.period, f.value, f.growth, f.sameLastYear, f.note])),
          );
        writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(plan));
        writeFileSync(path.join(dir, `${id}.rules.json`), JSON.stringify(rules));
        for (const [i, sub] of stored.entries()) {
          writeFileSync(path.join(dir, `${id}.form.csv`), toCsv([sub]));
          writeFileSync(path.join(dir, `${id}.history.csv`), toCsv(historyAt[i]!));
          const cio = captureIO(dir);
          const code = await main(['check', '--plan', `${id}.json`, '--figures', `${id}.form.csv`, '--history', `${id}.history.csv`, '--rules', `${id}.rules.json`, '--format', 'json'], cio);
          const cliFindings = (JSON.parse(cio.stdout.join('\n')) as { findings: Finding[] }).findings;
          const mine = serverFindings.filter((f) => f.subject.kind === 'figure' && f.subject.period === sub.period);
          assert.deepEqual(sorted(cliFindings), sorted(mine));
          assert.equal(code === 0, canSubmit(mine), 'the same verdict: exit 0 exactly when the server took the form');
        }
        // The functions read what the report shows, for each indicator and period.
        for (const p of order) {
          const report = await districtReport(syncSources(admin, id), { period: p.period });
          const queries = INDICATORS.flatMap((indicator) => [
            { kind: 'actual' as const, indicator, period: p.period },
            { kind: 'progress' as const, indicator, period: p.period },
            { kind: 'target' as const, indicator, year: 2023 },
          ]);
          const answers = await admin.lookup(id, queries);
          assert.deepEqual(answers, await lookupFigures(heldSources({ plan, catalog: loadDefaultCatalog(), rules, submissions: stored }), queries));
          for (const [i, q] of queries.entries()) {
            const row = report.main.rows.find((r) => r.indicator === q.indicator);
            const a = answers[i]!;
            if (!row) continue;
            // ACTUAL is the row's value; a growth stands for it only for a growth-published indicator (rules/reported.ts).
            if (q.kind === 'actual') assert.deepEqual('value' in a ? a.value : null, row.value ?? (growthReported(catalog.resolve(q.indicator)) ? row.growth : null));
            // TARGET is the row's target: its number, or its text when it has none (稳步增长), never 0.
            else if (q.kind === 'target') assert.deepEqual('value' in a ? a.value : null, targetOf(plan, q.indicator) ?? row.target);
            else assert.deepEqual('value' in a ? a.value : null, row.value === null && row.growth === null ? null : row.completionPct);
          }
        }
        // report --plan with the submitted figures as a CSV, and --server on the store: the same tables.
        const csv = rowsToCsv(
          ['填报单位', '指标', '报告期', '数值', '同比增长', '上年同期', '说明'],
          stored.filter((x) => x.state === 'submitted').flatMap((x) => Object.entries(x.data.figures).map(([ind, f]) => [x.orgUnit, ind, x.period, f.value, f.growth, f.sameLastYear, f.note])),
        );
        writeFileSync(path.join(dir, `${id}.csv`), csv);
        const last = order[order.length - 1]!.period;
        const run = async (...args: string[]): Promise<{ tables: Table[]; sentences: unknown[] }> => {
          const io = captureIO(dir);
          const code = await main(['report', ...args, '--period', last, '--format', 'json'], io);
          assert.ok(code === 0 || code === 1, io.stderr.join('\n'));
          return JSON.parse(io.stdout.join('\n'));
        };
        const fromFile = await run('--plan', `${id}.json`, '--figures', `${id}.csv`, '--rules', `${id}.rules.json`);
        const fromStore = await run('--server', s.url, '--token', s.tokens.admin, '--plan-id', id);
        const drafts = stored.some((x) => x.period === last && x.state !== 'submitted');
        // A file has no submission times: the status table is compared without them.
        const comparable = (t: Table[]): Table[] =>
          t.filter((x) => !(drafts && x.id === 'submission-status')).map((x) => (x.id === 'submission-status' ? { ...x, rows: x.rows.map((r) => ({ ...r, updatedAt: null })) } : x));
        assert.deepEqual(comparable(fromStore.tables), comparable(fromFile.tables));
        assert.deepEqual(fromStore.sentences, fromFile.sentences);
      }),
      { numRuns: 20, seed: 20261201 },
    );
  });
});
