/**
 * Workbooks and CSV → blocks: every non-empty row of every sheet is a table row, so a responsibility
 * list kept in Excel (序号 | 重点任务 | 牵头领导 | 责任单位 | 完成时限) reads like a Word table.
 * .xlsx through ExcelJS; .xls, .et (WPS, the same BIFF format) and .ods through SheetJS; .csv
 * (UTF-8 or GBK, as Excel saves it) through papaparse. A merged cell's text stands in every cell it
 * covers: a 牵头领导 merged down five rows leads all five tasks.
 *
 * `line` counts rows over the whole workbook: sheet 2's first row follows sheet 1's last, and
 * `sheet` names the sheet.
 */
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import Papa from 'papaparse';
import { block, type Block } from '../../importer';
import { bad, damaged } from './bad-document';
import { decodeText } from './text-decode';

function cellText(v: ExcelJS.CellValue, numFmt: string | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    // A share kept as a number with a % format (0.055 shown as 5.5%) reads as the sheet shows it.
    if (numFmt && numFmt.includes('%')) {
      const decimals = /\.(0+)%/.exec(numFmt)?.[1].length ?? 0;
      return `${(v * 100).toFixed(decimals)}%`;
    }
    return String(v);
  }
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText((v.result ?? null) as ExcelJS.CellValue, numFmt);
    if ('text' in v) return String(v.text);
    if ('error' in v) return '';
  }
  return String(v);
}

export async function xlsxBlocks(buf: Buffer, name: string): Promise<Block[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch {
    throw damaged(name, ' Excel 工作簿（.xlsx）', 'Excel workbook (.xlsx)');
  }
  const out: Block[] = [];
  let offset = 0;
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) {
        const cell = row.getCell(c);
        // A merged cell's other cells hold their master's value.
        const src = cell.isMerged ? cell.master : cell;
        cells.push(cellText(src.value, src.numFmt).trim());
      }
      if (cells.some((x) => x !== '')) out.push(block.row(cells, { line: offset + n, sheet: ws.name }));
    });
    offset += ws.rowCount;
  }
  return out;
}

/** .xls / .et / .ods through SheetJS. */
export function sheetJsBlocks(buf: Buffer, name: string, format: string): Block[] {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(buf, { type: 'buffer', cellDates: true, dense: false });
  } catch (e) {
    if (/password|encrypt/i.test(String(e))) throw bad(name, '工作簿有密码保护，无法读取；请去除密码后再导入', 'the workbook is password-protected and cannot be read; remove the password and import it again');
    throw damaged(name, `电子表格（${format}）`, `spreadsheet (${format})`);
  }
  const out: Block[] = [];
  let offset = 0;
  for (const sheetName of wb.SheetNames) {
    const ws = wb.Sheets[sheetName];
    if (!ws['!ref']) continue;
    const range = XLSX.utils.decode_range(ws['!ref']);
    for (const m of ws['!merges'] ?? []) {
      const master = ws[XLSX.utils.encode_cell(m.s)] as XLSX.CellObject | undefined;
      if (!master) continue;
      for (let r = m.s.r; r <= m.e.r; r++) for (let c = m.s.c; c <= m.e.c; c++) if (r !== m.s.r || c !== m.s.c) ws[XLSX.utils.encode_cell({ r, c })] = { ...master };
    }
    const rows = XLSX.utils.sheet_to_json<string[]>(ws, { header: 1, raw: false, defval: '', blankrows: true });
    rows.forEach((cells, i) => {
      const texts = cells.map((c) => String(c).trim());
      if (texts.some((x) => x !== '')) out.push(block.row(texts, { line: offset + range.s.r + i + 1, sheet: sheetName }));
    });
    offset += range.e.r + 1;
  }
  return out;
}

export function csvBlocks(buf: Buffer, name: string): Block[] {
  const decoded = decodeText(buf);
  if (!decoded) throw bad(name, '不是可读取的 CSV 文件（编码无法识别）；请另存为 UTF-8 CSV', 'not a readable CSV file (unknown encoding); save it as UTF-8 CSV');
  const parsed = Papa.parse<string[]>(decoded.text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  const out: Block[] = [];
  parsed.data.forEach((cells, i) => {
    const texts = cells.map((c) => c.trim());
    if (texts.some((x) => x !== '')) out.push(block.row(texts, { line: i + 1 }));
  });
  return out;
}
