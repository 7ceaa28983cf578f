/**
 * The corpus of other places' documents (../shared/corpus): every document is read as a new user
 * would read it (through the Node reader, so .docx and .pdf go through their format adapters) and
 * compared with the table a person wrote by reading it: eight in shared/corpus/expected, four in
 * test/importer/corpus-expected. Prints precision and recall per document for tasks, targets and
 * actual figures, and every wrong number; asserts the goals of issue 9 as a ratchet.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { readDocumentFile } from '../../src/hosts/node/read-document';
import { readDocument, type DocumentReading } from '../../src/importer';
import { isPlanbookError } from '../../src/model/errors';
import { scoreActuals, scoreTargets, scoreTasks, ratio, type ExpectedDocument, type Score } from './corpus-match';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
const DOCS = path.join(CORPUS, 'documents');
const EXPECTED_DIRS = [path.join(CORPUS, 'expected'), path.resolve(__dirname, 'corpus-expected')];

/** Issue 9's goals on this corpus: share of the expected tables read exactly, and no wrong number. */
const GOAL = { tasks: 0.95, targets: 0.9, actuals: 0.85, wrongNumbers: 0 };
/**
 * What the corpus reaches today where a goal is not reached yet: a ratchet that may only rise
 * towards GOAL, never fall below what is reached.
 */
const FLOOR = { ...GOAL };
/** Documents not yet read as their kind (their reader or format adapter is still to come); shrinks only. */
const NOT_YET_READ: string[] = [];

function expectedFor(file: string): ExpectedDocument | null {
  for (const dir of EXPECTED_DIRS) {
    const p = path.join(dir, `${file}.expected.json`);
    if (existsSync(p)) return JSON.parse(readFileSync(p, 'utf8')) as ExpectedDocument;
  }
  return null;
}

interface Row {
  file: string;
  reading: DocumentReading;
  tasks: Score;
  targets: Score;
  actuals: Score;
}

function line(kind: string, s: Score): string {
  return `${kind.padEnd(8)} precision ${ratio(s.exact, s.keyed).padEnd(16)} recall ${ratio(s.exact, s.expected).padEnd(16)} extracted ${s.extracted}`;
}

describe('importer: the corpus of other places (precision and recall against tables written by reading)', function () {
  const files = readdirSync(DOCS).sort();
  const rows: Row[] = [];
  const skipped: string[] = [];

  before(async () => {
    for (const file of files) {
      const want = expectedFor(file);
      if (!want) continue;
      let reading: DocumentReading;
      try {
        const { doc } = await readDocumentFile(path.join(DOCS, file));
        reading = readDocument(doc);
      } catch (e) {
        // Until the .pdf and .docx adapters land, those two formats may be unreadable here: say so.
        if (isPlanbookError(e) && /\.(pdf|docx)$/i.test(file)) {
          skipped.push(`${file}: ${e.zh} / ${e.en}`);
          continue;
        }
        throw e;
      }
      const o = reading.output;
      rows.push({ file, reading, tasks: scoreTasks(o.tasks, want.tasks ?? []), targets: scoreTargets(o.targets, want.targets ?? []), actuals: scoreActuals(o.actuals, want.actuals ?? []) });
    }
    for (const r of rows) {
      console.log(`      ${r.file} (${r.reading.info.kind}, ${r.reading.output.planYear ?? '–'})`);
      console.log(`        ${line('tasks', r.tasks)}`);
      console.log(`        ${line('targets', r.targets)}`);
      console.log(`        ${line('actuals', r.actuals)}`);
      for (const w of [...r.tasks.wrong, ...r.targets.wrong, ...r.actuals.wrong]) console.log(`        WRONG ${w}`);
    }
    const sum = (k: 'tasks' | 'targets' | 'actuals'): Score =>
      rows.reduce((a, r) => ({ expected: a.expected + r[k].expected, extracted: a.extracted + r[k].extracted, keyed: a.keyed + r[k].keyed, exact: a.exact + r[k].exact, wrong: [...a.wrong, ...r[k].wrong] }), {
        expected: 0,
        extracted: 0,
        keyed: 0,
        exact: 0,
        wrong: [],
      } as Score);
    console.log(`      all ${rows.length} documents read`);
    for (const k of ['tasks', 'targets', 'actuals'] as const) console.log(`        ${line(k, sum(k))}`);
    for (const s of skipped) console.log(`      NOTE skipped until its format adapter lands: ${s}`);
  });

  it('the ratchet is no looser than what is reached, and no tighter than the goals', () => {
    for (const k of ['tasks', 'targets', 'actuals'] as const) assert.ok(FLOOR[k] <= GOAL[k]);
    for (const f of NOT_YET_READ) assert.ok(files.includes(f), f);
  });

  it('has an expected table for every document of the corpus', () => {
    assert.deepEqual(
      files.filter((f) => !expectedFor(f)),
      [],
    );
  });

  it('reads every document as its kind: a division of work as one, a report as a report', () => {
    for (const r of rows.filter((x) => !NOT_YET_READ.includes(x.file))) {
      const want = expectedFor(r.file)!;
      if (want.kind === 'division-plan') assert.equal(r.reading.info.kind, 'division-of-work', r.file);
      else assert.ok(!['division-of-work', 'unknown'].includes(r.reading.info.kind), `${r.file}: ${r.reading.info.kind}`);
    }
  });

  const recall = (k: 'tasks' | 'targets' | 'actuals'): number => {
    const exact = rows.reduce((a, r) => a + r[k].exact, 0);
    const expected = rows.reduce((a, r) => a + r[k].expected, 0);
    return expected === 0 ? 1 : exact / expected;
  };
  it(`tasks: at least ${FLOOR.tasks} of the expected tasks exact (leaders, units, deadline)`, () => assert.ok(recall('tasks') >= FLOOR.tasks, String(recall('tasks'))));
  it(`targets: at least ${FLOOR.targets} of the expected targets exact`, () => assert.ok(recall('targets') >= FLOOR.targets, String(recall('targets'))));
  it(`actual figures: at least ${FLOOR.actuals} of the expected figures exact`, () => assert.ok(recall('actuals') >= FLOOR.actuals, String(recall('actuals'))));
  it(`wrong numbers: at most ${FLOOR.wrongNumbers} (a value, growth or unit that differs for the same indicator and period)`, () => {
    const wrong = rows.flatMap((r) => [...r.targets.wrong, ...r.actuals.wrong]);
    assert.ok(wrong.length <= FLOOR.wrongNumbers, wrong.join('\n'));
  });
  it('no task has a wrong leader, unit or deadline', () => {
    const wrong = rows.flatMap((r) => r.tasks.wrong);
    assert.deepEqual(wrong, []);
  });
});
