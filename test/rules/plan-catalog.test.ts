/**
 * The catalog follows the plan (issue 9): an indicator a plan's own documents define is never an
 * `unknown-indicator` error. Plans are imported from real documents of other places in the corpus.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { importDocuments } from '../../src/importer';
import { catalogForPlan, checkFigures, indexCatalog, inferKind, loadDefaultCatalog, loadDefaultRules } from '../../src/rules';
import { canSubmit } from '../../src/model/finding';
import type { Figure } from '../../src/model/submission';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus/documents');
const corpus = (file: string): { id: string; text: string } => ({ id: file, text: readFileSync(path.join(CORPUS, file), 'utf8') });
const catalog = loadDefaultCatalog();
const fig = (indicator: string, period: string, value: number | null, growth: number | null): Figure => ({ orgUnit: '区统计局', indicator, period, value, growth, sameLastYear: null, note: '' });

describe('catalog: follows the plan', () => {
  // 杨浦区 2014 mid-year report: 区级财政收入, 知识型现代服务业增加值 … are in no shipped catalog.
  const { plan } = importDocuments([corpus('yangpu-2014-midyear-report.txt')]);
  const shipped = indexCatalog(catalog);
  const foreign = [...new Set(plan.actuals.map((a) => a.indicator))].filter((n) => !shipped.resolve(n));

  it('the document defines indicators the shipped catalog lacks', () => {
    assert.ok(foreign.includes('区级财政收入'), foreign.join('、'));
    assert.ok(foreign.includes('知识型现代服务业增加值'), foreign.join('、'));
  });

  it('every one gets an inferred entry with the unit and kind the document shows', () => {
    const cat = indexCatalog(catalogForPlan(catalog, plan));
    for (const n of foreign) assert.equal(cat.resolve(n)?.inferred, true, n);
    assert.deepEqual([cat.resolve('区级财政收入')?.measureUnit, cat.resolve('区级财政收入')?.kind], ['亿元', 'flow']);
    // Stated only by its growth (同比增长22.7%): a growth-reported indicator.
    assert.deepEqual([cat.resolve('知识型现代服务业增加值')?.measureUnit, cat.resolve('知识型现代服务业增加值')?.kind], ['%', 'growth']);
    // Shipped entries stay as they are, and are not duplicated.
    assert.equal(cat.resolve('地区生产总值')?.inferred, undefined);
    assert.equal(catalogForPlan(catalog, plan).indicators.length, catalog.indicators.length + foreign.length);
  });

  it('their figures pass the checks instead of being refused as unknown', () => {
    const figures = [fig('区级财政收入', '2014-06', 47.82, 9.1), fig('知识型现代服务业增加值', '2014-06', null, 22.7)];
    const findings = checkFigures({ plan, catalog, rules: loadDefaultRules(), figures });
    assert.deepEqual(
      findings.filter((f) => f.rule === 'unknown-indicator'),
      [],
    );
    assert.equal(canSubmit(findings), true, JSON.stringify(findings.map((f) => f.message.zh)));
  });

  it('an indicator no document of the plan defines is still unknown', () => {
    const findings = checkFigures({ plan, catalog, rules: loadDefaultRules(), figures: [fig('不存在的指标', '2014-06', 1, null)] });
    assert.deepEqual(
      findings.map((f) => f.rule),
      ['unknown-indicator'],
    );
  });

  it('a catalog that covers the plan is returned unchanged', () => {
    const seedLike = { targets: [], actuals: plan.actuals.filter((a) => shipped.resolve(a.indicator)) };
    assert.equal(catalogForPlan(catalog, seedLike), catalog);
  });
});

describe('catalog: kinds inferred from the documents', () => {
  const a = (value: number | null, unit: string, growth: number | null) => ({ indicator: 'x', period: '2023', value, measureUnit: unit, growth, status: 'final' as const, text: '', source: { document: 'd', line: 1 } });
  const cases: [string, ReturnType<typeof a>[], string][] = [
    ['城镇调查失业率', [a(5.5, '%', null)], 'rate'],
    ['居民消费价格指数', [a(null, '', 2.1)], 'growth'],
    ['高技术产业增加值', [a(null, '', 16.5)], 'growth'],
    ['金融机构贷款余额', [a(937.29, '亿元', 23.4)], 'level'],
    ['旅游总收入', [a(553.68, '亿元', 43)], 'flow'],
  ];
  for (const [name, actuals, kind] of cases) it(`${name} → ${kind}`, () => assert.equal(inferKind(name, [], actuals), kind));
});

describe('catalog: indicators common to district plans', () => {
  const cat = indexCatalog(catalog);
  const cases: [string, string, string][] = [
    ['规上工业增加值', '规模以上工业增加值', 'flow'],
    ['规模工业增加值', '规模以上工业增加值', 'flow'],
    ['外贸进出口总额', '进出口总额', 'flow'],
    ['城镇调查失业率', '城镇调查失业率', 'rate'],
    ['居民消费价格', '居民消费价格指数', 'growth'],
    ['粮食总产量', '粮食产量', 'flow'],
    ['城镇常住居民人均可支配收入', '城镇居民人均可支配收入', 'flow'],
    ['农村常住居民人均可支配收入', '农村居民人均可支配收入', 'flow'],
    ['实际利用外资总额', '实际利用外资', 'flow'],
    ['税收收入', '税收总额', 'flow'],
    ['地方一般公共预算收入', '一般公共预算收入', 'flow'],
    ['固定资产投资', '全社会固定资产投资', 'flow'],
    ['社会消费品零售额', '社会消费品零售总额', 'flow'],
  ];
  for (const [alias, name, kind] of cases) {
    it(`${alias} → ${name} (${kind})`, () => {
      assert.equal(cat.resolve(alias)?.name, name);
      assert.equal(cat.resolve(alias)?.kind, kind);
    });
  }
  it('规模以上工业增加值 is a flow published by its growth: a growth alone is its figure', () => {
    assert.equal(cat.resolve('规上工业增加值')?.reported, 'growth');
  });
});
