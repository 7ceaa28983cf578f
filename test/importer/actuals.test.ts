import { strict as assert } from 'node:assert';
import { importDocuments } from '../../src/importer';
import type { Actual } from '../../src/model/plan';
import { seed, expected } from './seeds';

interface ExpectedActual {
  indicator: string;
  period: string;
  value: number | null;
  unit: string;
  growth: number | null;
  status?: 'final' | 'preliminary';
  line: number;
}

interface Scores {
  precision: number;
  recall: number;
  matched: number;
  expected: number;
  extracted: number;
  wrong: string[];
}

/**
 * Precision over the expected set: among extracted figures whose indicator and period are in the
 * expected table, the share whose value, unit and growth are right. Recall: the share of the
 * expected table found with all its numbers right.
 */
function score(got: Actual[], want: ExpectedActual[]): Scores {
  const key = (x: { indicator: string; period: string }): string => `${x.indicator}@${x.period}`;
  const wanted = new Map(want.map((w) => [key(w), w]));
  let comparable = 0;
  let right = 0;
  const wrong: string[] = [];
  const found = new Set<string>();
  for (const a of got) {
    const w = wanted.get(key(a));
    if (!w) continue;
    comparable++;
    if (a.value === w.value && a.measureUnit === w.unit && a.growth === w.growth) {
      right++;
      found.add(key(a));
    } else wrong.push(`${key(a)}: got ${a.value}${a.measureUnit} (${a.growth}), want ${w.value}${w.unit} (${w.growth})`);
  }
  return { precision: comparable ? right / comparable : 1, recall: found.size / want.length, matched: found.size, expected: want.length, extracted: got.length, wrong };
}

describe('importer: actual figures, precision and recall against tables written by reading the documents', () => {
  const cases: { prefix: string; file: string; minRecall: number; minMatched: number }[] = [
    { prefix: '000', file: '000-actuals.json', minRecall: 0.9, minMatched: 25 },
    { prefix: '002', file: '002-actuals.json', minRecall: 0.9, minMatched: 15 },
    { prefix: '001', file: '001-actuals.json', minRecall: 0.6, minMatched: 7 },
  ];
  for (const c of cases) {
    describe(`seed ${c.prefix}`, () => {
      const doc = seed(c.prefix);
      const { plan } = importDocuments([doc]);
      const want = expected<{ actuals: ExpectedActual[] }>(c.file).actuals;
      const s = score(plan.actuals, want);

      it(`precision is 1.0: no wrong number among figures of an expected indicator and period`, () => {
        console.log(`      [${c.prefix}] precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)} (${s.matched}/${s.expected} expected found; ${s.extracted} figures extracted in all)`);
        assert.deepEqual(s.wrong, []);
        assert.equal(s.precision, 1);
      });
      it(`recall ≥ ${c.minRecall} and at least ${c.minMatched} figures right`, () => {
        assert.ok(s.recall >= c.minRecall, `recall ${s.recall}`);
        assert.ok(s.matched >= c.minMatched, `matched ${s.matched}`);
      });
      for (const w of want) {
        const a = plan.actuals.find((x) => x.indicator === w.indicator && x.period === w.period);
        if (!a) continue;
        it(`${w.indicator} ${w.period}: line ${w.line}, status ${w.status ?? 'final'}`, () => {
          assert.equal(a.source.line, w.line);
          assert.equal(a.source.document, doc.id);
          assert.equal(a.status, w.status ?? 'final');
        });
      }
    });
  }

  it('reads periods from the document: 000 is the first half, 002 looks back at 2023, 001 at 2020', () => {
    const periods = (prefix: string): string[] => [...new Set(importDocuments([seed(prefix)]).plan.actuals.map((a) => a.period))];
    assert.deepEqual(periods('000'), ['2023-H1']);
    assert.deepEqual(periods('002'), ['2023']);
    assert.deepEqual(periods('001'), ['2020']);
  });

  it('takes no figure from the parts that look ahead (002: 2024 tasks; 000: measures for the second half)', () => {
    const a002 = importDocuments([seed('002')]).plan.actuals;
    assert.ok(
      a002.every((a) => a.source.line < 55),
      'a figure came from the 2024 part',
    );
    const a000 = importDocuments([seed('000')]).plan.actuals;
    assert.ok(
      a000.every((a) => a.source.line < 30),
      'a figure came from the measures part',
    );
    assert.ok(!a000.some((a) => a.value === 4665), '竣工各类保障房4665套 is a plan, not a figure');
  });
});

describe('importer: periods of reports for part of a year', () => {
  const report = (title: string, heading: string, body: string): string => `${title}\n一、${heading}\n${body}\n二、下一步工作安排\n确保全年地区生产总值增长5%左右，新建养老驿站10家。`;
  const cases: [string, string, string, string][] = [
    ['关于某区2024年一季度国民经济和社会发展计划执行情况的报告', '2024年一季度计划执行情况', '一季度地区生产总值实现150.2亿元，同比增长4.8%。', '2024-Q1'],
    ['关于某区2024年1-9月国民经济和社会发展计划执行情况的报告', '2024年1-9月计划执行情况', '地区生产总值实现450.6亿元，同比增长5.1%。', '2024-09'],
    ['关于某区2024年前三季度计划执行情况的报告', '2024年前三季度计划执行情况', '地区生产总值实现450.6亿元，同比增长5.1%。', '2024-09'], // January–September cumulative, as the corpus README writes it
  ];
  for (const [title, heading, body, period] of cases) {
    it(`${title} → ${period}`, () => {
      const { plan, problems } = importDocuments([{ id: 'q.txt', text: report(title, heading, body) }]);
      assert.deepEqual(problems, []);
      assert.equal(plan.documents[0].kind, 'midyear-report');
      assert.equal(plan.actuals.length, 1);
      assert.equal(plan.actuals[0].indicator, '地区生产总值');
      assert.equal(plan.actuals[0].period, period);
      assert.equal(plan.actuals[0].source.line, 3);
    });
  }
  it('a 上半年 sentence in a year report is the first half, and 全年 in a mid-year report is not a figure', () => {
    const year = importDocuments([
      {
        id: 'y.txt',
        text: '关于某区2023年国民经济和社会发展计划执行情况与2024年国民经济和社会发展计划草案的报告\n一、2023年国民经济和社会发展计划执行情况\n上半年，地区生产总值实现300.1亿元，同比增长4.2%。全年地区生产总值实现620.5亿元，同比增长5.0%。\n二、2024年主要目标\n',
      },
    ]).plan.actuals;
    assert.deepEqual(
      year.map((a) => [a.period, a.value, a.growth]),
      [
        ['2023-H1', 300.1, 4.2],
        ['2023', 620.5, 5],
      ],
    );
    const mid = importDocuments([
      { id: 'm.txt', text: '关于某区2023年国民经济和社会发展计划上半年执行情况的报告\n一、2023年上半年计划执行情况\n全年一般公共预算收入预计完成92亿元。一般公共预算收入58.18亿元，同比增长4.1%。\n二、存在的问题\n' },
    ]).plan.actuals;
    assert.deepEqual(
      mid.map((a) => [a.indicator, a.period, a.value]),
      [['一般公共预算收入', '2023-H1', 58.18]],
    );
  });
});
