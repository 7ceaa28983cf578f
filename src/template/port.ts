/**
 * The Sheet port: everything the template engine needs from a spreadsheet host, and nothing more.
 * Two hosts implement it: src/hosts/excel (Office.js, inside Excel) and src/hosts/xlsx (ExcelJS,
 * for the CLI and tests); test/ has an in-memory one.
 *
 * It is batch-shaped on purpose: the engine gathers every read of an action into one `read` call
 * and every write into one `write` call, so the Excel host can answer each with one
 * context.sync() (or a few, when a block must be chunked under Excel on the web's 5 MB limit),
 * whatever the size of the form. A per-cell API would invite a round trip per cell.
 */

export type CellValue = string | number | boolean | null;

/** A rectangular range on a sheet, in A1 notation ('B5:H20', or 'C3' for one cell). */
export interface RangeRef {
  sheet: string;
  address: string;
  /**
   * Also read how each cell looks (CellDetails): asked only for input cells, since it costs a
   * response several times the size of the values (in the same round trip, never another).
   */
  details?: boolean;
  /**
   * With details, also read each cell's note (CellDetails.notes): asked only for the cells Check may
   * mark, since Excel looks notes up one cell at a time (still in the same round trip).
   */
  notes?: boolean;
}

/**
 * How each cell of a range looks to its user, row-major like the values. What a statistician saw
 * decides what is stored: "45%" is the value 0.45 in a percent format, an empty cell merged with a
 * filled one reads (in some hosts) as the filled one's value, text "58.18 " is not a number.
 */
export interface CellDetails {
  /** Number format code ('0.0%', '#,##0.00', 'General'); null when the host does not say. */
  formats: (string | null)[][];
  /** The text the cell displays ('45%', '0.5', '58.18 '); null when the host cannot render it. */
  texts: (string | null)[][];
  /** The merged area a cell belongs to ('D6:D7'), or null for a cell that is not merged. */
  merges: (string | null)[][];
  /** Solid fill colour as '#RRGGBB', or null (no fill, a pattern, or unknown). */
  fills: (string | null)[][];
  /**
   * Each cell's note (its whole text, the user's words and planbook's block), null where there is
   * none; present when the RangeRef asked for notes and the host can read them (not Excel before
   * ExcelApi 1.18). Read with the rest so
   * a later 'note' op can carry what is there and the host need not look it up again.
   */
  notes?: (string | null)[][];
}

export interface RangeData {
  /** Computed values, row-major, the range's shape. Empty cells are null. */
  values: CellValue[][];
  /** Formulas where a cell holds one ('=D5/C5*100'), else null. Lets the engine refuse a formula typed into an input cell. */
  formulas: (string | null)[][];
  /** Present when the RangeRef asked for details. */
  details?: CellDetails;
}

export interface SheetInfo {
  name: string;
  visible: boolean;
}

export interface DefinedName {
  name: string;
  /** The range the name refers to, or null when it does not refer to a range on a sheet. */
  ref: RangeRef | null;
}

export interface WorkbookInfo {
  sheets: SheetInfo[];
  names: DefinedName[];
}

export type ValidationRule = { kind: 'list'; items: string[] } | { kind: 'decimal'; min?: number; max?: number } | { kind: 'whole'; min?: number; max?: number };

export interface CellStyle {
  /** Fill colour as '#RRGGBB', or null to clear it. */
  fill?: string | null;
  numberFormat?: string;
  bold?: boolean;
}

export type WriteOp =
  /** Values into a block; the block's shape is values' shape, starting at `at` (top-left cell). */
  | { kind: 'values'; sheet: string; at: string; values: CellValue[][] }
  /** Formulas into a block ('=SUM(D5:D20)'); null leaves a cell as it is. */
  | { kind: 'formulas'; sheet: string; at: string; formulas: (string | null)[][] }
  /** Insert whole rows before 1-based row `before`, copying the format of the row above. */
  | { kind: 'insertRows'; sheet: string; before: number; count: number }
  | { kind: 'style'; range: RangeRef; style: CellStyle }
  /**
   * planbook's part of one cell's note: the host keeps the user's own note text and replaces only
   * the block planbook wrote before (src/template/note-mark.ts, mergeNote); null removes that block,
   * and the note itself only when nothing of the user's is left. `existing`: the cell's whole note as
   * this action read it (CellDetails.notes; null: no note), so a host that must otherwise look the
   * note up first (Office.js: another round trip) can add, change or delete it straight away; left
   * out when unknown. Hosts that hold the cell themselves merge with what they hold.
   */
  | { kind: 'note'; sheet: string; cell: string; text: string | null; existing?: string | null }
  | { kind: 'validation'; range: RangeRef; rule: ValidationRule }
  /** Protect the sheet, leaving exactly these ranges unlocked for input. */
  | { kind: 'protect'; sheet: string; unlocked: string[] }
  /**
   * Lift a sheet's protection so that the ops after it may change locked cells (the identity rows
   * rewritten after a push); a 'protect' op later in the same write puts it back.
   */
  | { kind: 'unprotect'; sheet: string }
  | { kind: 'defineName'; name: string; ref: RangeRef }
  | { kind: 'addSheet'; sheet: string; visible: boolean }
  | { kind: 'setVisible'; sheet: string; visible: boolean }
  /**
   * Make these 1-based rows (inclusive) tall enough to show their wrapped text. Inserted rows copy
   * the sample row's fixed height, so without this a long 任务内容 is cut off on screen and in print.
   * It is an op of its own, not a height in 'style', because only the host can measure text: Excel
   * autofits, the file host estimates from the column widths and fonts. It rides in the same
   * `write` as the values it measures, after them, so it costs no round trip.
   */
  | { kind: 'fitRows'; sheet: string; rows: { from: number; to: number } }
  /**
   * A plain list sheet made readable: column widths in characters (a CJK character counts two),
   * wrapped text in `wrap`, and printed landscape one page wide (as many pages down as it needs).
   */
  | { kind: 'sheetLayout'; sheet: string; widths: number[]; wrap: string };

export interface WorkbookPort {
  /** Sheets and defined names: one round trip. */
  describe(): Promise<WorkbookInfo>;
  /** Reads every range in one round trip (or a few chunked ones); results in request order. */
  read(ranges: RangeRef[]): Promise<RangeData[]>;
  /** Applies every op in order, in one round trip (or a few chunked ones). */
  write(ops: WriteOp[]): Promise<void>;
}

/** 'C5' → { row: 5, col: 3 }; 1-based. */
export function parseCell(a1: string): { row: number; col: number } {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(a1.trim().toUpperCase());
  if (!m) throw new Error(`not an A1 cell address: ${a1}`);
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

export function columnLetter(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function cellAddress(row: number, col: number): string {
  return `${columnLetter(col)}${row}`;
}

/** 'B5:H20' → corners; a single cell is a 1×1 range. */
export function parseRange(address: string): { top: number; left: number; bottom: number; right: number } {
  const [a, b] = address.split(':');
  const p = parseCell(a!);
  const q = b === undefined ? p : parseCell(b);
  return { top: Math.min(p.row, q.row), left: Math.min(p.col, q.col), bottom: Math.max(p.row, q.row), right: Math.max(p.col, q.col) };
}

export function rangeAddress(top: number, left: number, bottom: number, right: number): string {
  const a = cellAddress(top, left);
  return top === bottom && left === right ? a : `${a}:${cellAddress(bottom, right)}`;
}
