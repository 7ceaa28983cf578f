/**
 * The Office.js side of the Sheet port. Every describe/read/write is one context.sync(), or one per
 * chunk when the payload would pass Excel on the web's 5 MB limit: reads are queued all at once and
 * synced once, writes are queued as whole 2-D blocks and synced once. No sync ever sits in a loop
 * over cells or rows; the only loop of syncs is over chunks, whose number grows with bytes, not rows.
 */
import type { CellValue, DefinedName, RangeData, RangeRef, WorkbookInfo, WriteOp } from '../../template/port';
import { columnLetter, parseCell, parseRange, rangeAddress } from '../../template/port';
import { bandsByBytes, DEFAULT_BUDGET, DEFAULT_READ_BYTES_PER_CELL, jsonBytes, packFirstFit, packInOrder, rowBytes } from './payload';
import { isPayloadTooLarge, toPlanbookError } from './excel-errors';
import type { FormHost } from '../../taskpane/form-session';
import { mergeNote } from '../../template/note-mark';
import { covers, cutRange, readCovered } from '../../template/range-cut';

/** Excel.run's shape; the fake host in test/hosts/excel provides the same. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface ExcelWorkbookOptions {
  run?: ExcelRun;
  /** Bytes per request we aim under (Excel on the web refuses 5 MB). */
  budget?: number;
  /** Starting estimate of a cell's size in a read response; corrected when Excel refuses a chunk. */
  readBytesPerCell?: number;
  /** Cells written in one action above which calculation and screen updating are suspended. */
  largeWriteCells?: number;
  /** Whether notes (ExcelApi 1.18) can be used; otherwise findings show by fill colour only. Default: asked of Office. */
  notes?: boolean;
  /** Whether merged areas can be read (ExcelApi 1.13); otherwise a merged input cell is not detected. Default: asked of Office. */
  merges?: boolean;
  /** Office.context.requirements.isSetSupported, injectable for tests. */
  isSetSupported?: (set: string, version: string) => boolean;
}

export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** '=Sheet1!$B$5:$H$20' or "='月度 表'!$C$5" → a RangeRef; anything else (constants, #REF!) → null. */
export function parseNameFormula(formula: string): RangeRef | null {
  const m = /^=?(?:'((?:[^']|'')+)'|([^!'=]+))!(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)$/.exec(formula.trim());
  if (!m) return null;
  const sheet = (m[1] ?? m[2]!).replace(/''/g, "'");
  return { sheet, address: m[3]!.replace(/\$/g, '') };
}

