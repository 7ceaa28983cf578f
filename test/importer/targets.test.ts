import { strict as assert } from 'node:assert';
import { importDocuments } from '../../src/importer';
import { parseTargetPhrase } from '../../src/importer/target-phrase';
import { seed } from './seeds';

type Row = [indicator: string, measure: string, comparator: string, value: number | null, unit: string];

/** The main targets (the list or sentence after 主要目标) or the bounded measures read elsewhere. */
function rows(prefix: string, which: 'main' | 'measures' = 'main'): { year: number; rows: Row[]; lines: number[] } {
  const { plan } = importDocuments([seed(prefix)]);
  const mainLines = { '001': [109, 115], '002': [63, 63], '004': [57, 57] }[prefix] ?? [0, 0];
  const inMain = (line: number): boolean => line >= mainLines[0] && line <= mainLines[1];
  const targets = plan.targets.filter((t) => (which === 'main' ? inMain(t.source.line) : !inMain(t.source.line)));
  return {
    year: targets[0]?.year,
    rows: targets.map((t) => [t.indicator, t.measure, t.comparator, t.value, t.measureUnit]),
    lines: targets.map((t) => t.source.line),
  };
}

describe('importer: the target-phrase parser', () => {
  const cases: [string, Row[] | null][] = [
    ['增长5%左右', null],
    ['实现地区生产总值增长5%左右。', [['地区生产总值', 'growth', 'approx', 5, '%']]],
    ['一般公共预算收入增长3%', [['一般公共预算收入', 'growth', 'gte', 3, '%']]],
    ['全社会固定资产投资超千亿元', [['全社会固定资产投资', 'level', 'gt', 1000, '亿元']]],
    ['全社会固定资产投资超过1000亿元；', [['全社会固定资产投资', 'level', 'gt', 1000, '亿元']]],
    ['固定资产投资千亿元', [['固定资产投资', 'level', 'gte', 1000, '亿元']]],
    ['登记失业率控制在5%以内', [['登记失业率', 'rate', 'lte', 5, '%']]],
    ['居民人均可支配收入稳步增长', [['居民人均可支配收入', 'qualitative', 'gt', 0, '']]],
    ['万元地区生产总值能耗完成市里下达的节能任务', [['万元地区生产总值能耗', 'level', 'external', null, '']]],
    ['大气污染物和水污染物排放完成市级下达的减排任务', [['大气污染物和水污染物排放', 'level', 'external', null, '']]],
    ['促进劳动力就业不少于1.5万人', [['促进劳动力就业', 'level', 'gte', 1.5, '万人']]],
    ['北京生源应届高校毕业生就业率95%以上', [['北京生源应届高校毕业生就业率', 'rate', 'gte', 95, '%']]],
    ['地区生产总值比上年增长8%左右', [['地区生产总值', 'growth', 'approx', 8, '%']]],
    ['万元地区生产总值能耗下降3%', [['万元地区生产总值能耗', 'growth', 'lte', -3, '%']]],
    ['加快推进运河商务区重点组团项目建设。', null],
    ['地区生产总值大幅提升', null],
  ];
  for (const [text, want] of cases) {
    it(`${text} → ${want ? want.map((r) => r.join(' ')).join('; ') : 'not a target'}`, () => {
      const got = parseTargetPhrase(text);
      if (want === null) return assert.equal(got, null);
      assert.ok(got);
      assert.deepEqual(
        got.map((t) => [t.indicator, t.measure, t.comparator, t.value, t.measureUnit]),
        want,
      );
    });
  }
});

