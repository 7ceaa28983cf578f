/**
 * Generates the template workbooks in templates/ from their specs, once; the .xlsx files are
 * committed and may be redesigned by hand in Excel afterwards (the engine finds everything through
 * the defined names, not through fixed addresses). Run: npx tsx scripts/make-templates.ts
 *
 * The layout follows the forms district offices already mail around: a title, the unit and period
 * on the second row, a note on units of measure, a bordered table whose input cells are tinted,
 * frozen headings, a print area on one landscape page width, and columns wide enough for Chinese text.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { listSpecs, templatesDir } from '../src/hosts/xlsx/templates';
import type { ColumnSpec, TemplateSpec } from '../src/template/spec';
import { columnLetter } from '../src/template/port';
import { saveWorkbook } from '../src/hosts/xlsx/file';

const HEADER_ROW = 4;
const FONT = 'SimSun';
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF8E1' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** Widths in Excel's character units; a Chinese character takes about two. */
const WIDTHS: Record<string, number> = {
  indicator: 30,
  measureUnit: 10,
  target: 14,
  targetText: 24,
  value: 14,
  base: 14,
  growth: 11,
  completion: 13,
  timeProgress: 11,
  gap: 16,
  verdict: 14,
  units: 28,
  note: 28,
  no: 6,
  task: 60,
  leaders: 14,
  leadUnit: 18,
  deadline: 14,
  text: 40,
  status: 10,
  progress: 10,
};

const NOTES: Record<string, string[]> = {
  indicators: [
    '填表说明：1. 本月止累计、上年同期按“计量单位”列填写，注意亿元与万元不要混用；',
    '2. 同比增长以%填写（如增长5.2%填5.2）；完成全年目标%由公式自动计算，请勿改动；',
    '3. 数据异常（如大幅波动）请在“说明”列写明原因。',
  ],
  tasks: ['填表说明：1. 状态从下拉列表中选择（未启动、推进中、已完成、滞后）；', '2. 完成%填0–100的数字；进度较上期倒退或滞后的，请在“说明”列写明原因。'],
  'report-indicators': ['注：完成全年目标% = 本期累计 ÷ 全年目标值 × 100；时间进度按报告期末月份占全年比例计算。'],
  'report-tasks': ['注：状态、完成%为各责任单位填报数。'],
};

function unitLine(spec: TemplateSpec): string {
  if (spec.table.rows === 'tasks' || spec.table.rows === 'report-tasks') return '完成%：0–100';
  return '计量单位：见各行“计量单位”列；增长、完成率、时间进度为%';
}

function isNumberColumn(c: ColumnSpec): boolean {
  return c.type === 'decimal' || c.type === 'percent' || c.formula !== undefined || ['target', 'value', 'growth', 'timeProgress', 'progress'].includes(c.source ?? '');
}

