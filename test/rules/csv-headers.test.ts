/**
 * Every header a planbook form, report or export prints is read back by the CSV readers: a column
 * headed the way planbook itself heads it is never ignored without a word.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { readFiguresCsv, readTaskProgressCsv } from '../../src/rules/figures-csv';
import { rowsToCsv } from '../../src/report/csv';
import { specOf } from '../template/fixtures';

const figuresHeaders = (value: string, growth: string, base: string, note: string) => `填报单位,指标名称,报告期,${value},${growth},${base},${note}\n区财政局,一般公共预算收入,2023-06,58.18,3.1,56.43,按快报\n`;

describe('CSV headers planbook prints read back', () => {
  const form = specOf('indicators').table.columns;
  const header = (input: string) => form.find((c) => c.input === input)!.header;
  const cases: [string, string, string, string, string][] = [
    ['the indicator form’s own headers', header('value'), header('growth'), header('base'), header('note')],
    ['the report CSV’s 本期累计 and 同比增长（%）', '本期累计', '同比增长（%）', '上年同期', '说明'],
    ['同比增长(%) with ASCII brackets', '数值', '同比增长(%)', '上年同期数', '备注'],
    ['full-width ％', '数值', '同比增长％', '上年同期', '说明'],
  ];
  for (const [name, v, g, b, n] of cases) {
    it(`${name}: ${v}, ${g}, ${b}, ${n}`, () => {
      const r = readFiguresCsv(figuresHeaders(v, g, b, n));
      assert.deepEqual(r.findings, []);
      assert.deepEqual(
        r.items.map((f) => [f.value, f.growth, f.base, f.note]),
        [[58.18, 3.1, 56.43, '按快报']],
      );
    });
  }

  it('the task form’s 完成% and 进展情况, and the report’s 完成进度（%）', () => {
    const tasks = specOf('tasks').table.columns;
    for (const progress of [tasks.find((c) => c.input === 'progress')!.header, '完成进度（%）']) {
      const r = readTaskProgressCsv(`填报单位,序号,报告期,状态,${progress},${tasks.find((c) => c.input === 'text')!.header},说明\n区财政局,2,2023-06,推进中,45,已完成招标,\n`);
      assert.deepEqual(
        r.items.map((t) => [t.progress, t.text]),
        [[45, '已完成招标']],
        progress,
      );
    }
  });

  it('the formula guard covers every text cell that starts like a formula, whatever its line breaks', () => {
    fc.assert(
      fc.property(fc.constantFrom('=', '+', '-', '@'), fc.string(), fc.constantFrom('\n', '\r\n', '\r', ''), fc.string(), (start, a, br, b) => {
        const text = `${start}${a}${br}${b}`;
        if (/^[-+]?\d/.test(text) || text === '-') return; // a bare number or dash is data, not a formula start worth guarding
        const csv = rowsToCsv(['说明'], [[text]]);
        const body = csv.replace(/^\uFEFF说明\r\n/, '');
        assert.ok(body.startsWith("'") || body.startsWith(`"'`), JSON.stringify(body));
      }),
    );
  });
});
