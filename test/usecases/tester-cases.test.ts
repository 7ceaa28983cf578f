/**
 * The new-user tester's findings F2.1–F2.3 (issue 10), each kept as it was reported: the seeds'
 * plan on a real store over HTTP, fillers and a reviewer with their own tokens, and the CLI as built
 * (`node bin/planbook.js`, dist/) beside the in-process use cases the pane calls.
 * F2.1 a filler's figure of another unit is 无权查看 with a note, never another number than the reviewer's;
 * F2.2 "4%", "1,234.5", full-width digits and trailing spaces read alike on the server and in the CSV;
 * F2.3 the outlier check compares with submitted figures only, never the unit's own unsent draft.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { Finding } from '../../src/model/finding';
import type { Plan } from '../../src/model/plan';
import type { Submission, SubmissionKey } from '../../src/model/submission';
import { importDocuments } from '../../src/importer';
import { loadDefaultCatalog, loadDefaultRules } from '../../src/rules';
import { SyncClient } from '../../src/sync/client';
import { syncSources } from '../../src/sync/sources';
import { fetchTransport } from '../../src/hosts/node/transport';
import { districtReport, heldSources, maySubmit } from '../../src/usecases';
import type { MainIndicatorRow } from '../../src/report';
import { call, startTestServer, type Json, type TestServer } from '../support/server';
import { SEEDS_DIR } from '../support/seed-plan';

const REPO = path.resolve(__dirname, '../..');
const run = promisify(execFile);
const PLAN = 'plan-2023';
const FGW = '区发展改革委';
const SW = '区商务局';
const CZ = '区财政局';

/** The plan `planbook import ../shared/seeds/*.txt` makes, as the tester imported it. */
function seedsPlan(): Plan {
  const docs = readdirSync(SEEDS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ id: f, text: readFileSync(path.join(SEEDS_DIR, f), 'utf8') }));
  return importDocuments(docs).plan;
}

/** `node bin/planbook.js …` (dist/), asynchronously: the store under test answers in this process. */
async function planbook(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await run(process.execPath, [path.join(REPO, 'bin/planbook.js'), ...args], { cwd, encoding: 'utf8', timeout: 120000 });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, out: x.stdout ?? '', err: x.stderr ?? '' };
  }
}

type Fig = { value?: number | string | null; growth?: number | string | null; note?: string };

const key = (orgUnit: string, period: string): SubmissionKey => ({ plan: PLAN, orgUnit, period, form: 'indicators' });
const url = (k: SubmissionKey): string => `/api/plans/${PLAN}/submissions/${encodeURIComponent(k.orgUnit)}/${k.period}/indicators`;