function build(spec: TemplateSpec): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'planbook';
  wb.calcProperties.fullCalcOnLoad = true;
  const cols = spec.table.columns;
  const n = cols.length;
  const last = columnLetter(n);
  const ws = wb.addWorksheet(spec.sheet, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: HEADER_ROW, topLeftCell: `B${HEADER_ROW + 1}`, activeCell: `A${HEADER_ROW + 1}` }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true },
    properties: { defaultRowHeight: 20 },
  });
  ws.columns = cols.map((c) => ({ key: c.key, width: WIDTHS[c.key] ?? 14 }));
  const base: Partial<ExcelJS.Font> = { name: FONT, size: 11 };

  ws.mergeCells(`A1:${last}1`);
  const title = ws.getCell('A1');
  title.value = spec.title.zh;
  title.font = { name: 'SimHei', size: 16, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 32;

  const hasUnit = Object.values(spec.cells).includes('orgUnit');
  // The labels need about five Chinese characters of width: span as many narrow columns as that takes.
  const widthOf = (c: number): number => WIDTHS[cols[c - 1]!.key] ?? 14;
  let labelEnd = 1;
  while (labelEnd < n && widthOf(1) + (labelEnd > 1 ? widthOf(labelEnd) : 0) < 10) labelEnd++;
  const unitCol = labelEnd + 1;
  const periodLabelCol = hasUnit ? n - 2 : labelEnd;
  const periodCol = periodLabelCol + 1;
  if (hasUnit) {
    ws.getCell(2, 1).value = '填报单位：';
    if (labelEnd > 1) ws.mergeCells(2, 1, 2, labelEnd);
    ws.mergeCells(2, unitCol, 2, Math.max(unitCol, periodLabelCol - 1));
  }
  ws.getCell(2, periodLabelCol).value = '报告期：';
  ws.mergeCells(2, periodCol, 2, n);
  for (let c = 1; c <= n; c++) ws.getCell(2, c).font = { ...base, bold: c === 1 || c === periodLabelCol };
  ws.getCell(2, 1).alignment = { horizontal: 'right' };
  ws.getCell(2, periodLabelCol).alignment = { horizontal: 'right' };
  ws.getCell('A3').value = unitLine(spec);
  ws.getCell('A3').font = { ...base, size: 10, italic: true };
  ws.mergeCells(`A3:${last}3`);

  const header = ws.getRow(HEADER_ROW);
  header.height = 36;
  cols.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { ...base, bold: true };
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });

  // The one sample data row the engine grows into as many rows as the unit needs.
  const sample = ws.getRow(HEADER_ROW + 1);
  sample.height = 22;
  cols.forEach((c, i) => {
    const cell = sample.getCell(i + 1);
    cell.font = c.formula ? { ...base, color: { argb: 'FF404040' } } : base;
    cell.border = THIN;
    const numeric = isNumberColumn(c);
    // 全年目标 holds an amount or a phrase (增长5%左右): centred reads well for both.
    const centred = ['no', 'status', 'measureUnit', 'target', 'deadline'].includes(c.key);
    cell.alignment = { vertical: 'middle', horizontal: centred ? 'center' : numeric ? 'right' : 'left', wrapText: !numeric || c.key === 'target' };
    if (numeric) cell.numFmt = c.numberFormat ?? (c.type === 'percent' ? '0.0' : '#,##0.00');
    if (c.input) cell.fill = INPUT_FILL;
  });

  let lastRow = HEADER_ROW + 1;
  const footerRows = new Set((spec.table.footer ?? []).map((f) => f.offset));
  for (const offset of footerRows) {
    const row = ws.getRow(HEADER_ROW + 1 + offset);
    row.height = 22;
    cols.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.font = { ...base, bold: true };
      cell.border = THIN;
      cell.alignment = { vertical: 'middle', horizontal: isNumberColumn(c) ? 'right' : 'left' };
    });
    lastRow = Math.max(lastRow, HEADER_ROW + 1 + offset);
  }
  const notes = NOTES[spec.id] ?? [];
  notes.forEach((t, i) => {
    const cell = ws.getCell(lastRow + 2 + i, 1);
    cell.value = t;
    cell.font = { ...base, size: 10 };
  });
  const printBottom = lastRow + 1 + notes.length;
  ws.pageSetup.printArea = `A1:${last}${printBottom}`;
  ws.pageSetup.printTitlesRow = `${HEADER_ROW}:${HEADER_ROW}`;
  ws.headerFooter.oddFooter = '第 &P 页，共 &N 页';

  const ref = (a: string): string => `'${spec.sheet}'!${a}`;
  wb.definedNames.add(ref('$A$1'), 'pb_title');
  if (hasUnit) wb.definedNames.add(ref(`$${columnLetter(unitCol)}$2`), 'pb_unit');
  wb.definedNames.add(ref(`$${columnLetter(periodCol)}$2`), 'pb_period');
  wb.definedNames.add(ref(`$A$${HEADER_ROW}:$${last}$${HEADER_ROW}`), spec.table.header);
  for (const name of Object.keys(spec.cells)) {
    if (!['pb_title', 'pb_unit', 'pb_period'].includes(name)) throw new Error(`make-templates: no place designed for ${name} in ${spec.id}`);
  }
  return wb;
}

async function main(): Promise<void> {
  const dir = templatesDir();
  for (const spec of await listSpecs(dir)) {
    await saveWorkbook(build(spec), join(dir, spec.file), { force: true }); // regenerates the shipped templates in place
    console.log(`${spec.file}  ← ${spec.id}.spec.json`);
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
