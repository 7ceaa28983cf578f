/**
 * Published figures in the indicator's 计量单位 (tester finding F-O) and one target per indicator
 * (F-L), on the five seed documents: 002's "促进城乡劳动力就业2.2万人" is 22000 人 (146.7% of 1.5万人,
 * 达到目标), never 2.2 人; 000's 城镇登记失业率 and 003's 登记失业率 are one row, one sentence, one finding.
 */
import { strict as assert } from 'node:assert';
import { importDocuments } from '../../src/importer';
import type { Actual, Plan } from '../../src/model/plan';
import { loadDefaultCatalog } from '../../src/rules';
import { publishedInUnits } from '../../src/rules/published';
import { chooseTargets } from '../../src/rules/target-choice';
import { districtReport, lookupFigures, maySubmit } from '../../src/usecases';
import { main } from '../../src/cli/main';
import { captureIO } from '../support/capture-io';
import { indicatorRows } from '../../src/template/rows';
import { catalogLookupOf } from '../../src/usecases/form-inputs';
import { SEEDS_DIR, seedText } from '../support/seed-plan';
import { held, sub } from '../usecases/fixtures';

const SEEDS = ['000', '001', '002', '003', '004'];
const plan: Plan = importDocuments(SEEDS.map(seedText), { id: 'tongzhou-2023' }).plan;
const catalog = loadDefaultCatalog();
const JOBS = '促进劳动力就业';

/** The plan with the published 2023 employment figure restated in another unit. */
function restated(value: number, unit: string): Plan {
  return { ...plan, actuals: plan.actuals.map((a) => (a.indicator === '促进城乡劳动力就业' && a.period === '2023' ? { ...a, value, measureUnit: unit } : a)) };
}

