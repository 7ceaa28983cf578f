import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { importDocuments } from '../../src/importer';
import { FIXTURES_DIR } from './seeds';

interface Expected {
  /** Exactly these problems; when absent, only that the document is not refused as "not a plan". */
  problems?: { line: number | null; zh: string }[];
  tasks: { no: number; leaders: string[]; units: string[]; deadline: string | null }[];
  kind?: string;
  name?: string;
  /** At least this many figures: the figures reader (another branch) may read more. */
  actualsAtLeast?: number;
}

const DIR = path.join(FIXTURES_DIR, 'newcomer');

/**
 * A newcomer's inputs (issue: newcomer report, kinds B, E), kept as regression tests; each
 * div-*.expected.json was written by reading the document, for the parts of the report fixed on the
 * fix-division branch (units and their role words, missing-field alarms, deadlines, classification).
 */
describe('importer: the newcomer’s division-of-work inputs (test/fixtures/documents/newcomer/div-*)', () => {
  const names = readdirSync(DIR).filter((f) => f.startsWith('div-') && f.endsWith('.expected.json'));
  it('has its fixtures', () => assert.ok(names.length >= 4));
  for (const name of names) {
    const base = name.replace('.expected.json', '');
    describe(base, () => {
      const want = JSON.parse(readFileSync(path.join(DIR, name), 'utf8')) as Expected;
      const id = `${base}.txt`;
      const { plan, problems } = importDocuments([{ id, text: readFileSync(path.join(DIR, id), 'utf8') }]);
      it('reports exactly the expected problems', () => {
        if (want.problems)
          assert.deepEqual(
            problems.map((p) => ({ line: p.line, zh: p.message.zh })),
            want.problems,
          );
        else assert.ok(!problems.some((p) => /不像是计划类文档/.test(p.message.zh)));
      });
      it('reads every task with its leaders, units (lead first) and deadline', () => {
        assert.deepEqual(
          plan.tasks.map((t) => ({ no: t.no, leaders: t.leaders, units: t.units, deadline: t.deadline })),
          want.tasks,
        );
      });
      if (want.kind) it(`is read as ${want.kind}`, () => assert.equal(plan.documents[0].kind, want.kind));
      if (want.name) it(`is named ${want.name}`, () => assert.equal(plan.name, want.name));
      const least = want.actualsAtLeast;
      if (least !== undefined) it(`reads at least ${least} actual figures`, () => assert.ok(plan.actuals.length >= least, `${plan.actuals.length} figures`));
    });
  }
});
