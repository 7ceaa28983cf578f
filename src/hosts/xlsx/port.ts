/**
 * The Sheet port over an ExcelJS workbook (CLI, batch generation, tests). Where ExcelJS and Excel
 * differ on something the engine relies on, this adapter does what Excel does: inserted rows take
 * the format of the row above, and the print area and validations below move down with them.
 */
import type ExcelJS from 'exceljs';
import {
  parseCell,
  parseRange,
  rangeAddress,
  type CellDetails,
  type CellStyle,
  type CellValue,
  type DefinedName,
  type RangeData,
  type RangeRef,
  type ValidationRule,
  type WorkbookInfo,
  type WorkbookPort,
  type WriteOp,
} from '../../template/port';
import { SSF } from 'xlsx';
import { PlanbookError } from '../../model/errors';
import { mergeNote } from '../../template/note-mark';
import { DEFAULT_COLUMN_WIDTH, heightForLines, textWidthPx, wrappedLines } from './row-height';

/** "'指标填报'!$A$4:$H$4" → { sheet, address }; null for anything that is not one range on a sheet. */
export function parseSheetRef(text: string): RangeRef | null {
  const m = /^(?:'((?:[^']|'')+)'|([^'!]+))!(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)$/.exec(text.trim());
  if (!m) return null;
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]!;
  return { sheet, address: m[3]!.replace(/\$/g, '') };
}

function absolute(address: string): string {
  return address
    .split(':')
    .map((a) => a.replace(/^([A-Z]+)(\d+)$/, '$$$1$$$2'))
    .join(':');
}

