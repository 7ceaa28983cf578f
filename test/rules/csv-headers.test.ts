/**
 * Every header a planbook form, report or export prints is read back by the CSV readers: a column
 * headed the way planbook itself heads it is never ignored without a word.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { readFiguresCsv, readTaskProgressCsv } from '../../src/rules/figures-csv';
import { rowsToCsv } from '../../src/report/csv';
import { specOf } from '../template/fixtures';
import { MAIN_INDICATOR_COLUMNS } from '../../src/report/main-indicators';

const figuresHeaders = (value: string, growth: string, base: string, note: string) => `填报单位,指标名称,报告期,${value},${growth},${base},${note}\n区财政局,一般公共预算收入,2023-06,58.18,3.1,56.43,按快报\n`;

describe('CSV headers planbook prints read back', () => {
  const form = specOf('indicators').table.columns;
  const header = (input: string) => form.find((c) => c.input === input)!.header;
  const cases: [string, string, string, string, string][] = [
    ['the indicator form’s own headers', header('value'), header('growth'), header('sameLastYear'), header('note')],
    ['the report CSV’s 本期累计 and 同比增长（%）', '本期累计', '同比增长（%）', '上年同期', '说明'],
    ['同比增长(%) with ASCII brackets', '数值', '同比增长(%)', '上年同期数', '备注'],
    ['full-width ％', '数值', '同比增长％', '上年同期', '说明'],
  ];
  for (const [name, v, g, b, n] of cases) {
    it(`${name}: ${v}, ${g}, ${b}, ${n}`, () => {
      const r = readFiguresCsv(figuresHeaders(v, g, b, n));
      assert.deepEqual(r.findings, []);
      assert.deepEqual(
        r.items.map((f) => [f.value, f.growth, f.sameLastYear, f.note]),
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

  // One test per header the forms and the report print: that column, and only it, headed as planbook heads it.
  const FIG_ROW = { orgUnit: '区财政局', indicator: '一般公共预算收入', period: '2023-06', value: '58.18', growth: '3.1', sameLastYear: '56.43', note: '按快报' };
  const FIG_KEY: Record<string, keyof typeof FIG_ROW> = { indicator: 'indicator', value: 'value', growth: 'growth', base: 'sameLastYear', sameLastYear: 'sameLastYear', note: 'note' };
  const printed: [string, keyof typeof FIG_ROW, string][] = [
    ...specOf('indicators')
      .table.columns.filter((c) => FIG_KEY[c.input ?? c.key])
      .map((c): [string, keyof typeof FIG_ROW, string] => ['the indicator form', FIG_KEY[c.input ?? c.key]!, c.header]),
    // The report's `unit` is the 计量单位 (亿元), not the 填报单位 a figures CSV means by unit.
    ...MAIN_INDICATOR_COLUMNS.filter((c) => c.key in FIG_ROW && c.key !== 'unit').flatMap((c): [string, keyof typeof FIG_ROW, string][] => [
      ['the report', c.key as keyof typeof FIG_ROW, c.header.zh],
      ['the report in English', c.key as keyof typeof FIG_ROW, c.header.en],
      ['the report in both languages', c.key as keyof typeof FIG_ROW, `${c.header.zh} / ${c.header.en}`],
    ]),
  ];
  for (const [where, key, printedHeader] of printed) {
    it(`${where} heads ${key} “${printedHeader}”: read back into ${key}`, () => {
      const keys = Object.keys(FIG_ROW) as (keyof typeof FIG_ROW)[];
      const csv = `${keys.map((k) => (k === key ? `"${printedHeader}"` : k)).join(',')}\n${keys.map((k) => FIG_ROW[k]).join(',')}\n`;
      const r = readFiguresCsv(csv);
      assert.deepEqual(r.findings, []);
      const got = r.items[0]![key];
      assert.equal(String(got), FIG_ROW[key], csv);
    });
  }
  const TASK_ROW = { orgUnit: '区财政局', taskNo: '2', period: '2023-06', status: '推进中', progress: '45', text: '已完成招标', note: '按计划' };
  for (const c of specOf('tasks').table.columns) {
    const key = (c.input ?? (c.key === 'no' ? 'taskNo' : null)) as keyof typeof TASK_ROW | null;
    if (!key || !(key in TASK_ROW)) continue;
    it(`the task form heads ${key} “${c.header}”: read back into ${key}`, () => {
      const keys = Object.keys(TASK_ROW) as (keyof typeof TASK_ROW)[];
      const csv = `${keys.map((k) => (k === key ? c.header : k === 'taskNo' ? 'task' : k)).join(',')}\n${keys.map((k) => TASK_ROW[k]).join(',')}\n`;
      const r = readTaskProgressCsv(csv);
      assert.deepEqual(r.findings, []);
      assert.equal(String(r.items[0]![key]), TASK_ROW[key], csv);
    });
  }

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
