import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { importDocuments } from '../../src/importer';
import { FIXTURES_DIR } from './seeds';
import { publishedBase } from '../../src/model/published-base';

interface Expected {
  kind: string;
  year: number;
  problems: string[];
  targets: { year: number; indicator: string; measure: string; comparator: string; value: number | null; unit: string }[];
  actuals: { indicator: string; period: string; value: number | null; unit: string; growth: number | null; status: string; line: number }[];
}

const DIR = path.join(FIXTURES_DIR, 'figures');

/**
 * Targets and actual figures as other places write them (issue 9): each fixture is a small invented
 * document of another district in one variation kind; its .expected.json was written by reading it.
 */
describe('importer: targets and figures as other places write them (test/fixtures/documents/figures)', () => {
  const names = readdirSync(DIR).filter((f) => f.endsWith('.expected.json'));
  it('has a fixture for every variation kind', () => {
    assert.deepEqual(names.map((n) => n.replace('.expected.json', '')).sort(), [
      'bullet-index-targets',
      'bulletin-table',
      'bulletin-year-columns',
      'estimate-plan-report',
      'growth-qualifiers',
      'midyear-growth-only',
      'numbered-target-list',
      'respectively-and-rates',
      'table-targets',
      'target-ranges',
      'three-quarters-release',
    ]);
  });
  for (const name of names) {
    const base = name.replace('.expected.json', '');
    describe(base, () => {
      const want = JSON.parse(readFileSync(path.join(DIR, name), 'utf8')) as Expected;
      const id = `${base}.txt`;
      const { plan, problems } = importDocuments([{ id, text: readFileSync(path.join(DIR, id), 'utf8') }]);
      it(`is read as ${want.kind} for ${want.year}`, () => {
        assert.equal(plan.documents[0].kind, want.kind);
        assert.equal(plan.year, want.year);
      });
      it('reports exactly the expected problems', () => {
        assert.deepEqual(
          problems.map((p) => p.message.zh),
          want.problems,
        );
      });
      it('reads every target with its measure, comparator, value and unit', () => {
        assert.deepEqual(
          plan.targets.map((t) => ({ year: t.year, indicator: t.indicator, measure: t.measure, comparator: t.comparator, value: t.value, unit: t.measureUnit })),
          want.targets,
        );
      });
      it('reads every actual figure with its period, value, unit, growth, status and line, and no other', () => {
        assert.deepEqual(
          plan.actuals.map((a) => ({ indicator: a.indicator, period: a.period, value: a.value, unit: a.measureUnit, growth: a.growth, status: a.status, line: a.source.line })),
          want.actuals,
        );
      });
    });
  }
});

describe('importer: a bulletin is the published base of last year', () => {
  const read = (name: string): { id: string; text: string } => ({ id: `${name}.txt`, text: readFileSync(path.join(DIR, `${name}.txt`), 'utf8') });
  // The 2023 bulletin of 青山县 beside a plan report whose estimates (预计) are not published figures.
  const { plan } = importDocuments([read('bulletin-table'), read('estimate-plan-report')]);
  it('publishedBase gives the bulletin figure of the year, with its value and growth', () => {
    const gdp = publishedBase(plan, '地区生产总值', '2023');
    assert.deepEqual([gdp?.value, gdp?.measureUnit, gdp?.growth, gdp?.source.document], [215.36, '亿元', 5.4, 'bulletin-table.txt']);
    assert.equal(plan.documents.find((d) => d.id === 'bulletin-table.txt')?.kind, 'bulletin');
  });
  it('an estimate in a report is not a published base', () => {
    assert.ok(plan.actuals.some((a) => a.indicator === '地区生产总值' && a.period === '2024'));
    assert.equal(publishedBase(plan, '地区生产总值', '2024'), null);
  });
});