function quoteSheet(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

/** An ExcelJS cell value as the port sees it: what the cell shows, never an object. */
export function plainValue(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return plainValue((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('error' in v) return String(v.error);
    if ('text' in v) return String(v.text);
  }
  return null;
}

function formulaOf(cell: ExcelJS.Cell): string | null {
  const v = cell.value;
  if (v === null || typeof v !== 'object' || v instanceof Date) return null;
  if ('formula' in v || 'sharedFormula' in v) {
    const f = cell.formula;
    return f ? `=${f}` : null;
  }
  return null;
}

function argb(hex: string): string {
  return `FF${hex.replace('#', '').toUpperCase()}`;
}

function validationOf(rule: ValidationRule): ExcelJS.DataValidation {
  const common = { allowBlank: true, showErrorMessage: true, errorStyle: 'stop' as const };
  switch (rule.kind) {
    case 'list':
      return {
        ...common,
        type: 'list',
        formulae: [`"${rule.items.join(',')}"`],
        errorTitle: '请从列表中选择 / Choose from the list',
        error: `只能填写：${rule.items.join('、')} / Allowed: ${rule.items.join(', ')}`,
      };
    case 'decimal':
    case 'whole': {
      const min = rule.min ?? -1e15;
      const max = rule.max ?? 1e15;
      const range = rule.min !== undefined || rule.max !== undefined ? `${rule.min ?? ''}–${rule.max ?? ''}` : '';
      return {
        ...common,
        type: rule.kind,
        operator: 'between',
        formulae: [min, max],
        errorTitle: '请输入数字 / Enter a number',
        error: range ? `请输入 ${range} 之间的数字 / Enter a number in ${range}` : '此处只能填写数字 / Only numbers here',
      };
    }
  }
}

/** ExcelJS has sheet-level data validations at runtime but leaves them out of its type definitions. */
interface SheetValidations {
  dataValidations: {
    model: Record<string, ExcelJS.DataValidation | undefined>;
    add(address: string, validation: ExcelJS.DataValidation): void;
  };
}

function validations(ws: ExcelJS.Worksheet): SheetValidations['dataValidations'] {
  return (ws as unknown as SheetValidations).dataValidations;
}

export class XlsxWorkbook implements WorkbookPort {
  constructor(readonly workbook: ExcelJS.Workbook) {}

  private sheet(name: string): ExcelJS.Worksheet {
    const ws = this.workbook.getWorksheet(name);
    if (!ws) throw new PlanbookError('BAD_WORKBOOK', { zh: `找不到工作表“${name}”`, en: `No sheet named "${name}"` });
    return ws;
  }

  async describe(): Promise<WorkbookInfo> {
    const names: DefinedName[] = this.workbook.definedNames.model.map((n) => ({
      name: n.name,
      ref: n.ranges.length === 1 ? parseSheetRef(n.ranges[0]!) : null,
    }));
    return {
      sheets: this.workbook.worksheets.map((ws) => ({ name: ws.name, visible: ws.state === 'visible' })),
      names,
    };
  }

  async read(ranges: RangeRef[]): Promise<RangeData[]> {
    return ranges.map((r) => {
      const ws = this.sheet(r.sheet);
      const b = parseRange(r.address);
      const values: CellValue[][] = [];
      const formulas: (string | null)[][] = [];
      for (let row = b.top; row <= b.bottom; row++) {
        const vr: CellValue[] = [];
        const fr: (string | null)[] = [];
        const xr = ws.findRow(row);
        for (let col = b.left; col <= b.right; col++) {
          // findCell, not getCell: reading must not create cells.
          const cell = xr?.findCell(col);
          // A merged area's other cells report its first cell's value in ExcelJS; they hold nothing.
          const slave = cell?.isMerged && cell.master !== cell;
          vr.push(cell && !slave ? plainValue(cell.value) : null);
          fr.push(cell && !slave ? formulaOf(cell) : null);
        }
        values.push(vr);
        formulas.push(fr);
      }
      return r.details ? { values, formulas, details: cellDetails(ws, b, values, r.notes === true) } : { values, formulas };
    });
  }

  async write(ops: WriteOp[]): Promise<void> {
    for (const op of ops) await this.apply(op);
  }

  private eachCell(ref: RangeRef, f: (cell: ExcelJS.Cell) => void): void {
    const ws = this.sheet(ref.sheet);
    const b = parseRange(ref.address);
    for (let row = b.top; row <= b.bottom; row++) {
      const xr = ws.getRow(row);
      for (let col = b.left; col <= b.right; col++) f(xr.getCell(col));
    }
  }

  private async apply(op: WriteOp): Promise<void> {
    switch (op.kind) {
      case 'values': {
        const ws = this.sheet(op.sheet);
        const at = parseCell(op.at);
        op.values.forEach((r, i) => {
          const xr = ws.getRow(at.row + i);
          r.forEach((v, j) => {
            xr.getCell(at.col + j).value = v;
          });
        });
        return;
      }
      case 'formulas': {
        const ws = this.sheet(op.sheet);
        const at = parseCell(op.at);
        op.formulas.forEach((r, i) => {
          const xr = ws.getRow(at.row + i);
          r.forEach((f, j) => {
            if (f !== null) xr.getCell(at.col + j).value = { formula: f.replace(/^=/, '') } as ExcelJS.CellFormulaValue;
          });
        });
        return;
      }
      case 'insertRows':
        return this.insertRows(op.sheet, op.before, op.count);
      case 'style':
        return this.eachCell(op.range, (cell) => applyStyle(cell, op.style));
      case 'note': {
        const cell = this.sheet(op.sheet).getCell(op.cell);
        const next = mergeNote(noteText(cell.note), op.text);
        if (next !== null) cell.note = next;
        // ExcelJS has no API to remove a note; its cell keeps the note in _comment, and a cell read
        // from a file also in its value's model (which it writes back), so both go.
        else if (cell.note !== undefined) {
          const inner = cell as unknown as { _comment?: unknown; _value?: { model?: { comment?: unknown } } };
          delete inner._comment;
          if (inner._value?.model) delete inner._value.model.comment;
        }
        return;
      }
      case 'validation':
        validations(this.sheet(op.range.sheet)).add(op.range.address, validationOf(op.rule));
        return;
      case 'protect': {
        const ws = this.sheet(op.sheet);
        for (const a of op.unlocked) this.eachCell({ sheet: op.sheet, address: a }, (cell) => (cell.style = { ...cell.style, protection: { locked: false } }));
        // No password: the protection keeps a hurried hand off formulas and identity, it is not a lock against the owner.
        await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
        return;
      }
      case 'unprotect':
        this.sheet(op.sheet).unprotect();
        return;
      case 'defineName':
        this.workbook.definedNames.add(`${quoteSheet(op.ref.sheet)}!${absolute(op.ref.address)}`, op.name);
        return;
      case 'addSheet':
        this.workbook.addWorksheet(op.sheet, { state: op.visible ? 'visible' : 'hidden' });
        return;
      case 'setVisible':
        this.sheet(op.sheet).state = op.visible ? 'visible' : 'hidden';
        return;
      case 'fitRows':
        return this.fitRows(op.sheet, op.rows.from, op.rows.to);
      case 'sheetLayout': {
        const ws = this.sheet(op.sheet);
        op.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
        this.eachCell({ sheet: op.sheet, address: op.wrap }, (cell) => (cell.alignment = { ...cell.alignment, wrapText: true, vertical: 'top' }));
        ws.pageSetup = { ...ws.pageSetup, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
        return;
      }
    }
  }

  /**
   * Excel would autofit; a file has no renderer, so each row's height is estimated from its text
   * (src/hosts/xlsx/row-height.ts). A row only ever grows: its height before the op (the template's
   * sample row, copied into the inserted rows) is the minimum, so short rows keep the design.
   * One pass over the rows' cells with the column widths looked up once: cheap for 10,000 rows.
   */
  private fitRows(sheet: string, from: number, to: number): void {
    const ws = this.sheet(sheet);
    const widths = new Map<number, number>();
    const width = (col: number): number => {
      let w = widths.get(col);
      if (w === undefined) {
        w = ws.getColumn(col).width ?? ws.properties.defaultColWidth ?? DEFAULT_COLUMN_WIDTH;
        widths.set(col, w);
      }
      return w;
    };
    const minimum = ws.properties.defaultRowHeight ?? 15;
    for (let r = from; r <= to; r++) {
      const row = ws.findRow(r);
      if (!row) continue;
      let need = 0;
      row.eachCell((cell, col) => {
        const text = cellText(cell);
        if (text === null) return;
        const span = [width(col)];
        if (cell.isMerged) {
          // A merged area's text lives in its top-left cell and wraps across the whole area; an
          // area over several rows shares their heights, which one row's fit cannot judge.
          if (cell.master !== cell) return;
          if (ws.findRow(r + 1)?.findCell(col)?.master === cell) return;
          for (let c = col + 1; row.findCell(c)?.master === cell; c++) span.push(width(c));
        }
        const size = cell.font?.size ?? 11;
        const lines = cell.alignment?.wrapText ? wrappedLines(text, textWidthPx(span), size) : text.split(/\r\n|\r|\n/).length;
        if (lines > 1) need = Math.max(need, heightForLines(lines, size));
      });
      if (need > (row.height ?? minimum)) row.height = need;
    }
  }

  private insertRows(sheet: string, before: number, count: number): void {
    const ws = this.sheet(sheet);
    // 'i+': copy the style of the row above including its empty cells (plain 'i' skips them, and a blank template row is all empty cells).
    ws.insertRows(
      before,
      Array.from({ length: count }, () => []),
      'i+',
    );
    const shift = (row: number): number => (row >= before ? row + count : row);
    const area = ws.pageSetup.printArea;
    if (area) {
      ws.pageSetup.printArea = area
        .split('&&')
        .map((a) => {
          const b = parseRange(a.replace(/\$/g, ''));
          return rangeAddress(shift(b.top), b.left, shift(b.bottom), b.right);
        })
        .join('&&');
    }
    // ExcelJS keys validations by address and leaves them in place on insert; move those below.
    const dvs = validations(ws);
    const model = dvs.model;
    const moved: Record<string, ExcelJS.DataValidation> = {};
    for (const [addr, dv] of Object.entries(model)) {
      if (!dv) continue;
      const b = parseRange(addr);
      moved[rangeAddress(shift(b.top), b.left, shift(b.bottom), b.right)] = dv;
    }
    dvs.model = moved;
    // Merged cells below are re-merged by ExcelJS itself (spliceRows); inserted rows copy the height of the row above.
    const h = ws.getRow(before - 1).height;
    if (h) for (let r = before; r < before + count; r++) ws.getRow(r).height = h;
  }
}

/** The merged areas of a sheet as 'D6:D7', keyed by their first cell (ExcelJS keeps them by master address). */
function mergedAreas(ws: ExcelJS.Worksheet): Map<string, string> {
  const out = new Map<string, string>();
  for (const range of ws.model.merges ?? []) out.set(range.split(':')[0]!, range);
  return out;
}

/** '#RRGGBB' of a solid fill, else null. */
export function solidFill(cell: ExcelJS.Cell | undefined): string | null {
  const f = cell?.fill;
  if (!f || f.type !== 'pattern' || f.pattern !== 'solid') return null;
  const argbColour = f.fgColor?.argb;
  return argbColour && /^[0-9A-F]{8}$/i.test(argbColour) ? `#${argbColour.slice(2).toUpperCase()}` : null;
}

/**
 * How the cells look: number format, the text a spreadsheet would display (rendered with SheetJS's
 * SSF, the number-format engine of the `xlsx` package; a file has no renderer of its own), merged
 * area and solid fill.
 */
function cellDetails(ws: ExcelJS.Worksheet, b: { top: number; left: number; bottom: number; right: number }, values: CellValue[][], notes: boolean): CellDetails {
  const areas = mergedAreas(ws);
  const grid = <T>(f: (cell: ExcelJS.Cell | undefined, i: number, j: number) => T): T[][] => {
    const out: T[][] = [];
    for (let row = b.top; row <= b.bottom; row++) {
      const xr = ws.findRow(row);
      const line: T[] = [];
      for (let col = b.left; col <= b.right; col++) line.push(f(xr?.findCell(col), row - b.top, col - b.left));
      out.push(line);
    }
    return out;
  };
  return {
    formats: grid((cell) => cell?.numFmt ?? (cell ? 'General' : null)),
    texts: grid((cell, i, j) => displayText(values[i]![j]!, cell?.numFmt)),
    merges: grid((cell) => (cell?.isMerged ? (areas.get(cell.master.address) ?? null) : null)),
    fills: grid((cell) => solidFill(cell)),
    ...(notes ? { notes: grid((cell) => noteText(cell?.note)) } : {}),
  };
}

function displayText(v: CellValue, format: string | undefined): string | null {
  if (v === null) return '';
  if (typeof v !== 'number') return String(v);
  try {
    return SSF.format(format ?? 'General', v);
  } catch {
    return null;
  }
}

/** The text a cell shows, when it is text that may need more than one line; numbers never wrap. */
function cellText(cell: ExcelJS.Cell): string | null {
  const v = plainValue(cell.value);
  return typeof v === 'string' && v !== '' ? v : null;
}

/** A note's plain text; ExcelJS gives rich-text notes (LibreOffice writes them so) as runs. */
function noteText(note: ExcelJS.Cell['note'] | undefined): string | null {
  if (note === undefined || note === null) return null;
  if (typeof note === 'string') return note;
  const texts = (note as { texts?: { text: string }[] }).texts;
  return texts ? texts.map((t) => t.text).join('') : null;
}

function applyStyle(cell: ExcelJS.Cell, s: CellStyle): void {
  // Styles may be shared between cells in ExcelJS; assign a fresh object rather than mutating.
  const next: Partial<ExcelJS.Style> = { ...cell.style };
  if (s.fill !== undefined) {
    next.fill = s.fill === null ? { type: 'pattern', pattern: 'none' } : { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(s.fill) } };
  }
  if (s.numberFormat !== undefined) next.numFmt = s.numberFormat;
  if (s.bold !== undefined) next.font = { ...(cell.style.font ?? {}), bold: s.bold };
  cell.style = next;
}
