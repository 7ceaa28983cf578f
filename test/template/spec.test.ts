import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandFormula, parseSpec } from '../../src/template/spec';
import { deadlineLabel, indicatorRows, targetCell, taskRows } from '../../src/template/rows';
import { PlanbookError } from '../../src/model/errors';
import { smallPlan, TEMPLATES } from './fixtures';

/** The spec as raw JSON, loose enough to spoil in every way a hand-written one can be wrong. */
interface RawSpec {
  [k: string]: unknown;
  cells: Record<string, unknown>;
  table: { [k: string]: unknown; columns: Record<string, unknown>[] };
}

const good = (): RawSpec => JSON.parse(readFileSync(join(TEMPLATES, 'indicators.spec.json'), 'utf8')) as RawSpec;

describe('template spec', () => {
  it('every shipped spec parses', () => {
    const files = readdirSync(TEMPLATES).filter((f) => f.endsWith('.spec.json'));
    assert.equal(files.length, 4);
    for (const f of files) assert.equal(parseSpec(JSON.parse(readFileSync(join(TEMPLATES, f), 'utf8'))).file, f.replace('.spec.json', '.xlsx'));
  });

  const bad: [string, (s: RawSpec) => void, RegExp][] = [
    ['not an object', (s) => Object.keys(s).forEach((k) => delete s[k]), /lacks the text field id/],
    ['no version', (s) => delete s.version, /version must be a positive integer/],
    ['an unknown header content', (s) => (s.cells.pb_unit = 'owner'), /cells\.pb_unit has an unknown content owner/],
    ['an unknown row source', (s) => (s.table.rows = 'people'), /table\.rows must be one of/],
    ['a column with two roles', (s) => (s.table.columns[0]!.input = 'value'), /columns\[0\] needs exactly one of source, input, formula/],
    ['a duplicate key', (s) => (s.table.columns[1]!.key = 'indicator'), /duplicate key indicator/],
    ['a task field on a figure form', (s) => (s.table.columns[3]!.input = 'status'), /input must be one of value\/growth\/sameLastYear\/note/],
    ['a formula naming an unknown column', (s) => (s.table.columns[6]!.formula = '{value}/{amount}'), /unknown column \{amount\}/],
    ['a footer on an unknown column', (s) => (s.table.footer = [{ offset: 1, column: 'total', value: '合计' }]), /footer\[0\] names an unknown column total/],
    ['an entry form without inputs', (s) => (s.table.columns = s.table.columns.filter((c) => !c.input)), /has no input column/],
  ];
  for (const [name, spoil, re] of bad) {
    it(`refuses a spec with ${name}, saying where in both languages`, () => {
      const s = good();
      spoil(s);
      try {
        parseSpec(s);
        assert.fail('expected a refusal');
      } catch (e) {
        assert.ok(e instanceof PlanbookError);
        assert.match(e.en, re);
        assert.match(e.zh, /模板说明文件有误/);
      }
    });
  }

  it('expands placeholders to the row, the first and the last data row', () => {
    const letters = new Map([
      ['value', 'D'],
      ['target', 'C'],
      ['progress', 'G'],
    ]);
    assert.equal(expandFormula('{value}/{target}*100', letters, 7, 5, 9), '=D7/C7*100');
    assert.equal(expandFormula('AVERAGE({progress:first}:{progress:last})+{row}', letters, 10, 5, 9), '=AVERAGE(G5:G9)+10');
  });
});

describe('template rows from the plan', () => {
  it('a unit’s indicators are the targets naming it, in plan order; its tasks likewise', () => {
    assert.deepEqual(
      indicatorRows(smallPlan(), '区发展改革委').map((r) => r.key),
      ['地区生产总值', '全社会固定资产投资'],
    );
    assert.deepEqual(
      taskRows(smallPlan(), '区水务局').map((r) => [r.key, r.values.leaders, r.values.deadline]),
      [['8', '倪德才、秦涛', '2023年6月底']],
    );
    assert.deepEqual(indicatorRows(smallPlan(), '区水务局'), []);
  });

  it('全年目标 is the annual amount when known, else the phrase', () => {
    const [gdp, revenue, fai] = smallPlan().targets;
    assert.equal(targetCell(gdp), '增长5%左右');
    assert.equal(targetCell(revenue), 92.1);
    assert.equal(targetCell(fai), 1000);
  });

  it('deadlines read as the documents write them', () => {
    assert.equal(deadlineLabel('2023-12-31'), '2023年12月底');
    assert.equal(deadlineLabel('2024-02-29'), '2024年2月底');
    assert.equal(deadlineLabel('2023-06-15'), '2023年6月15日');
    assert.equal(deadlineLabel(null), '');
  });
});
