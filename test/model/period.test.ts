import { strict as assert } from 'node:assert';
import { parsePeriod, timeProgressPct, previousInYear, formatPeriod, periodLabelZh } from '../../src/model/period';

describe('model/period', () => {
  const cases: [string, string | null, number | null][] = [
    ['2023', 'year', 100],
    ['2023-H1', 'half', 50],
    ['2023-Q1', 'quarter', 25],
    ['2023-06', 'month', 50],
    ['2023-13', null, null],
    ['2023-00', null, null],
    ['2023-Q5', null, null],
    ['June', null, null],
  ];
  for (const [text, kind, progress] of cases) {
    it(`${text} → ${kind ?? 'not a period'}`, () => {
      const p = parsePeriod(text);
      if (kind === null) return assert.equal(p, null);
      assert.ok(p);
      assert.equal(p.kind, kind);
      assert.equal(timeProgressPct(p), progress);
      assert.equal(formatPeriod(p), text);
    });
  }
  it('the previous cumulative period restarts at January', () => {
    assert.equal(formatPeriod(previousInYear(parsePeriod('2023-06')!)!), '2023-05');
    assert.equal(previousInYear(parsePeriod('2023-01')!), null);
    assert.equal(formatPeriod(previousInYear(parsePeriod('2023-Q3')!)!), '2023-Q2');
  });
  it('labels periods as the documents do', () => {
    assert.equal(periodLabelZh(parsePeriod('2023-06')!), '2023年1-6月');
    assert.equal(periodLabelZh(parsePeriod('2023-H1')!), '2023年上半年');
  });
});
