/**
 * A blank template built from its spec alone, for hosts that cannot insert the designed .xlsx
 * (Excel before ExcelApi 1.13, Excel on the web when the file cannot be fetched): a title, the
 * header cells the spec names, and the table header with one sample data row below it. Plain, but
 * the template engine fills and reads it exactly like the designed one.
 */
import { cellAddress, rangeAddress, type WriteOp } from '../template/port';
import type { HeaderContent, TemplateSpec } from '../template/spec';

const LABELS: Record<HeaderContent, string> = {
  title: '',
  orgUnit: '填报单位',
  period: '报告期',
  plan: '计划',
  measureUnit: '计量单位',
  filledAt: '生成时间',
};

/** `existingNames`: names already in the workbook, which must not be defined twice. */
export function blankTemplateOps(spec: TemplateSpec, existingNames: readonly string[] = []): WriteOp[] {
  const sheet = spec.sheet;
  const have = new Set(existingNames.map((n) => n.toLowerCase()));
  const ops: WriteOp[] = [{ kind: 'addSheet', sheet, visible: true }];
  const define = (name: string, address: string): void => {
    if (!have.has(name.toLowerCase())) ops.push({ kind: 'defineName', name, ref: { sheet, address } });
  };
  let row = 1;
  for (const [name, content] of Object.entries(spec.cells)) {
    if (content === 'title') {
      ops.push({ kind: 'values', sheet, at: cellAddress(row, 1), values: [[spec.title.zh]] });
      ops.push({ kind: 'style', range: { sheet, address: cellAddress(row, 1) }, style: { bold: true } });
      define(name, cellAddress(row, 1));
    } else {
      ops.push({ kind: 'values', sheet, at: cellAddress(row, 1), values: [[LABELS[content], null]] });
      define(name, cellAddress(row, 2));
    }
    row++;
  }
  const headerRow = row + 1;
  const width = spec.table.columns.length;
  ops.push({ kind: 'values', sheet, at: cellAddress(headerRow, 1), values: [spec.table.columns.map((c) => c.header)] });
  ops.push({ kind: 'style', range: { sheet, address: rangeAddress(headerRow, 1, headerRow, width) }, style: { bold: true, fill: '#DEECF9' } });
  define(spec.table.header, rangeAddress(headerRow, 1, headerRow, width));
  return ops;
}
