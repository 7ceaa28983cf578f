/**
 * The real template .xlsx files read with ExcelJS into what the fake's insertWorksheetsFromBase64
 * inserts: cells and the defined names pointing into each sheet. Keyed by the base64 text the pane
 * hands to Excel, so the fake inserts exactly the file the pane fetched.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { DecodedSheet, Scalar } from '../hosts/excel/fake-excel';

const DIR = join(__dirname, '..', '..', 'templates');

function scalar(v: ExcelJS.CellValue): Scalar | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'formula' in v && typeof v.formula === 'string') return `=${v.formula}`;
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'text' in v && typeof v.text === 'string') return v.text;
  return null;
}

export async function decodeTemplates(): Promise<{ base64: Map<string, string>; sheets: Map<string, DecodedSheet[]> }> {
  const base64 = new Map<string, string>();
  const sheets = new Map<string, DecodedSheet[]>();
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.xlsx'))) {
    const bytes = readFileSync(join(DIR, file));
    const b64 = bytes.toString('base64');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const names = (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model;
    const decoded: DecodedSheet[] = wb.worksheets.map((ws) => {
      const cells: Record<string, Scalar> = {};
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          const v = scalar(cell.value);
          if (v !== null) cells[cell.address] = v;
        }),
      );
      const own: Record<string, string> = {};
      for (const n of names) {
        const r = n.ranges[0];
        if (r && r.replace(/^'|'?!.*$/g, '') === ws.name) own[n.name] = `=${r}`;
      }
      return { name: ws.name, cells, names: own };
    });
    base64.set(file, b64);
    sheets.set(b64, decoded);
  }
  return { base64, sheets };
}