describe('report: published figures in the indicator’s unit (seeds)', () => {
  it('the plan holds 2.2万人 as published, and publishedInUnits gives 22000 人', () => {
    const a = plan.actuals.find((x) => x.indicator === '促进城乡劳动力就业' && x.period === '2023');
    assert.deepEqual([a?.value, a?.measureUnit], [2.2, '万人']);
    const c = publishedInUnits(plan, catalog).actuals.find((x) => x.indicator === '促进城乡劳动力就业' && x.period === '2023');
    assert.deepEqual([c?.value, c?.measureUnit], [22000, '人']);
    assert.deepEqual(publishedInUnits(plan, catalog).problems, [], 'every published figure of the seeds converts');
  });

  it('the 2023 report row, its sentence and =PLANBOOK.ACTUAL/PROGRESS say 22000 人, 146.7%, 达到目标', async () => {
    const src = held(plan, []);
    const report = await districtReport(src, { period: '2023' });
    const row = report.main.rows.find((r) => r.indicator === JOBS)!;
    assert.equal(row.value, 22000);
    assert.equal(row.amount, 15000);
    assert.equal(row.completionPct, 146.7);
    assert.equal(row.status, 'met');
    assert.equal(row.state, 'published');
    assert.ok(
      report.sentences.some((s) => s.zh === '促进劳动力就业22000人，完成全年任务的146.7%，超时间进度46.7个百分点'),
      JSON.stringify(report.sentences.filter((s) => s.zh.startsWith(JOBS))),
    );
    const [actual, progress] = await lookupFigures(src, [
      { kind: 'actual', indicator: '促进城乡劳动力就业', period: '2023' },
      { kind: 'progress', indicator: JOBS, period: '2023' },
    ]);
    assert.deepEqual(actual, { value: 22000, measureUnit: '人' });
    assert.deepEqual(progress, { value: 146.7, measureUnit: '%' });
    // The H1 figure, stated in 人, is unchanged.
    const h1 = (await districtReport(src, { period: '2023-06' })).main.rows.find((r) => r.indicator === JOBS)!;
    assert.deepEqual([h1.value, h1.completionPct], [13245, 88.3]);
  });

  for (const [value, unit] of [
    [22000, '人'],
    [2.2, '万人'],
    [0.00022, '亿人'],
    [2.2, ''],
  ] as const) {
    it(`the same figure stated as ${value}${unit || '（no unit）'} gives the same row`, async () => {
      const row = (await districtReport(held(restated(value, unit), []), { period: '2023' })).main.rows.find((r) => r.indicator === JOBS)!;
      // A figure stated without a unit is taken in the indicator's own: 2.2 人.
      if (unit === '') assert.equal(row.value, 2.2);
      else assert.deepEqual([row.value, row.completionPct, row.status], [22000, 146.7, 'met']);
    });
  }

  it('亿元 ↔ 万元 and 万吨 ↔ 吨 convert both ways; % stays; an unconvertible unit is refused, never compared', () => {
    const src = { document: 'x.txt', line: 1 };
    const fig = (indicator: string, value: number, unit: string): Actual => ({ indicator, period: '2022', value, measureUnit: unit, growth: 3, status: 'final', text: '', source: src });
    const out = publishedInUnits(
      {
        targets: [],
        actuals: [fig('一般公共预算收入', 941100, '万元'), fig('粮食产量', 12345, '吨'), fig('登记失业率', 3.9, '%'), fig('促进城乡劳动力就业', 2.2, '亿元'), fig('不在目录的指标', 5, '万元')],
      },
      catalog,
    );
    assert.deepEqual(
      out.actuals.map((a) => [a.value, a.measureUnit, a.growth]),
      [
        [94.11, '亿元', 3],
        [1.2345, '万吨', 3],
        [3.9, '%', 3],
        [null, '人', 3],
        [5, '万元', 3],
      ],
    );
    assert.equal(out.problems.length, 1);
    assert.match(out.problems[0]!.message.zh, /促进城乡劳动力就业.*2\.2亿元.*无法换算.*“人”/);
    assert.match(out.problems[0]!.message.en, /cannot be converted into the indicator's measure unit "人"/);
  });

  it('a published figure in a unit that does not convert gives no value in the row, not 2.2', async () => {
    const row = (await districtReport(held(restated(2.2, '亿元'), []), { period: '2023' })).main.rows.find((r) => r.indicator === JOBS)!;
    assert.equal(row.value, null);
    assert.equal(row.status, 'no-data');
  });
});

describe('report: one target per catalog indicator (seeds: 城镇登记失业率 / 登记失业率)', () => {
  it('the plan keeps both texts; the choice keeps 003’s (names 区人力社保局) and says why the other is left out', () => {
    const both = plan.targets.filter((t) => t.year === 2023 && /登记失业率/.test(t.indicator));
    assert.equal(both.length, 2);
    const choice = chooseTargets(plan, catalog);
    assert.equal(choice.kept.length, plan.targets.length - 1);
    assert.equal(choice.dropped.length, 1);
    const d = choice.dropped[0]!;
    assert.equal(d.target.indicator, '城镇登记失业率');
    assert.equal(d.kept.indicator, '登记失业率');
    assert.deepEqual(d.kept.units, ['区人力社保局']);
    assert.match(d.message.zh, /报表和审核只采用后者/);
    assert.match(d.message.en, /reports and checks use the latter only/);
  });

  it('one row and one sentence in the 2023-06 report', async () => {
    const report = await districtReport(held(plan, []), { period: '2023-06' });
    const rows = report.main.rows.filter((r) => /登记失业率/.test(r.indicator));
    assert.deepEqual(
      rows.map((r) => [r.indicator, r.target, r.value, r.status]),
      [['登记失业率', '登记失业率控制在5%以内', 3.66, 'met']],
    );
    assert.equal(report.sentences.filter((s) => /登记失业率/.test(s.zh)).length, 1);
  });

  it('one target-ceiling finding for a 登记失业率 of 366 (a 100× slip)', async () => {
    const s = sub(plan.id, '区人力社保局', '2023-06', 'draft', [['登记失业率', 366]]);
    const findings = (await maySubmit(held(plan, [s]), s)).findings.filter((f) => f.rule === 'target-ceiling');
    assert.equal(findings.length, 1, JSON.stringify(findings));
  });

  it('of two documents’ targets for one indicator that name no unit, the more specific document’s is kept', () => {
    const base = plan.targets.find((t) => t.indicator === '登记失业率')!;
    const docs = plan.documents;
    const midyear = docs.find((d) => d.kind === 'midyear-report')!.id;
    const planReport = docs.find((d) => d.kind === 'plan-report')!.id;
    const p: Plan = {
      ...plan,
      targets: [
        { ...base, units: [], indicator: '城镇登记失业率', value: 4.5, text: '城镇登记失业率控制在4.5%以内', source: { document: planReport, line: 3 } },
        { ...base, units: [], value: 5, text: '登记失业率控制在5%以内', source: { document: midyear, line: 9 } },
      ],
    };
    const c = chooseTargets(p, catalog);
    assert.deepEqual(
      c.kept.map((t) => t.text),
      ['城镇登记失业率控制在4.5%以内'],
    );
    // A growth and a level target of one indicator are two conditions: both stay.
    const two = chooseTargets({ ...plan, targets: [{ ...base, measure: 'growth', comparator: 'gte', value: 5 }, base] }, catalog);
    assert.equal(two.kept.length, 2);
  });

  it('a unit’s form has one row for the indicator even when both alias targets name the unit', () => {
    const twice: Plan = { ...plan, targets: plan.targets.map((t) => (t.indicator === '城镇登记失业率' ? { ...t, units: ['区人力社保局'] } : t)) };
    const rows = indicatorRows(twice, '区人力社保局', catalogLookupOf(catalog)).filter((r) => /登记失业率/.test(r.key));
    assert.equal(rows.length, 1, JSON.stringify(rows.map((r) => r.key)));
  });

  it('planbook import names the target left out, with its document and line', async () => {
    const io = captureIO(SEEDS_DIR);
    const files = SEEDS.map((s) => seedText(s).id);
    const code = await main(['import', ...files, '--id', 'tongzhou-2023'], io);
    assert.equal(code, 0, io.stderr.join('\n'));
    const err = io.stderr.join('\n');
    assert.match(err, /000_85ed7cce525b80c5\.txt 第47行 \/ line 47: “城镇登记失业率控制在5%以内”.*报表和审核只采用后者/);
  });
});