describe('tester findings F2 (issue 10): one answer for a filler, for text numbers and for the history, on a real store', function () {
  this.timeout(300000);
  let s: TestServer;
  let dir = '';
  const client = (token: string): SyncClient => new SyncClient({ baseUrl: s.url, token, transport: fetchTransport() });

  /** PUT a unit's form as its filler; returns the stored submission. */
  async function put(token: string, k: SubmissionKey, figures: Record<string, Fig>): Promise<Submission> {
    const cur = await call(s.url, token, 'GET', url(k));
    const rev = cur.status === 200 ? (cur.body as Json).rev : 0;
    const data = { figures: Object.fromEntries(Object.entries(figures).map(([n, f]) => [n, { value: f.value ?? null, growth: f.growth ?? null, sameLastYear: null, note: f.note ?? '' }])), tasks: {} };
    const r = await call(s.url, token, 'PUT', url(k), { data }, { 'if-match': `"${rev}"` });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as Submission;
  }

  async function submit(token: string, k: SubmissionKey): Promise<{ ok: boolean; findings: Finding[] }> {
    const cur = (await call(s.url, token, 'GET', url(k))).body as Submission;
    return client(token).submit(k, cur.rev);
  }

  before(async () => {
    s = await startTestServer({ plan: seedsPlan(), users: { fgw: { role: 'filler', units: [FGW] } } });
    dir = mkdtempSync(path.join(tmpdir(), 'pb-f2-'));
    writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(s.plan));
    // The tester's 2023-06: 区商务局's retail sales, 区发展改革委's GDP growth only and 固投 stored as text, 区财政局's revenue.
    const explained = '口径说明：按统计局快报';
    await put(s.tokens.filler2, key(SW, '2023-06'), { 社会消费品零售总额: { value: 200, growth: 5, note: explained } });
    await put(s.tokens.fgw!, key(FGW, '2023-06'), { 地区生产总值: { growth: 4.8, note: explained }, 全社会固定资产投资: { value: '300', note: explained } });
    await put(s.tokens.filler, key(CZ, '2023-06'), { 一般公共预算收入: { value: 58.18, growth: 4.1, note: explained } });
    for (const [token, unit] of [
      [s.tokens.filler2, SW],
      [s.tokens.fgw!, FGW],
      [s.tokens.filler, CZ],
    ] as const) {
      const r = await submit(token, key(unit, '2023-06'));
      assert.ok(r.ok, `${unit}: ${JSON.stringify(r.findings.map((f) => f.message.en))}`);
    }
  });
  after(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('F2.1 a filler who may not read the responsible unit', () => {
    const q = (indicator: string, kind: 'actual' | 'progress' = 'actual') => ({ kind, indicator, period: '2023-06' });

    it('/api/lookup (=PLANBOOK.ACTUAL/PROGRESS): another unit’s figure is an error naming that unit, never the published 269.8; its own figure is the reviewer’s', async () => {
      const queries = [q('社会消费品零售总额'), q('地区生产总值'), q('全社会固定资产投资'), q('全社会固定资产投资', 'progress'), q('一般公共预算收入'), q('一般公共预算收入', 'progress')];
      const reviewer = (await call(s.url, s.tokens.reviewer, 'POST', `/api/plans/${PLAN}/lookup`, { queries })).body.results as Json[];
      const filler = (await call(s.url, s.tokens.filler, 'POST', `/api/plans/${PLAN}/lookup`, { queries })).body.results as Json[];
      assert.deepEqual(reviewer[0], { value: 200, measureUnit: '亿元', unit: '亿元' }, '区商务局’s submitted figure');
      assert.deepEqual(reviewer[2], { value: 300, measureUnit: '亿元', unit: '亿元' }, '"300" stored as text');
      for (const [i, unit] of [
        [0, SW],
        [1, FGW],
        [2, FGW],
        [3, FGW],
      ] as const) {
        const a = filler[i];
        assert.ok(a.error, `query ${i} must not answer a number: ${JSON.stringify(a)}`);
        assert.match(a.error.zh, new RegExp(`由${unit}填报.*无权查看`));
        assert.match(a.error.en, new RegExp(`reported by ${unit}, whose submissions you may not read`));
        assert.match(a.error.zh, /审核人/, 'says what to do');
      }
      assert.deepEqual(filler[4], reviewer[4], 'its own unit’s figure: the same answer');
      assert.deepEqual(filler[5], reviewer[5]);
    });

    it('planbook report --server with a filler’s token (dist/): the other units’ rows are 无权查看 with no number, a bilingual notice names them, and every number shown is the reviewer’s', async () => {
      const base = ['report', '--server', s.url, '--plan-id', PLAN, '--period', '2023-06', '--format', 'json'];
      const rev = await planbook(dir, ...base, '--token', s.tokens.reviewer);
      const fil = await planbook(dir, ...base, '--token', s.tokens.filler);
      assert.equal(rev.code, 0, rev.err);
      assert.equal(fil.code, 0, fil.err);
      const rows = (o: string): MainIndicatorRow[] => (JSON.parse(o) as { tables: { id: string; rows: MainIndicatorRow[] }[] }).tables.find((t) => t.id === 'main-indicators')!.rows;
      const byRev = new Map(rows(rev.out).map((r) => [r.indicator, r]));
      const mine = rows(fil.out);
      const sales = mine.find((r) => r.indicator === '社会消费品零售总额')!;
      assert.deepEqual([sales.state, sales.value, sales.growth, sales.status], ['hidden', null, null, 'hidden'], 'not the published 269.8 / 3.2% / 未达目标');
      assert.equal(byRev.get('社会消费品零售总额')!.value, 200);
      for (const r of mine) {
        if (r.state === 'hidden') continue;
        assert.deepEqual(r, byRev.get(r.indicator), `${r.indicator}: a number shown to the filler is the reviewer’s`);
      }
      assert.equal(mine.find((r) => r.indicator === '一般公共预算收入')!.value, 58.18, 'its own row is shown');
      const notices = (JSON.parse(fil.out) as { notices: { zh: string; en: string }[] }).notices;
      assert.equal(notices.length, 1);
      assert.match(notices[0]!.zh, /社会消费品零售总额（区商务局）/);
      assert.match(notices[0]!.en, /社会消费品零售总额 \(区商务局\)/);
      assert.match(fil.err, /本报表不是全区的完整数据[\s\S]*this is not the district's complete report/);
      assert.deepEqual((JSON.parse(rev.out) as { notices: unknown[] }).notices, [], 'a reviewer reads every unit: no notice');
      // The status table does not call another unit's form 未报送.
      const status = (JSON.parse(fil.out) as { tables: { id: string; rows: { orgUnit: string; indicators: string }[] }[] }).tables.find((t) => t.id === 'submission-status')!;
      assert.equal(status.rows.find((r) => r.orgUnit === SW)!.indicators, 'hidden');
      assert.equal(status.rows.find((r) => r.orgUnit === CZ)!.indicators, 'submitted');
      // CSV: the notice first, and 无权查看 in the row.
      const csv = await planbook(dir, ...base.slice(0, -1), 'csv', '--token', s.tokens.filler);
      assert.equal(csv.code, 0, csv.err);
      assert.ok(csv.out.indexOf('注意') < csv.out.indexOf('主要经济指标完成情况表'), 'the notice comes before the tables');
      assert.match(csv.out, /社会消费品零售总额,亿元,[^\n]*无权查看/);
    });

    it('the pane’s 插入报表 (districtReport through the sync client) gives the filler the CLI’s rows and notice', async () => {
      const pane = await districtReport(syncSources(client(s.tokens.filler), PLAN), { period: '2023-06' });
      const cli = await planbook(dir, 'report', '--server', s.url, '--plan-id', PLAN, '--period', '2023-06', '--format', 'json', '--token', s.tokens.filler);
      const out = JSON.parse(cli.out) as { notices: unknown; tables: { id: string; rows: unknown[] }[] };
      assert.deepEqual(pane.main.rows, out.tables.find((t) => t.id === 'main-indicators')!.rows);
      assert.deepEqual(pane.notices, out.notices);
    });
  });

  describe('F2.2 a number typed as text', () => {
    const figures = (rows: string[][]): string => ['填报单位,指标,报告期,数值,同比增长,上年同期,说明', ...rows.map((r) => r.join(','))].join('\n') + '\n';
    const rulesOf = (fs: Finding[]): string[] => fs.map((f) => `${f.rule}:${f.field}`).sort();

    for (const [label, value, growth] of [
      ['"1,234.5" and "4%"', '1,234.5', '4%'],
      ['full-width "１，２３４．５" and "４％"', '１，２３４．５', '４％'],
      ['trailing spaces "1234.5 " and "4 % "', '1234.5 ', '4 % '],
    ] as const) {
      it(`${label}: the server’s submit and planbook check --figures read the same numbers (no number error) and the report reads growth 4`, async () => {
        const k = key(SW, '2023-09');
        await put(s.tokens.filler2, k, { 社会消费品零售总额: { value, growth } });
        const server = await maySubmit(syncSources(client(s.tokens.filler2), PLAN), (await call(s.url, s.tokens.filler2, 'GET', url(k))).body as Submission);
        assert.deepEqual(
          server.findings.filter((f) => f.rule === 'number'),
          [],
          'no number error',
        );
        const submitted = await client(s.tokens.filler2).submit(k, ((await call(s.url, s.tokens.filler2, 'GET', url(k))).body as Submission).rev);
        assert.deepEqual(rulesOf(submitted.findings), rulesOf(server.findings), 'the submit says what the pane’s Check says');
        // The CSV as the tester wrote it, June as the history the store counted.
        writeFileSync(path.join(dir, 'sept.csv'), figures([[SW, '社会消费品零售总额', '2023-09', `"${value}"`, `"${growth}"`, '', '']]));
        writeFileSync(path.join(dir, 'june.csv'), figures([[SW, '社会消费品零售总额', '2023-06', '200', '5', '', '口径说明：按统计局快报']]));
        const cli = await planbook(dir, 'check', '--plan', 'plan.json', '--figures', 'sept.csv', '--history', 'june.csv', '--format', 'json');
        assert.deepEqual(rulesOf((JSON.parse(cli.out) as { findings: Finding[] }).findings), rulesOf(submitted.findings), cli.err);
        const held = await districtReport(
          heldSources({ plan: s.plan!, catalog: loadDefaultCatalog(), rules: loadDefaultRules(), submissions: [{ ...((await call(s.url, s.tokens.filler2, 'GET', url(k))).body as Submission), state: 'submitted' }] }),
          { period: '2023-09' },
        );
        const row = held.main.rows.find((r) => r.indicator === '社会消费品零售总额')!;
        assert.deepEqual([row.value, row.growth], [1234.5, 4]);
        if (submitted.ok)
          await call(s.url, s.tokens.reviewer, 'POST', `${url(k)}/return`, { reason: '重报 / again' }, { 'if-match': `"${((await call(s.url, s.tokens.filler2, 'GET', url(k))).body as Submission).rev}"` });
      });
    }

    it('"4%" as the value of an indicator in 亿元 is a number error on the server and in the CSV alike (a % is read away only where the field is in %)', async () => {
      const k = key(SW, '2023-10');
      await put(s.tokens.filler2, k, { 社会消费品零售总额: { value: '4%', growth: '4%' } });
      const r = await submit(s.tokens.filler2, k);
      assert.equal(r.ok, false);
      assert.deepEqual(
        r.findings.filter((f) => f.rule === 'number').map((f) => f.field),
        ['figures/社会消费品零售总额/value'],
      );
      writeFileSync(path.join(dir, 'oct.csv'), figures([[SW, '社会消费品零售总额', '2023-10', '4%', '4%', '', '']]));
      const cli = await planbook(dir, 'check', '--plan', 'plan.json', '--figures', 'oct.csv', '--format', 'json');
      assert.equal(cli.code, 1);
      assert.deepEqual(
        (JSON.parse(cli.out) as { findings: Finding[] }).findings.filter((f) => f.rule === 'number').map((f) => f.field),
        ['figures/社会消费品零售总额/value'],
      );
    });
  });

  describe('F2.3 the history a check compares with', () => {
    it('the unit’s own never-submitted July draft is not September’s 上期: submit, the pane’s Check and planbook check --history (the counted figures) agree', async () => {
      await put(s.tokens.filler2, key(SW, '2023-07'), { 社会消费品零售总额: { value: 230 } }); // a draft, never submitted
      const sept = key(SW, '2023-11');
      await put(s.tokens.filler2, sept, { 社会消费品零售总额: { value: 1234.5, growth: 4 } });
      const stored = (await call(s.url, s.tokens.filler2, 'GET', url(sept))).body as Submission;
      const pane = await maySubmit(syncSources(client(s.tokens.filler2), PLAN), stored);
      const server = await client(s.tokens.filler2).submit(sept, stored.rev);
      assert.deepEqual(server.findings.map((f) => JSON.stringify(f)).sort(), pane.findings.map((f) => JSON.stringify(f)).sort());
      const outlier = server.findings.find((f) => f.rule === 'outlier');
      assert.ok(outlier, JSON.stringify(server.findings.map((f) => f.rule)));
      assert.notEqual(outlier.numbers.previous, 30, 'not the July draft’s own amount (230 − 200)');
      // Judged against what counts: June's submitted 200, as `planbook check` with the submitted figures as --history.
      writeFileSync(path.join(dir, 'nov.csv'), ['填报单位,指标,报告期,数值,同比增长,上年同期,说明', `${SW},社会消费品零售总额,2023-11,1234.5,4,,`].join('\n') + '\n');
      writeFileSync(path.join(dir, 'june.csv'), ['填报单位,指标,报告期,数值,同比增长,上年同期,说明', `${SW},社会消费品零售总额,2023-06,200,5,,口径说明：按统计局快报`].join('\n') + '\n');
      const cli = await planbook(dir, 'check', '--plan', 'plan.json', '--figures', 'nov.csv', '--history', 'june.csv', '--format', 'json');
      const cliOutlier = (JSON.parse(cli.out) as { findings: Finding[] }).findings.find((f) => f.rule === 'outlier');
      assert.deepEqual(cliOutlier?.numbers, outlier.numbers);
      // And the draft, were it counted, would have changed the answer: the test sees the difference it pins.
      const july = (await call(s.url, s.tokens.filler2, 'GET', url(key(SW, '2023-07')))).body as Submission;
      const june = (await call(s.url, s.tokens.filler2, 'GET', url(key(SW, '2023-06')))).body as Submission;
      const asIfSent: Submission[] = [{ ...july, state: 'submitted' }, june];
      const withDraft = await maySubmit(heldSources({ plan: s.plan!, catalog: loadDefaultCatalog(), rules: loadDefaultRules(), submissions: asIfSent }), stored);
      assert.notDeepEqual(withDraft.findings.find((f) => f.rule === 'outlier')?.numbers, outlier.numbers);
    });
  });
});
