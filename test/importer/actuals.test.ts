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
    if (a.value === w.value && a.unit === w.unit && a.growth === w.growth) {
      right++;
      found.add(key(a));
    } else wrong.push(`${key(a)}: got ${a.value}${a.unit} (${a.growth}), want ${w.value}${w.unit} (${w.growth})`);
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
        console.log(
          `      [${c.prefix}] precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)} (${s.matched}/${s.expected} expected found; ${s.extracted} figures extracted in all)`,
        );
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
    assert.ok(a002.every((a) => a.source.line < 55), 'a figure came from the 2024 part');
    const a000 = importDocuments([seed('000')]).plan.actuals;
    assert.ok(a000.every((a) => a.source.line < 30), 'a figure came from the measures part');
    assert.ok(!a000.some((a) => a.value === 4665), '竣工各类保障房4665套 is a plan, not a figure');
  });
});
