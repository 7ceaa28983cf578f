/**
 * The 审核公式 sheet in an .xlsx file: cell text in and out, nothing more. What the rows mean is
 * src/rules/formula/sheet.ts (pure), so the CLI and any other host read the same rules from the same rows.
 */
import ExcelJS from 'exceljs';
import { PlanbookError } from '../../model/errors';
import { SHEET_NAME, type Cell } from '../../rules/formula/sheet';
import { loadWorkbook, saveWorkbook } from './file';
import type { OutputOptions } from '../node/output-file';

/**
 * The text a statistician sees in a cell (rich text joined, a date as typed). A formula cell is its
 * cached text result when it has one (`="[A]"&" >= 80"` shows `[A] >= 80`, and that is the rule);
 * otherwise its formula, which is what was typed (a rule starting with "=" that Excel took for its own).
 */
function cellText(c: ExcelJS.Cell): Cell {
  const v = c.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'formula' in v && typeof v.formula === 'string') {
    const shown: unknown = 'result' in v ? v.result : undefined;
    return typeof shown === 'string' && shown.trim() !== '' ? shown : v.formula;
  }
  return c.text;
}

/**
 * Rows of the 审核公式 sheet (or, when a workbook has one sheet only, that sheet), as cell text.
 * Throws a bilingual PlanbookError for a file that is not a readable workbook or has no such sheet.
 */
export async function readRulesWorkbook(file: string): Promise<Cell[][]> {
  const wb = await loadWorkbook(file);
  const ws = wb.getWorksheet(SHEET_NAME) ?? (wb.worksheets.length === 1 ? wb.worksheets[0] : undefined);
  if (!ws) {
    throw new PlanbookError('VALIDATION', { zh: `${file} 中没有“${SHEET_NAME}”工作表`, en: `${file} has no sheet named "${SHEET_NAME}"` });
  }
  const rows: Cell[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: Cell[] = [];
    for (let i = 1; i <= Math.max(row.cellCount, 9); i++) cells.push(cellText(row.getCell(i)));
    rows[n - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

/** Writes the rows as the 审核公式 sheet of a new workbook: bold header, frozen, widths to read formulas by. */
export async function writeRulesWorkbook(file: string, rows: string[][], opts: OutputOptions = {}): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  for (const r of rows) ws.addRow(r);
  ws.getRow(1).font = { bold: true };
  const widths = [14, 60, 10, 40, 40, 24, 14, 14, 8];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  // Cells hold text: a formula such as "=[A]" must stay the rule's text, not become an Excel formula.
  ws.eachRow((row) => row.eachCell((c) => (c.numFmt = '@')));
  await saveWorkbook(wb, file, opts);
}
