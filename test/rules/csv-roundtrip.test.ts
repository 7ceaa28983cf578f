/**
 * Issue 11, item 7: every CSV planbook writes with figures in it reads back, through planbook's own
 * CSV reader, as the same figures — whatever the notes hold (commas, quotes, line breaks of every
 * kind, a leading = + - @ tab or CR, quotes before them, Chinese text) — and the formula guard covers
 * every text cell that starts like a formula, whatever its line breaks. The writers: the figures CSV
 * (figuresToCsv), a report table (tableToCsv in zh, en and both languages), and the `planbook report`
 * file of several titled tables (renderTablesCsv).
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import * as Papa from 'papaparse/papaparse.js';
import { readFiguresCsv } from '../../src/rules/figures-csv';
import { figuresToCsv, tableToCsv } from '../../src/report/csv';
import { renderTablesCsv } from '../../src/cli/check-output';
import { MAIN_INDICATOR_COLUMNS } from '../../src/report/main-indicators';
import type { Table } from '../../src/report/table';
import type { Figure } from '../../src/model/submission';
import { FORMULA_START } from '../../src/model/csv-guard';
import { readPeriod } from '../../src/model/period';

/** Pieces a statistician's note or a name is made of, the awkward ones often. */
const PIECE = fc.constantFrom('a', 'Z', '中', '增长', '说明', '，', ',', '"', "'", '\n', '\r\n', '\r', '=', '+', '-', '@', '\t', ' ', '1', '.', '%', '（', '）', '\u3000');
const START = fc.constantFrom('', '', '=', '+', '-', '@', '\t', '\r', "'", "'=", "''+", '"', ' =', '=SUM(A1:A2)\n', '-1+1');
const text = fc.tuple(START, fc.array(PIECE, { maxLength: 12 }), fc.string({ maxLength: 4 })).map(([s, p, r]) => s + p.join('') + r);
const named = text.filter((t) => t.trim() !== '');
/** Figures as the forms hold them: finite numbers (−0 is 0 in any file) or empty. */
const amount = fc.oneof(fc.constant(null), fc.integer({ min: -1e6, max: 1e9 }), fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true })).map((v) => (v === 0 ? 0 : v));
const period = fc.constantFrom('2023-06', '2023-12', '2023年1-6月', '2024-03');

const figure = fc.record({
  orgUnit: fc.oneof(fc.constantFrom('区财政局', '区发展改革委', ''), text),
  indicator: fc.oneof(fc.constantFrom('地区生产总值', '一般公共预算收入', '社会消费品零售总额'), named),
  period,
  value: amount,
  growth: amount,
  sameLastYear: amount,
  note: text,
});

/** A period as the reader gives it back: the forms' spelling (2023年1-6月) in planbook's own (2023-06), by the one period reader. */
const periodRead = (p: string): string => readPeriod(p.trim())?.period ?? p.trim();
/** What the reader gives back for a figure: names and notes trimmed (hand-made CSVs pad them), numbers as they were. */
const asRead = (f: Figure): Figure => ({ ...f, orgUnit: f.orgUnit.trim(), indicator: f.indicator.trim(), period: periodRead(f.period), note: f.note.trim() });
/** The findings of a read, less the info lines saying how a period in the forms' spelling was read. */
const faults = (r: { findings: { rule: string }[] }): { rule: string }[] => r.findings.filter((f) => f.rule !== 'csv-period');

describe('CSV round trip: what planbook writes, planbook reads back as the same figures', () => {
  it('the figures CSV: values, growth, 上年同期 and any note', () => {
    fc.assert(
      fc.property(fc.array(figure, { minLength: 1, maxLength: 8 }), (figures) => {
        const r = readFiguresCsv(figuresToCsv(figures));
        assert.deepEqual(faults(r), []);
        assert.deepEqual(r.items, figures.map(asRead));
      }),
      { numRuns: 400 },
    );
  });

  it('a report table, in Chinese, English and both: indicator, period, value to date and growth', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ indicator: named, period, value: amount, growth: amount }), { minLength: 1, maxLength: 6 }), fc.constantFrom('zh', 'en', 'both'), (rows, lang) => {
        const table: Table = { id: 'main', title: { zh: '主要经济指标完成情况表', en: 'Main indicators' }, columns: MAIN_INDICATOR_COLUMNS, rows: rows.map((r) => ({ ...r, unit: '亿元', state: 'submitted' })) };
        const r = readFiguresCsv(tableToCsv(table, lang));
        assert.deepEqual(faults(r), []);
        assert.deepEqual(
          r.items.map((f) => [f.indicator, f.period, f.value, f.growth]),
          rows.map((x) => [x.indicator.trim(), periodRead(x.period), x.value, x.growth]),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('the `planbook report` file: several titled tables, the figures read from the one that holds them', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ indicator: named, period, value: amount, growth: amount }), { minLength: 1, maxLength: 5 }), fc.constantFrom('zh', 'en', 'both'), (rows, lang) => {
        const main: Table = { id: 'main', title: { zh: '主要经济指标完成情况表', en: 'Main indicators' }, columns: MAIN_INDICATOR_COLUMNS, rows: rows.map((r) => ({ ...r, unit: '亿元', state: 'submitted' })) };
        const other: Table = { id: 'status', title: { zh: '报送情况', en: 'Submissions' }, columns: [{ key: 'unit', header: { zh: '填报单位', en: 'Unit' }, type: 'text' }], rows: [{ unit: '=区商务局' }] };
        const file = renderTablesCsv([main, other], lang);
        const r = readFiguresCsv(file);
        assert.deepEqual(faults(r), []);
        assert.deepEqual(
          r.items.map((f) => [f.indicator, f.period, f.value, f.growth]),
          rows.map((x) => [x.indicator.trim(), periodRead(x.period), x.value, x.growth]),
        );
        // Rows are numbered as lines of the file: the first figure is on line 3, under the title and the header.
        assert.equal(r.rows[0], 3);
      }),
      { numRuns: 100 },
    );
  });

  it('the formula guard covers every text cell that starts like a formula, whatever its line breaks, and nothing else', () => {
    fc.assert(
      fc.property(fc.array(figure, { minLength: 1, maxLength: 4 }), (figures) => {
        const parsed = Papa.parse(figuresToCsv(figures).replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' }).data.slice(1);
        figures.forEach((f, i) => {
          const cells = parsed[i]!;
          for (const [k, at] of [
            ['orgUnit', 0],
            ['indicator', 1],
            ['note', 6],
          ] as const) {
            const written = cells[at]!;
            if (FORMULA_START.test(f[k])) assert.equal(written, `'${f[k]}`, `${k} ${JSON.stringify(f[k])} is guarded`);
            else assert.equal(written, f[k], `${k} ${JSON.stringify(f[k])} is written as it is`);
            // What a spreadsheet would see at the start of the cell is never a formula character.
            assert.ok(!/^[=+\-@\t\r]/.test(written), JSON.stringify(written));
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
