/**
 * Tester F-I and F-R: the growth headers districts write are read as growth, any column still not
 * understood is named in a bilingual notice; the report's own CSV (both languages, from the seed plan)
 * reads back as the same figures as the CSV it was made from.
 */
import { strict as assert } from 'node:assert';
import { readFiguresCsv, checkFigures, loadDefaultCatalog, loadDefaultRules } from '../../src/rules';
import { buildMainIndicatorsTable, tableToCsv } from '../../src/report';
import { seedPlan2023 } from '../support/seed-plan';

describe('figures CSV headers and the report read back', () => {
  for (const h of ['增长%', '同比%', '比上年增长%', '增幅%', '同比增长率%', '增长率（%）', '同比增长(%)']) {
    it(`"${h}" is the growth column`, () => {
      const r = readFiguresCsv(`填报单位,指标,报告期,数值,${h}\n区发展改革委,地区生产总值,2023-06,607.6,3.1\n`);
      assert.equal(r.items[0]!.growth, 3.1);
      assert.equal(r.findings.length, 0);
    });
  }

  it('a column not understood is named in both languages, and the rest is read', () => {
    const r = readFiguresCsv('填报单位,指标,报告期,数值,环比%,负责人\n区发展改革委,地区生产总值,2023-06,607.6,1.2,张三\n');
    assert.equal(r.items[0]!.value, 607.6);
    const [n] = r.findings;
    assert.equal(n!.rule, 'csv-column');
    assert.equal(n!.severity, 'info');
    assert.match(n!.message.zh, /未识别的列已忽略：“环比%”、“负责人”/);
    assert.match(n!.message.en, /Columns not understood were ignored: “环比%”、“负责人”/);
  });

  for (const lang of ['zh', 'en'] as const) {
    it(`the report's CSV (${lang}) reads back as its figures: no row errors, no duplicate alias, no 计量单位 as 填报单位`, () => {
      const plan = seedPlan2023();
      const src = readFiguresCsv('填报单位,指标,报告期,数值,同比增长\n区发展改革委,地区生产总值,2023-06,607.6,5.2\n区人力社保局,登记失业率,2023-06,3.7,\n').items;
      const catalog = loadDefaultCatalog();
      const main = buildMainIndicatorsTable({ plan, catalog, figures: src, period: '2023-06' });
      const back = readFiguresCsv(tableToCsv(main, lang));
      if (lang === 'en') {
        // A report written before 2026-12 headed 计量单位 "Unit": still the measure unit, not 填报单位.
        const csv = tableToCsv(main, lang);
        assert.match(csv, /Indicator,Measure unit,/);
        const old = readFiguresCsv(csv.replace('Indicator,Measure unit,', 'Indicator,Unit,'));
        assert.deepEqual(old.items, back.items);
        assert.deepEqual(old.findings, []);
      }
      assert.deepEqual(back.findings, []);
      const gdp = back.items.find((f) => f.indicator === '地区生产总值');
      assert.deepEqual([gdp!.period, gdp!.value, gdp!.growth, gdp!.orgUnit], ['2023-06', 607.6, 5.2, '']);
      const rates = back.items.filter((f) => /登记失业率/.test(f.indicator));
      assert.equal(rates.length, 1, 'the plan names 登记失业率 twice; read once');
      const found = checkFigures({ plan, catalog, rules: loadDefaultRules(), figures: back.items, history: [] });
      assert.equal(found.filter((f) => f.rule === 'duplicate' || f.rule === 'csv-row').length, 0);
    });
  }
});
