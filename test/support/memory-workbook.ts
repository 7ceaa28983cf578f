/**
 * An in-memory WorkbookPort for core tests: cells, names, validation, protection and notes, with
 * Excel's semantics where the engine depends on them (insertRows shifts cells and names below and
 * copies the format of the row above). It counts port calls so tests can assert the batch shape.
 */
import {
  cellAddress,
  parseCell,
  parseRange,
  rangeAddress,
  type CellDetails,
  type CellStyle,
  type CellValue,
  type RangeData,
  type RangeRef,
  type ValidationRule,
  type WorkbookInfo,
  type WorkbookPort,
  type WriteOp,
} from '../../src/template/port';
import { SSF } from 'xlsx';
import { mergeNote } from '../../src/template/note-mark';

export interface MemoryCell {
  value: CellValue;
  formula: string | null;
  style: CellStyle;
  note: string | null;
  locked: boolean;
}

export interface MemorySheet {
  name: string;
  visible: boolean;
  cells: Map<string, MemoryCell>;
  protected: boolean;
  validations: { address: string; rule: ValidationRule }[];
  /** Row spans a fitRows op asked to fit, in order. */
  fittedRows: { from: number; to: number }[];
  /** Merged areas ('D6:D7'), as a user's Merge & Center leaves them. */
  merges: string[];
  /** The last sheetLayout asked for. */
  layout?: { widths: number[]; wrap: string };
}

export class MemoryWorkbook implements WorkbookPort {
  readonly sheets: MemorySheet[] = [];
  readonly names = new Map<string, RangeRef>();
  calls = { describe: 0, read: 0, write: 0 };

  addSheet(name: string, visible = true): MemorySheet {
    const s: MemorySheet = { name, visible, cells: new Map(), protected: false, validations: [], fittedRows: [], merges: [] };
    this.sheets.push(s);
    return s;
  }

  sheet(name: string): MemorySheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  cell(sheet: string, a1: string): MemoryCell {
    const s = this.sheet(sheet);
    let c = s.cells.get(a1);
    if (!c) {
      c = { value: null, formula: null, style: {}, note: null, locked: true };
      s.cells.set(a1, c);
    }
    return c;
  }

  /** What a user typing into a cell does: a leading '=' makes a formula (its value unknown here). */
  type(sheet: string, a1: string, input: CellValue): void {
    const c = this.cell(sheet, a1);
    if (typeof input === 'string' && input.startsWith('=')) {
      c.formula = input;
      c.value = null;
    } else {
      c.formula = null;
      c.value = input;
    }
  }

  get(sheet: string, a1: string): CellValue {
    return this.sheet(sheet).cells.get(a1)?.value ?? null;
  }

  resetCalls(): void {
    this.calls = { describe: 0, read: 0, write: 0 };
  }

  async describe(): Promise<WorkbookInfo> {
    this.calls.describe++;
    return {
      sheets: this.sheets.map((s) => ({ name: s.name, visible: s.visible })),
      names: [...this.names.entries()].map(([name, ref]) => ({ name, ref: { ...ref } })),
    };
  }

  async read(ranges: RangeRef[]): Promise<RangeData[]> {
    this.calls.read++;
    return ranges.map((r) => {
      const s = this.sheet(r.sheet);
      const b = parseRange(r.address);
      const values: CellValue[][] = [];
      const formulas: (string | null)[][] = [];
      for (let row = b.top; row <= b.bottom; row++) {
        const vr: CellValue[] = [];
        const fr: (string | null)[] = [];
        for (let col = b.left; col <= b.right; col++) {
          const c = s.cells.get(cellAddress(row, col));
          vr.push(c?.value ?? null);
          fr.push(c?.formula ?? null);
        }
        values.push(vr);
        formulas.push(fr);
      }
      return r.details ? { values, formulas, details: this.details(s, b, r.notes === true) } : { values, formulas };
    });
  }

