/**
 * The district's report tables (src/report) as formatted sheets in the open workbook, with a native
 * column chart: one sync to learn the sheet names in use, one to write every table, format and
 * chart, however many rows. Report tables are a few hundred rows at most, far under 5 MB.
 */
import type { Lang } from '../../model/i18n';
import type { Cell, Column, Table } from '../../report/table';
import { cellAddress, columnLetter, rangeAddress } from '../../template/port';
import type { ExcelRun } from './excel-workbook';
import { toPlanbookError } from './excel-errors';

export interface ChartSpec {
  /** The table the chart draws from. */
  table: string;
  category: string;
  series: string[];
  title: { zh: string; en: string };
}

export interface InsertedReport {
  sheets: string[];
  syncs: number;
}

const HEADER_FILL = '#DEECF9';

/** A sheet name Excel accepts (≤ 31 chars, none of \ / ? * [ ] :) and not yet taken. */
export function sheetNameFor(title: string, taken: ReadonlySet<string>): string {
  const base =
    title
      .replace(/[\\/?*[\]:]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 28) || 'Report';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 27 - String(i).length)}(${i})`;
  return name;
}

function shown(c: Column, v: Cell, lang: Lang): Cell {
  if (v === null) return '';
  if (c.type === 'enum' && typeof v === 'string') {
    const l = c.labels?.[v];
    return l ? (lang === 'en' ? l.en : l.zh) : v;
  }
  return typeof v === 'string' && /^[=+\-@]/.test(v) && v !== '-' ? `'${v}` : v;
}

function formatOf(c: Column): string | null {
  if (c.type === 'percent' || c.type === 'points') return `0.${'0'.repeat(c.decimals ?? 1)}`;
  if (c.type === 'number') return c.decimals === undefined ? 'General' : c.decimals === 0 ? '0' : `0.${'0'.repeat(c.decimals)}`;
  return null;
}

export async function insertReportSheets(run: ExcelRun, tables: readonly Table[], charts: readonly ChartSpec[], lang: Lang): Promise<InsertedReport> {
  let syncs = 0;
  const names: string[] = [];
  try {
    await run(async (ctx) => {
      const sheets = ctx.workbook.worksheets.load('items/name');
      await ctx.sync();
      syncs++;
      const taken = new Set(sheets.items.map((s) => s.name.toLowerCase()));
      for (const table of tables) {
        const name = sheetNameFor(lang === 'en' ? table.title.en : table.title.zh, taken);
        taken.add(name.toLowerCase());
        names.push(name);
        const ws = ctx.workbook.worksheets.add(name);
        const width = table.columns.length;
        const headerRow = 3;
        const last = headerRow + table.rows.length;
        ws.getRange('A1').values = [[lang === 'en' ? table.title.en : table.title.zh]];
        ws.getRange('A1').format.font.bold = true;
        ws.getRange(rangeAddress(headerRow, 1, headerRow, width)).values = [table.columns.map((c) => (lang === 'en' ? c.header.en : c.header.zh))];
        const head = ws.getRange(rangeAddress(headerRow, 1, headerRow, width));
        head.format.font.bold = true;
        head.format.fill.color = HEADER_FILL;
        if (table.rows.length > 0) {
          ws.getRange(rangeAddress(headerRow + 1, 1, last, width)).values = table.rows.map((r) => table.columns.map((c) => shown(c, r[c.key] ?? null, lang))) as (string | number)[][];
          table.columns.forEach((c, j) => {
            const fmt = formatOf(c);
            if (fmt) ws.getRange(rangeAddress(headerRow + 1, j + 1, last, j + 1)).numberFormat = table.rows.map(() => [fmt]);
          });
        }
        ws.getRange(rangeAddress(headerRow, 1, Math.max(last, headerRow), width)).format.autofitColumns();

        for (const chart of charts.filter((c) => c.table === table.id && table.rows.length > 0)) {
          // Charts need one contiguous block: copy the category and series columns beside the table.
          const keys = [chart.category, ...chart.series];
          const cols = keys.map((k) => table.columns.find((c) => c.key === k)).filter((c): c is Column => !!c);
          const left = width + 2;
          const block = [cols.map((c) => (lang === 'en' ? c.header.en : c.header.zh)), ...table.rows.map((r) => cols.map((c) => r[c.key] ?? null))];
          const address = rangeAddress(headerRow, left, headerRow + block.length - 1, left + cols.length - 1);
          ws.getRange(address).values = block.map((row) => row.map((v) => (v === null ? '' : v))) as (string | number)[][];
          const ch = ws.charts.add('ColumnClustered', ws.getRange(address), 'Columns');
          ch.title.text = lang === 'en' ? chart.title.en : chart.title.zh;
          ch.setPosition(cellAddress(last + 2, 1), `${columnLetter(Math.max(6, width))}${last + 20}`);
        }
      }
      if (names[0]) ctx.workbook.worksheets.getItem(names[0]).activate();
      await ctx.sync();
      syncs++;
    });
  } catch (e) {
    throw toPlanbookError(e, names);
  }
  return { sheets: names, syncs };
}