/** A value as Excel must receive it: null clears (Excel ignores null), and text that looks like a formula stays text. */
export function toExcelValue(v: CellValue): string | number | boolean {
  if (v === null) return '';
  if (typeof v === 'string' && /^[='+\-@]/.test(v) && v !== '-') return `'${v}`;
  return v;
}

function fromExcelValue(v: unknown): CellValue {
  if (v === '' || v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return String(v);
}

/** A constant cell's formula is its value; text typed as '=… reads back the same in both, so it is no formula. */
function fromExcelFormula(f: unknown, v: unknown): string | null {
  return typeof f === 'string' && f.startsWith('=') && f !== v ? f : null;
}

/** "Sheet1!D6:D7, Sheet1!F9:G9" (RangeAreas.address) → the areas' corners. */
function mergedAreas(address: string): { address: string; top: number; left: number; bottom: number; right: number }[] {
  return address
    .split(',')
    .map((a) => a.trim().replace(/^.*!/, '').replace(/\$/g, ''))
    .filter((a) => a.includes(':'))
    .map((a) => ({ address: a, ...parseRange(a) }));
}

function areaOf(areas: ReturnType<typeof mergedAreas>, row: number, col: number): string | null {
  return areas.find((a) => row >= a.top && row <= a.bottom && col >= a.left && col <= a.right)?.address ?? null;
}

/** Office's fill colour ('#FFC7CE', or a name like 'White' for the default) → '#RRGGBB' or null. */
function hexColour(c: unknown): string | null {
  return typeof c === 'string' && /^#[0-9A-Fa-f]{6}$/.test(c) ? c.toUpperCase() : null;
}

/**
 * A cell's bytes in a read's response. `perCell` counts the value twice (values and formulas); a
 * detailed read adds the displayed text (about the value again), a number format and a fill colour
 * object (about 64 bytes together).
 */
function readCellBytes(perCell: number, r: RangeRef, notes = false): number {
  return r.details ? Math.ceil(perCell * 1.5) + 64 + (notes && r.notes ? NOTE_LOOKUP_BYTES : 0) : perCell;
}

/** One unit of queued work with its estimated request size. */
interface Step {
  bytes: number;
  sheets: string[];
  cells: number;
  queue: (ctx: Excel.RequestContext) => void;
}

interface ReadPiece {
  index: number;
  sheet: string;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const STEP_OVERHEAD = 160;
/** A note lookup or change: the cell address and the call, without the text. */
const NOTE_LOOKUP_BYTES = 200;

export class ExcelWorkbook implements FormHost {
  private readonly run: ExcelRun;
  private readonly budget: number;
  private readBytesPerCell: number;
  /**
   * Bytes a cell of each sheet takes in a read, learned from what this host wrote there (and from
   * refused reads): the hidden identity sheet holds long JSON cells, a form mostly short numbers.
   */
  private readonly sheetCellBytes = new Map<string, number>();
  private readonly largeWriteCells: number;
  private readonly notes: boolean;
  private readonly merges: boolean;
  private readonly isSetSupported: (set: string, version: string) => boolean;
  /** Round trips made, for the pane's progress and for benchmarks. */
  syncs = 0;

  constructor(options: ExcelWorkbookOptions = {}) {
    this.run = options.run ?? ((batch) => Excel.run(batch));
    this.budget = options.budget ?? DEFAULT_BUDGET;
    this.readBytesPerCell = options.readBytesPerCell ?? DEFAULT_READ_BYTES_PER_CELL;
    this.largeWriteCells = options.largeWriteCells ?? 2000;
    this.isSetSupported = options.isSetSupported ?? officeSupports;
    this.notes = options.notes ?? this.isSetSupported('ExcelApi', '1.18');
    this.merges = options.merges ?? this.isSetSupported('ExcelApi', '1.13');
  }

  private async sync(ctx: Excel.RequestContext): Promise<void> {
    this.syncs++;
    await ctx.sync();
  }

  private cellBytes(sheet: string): number {
    return this.sheetCellBytes.get(sheet.toLowerCase()) ?? this.readBytesPerCell;
  }

  /** A read returns values and formulas, so each written byte may come back twice. */
  private learn(sheet: string, bytes: number, cells: number): void {
    if (cells === 0) return;
    const per = Math.ceil((2 * bytes) / cells) + 8;
    const k = sheet.toLowerCase();
    if (per > (this.sheetCellBytes.get(k) ?? 0)) this.sheetCellBytes.set(k, per);
  }

  async describe(): Promise<WorkbookInfo> {
    try {
      return await this.run(async (ctx) => {
        const sheets = ctx.workbook.worksheets.load('items/name,items/visibility');
        const names = ctx.workbook.names.load('items/name,items/type,items/formula');
        await this.sync(ctx);
        const defined: DefinedName[] = names.items.map((n) => ({ name: n.name, ref: typeof n.formula === 'string' ? parseNameFormula(n.formula) : null }));
        return {
          sheets: sheets.items.map((s) => ({ name: s.name, visible: s.visibility === 'Visible' })),
          names: defined,
        };
      });
    } catch (e) {
      throw toPlanbookError(e, []);
    }
  }

  /**
   * describe() and a read of small ranges in one round trip: the task pane reads the workbook's
   * identity at the address it had last time together with the sheets and names, so an action pays
   * one sync for "which form is this". Throws when a range is gone (sheet deleted): the caller then
   * describes and reads as usual. Ranges here are few and small; large ones go through read().
   */
  async describeAndRead(ranges: RangeRef[]): Promise<{ info: WorkbookInfo; data: RangeData[] }> {
    if (ranges.some((r) => r.details)) {
      // A form's table with how its cells look: read as read() reads it, the description riding with the first piece.
      let sheets: Excel.WorksheetCollection | null = null;
      let names: Excel.NamedItemCollection | null = null;
      const data = await this.readAll(
        ranges.map((r) => ({ ...r, notes: false })),
        new Set(),
        (ctx) => {
          sheets = ctx.workbook.worksheets.load('items/name,items/visibility');
          names = ctx.workbook.names.load('items/name,items/type,items/formula');
        },
      );
      const ws = sheets as Excel.WorksheetCollection | null;
      const ns = names as Excel.NamedItemCollection | null;
      return {
        info: {
          sheets: ws ? ws.items.map((x) => ({ name: x.name, visible: x.visibility === 'Visible' })) : [],
          names: ns ? ns.items.map((n) => ({ name: n.name, ref: typeof n.formula === 'string' ? parseNameFormula(n.formula) : null })) : [],
        },
        data,
      };
    }
    try {
      return await this.run(async (ctx) => {
        const sheets = ctx.workbook.worksheets.load('items/name,items/visibility');
        const names = ctx.workbook.names.load('items/name,items/type,items/formula');
        const loaded = ranges.map((r) => ctx.workbook.worksheets.getItem(r.sheet).getRange(r.address).load('values,formulas'));
        await this.sync(ctx);
        const info: WorkbookInfo = {
          sheets: sheets.items.map((x) => ({ name: x.name, visible: x.visibility === 'Visible' })),
          names: names.items.map((n) => ({ name: n.name, ref: typeof n.formula === 'string' ? parseNameFormula(n.formula) : null })),
        };
        const data = loaded.map((range) => ({
          values: range.values.map((row) => row.map(fromExcelValue)),
          formulas: range.formulas.map((row, i) => row.map((f, j) => fromExcelFormula(f, range.values[i]![j]))),
        }));
        return { info, data };
      });
    } catch (e) {
      throw toPlanbookError(
        e,
        ranges.map((r) => r.sheet),
      );
    }
  }

  /** Ranges inside another of the same request are cut from it, not read twice (src/template/range-cut.ts). */
  read(ranges: RangeRef[]): Promise<RangeData[]> {
    // Without notes (before ExcelApi 1.18) a ref asking for them is an ordinary one, and may be cut.
    const refs = this.notes ? ranges : ranges.map((r) => (r.notes ? { ...r, notes: false } : r));
    return readCovered(refs, async (ask) => {
      // A range that wants notes inside one read with details anyway (Check's marked columns in the
      // table) has only its notes looked up; the rest is cut from the larger range.
      const outer = ask.map((r) => (r.details && r.notes ? ask.findIndex((o) => o !== r && covers(o, { ...r, notes: false })) : -1));
      const got = await this.readAll(ask, new Set(outer.flatMap((o, i) => (o >= 0 ? [i] : []))));
      return got.map((d, i) => {
        const o = outer[i]!;
        if (o < 0) return d;
        const cut = cutRange(got[o]!, ask[o]!, { ...ask[i]!, notes: false });
        if (d.details?.notes) cut.details!.notes = d.details.notes;
        return cut;
      });
    });
  }

  /** `notesOnly`: indexes of ranges of which only the notes are read (the caller cuts the rest). */
  private async readAll(ranges: RangeRef[], notesOnly: ReadonlySet<number> = new Set(), first?: (ctx: Excel.RequestContext) => void): Promise<RangeData[]> {
    const pieces: ReadPiece[] = [];
    ranges.forEach((r, index) => {
      const b = parseRange(r.address);
      const width = b.right - b.left + 1;
      const rowsPer = Math.max(1, Math.floor(this.budget / readCellBytes(this.cellBytes(r.sheet), r, this.notes) / width));
      for (let top = b.top; top <= b.bottom; top += rowsPer) {
        pieces.push({ index, sheet: r.sheet, top, left: b.left, bottom: Math.min(b.bottom, top + rowsPer - 1), right: b.right });
      }
    });
    const cellsOf = (p: ReadPiece): number => (p.bottom - p.top + 1) * (p.right - p.left + 1);
    const results: RangeData[] = ranges.map((r) => {
      const b = parseRange(r.address);
      const rows = b.bottom - b.top + 1;
      return { values: new Array<CellValue[]>(rows), formulas: new Array<(string | null)[]>(rows) } as RangeData;
    });
    const todo = packFirstFit(pieces, (p) => cellsOf(p) * (notesOnly.has(p.index) ? NOTE_LOOKUP_BYTES : readCellBytes(this.cellBytes(p.sheet), ranges[p.index]!, this.notes)), this.budget);
    try {
      await this.run(async (ctx) => {
        // What the caller wants in the same round trip as the first piece (describeAndRead: the sheets and names).
        first?.(ctx);
        while (todo.length > 0) {
          const chunk = todo.shift()!;
          const loaded = chunk.map((p) => {
            const r = ranges[p.index]!;
            const light = notesOnly.has(p.index);
            const range = light ? null : ctx.workbook.worksheets.getItem(p.sheet).getRange(rangeAddress(p.top, p.left, p.bottom, p.right));
            const details = r.details === true;
            // How the cells look rides in the same request: number formats, displayed text, merged
            // areas (ExcelApi 1.13) and fills, only for ranges that ask (the input cells).
            range?.load(details ? 'values,formulas,numberFormat,text' : 'values,formulas');
            const merged = range && details && this.merges ? range.getMergedAreasOrNullObject().load('address') : null;
            const fills = range && details ? range.getCellProperties({ format: { fill: { color: true } } }) : null;
            // Each cell's note (ExcelApi 1.18), so the write after it can add, change or delete
            // without looking the note up again: one lookup per cell, in this same request.
            const notes =
              details && r.notes && this.notes
                ? Array.from({ length: p.bottom - p.top + 1 }, (_r, i) =>
                    Array.from({ length: p.right - p.left + 1 }, (_c, j) =>
                      ctx.workbook.notes.getItemOrNullObject(`${quoteSheet(p.sheet)}!${rangeAddress(p.top + i, p.left + j, p.top + i, p.left + j)}`).load('isNullObject,content'),
                    ),
                  )
                : null;
            return { p, range, merged, fills, notes, details };
          });
          try {
            await this.sync(ctx);
          } catch (e) {
            if (!isPayloadTooLarge(e) || (chunk.length === 1 && chunk[0]!.top === chunk[0]!.bottom)) throw e;
            // Our guess of the cells' size was low: learn from it and retry this chunk in halves.
            for (const s of new Set(chunk.map((p) => p.sheet))) this.sheetCellBytes.set(s.toLowerCase(), this.cellBytes(s) * 2);
            todo.unshift(...halve(chunk));
            continue;
          }
          for (const { p, range, merged, fills, notes, details } of loaded) {
            const top = parseRange(ranges[p.index]!.address).top;
            const out = results[p.index]!;
            if (!range) {
              out.details ??= { formats: [], texts: [], merges: [], fills: [], notes: [] };
              notes?.forEach((line, i) => (out.details!.notes![p.top - top + i] = line.map((n) => (n.isNullObject ? null : n.content))));
              continue;
            }
            const values = range.values;
            const formulas = range.formulas;
            if (details && !out.details) out.details = { formats: [], texts: [], merges: [], fills: [], ...(notes ? { notes: [] } : {}) };
            const areas = merged && !merged.isNullObject ? mergedAreas(merged.address) : [];
            for (let i = 0; i < values.length; i++) {
              const row = p.top - top + i;
              out.values[row] = values[i]!.map(fromExcelValue);
              out.formulas[row] = formulas[i]!.map((f, j) => fromExcelFormula(f, values[i]![j]));
              if (out.details) {
                out.details.formats[row] = range.numberFormat[i]!.map((f) => (typeof f === 'string' ? f : null));
                out.details.texts[row] = range.text[i]!.map((t) => (typeof t === 'string' ? t : null));
                out.details.merges[row] = values[i]!.map((_v, j) => areaOf(areas, p.top + i, p.left + j));
                out.details.fills[row] = fills!.value[i]!.map((c) => hexColour(c.format?.fill?.color));
                if (notes && out.details.notes) out.details.notes[row] = notes[i]!.map((n) => (n.isNullObject ? null : n.content));
              }
            }
          }
        }
      });
    } catch (e) {
      throw toPlanbookError(
        e,
        ranges.map((r) => r.sheet),
      );
    }
    return results;
  }

  async write(ops: WriteOp[]): Promise<void> {
    const steps: Step[] = [];
    const noteOps: { sheet: string; cell: string; text: string | null }[] = [];
    for (const op of ops) {
      if (op.kind === 'note') {
        if (!this.notes) continue;
        // The note as this action read it: add, change or delete it with the writes, no lookup.
        if (op.existing !== undefined) steps.push(...this.knownNoteSteps(op.sheet, op.cell, op.existing, op.text));
        else noteOps.push(op);
        continue;
      }
      steps.push(...this.stepsOf(op));
    }
    // A note not read before: whether the cell has one decides add, change or delete, so the lookups
    // ride along with the writes (after them, in the same requests) and the changes follow in their own.
    const found: Excel.Note[] = [];
    const lookups: Step[] = noteOps.map((n, i) => ({
      bytes: NOTE_LOOKUP_BYTES,
      sheets: [n.sheet],
      cells: 0,
      queue: (ctx) => {
        const note = ctx.workbook.notes.getItemOrNullObject(`${quoteSheet(n.sheet)}!${n.cell}`);
        // The content too: planbook replaces only its own block and keeps the user's words (mergeNote).
        note.load('isNullObject,content');
        found[i] = note;
      },
    }));
    const groups = packInOrder([...steps, ...lookups], (s) => s.bytes, this.budget);
    const sheetsTouched = steps.flatMap((s) => s.sheets).concat(noteOps.map((n) => n.sheet));
    try {
      await this.run(async (ctx) => {
        for (const group of groups) {
          if (group.reduce((c, s) => c + s.cells, 0) >= this.largeWriteCells) {
            ctx.application.suspendApiCalculationUntilNextSync();
            ctx.application.suspendScreenUpdatingUntilNextSync();
          }
          for (const s of group) s.queue(ctx);
          await this.sync(ctx);
        }
        const changes = noteOps
          .map((n, i) => {
            const note = found[i]!;
            const before = note.isNullObject ? null : note.content;
            return { n, note, text: mergeNote(before, n.text), before };
          })
          .filter((c) => c.text !== c.before);
        for (const group of packInOrder(changes, (c) => NOTE_LOOKUP_BYTES + jsonBytes(c.text), this.budget)) {
          for (const { n, note, text } of group) {
            if (note.isNullObject) ctx.workbook.notes.add(`${quoteSheet(n.sheet)}!${n.cell}`, text!);
            else if (text === null) note.delete();
            else note.content = text;
          }
          await this.sync(ctx);
        }
      });
    } catch (e) {
      throw toPlanbookError(e, sheetsTouched);
    }
  }

  /**
   * A note change whose current text is known (read in this action): notes.add where there is none
   * (Excel refuses add on a cell that has a note), else getItem, which needs nothing loaded to set
   * the content or delete. Nothing when the merged note is the one already there.
   */
  private knownNoteSteps(sheet: string, cell: string, existing: string | null, mark: string | null): Step[] {
    const text = mergeNote(existing, mark);
    if (text === existing) return [];
    const address = `${quoteSheet(sheet)}!${cell}`;
    return [
      {
        bytes: NOTE_LOOKUP_BYTES + jsonBytes(text),
        sheets: [sheet],
        cells: 0,
        queue: (ctx) => {
          if (existing === null) ctx.workbook.notes.add(address, text!);
          else if (text === null) ctx.workbook.notes.getItem(address).delete();
          else ctx.workbook.notes.getItem(address).content = text;
        },
      },
    ];
  }

  private stepsOf(op: Exclude<WriteOp, { kind: 'note' }>): Step[] {
    const small = (sheets: string[], queue: Step['queue']): Step[] => [{ bytes: STEP_OVERHEAD, sheets, cells: 0, queue }];
    switch (op.kind) {
      case 'values':
      case 'formulas': {
        const rows = op.kind === 'values' ? op.values.map((r) => r.map(toExcelValue)) : op.formulas;
        if (rows.length === 0 || rows[0]!.length === 0) return [];
        const at = parseCell(op.at);
        const width = rows[0]!.length;
        return bandsByBytes(rowBytes(rows), this.budget - STEP_OVERHEAD).map((band) => {
          const block = rows.slice(band.start, band.end);
          this.learn(op.sheet, band.bytes, block.length * width);
          const address = rangeAddress(at.row + band.start, at.col, at.row + band.end - 1, at.col + width - 1);
          return {
            bytes: band.bytes + STEP_OVERHEAD,
            sheets: [op.sheet],
            cells: block.length * width,
            queue: (ctx) => {
              const range = ctx.workbook.worksheets.getItem(op.sheet).getRange(address);
              if (op.kind === 'values') range.values = block as (string | number | boolean)[][];
              else range.formulas = block as string[][];
            },
          };
        });
      }
      case 'insertRows':
        return small([op.sheet], (ctx) => {
          ctx.workbook.worksheets
            .getItem(op.sheet)
            .getRange(`${op.before}:${op.before + op.count - 1}`)
            .insert('Down');
        });
      case 'style': {
        const b = parseRange(op.range.address);
        const h = b.bottom - b.top + 1;
        const w = b.right - b.left + 1;
        const fmt = op.style.numberFormat;
        const formats = fmt === undefined ? null : Array.from({ length: h }, () => new Array<string>(w).fill(fmt));
        return [
          {
            bytes: STEP_OVERHEAD + (formats ? jsonBytes(formats) : 0),
            sheets: [op.range.sheet],
            cells: formats ? h * w : 0,
            queue: (ctx) => {
              const range = ctx.workbook.worksheets.getItem(op.range.sheet).getRange(op.range.address);
              if (op.style.fill === null) range.format.fill.clear();
              else if (op.style.fill !== undefined) range.format.fill.color = op.style.fill;
              if (op.style.bold !== undefined) range.format.font.bold = op.style.bold;
              if (formats) range.numberFormat = formats;
            },
          },
        ];
      }
      case 'validation':
        return small([op.range.sheet], (ctx) => {
          const dv = ctx.workbook.worksheets.getItem(op.range.sheet).getRange(op.range.address).dataValidation;
          dv.clear();
          const r = op.rule;
          if (r.kind === 'list') {
            dv.rule = { list: { inCellDropDown: true, source: r.items.join(',') } };
          } else {
            const basic = bounds(r.min, r.max);
            dv.rule = r.kind === 'decimal' ? { decimal: basic } : { wholeNumber: basic };
          }
        });
      case 'protect':
        return small([op.sheet], (ctx) => {
          const sheet = ctx.workbook.worksheets.getItem(op.sheet);
          sheet.protection.unprotect();
          for (const a of op.unlocked) sheet.getRange(a).format.protection.locked = false;
          // Formatting cells and editing objects stay allowed: findings are shown as fill colours and notes on input cells.
          sheet.protection.protect({ allowFormatCells: true, allowFormatColumns: true, allowFormatRows: true, allowEditObjects: true });
        });
      case 'unprotect':
        return small([op.sheet], (ctx) => {
          ctx.workbook.worksheets.getItem(op.sheet).protection.unprotect();
        });
      case 'defineName':
        return small([op.ref.sheet], (ctx) => {
          ctx.workbook.names.add(op.name, ctx.workbook.worksheets.getItem(op.ref.sheet).getRange(op.ref.address));
        });
      case 'addSheet':
        return small([], (ctx) => {
          const s = ctx.workbook.worksheets.add(op.sheet);
          if (!op.visible) s.visibility = 'Hidden';
        });
      case 'setVisible':
        return small([op.sheet], (ctx) => {
          ctx.workbook.worksheets.getItem(op.sheet).visibility = op.visible ? 'Visible' : 'Hidden';
        });
      case 'fitRows':
        // Excel measures the text itself (ExcelApi 1.2). Whole rows, so every cell of a row counts.
        // Unlike the file host it may also make a short row lower than the template's sample row:
        // keeping that minimum would need the heights read back, a round trip of its own.
        return small([op.sheet], (ctx) => {
          ctx.workbook.worksheets.getItem(op.sheet).getRange(`${op.rows.from}:${op.rows.to}`).format.autofitRows();
        });
      case 'sheetLayout':
        return small([op.sheet], (ctx) => {
          const ws = ctx.workbook.worksheets.getItem(op.sheet);
          // Excel's column width is in points; a character of the default font is about 7 points wide.
          op.widths.forEach((w, i) => (ws.getRange(`${columnLetter(i + 1)}1`).format.columnWidth = Math.round(w * 7)));
          ws.getRange(op.wrap).format.wrapText = true;
          ws.pageLayout.orientation = 'Landscape';
          ws.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
        });
    }
  }

  /** Selects one cell (a finding clicked in the pane): one sync. */
  async select(ref: RangeRef): Promise<void> {
    try {
      await this.run(async (ctx) => {
        const sheet = ctx.workbook.worksheets.getItem(ref.sheet);
        sheet.activate();
        sheet.getRange(ref.address).select();
        await this.sync(ctx);
      });
    } catch (e) {
      throw toPlanbookError(e, [ref.sheet]);
    }
  }

  /**
   * Removes the sheets that exist among `sheets`, with the defined names that point into them and
   * those in `names`: one sync to learn what exists, one to delete (none when nothing is there).
   * `known`: the workbook as this action already described it, which spares the first sync.
   */
  async removeSheets(sheets: string[], names: string[], known?: WorkbookInfo): Promise<void> {
    const gone = new Set(sheets.map((s) => s.toLowerCase()));
    const drop = new Set(names.map((n) => n.toLowerCase()));
    try {
      await this.run(async (ctx) => {
        let present: { sheets: string[]; names: DefinedName[] };
        if (known) present = { sheets: known.sheets.map((w) => w.name), names: known.names };
        else {
          const ws = ctx.workbook.worksheets.load('items/name');
          const ns = ctx.workbook.names.load('items/name,items/formula');
          await this.sync(ctx);
          present = {
            sheets: ws.items.map((w) => w.name),
            names: ns.items.map((n) => ({ name: n.name, ref: typeof n.formula === 'string' ? parseNameFormula(n.formula) : null })),
          };
        }
        const delSheets = present.sheets.filter((w) => gone.has(w.toLowerCase()));
        const delNames = present.names.filter((n) => drop.has(n.name.toLowerCase()) || (n.ref !== null && gone.has(n.ref.sheet.toLowerCase()))).map((n) => n.name);
        if (delSheets.length === 0 && delNames.length === 0) return;
        for (const n of delNames) ctx.workbook.names.getItem(n).delete();
        for (const s of delSheets) ctx.workbook.worksheets.getItem(s).delete();
        await this.sync(ctx);
      });
    } catch (e) {
      throw toPlanbookError(e, sheets);
    }
  }

  /**
   * Pull's one round trip for a designed template (ExcelApi 1.13): removes the sheets of `remove`
   * that `remove.known` shows (with the names in them and those named), inserts the template's
   * sheets and describes the workbook as it then is. Null when the host cannot insert; throws when
   * Excel refuses, and then some of the removal may have happened (the caller removes again, asking).
   */
  async replaceWithTemplate(base64: string, sheetNames: string[], remove: { sheets: string[]; names: string[]; known: WorkbookInfo }): Promise<{ inserted: string[]; info: WorkbookInfo } | null> {
    if (!this.isSetSupported('ExcelApi', '1.13')) return null;
    const gone = new Set(remove.sheets.map((x) => x.toLowerCase()));
    const drop = new Set(remove.names.map((x) => x.toLowerCase()));
    try {
      return await this.run(async (ctx) => {
        for (const n of remove.known.names) if (drop.has(n.name.toLowerCase()) || (n.ref !== null && gone.has(n.ref.sheet.toLowerCase()))) ctx.workbook.names.getItem(n.name).delete();
        for (const w of remove.known.sheets) if (gone.has(w.name.toLowerCase())) ctx.workbook.worksheets.getItem(w.name).delete();
        const ids = ctx.workbook.insertWorksheetsFromBase64(base64, { sheetNamesToInsert: sheetNames });
        const sheets = ctx.workbook.worksheets.load('items/name,items/visibility');
        const names = ctx.workbook.names.load('items/name,items/type,items/formula');
        await this.sync(ctx);
        return {
          inserted: ids.value,
          info: {
            sheets: sheets.items.map((x) => ({ name: x.name, visible: x.visibility === 'Visible' })),
            names: names.items.map((n) => ({ name: n.name, ref: typeof n.formula === 'string' ? parseNameFormula(n.formula) : null })),
          },
        };
      });
    } catch (e) {
      throw toPlanbookError(e, sheetNames);
    }
  }

  /**
   * Inserts the sheets of a template workbook (.xlsx bytes as base64), ExcelApi 1.13: one sync.
   * Returns the inserted sheet names, or null when the host cannot (older Excel), so the caller
   * builds the sheets through write() instead.
   */
  async insertTemplate(base64: string, sheetNames?: string[]): Promise<string[] | null> {
    if (!this.isSetSupported('ExcelApi', '1.13')) return null;
    try {
      return await this.run(async (ctx) => {
        const ids = ctx.workbook.insertWorksheetsFromBase64(base64, sheetNames ? { sheetNamesToInsert: sheetNames } : undefined);
        await this.sync(ctx);
        return ids.value;
      });
    } catch (e) {
      throw toPlanbookError(e, sheetNames ?? []);
    }
  }
}

function bounds(min?: number, max?: number): Excel.BasicDataValidation {
  if (min !== undefined && max !== undefined) return { formula1: min, formula2: max, operator: 'Between' };
  if (min !== undefined) return { formula1: min, operator: 'GreaterThanOrEqualTo' };
  if (max !== undefined) return { formula1: max, operator: 'LessThanOrEqualTo' };
  return { formula1: -1e15, formula2: 1e15, operator: 'Between' };
}

function halve(chunk: ReadPiece[]): ReadPiece[][] {
  if (chunk.length > 1) {
    const mid = Math.ceil(chunk.length / 2);
    return [chunk.slice(0, mid), chunk.slice(mid)];
  }
  const p = chunk[0]!;
  const mid = p.top + Math.floor((p.bottom - p.top) / 2);
  return [[{ ...p, bottom: mid }], [{ ...p, top: mid + 1 }]];
}

/** Whether the running Office has a requirement set; false outside Office (tests, plain browsers). */
export function officeSupports(set: string, version: string): boolean {
  const office = (globalThis as { Office?: typeof Office }).Office;
  try {
    return Boolean(office?.context?.requirements?.isSetSupported(set, version));
  } catch {
    return false;
  }
}