  /** Formats and fills as styled, texts rendered by SheetJS's SSF as a spreadsheet would show them. */
  private details(s: MemorySheet, b: { top: number; left: number; bottom: number; right: number }, notes: boolean): CellDetails {
    const grid = <T>(f: (c: MemoryCell | undefined, row: number, col: number) => T): T[][] => {
      const out: T[][] = [];
      for (let row = b.top; row <= b.bottom; row++) {
        const line: T[] = [];
        for (let col = b.left; col <= b.right; col++) line.push(f(s.cells.get(cellAddress(row, col)), row, col));
        out.push(line);
      }
      return out;
    };
    const areaOf = (row: number, col: number): string | null =>
      s.merges.find((m) => {
        const a = parseRange(m);
        return row >= a.top && row <= a.bottom && col >= a.left && col <= a.right;
      }) ?? null;
    return {
      formats: grid((c) => c?.style.numberFormat ?? 'General'),
      texts: grid((c) => (c?.value === null || c?.value === undefined ? '' : typeof c.value === 'number' ? SSF.format(c.style.numberFormat ?? 'General', c.value) : String(c.value))),
      merges: grid((_c, row, col) => areaOf(row, col)),
      fills: grid((c) => c?.style.fill ?? null),
      ...(notes ? { notes: grid((c) => c?.note ?? null) } : {}),
    };
  }

  async write(ops: WriteOp[]): Promise<void> {
    this.calls.write++;
    for (const op of ops) this.apply(op);
  }

  private each(sheet: string, address: string, f: (c: MemoryCell, row: number, col: number) => void): void {
    const b = parseRange(address);
    for (let row = b.top; row <= b.bottom; row++) for (let col = b.left; col <= b.right; col++) f(this.cell(sheet, cellAddress(row, col)), row, col);
  }

  private apply(op: WriteOp): void {
    switch (op.kind) {
      case 'values': {
        const at = parseCell(op.at);
        op.values.forEach((r, i) =>
          r.forEach((v, j) => {
            const c = this.cell(op.sheet, cellAddress(at.row + i, at.col + j));
            c.value = v;
            c.formula = null;
          }),
        );
        return;
      }
      case 'formulas': {
        const at = parseCell(op.at);
        op.formulas.forEach((r, i) =>
          r.forEach((f, j) => {
            if (f === null) return;
            const c = this.cell(op.sheet, cellAddress(at.row + i, at.col + j));
            c.formula = f;
            c.value = null;
          }),
        );
        return;
      }
      case 'insertRows':
        return this.insertRows(op.sheet, op.before, op.count);
      case 'style':
        return this.each(op.range.sheet, op.range.address, (c) => {
          c.style = { ...c.style, ...op.style };
        });
      case 'note': {
        const c = this.cell(op.sheet, op.cell);
        c.note = mergeNote(c.note, op.text);
        return;
      }
      case 'validation':
        this.sheet(op.range.sheet).validations.push({ address: op.range.address, rule: op.rule });
        return;
      case 'protect': {
        const s = this.sheet(op.sheet);
        s.protected = true;
        for (const c of s.cells.values()) c.locked = true;
        for (const a of op.unlocked) this.each(op.sheet, a, (c) => (c.locked = false));
        return;
      }
      case 'unprotect':
        this.sheet(op.sheet).protected = false;
        return;
      case 'defineName':
        this.names.set(op.name, { ...op.ref });
        return;
      case 'addSheet':
        if (this.sheets.some((s) => s.name === op.sheet)) throw new Error(`sheet exists: ${op.sheet}`);
        this.addSheet(op.sheet, op.visible);
        return;
      case 'setVisible':
        this.sheet(op.sheet).visible = op.visible;
        return;
      case 'sheetLayout':
        this.sheet(op.sheet).layout = { widths: [...op.widths], wrap: op.wrap };
        return;
      case 'fitRows':
        // Memory has no text layout: the request is kept, for tests of what the engine asks.
        this.sheet(op.sheet).fittedRows.push({ ...op.rows });
        return;
    }
  }

  private insertRows(sheet: string, before: number, count: number): void {
    const s = this.sheet(sheet);
    const moved = new Map<string, MemoryCell>();
    for (const [a1, c] of s.cells) {
      const p = parseCell(a1);
      moved.set(p.row >= before ? cellAddress(p.row + count, p.col) : a1, c);
    }
    s.cells = moved;
    const above = [...moved.entries()].filter(([a1]) => parseCell(a1).row === before - 1);
    for (let r = before; r < before + count; r++) {
      for (const [a1, c] of above) s.cells.set(cellAddress(r, parseCell(a1).col), { value: null, formula: null, style: { ...c.style }, note: null, locked: c.locked });
    }
    for (const [name, ref] of this.names) {
      if (ref.sheet !== sheet) continue;
      const b = parseRange(ref.address);
      const shift = (row: number): number => (row >= before ? row + count : row);
      this.names.set(name, { sheet, address: rangeAddress(shift(b.top), b.left, shift(b.bottom), b.right) });
    }
  }
}
