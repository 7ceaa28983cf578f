import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { importDocuments } from '../../src/importer';
import { FIXTURES_DIR } from './seeds';

interface Expected {
  /** Figures that must be read exactly so (the parts of the document the fixes were about). */
  actuals: { indicator: string; period: string; value: number | null; unit: string; growth: number | null }[];
  targets: { year: number; indicator: string; measure: string; comparator: string; value: number | null; unit: string }[];
  /** Names that must never become an indicator (qualifiers, enumerators). */
  notIndicators: string[];
  /** Substrings no problem message may contain (false alarms). */
  noProblemLike?: string[];
}

const DIR = path.join(FIXTURES_DIR, 'newcomer');

/**
 * A newcomer's inputs (REPORT.md of the newcomer test) kept as regressions: each .expected.json was
 * written by reading the document, for the parts the importer was fixed for; the rest of the
 * document may be read or reported, but these must be exact.
 */
describe('importer: the newcomer inputs (test/fixtures/documents/newcomer)', () => {
  // div-* files are the division reader's regressions, in their own shape (newcomer-division.test.ts).
  for (const name of readdirSync(DIR).filter((f) => f.endsWith('.expected.json') && !f.startsWith('div-'))) {
    const id = name.replace('.expected.json', '.txt');
    describe(id, () => {
      const want = JSON.parse(readFileSync(path.join(DIR, name), 'utf8')) as Expected;
      const { plan, problems } = importDocuments([{ id, text: readFileSync(path.join(DIR, id), 'utf8') }]);
      const actuals = plan.actuals.map((a) => ({ indicator: a.indicator, period: a.period, value: a.value, unit: a.measureUnit, growth: a.growth }));
      const targets = plan.targets.map((t) => ({ year: t.year, indicator: t.indicator, measure: t.measure, comparator: t.comparator, value: t.value, unit: t.measureUnit }));
      for (const a of want.actuals)
        it(`reads ${a.indicator} ${a.period}: ${a.value ?? '–'} ${a.unit} growth ${a.growth ?? '–'}`, () =>
          assert.deepEqual(
            actuals.filter((x) => x.indicator === a.indicator && x.period === a.period),
            [a],
          ));
      for (const t of want.targets)
        it(`reads the target ${t.indicator} ${t.measure} ${t.comparator} ${t.value ?? '–'}`, () =>
          assert.deepEqual(
            targets.filter((x) => x.indicator === t.indicator && x.year === t.year && x.measure === t.measure),
            [t],
          ));
      it('makes no indicator of a qualifier or an enumerator', () => {
        const names = [...plan.actuals.map((a) => a.indicator), ...plan.targets.map((t) => t.indicator)];
        assert.deepEqual(
          names.filter((n) => want.notIndicators.some((q) => n.includes(q))),
          [],
        );
      });
      if (want.noProblemLike)
        it('raises no false alarm', () =>
          assert.deepEqual(
            problems.map((p) => p.message.zh).filter((m) => want.noProblemLike?.some((s) => m.includes(s))),
            [],
          ));
    });
  }
});
