/**
 * Where a spec's parts sit in a workbook: the named ranges resolved to cells, and the column letter
 * of every column key. Shared by fill, readBack and the finding → cell mapping.
 */
import { columnLetter, parseRange, type DefinedName, type RangeRef, type WorkbookInfo } from './port';
import type { ColumnSpec, TemplateSpec } from './spec';
import { templateErrors } from './messages';

export interface Layout {
  sheet: string;
  headerRow: number;
  headerLeft: number;
  /** The first data row (right below the header). */
  firstRow: number;
  letters: Map<string, string>;
  /** Header cells by defined name. */
  cells: Map<string, RangeRef>;
}

function findName(names: readonly DefinedName[], name: string): DefinedName | undefined {
  const lower = name.toLowerCase();
  // Excel treats defined names case-insensitively.
  return names.find((n) => n.name.toLowerCase() === lower);
}

export function resolveLayout(spec: TemplateSpec, info: WorkbookInfo): Layout {
  if (!info.sheets.some((s) => s.name === spec.sheet)) throw templateErrors.missingSheet(spec.sheet, spec.id);
  const header = findName(info.names, spec.table.header);
  if (!header?.ref) throw templateErrors.missingName(spec.table.header, spec.id);
  const h = parseRange(header.ref.address);
  const width = h.right - h.left + 1;
  if (width !== spec.table.columns.length) throw templateErrors.headerWidth(spec.id, spec.table.columns.length, width);
  const letters = new Map<string, string>();
  spec.table.columns.forEach((c, i) => letters.set(c.key, columnLetter(h.left + i)));
  const cells = new Map<string, RangeRef>();
  for (const name of Object.keys(spec.cells)) {
    const n = findName(info.names, name);
    if (!n?.ref) throw templateErrors.missingName(name, spec.id);
    cells.set(name, n.ref);
  }
  return { sheet: header.ref.sheet, headerRow: h.bottom, headerLeft: h.left, firstRow: h.bottom + 1, letters, cells };
}

export function isNumeric(c: ColumnSpec): boolean {
  return c.type === 'decimal' || c.type === 'percent';
}

/** Number format for a row's decimals: thousands separators for amounts, as the published tables print them. */
export function decimalsFormat(decimals: number): string {
  return decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
}
