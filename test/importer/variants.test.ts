import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { importDocuments } from '../../src/importer';
import { FIXTURES_DIR } from './seeds';

interface Expected {
  kind: string;
  year: number;
  problems: number | { line: number; zh: string }[];
  tasks: { no: number; section: string; text: string; leaders: string[]; units: string[]; deadline: string | null; line: number }[];
  targets: { taskNo?: number; indicator: string; measure: string; comparator: string; value: number | null; unit: string }[];
  /** For report fixtures: the actual figures of the look-back part. */
  actuals?: { indicator: string; period: string; value: number | null; unit: string; growth: number | null }[];
}

/**
 * Each fixture document is a layout other districts use (one per kind of variation of issue 9:
 * bracket fields, a heading's leaders, a web page's one-cell-per-line table, a December issue, a
 * 及 title, a trailing 等, unit names with their own brackets, fields after the names, ①/★/一是
 * numbering); its .expected.json was written by hand from the document.
 */
describe('importer: division-of-work layouts (test/fixtures/documents)', () => {
  const names = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.expected.json'));
  it('has a fixture for every layout variant', () => {
    assert.deepEqual(names.map((n) => n.replace('.expected.json', '')).sort(), [
      'after-names',
      'ascii-colons',
      'bracket-fields',
      'bullet-items',
      'circled-numbering',
      'december-year',
      'deng-units',
      'div-release-halfyear',
      'div-release-months',
      'div-release-year',
      'div-role-words',
      'div-star-item',
      'heading-leader',
      'ji-title',
      'lead-unit-layout',
      'missing-field',
      'nested-bracket-units',
      'paren-numbering',
      'pipe-table',
      'tab-table',
      'wrapped-field',
    ]);
  });
  for (const name of names) {
    const base = name.replace('.expected.json', '');
    describe(base, () => {
      const want = JSON.parse(readFileSync(path.join(FIXTURES_DIR, name), 'utf8')) as Expected;
      const id = `${base}.txt`;
      const { plan, problems } = importDocuments([{ id, text: readFileSync(path.join(FIXTURES_DIR, id), 'utf8') }]);
      it(`is read as ${want.kind} for ${want.year}`, () => {
        assert.equal(plan.documents[0].kind, want.kind);
        assert.equal(plan.year, want.year);
      });
      it('reports exactly the expected problems, with lines', () => {
        if (typeof want.problems === 'number') assert.deepEqual(problems, []);
        else
          assert.deepEqual(
            problems.map((p) => ({ line: p.line, zh: p.message.zh })),
            want.problems,
          );
        for (const p of problems) assert.ok(p.message.en.length > 0);
      });
      it('reads every task with its leaders, units, deadline, section and line', () => {
        assert.deepEqual(
          plan.tasks.map((t) => ({ no: t.no, section: t.section, text: t.text, leaders: t.leaders, units: t.units, deadline: t.deadline, line: t.source.line })),
          want.tasks,
        );
      });
      it('reads the targets of the targets section', () => {
        assert.deepEqual(
          plan.targets.map((t) => ({ ...(t.taskNo === undefined ? {} : { taskNo: t.taskNo }), indicator: t.indicator, measure: t.measure, comparator: t.comparator, value: t.value, unit: t.measureUnit })),
          want.targets,
        );
      });
      if (want.actuals)
        it('reads the actual figures', () => {
          assert.deepEqual(
            plan.actuals.map((a) => ({ indicator: a.indicator, period: a.period, value: a.value, unit: a.measureUnit, growth: a.growth })),
            want.actuals,
          );
        });
    });
  }
});

describe('importer: a division of work that states no year', () => {
  const text =
    '重点工作分工方案\n一、城市建设\n1.完成20个老旧小区综合整治。\n牵头领导：王强\n责任单位：区住房城乡建设委\n完成时限：年底\n2.建成5个家园中心。\n牵头领导：王强\n责任单位：区民政局\n完成时限：10月底\n3.推进垃圾分类。\n牵头领导：李华\n责任单位：区城市管理委\n完成时限：长期';
  it('says the year is missing and makes up no tasks', () => {
    const r = importDocuments([{ id: 'no-year.txt', text }]);
    assert.deepEqual(r.plan.tasks, []);
    assert.ok(r.problems.some((p) => p.line === null && /--year/.test(p.message.zh) && /--year/.test(p.message.en)));
  });
  it('reads the tasks for the year the caller gives', () => {
    const r = importDocuments([{ id: 'no-year.txt', text }], { year: 2025 });
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.plan.tasks.map((t) => [t.year, t.no, t.deadline]),
      [
        [2025, 1, '2025-12-31'],
        [2025, 2, '2025-10-31'],
        [2025, 3, null],
      ],
    );
  });
});