describe('importer: main targets of reports', () => {
  it('001: the 2021 main-indicator list (one line each)', () => {
    const r = rows('001');
    assert.equal(r.year, 2021);
    assert.deepEqual(r.rows, [
      ['地区生产总值', 'growth', 'approx', 8, '%'],
      ['一般公共预算收入', 'growth', 'approx', 3, '%'],
      ['全社会固定资产投资', 'level', 'gt', 1000, '亿元'],
      ['社会消费品零售总额', 'growth', 'approx', 8, '%'],
      ['居民人均可支配收入', 'qualitative', 'gt', 0, ''],
      ['登记失业率', 'rate', 'lte', 5, '%'],
      ['万元地区生产总值能耗', 'level', 'external', null, ''],
      ['大气污染物和水污染物排放', 'level', 'external', null, ''],
    ]);
    assert.deepEqual(r.lines, [109, 110, 111, 112, 113, 114, 115, 115]);
  });

  it('002: the 2024 main targets in one sentence, and the external ones in the next', () => {
    const r = rows('002');
    assert.equal(r.year, 2024);
    assert.deepEqual(r.rows, [
      ['地区生产总值', 'growth', 'approx', 5, '%'],
      ['固定资产投资', 'level', 'gte', 1000, '亿元'],
      ['一般公共预算收入', 'growth', 'gte', 4, '%'],
      ['居民人均可支配收入', 'qualitative', 'gt', 0, ''],
      ['能耗强度', 'level', 'external', null, ''],
      ['大气污染物和水污染物排放', 'level', 'external', null, ''],
    ]);
    assert.ok(r.lines.every((l) => l === 63));
  });

  it('004: the 2022 targets on the line after the trigger, with ASCII commas', () => {
    const r = rows('004');
    assert.equal(r.year, 2022);
    assert.deepEqual(r.rows, [
      ['地区生产总值', 'growth', 'approx', 6.5, '%'],
      ['一般公共预算收入', 'growth', 'gte', 6, '%'],
      ['全社会固定资产投资', 'level', 'gt', 1000, '亿元'],
      ['社会消费品零售总额', 'growth', 'approx', 5, '%'],
      ['登记失业率', 'rate', 'lte', 5, '%'],
      ['居民人均可支配收入', 'qualitative', 'gt', 0, ''],
      ['能耗强度', 'level', 'external', null, ''],
      ['大气污染物和水污染物排放', 'level', 'external', null, ''],
    ]);
  });

  it('bounded measures in the parts that look ahead are targets of the plan year too (000, 001, 002)', () => {
    const m000 = rows('000', 'measures');
    assert.equal(m000.year, 2023);
    assert.deepEqual(m000.rows, [
      ['促进劳动力就业', 'level', 'gte', 1.5, '万人'],
      ['城镇登记失业率', 'rate', 'lte', 5, '%'],
      ['北京生源应届高校毕业生就业率', 'rate', 'gte', 95, '%'],
    ]);
    assert.deepEqual(m000.lines, [47, 47, 47]);
    const m001 = rows('001', 'measures');
    assert.equal(m001.year, 2021);
    assert.deepEqual(m001.rows, [
      ['完工建筑面积', 'level', 'gte', 410, '万平方米'],
      ['新增高新技术企业', 'level', 'gte', 80, '家'],
      ['促进城乡劳动力就业', 'level', 'gte', 1.5, '万人'],
    ]);
    assert.deepEqual(m001.lines, [131, 141, 169]);
    const m002 = rows('002', 'measures');
    assert.equal(m002.year, 2024);
    assert.deepEqual(m002.rows, [
      ['集团化办学覆盖率', 'rate', 'gt', 65, '%'],
      ['促进城乡劳动力就业', 'level', 'gte', 1.5, '万人'],
      ['城镇登记失业率', 'rate', 'lte', 5, '%'],
    ]);
    assert.deepEqual(m002.lines, [93, 94, 94]);
  });

  it('targets from reports carry no leaders, units or deadline the document does not give', () => {
    const { plan } = importDocuments([seed('002')]);
    for (const t of plan.targets) {
      assert.deepEqual([t.leaders, t.units, t.deadline, t.taskNo], [[], [], null, undefined]);
    }
  });

  it('000 (mid-year report) has no main-target list, and reports no problem for lacking one', () => {
    const { plan, problems } = importDocuments([seed('000')]);
    assert.equal(rows('000').rows.length, 0);
    assert.ok(plan.targets.every((t) => t.source.line === 47));
    assert.deepEqual(problems, []);
  });
});

describe('importer: five-year goals (004)', () => {
  const { plan } = importDocuments([seed('004')]);
  const cases: [string, number, string, number][] = [
    ['美丽乡村建设', 333, '个', 14],
    ['城市更新项目', 100, '个', 16],
    ['家园中心', 14, '个', 16],
    ['新增学位', 2.16, '万个', 28],
    ['新建养老驿站', 88, '家', 30],
  ];
  for (const [indicator, value, unit, line] of cases) {
    it(`${indicator} ${value}${unit}`, () => {
      const g = plan.goals.find((x) => x.indicator === indicator);
      assert.ok(g, `${indicator} missing`);
      assert.equal(g.value, value);
      assert.equal(g.measureUnit, unit);
      assert.equal(g.source.line, line);
    });
  }
  it('skips approximate counts (150余个老旧小区改造)', () => {
    assert.ok(!plan.goals.some((g) => g.indicator.includes('老旧小区改造')));
  });
});
