/**
 * A fake of exactly the part of the Excel JavaScript API that src/hosts/excel uses, for Node tests
 * and (bundled by esbuild) for the browser end-to-end test, where it stands where Office.js would.
 *
 * It keeps the semantics that make real add-ins slow or wrong, so the host code cannot cheat:
 * - nothing is read or written until context.sync(); reading a property that was not loaded and
 *   synced throws PropertyNotLoaded, as Office.js does;
 * - a batch is applied in order and is not a transaction: actions before a failing one stay applied;
 * - a request or a response over Excel on the web's 5 MB payload limit fails, with nothing applied;
 * - writing `null` into values leaves the cell as it is; empty cells read back as '';
 *   formulas of constant cells read back as the constant; a string starting with '=' written into
 *   values becomes a formula unless it starts with an apostrophe;
 * - every context.sync() is counted, with its request and response sizes.
 */

import { SSF } from 'xlsx';

export type Scalar = string | number | boolean;

export interface Cell {
  value: Scalar;
  formula: string | null;
  fill: string | null;
  bold: boolean;
  numberFormat: string;
  locked: boolean;
  validation: unknown;
}

export interface FakeSheet {
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  cells: Map<string, Cell>;
  protected: boolean;
  /** Whether the protection lets row heights change (protect({ allowFormatRows: true })). */
  allowFormatRows?: boolean;
  charts: FakeChartState[];
  /** Merged areas ('D6:D7'), as Merge & Center leaves them. */
  merges?: string[];
  /** Column widths in points by column letter, wrapped ranges, and the page layout, as set. */
  columnWidths?: Record<string, number>;
  wrapped?: string[];
  pageLayout?: { orientation?: string; zoom?: unknown };
}

export interface FakeChartState {
  type: string;
  source: string;
  title: string;
  name: string;
}

export interface DecodedSheet {
  name: string;
  cells: Record<string, Scalar>;
  /** Defined names that point into this sheet: name → '=Sheet!$A$1'. */
  names?: Record<string, string>;
}

export interface SyncRecord {
  requestBytes: number;
  responseBytes: number;
  actions: number;
  failed: string | null;
}

export interface FakeExcelOptions {
  /** Excel on the web refuses a request or response over 5 MB. */
  payloadLimit?: number;
  /** Which requirement sets isSetSupported says yes to (name → highest minor version). */
  requirementSets?: Record<string, number>;
  /** Turns template bytes into sheets, for insertWorksheetsFromBase64. */
  decodeWorkbook?: (base64: string) => DecodedSheet[];
}

const MB5 = 5 * 1024 * 1024;
const ACTION_OVERHEAD = 120;

export class FakeExcelError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  constructor(code: string, message: string, location?: string) {
    super(message);
    this.name = 'RichApi.Error';
    this.code = code;
    this.debugInfo = { code, message, errorLocation: location };
  }
}

function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

function sizeOf(v: unknown): number {
  return v === undefined ? 0 : byteLength(JSON.stringify(v));
}

// ---- addresses ------------------------------------------------------------------------------

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function colLetters(n: number): string {
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const MAX_ROW = 1048576;
const MAX_COL = 16384;

export function parseBox(address: string): Box {
  const a = address.replace(/\$/g, '').toUpperCase();
  const rows = /^(\d+):(\d+)$/.exec(a);
  if (rows) return { top: Number(rows[1]), bottom: Number(rows[2]), left: 1, right: MAX_COL };
  const m = /^([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?$/.exec(a);
  if (!m) throw new FakeExcelError('InvalidArgument', `The argument is invalid or missing or has an incorrect format: ${address}`);
  const t = Number(m[2]);
  const l = colNumber(m[1]!);
  const b = m[4] ? Number(m[4]) : t;
  const r = m[3] ? colNumber(m[3]) : l;
  const box = { top: Math.min(t, b), left: Math.min(l, r), bottom: Math.max(t, b), right: Math.max(l, r) };
  if (box.top < 1 || box.bottom > MAX_ROW || box.left < 1 || box.right > MAX_COL) {
    throw new FakeExcelError('InvalidArgument', `The address is outside the grid: ${address}`);
  }
  return box;
}

function boxAddress(b: Box): string {
  const a = `${colLetters(b.left)}${b.top}`;
  return b.top === b.bottom && b.left === b.right ? a : `${a}:${colLetters(b.right)}${b.bottom}`;
}

const key = (row: number, col: number): string => `${row},${col}`;

function emptyCell(): Cell {
  return { value: '', formula: null, fill: null, bold: false, numberFormat: 'General', locked: true, validation: null };
}

// ---- the workbook state ---------------------------------------------------------------------

export class FakeWorkbookState {
  sheets: FakeSheet[] = [];
  names = new Map<string, string>();
  notes = new Map<string, string>();
  selection: { sheet: string; address: string } | null = null;
  activeSheet: string | null = null;
  /** How often calculation / screen updating was suspended, for tests of large writes. */
  suspendedCalc = 0;
  suspendedScreen = 0;
  /** Every range.format.autofitRows(), in order: the fake has no row heights, so tests look here. */
  rowAutofits: { sheet: string; address: string }[] = [];

  sheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  addSheet(name: string): FakeSheet {
    if (this.sheet(name)) throw new FakeExcelError('ItemAlreadyExists', `A worksheet named ${name} already exists.`);
    if (!name || /[\\/?*[\]:]/.test(name) || name.length > 31) throw new FakeExcelError('InvalidArgument', `Bad sheet name ${name}`);
    const s: FakeSheet = { name, visibility: 'Visible', cells: new Map(), protected: false, charts: [] };
    this.sheets.push(s);
    return s;
  }

  cell(sheet: FakeSheet, row: number, col: number): Cell {
    let c = sheet.cells.get(key(row, col));
    if (!c) {
      c = emptyCell();
      sheet.cells.set(key(row, col), c);
    }
    return c;
  }

  peek(sheet: string, address: string): Scalar {
    const s = this.sheet(sheet);
    if (!s) throw new Error(`no sheet ${sheet}`);
    const b = parseBox(address);
    return s.cells.get(key(b.top, b.left))?.value ?? '';
  }

  /** Test helper: sets values directly, as a user typing would. */
  type(sheet: string, at: string, values: Scalar[][]): void {
    const s = this.sheet(sheet) ?? this.addSheet(sheet);
    const b = parseBox(at);
    values.forEach((row, i) =>
      row.forEach((v, j) => {
        const c = this.cell(s, b.top + i, b.left + j);
        if (typeof v === 'string' && v.startsWith('=')) {
          c.formula = v;
          c.value = '';
        } else {
          c.formula = null;
          c.value = v;
        }
      }),
    );
  }

  snapshot(): string {
    return JSON.stringify({
      sheets: this.sheets.map((s) => ({ ...s, cells: [...s.cells.entries()] })),
      names: [...this.names],
      notes: [...this.notes],
    });
  }

  restore(json: string): void {
    const o = JSON.parse(json) as { sheets: (Omit<FakeSheet, 'cells'> & { cells: [string, Cell][] })[]; names: [string, string][]; notes: [string, string][] };
    this.sheets = o.sheets.map((s) => ({ ...s, cells: new Map(s.cells) }));
    this.names = new Map(o.names);
    this.notes = new Map(o.notes);
  }
}

// ---- proxies --------------------------------------------------------------------------------

interface Delivery {
  response: unknown;
  deliver: () => void;
}
function isDelivery(x: unknown): x is Delivery {
  return typeof x === 'object' && x !== null && 'deliver' in x && 'response' in x;
}
type Action = { bytes: number; run: () => unknown; describe: string };

abstract class Proxy {
  protected loaded = new Set<string>();
  protected data: Record<string, unknown> = {};
  constructor(readonly context: FakeRequestContext) {}

  protected get<T>(prop: string): T {
    if (!this.loaded.has(prop)) {
      throw new FakeExcelError(
        'PropertyNotLoaded',
        `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
    }
    return this.data[prop] as T;
  }

  protected abstract readProp(prop: string): unknown;

  load(props?: string | string[] | { select?: string }): this {
    const list = parseProps(props);
    this.context.queue({
      bytes: ACTION_OVERHEAD,
      describe: `load ${list.join(',')}`,
      run: () => {
        const out: Record<string, unknown> = {};
        for (const p of list) out[p] = this.readProp(p);
        return {
          response: out,
          deliver: () => {
            for (const p of list) {
              this.data[p] = out[p];
              this.loaded.add(p);
            }
          },
        };
      },
    });
    return this;
  }
}

function parseProps(props?: string | string[] | { select?: string }): string[] {
  if (props === undefined) return [];
  const s = typeof props === 'string' ? props : Array.isArray(props) ? props.join(',') : (props.select ?? '');
  return s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/**
 * A value or formula entered into a cell, as Excel takes it through Range.values or Range.formulas
 * alike: null leaves the cell as it is, '=…' is a formula, a leading apostrophe keeps text literal.
 */
function enter(c: Cell, x: Scalar | null | undefined): void {
  if (x === null || x === undefined) return;
  if (typeof x === 'string' && x.startsWith("'")) {
    c.value = x.slice(1);
    c.formula = null;
  } else if (typeof x === 'string' && x.startsWith('=')) {
    c.formula = x;
    c.value = '';
  } else {
    c.value = x;
    c.formula = null;
  }
}

function checkShape(box: Box, values: unknown[][], what: string): void {
  const rows = box.bottom - box.top + 1;
  const cols = box.right - box.left + 1;
  if (!Array.isArray(values) || values.length !== rows || values.some((r) => !Array.isArray(r) || r.length !== cols)) {
    throw new FakeExcelError('InvalidArgument', `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${what}).`);
  }
}

class FakeRange extends Proxy {
  readonly format: FakeRangeFormat;
  readonly dataValidation: FakeDataValidation;
  constructor(
    context: FakeRequestContext,
    readonly sheetName: string,
    readonly box: Box,
  ) {
    super(context);
    this.format = new FakeRangeFormat(this);
    this.dataValidation = new FakeDataValidation(this);
  }

  sheet(): FakeSheet {
    const s = this.context.state.sheet(this.sheetName);
    if (!s) throw new FakeExcelError('ItemNotFound', `The requested resource doesn't exist: worksheet ${this.sheetName}`);
    return s;
  }

  forEach(fn: (c: Cell, i: number, j: number) => void): void {
    const s = this.sheet();
    for (let r = this.box.top; r <= this.box.bottom; r++) {
      for (let c = this.box.left; c <= this.box.right; c++) fn(this.context.state.cell(s, r, c), r - this.box.top, c - this.box.left);
    }
  }

  /** Excel refuses to change a locked cell of a protected sheet (null entries change nothing, so they pass). */
  guardProtected(v: unknown[][]): void {
    const s = this.sheet();
    if (!s.protected) return;
    this.forEach((c, i, j) => {
      if (v[i]![j] !== null && v[i]![j] !== undefined && c.locked) {
        throw new FakeExcelError('AccessDenied', `The cell or chart you're trying to change is on a protected sheet (${s.name}).`);
      }
    });
  }

  private grid<T>(fn: (c: Cell | undefined) => T): T[][] {
    const s = this.sheet();
    const out: T[][] = [];
    for (let r = this.box.top; r <= this.box.bottom; r++) {
      const row: T[] = [];
      for (let c = this.box.left; c <= this.box.right; c++) row.push(fn(s.cells.get(key(r, c))));
      out.push(row);
    }
    return out;
  }

  protected readProp(prop: string): unknown {
    switch (prop) {
      case 'values':
        return this.grid((c) => c?.value ?? '');
      case 'formulas':
        return this.grid((c) => c?.formula ?? c?.value ?? '');
      case 'numberFormat':
        return this.grid((c) => c?.numberFormat ?? 'General');
      case 'text':
        // What Excel displays: the value rendered in its number format (SheetJS's SSF stands in for Excel's).
        return this.grid((c) => (c === undefined || c.value === '' ? '' : typeof c.value === 'number' ? SSF.format(c.numberFormat, c.value) : String(c.value)));
      case 'address':
        return `${quoteSheet(this.sheetName)}!${boxAddress(this.box)}`;
      case 'rowCount':
        return this.box.bottom - this.box.top + 1;
      case 'columnCount':
        return this.box.right - this.box.left + 1;
      default:
        throw new FakeExcelError('InvalidArgument', `The fake does not know Range.${prop}`);
    }
  }

  get values(): Scalar[][] {
    return this.get('values');
  }
  set values(v: (Scalar | null)[][]) {
    this.context.queue({
      bytes: sizeOf(v) + ACTION_OVERHEAD,
      describe: `values ${boxAddress(this.box)}`,
      run: () => {
        checkShape(this.box, v, 'values');
        this.guardProtected(v);
        this.forEach((c, i, j) => enter(c, v[i]![j]));
      },
    });
  }
  get formulas(): Scalar[][] {
    return this.get('formulas');
  }
  set formulas(v: (string | null)[][]) {
    this.context.queue({
      bytes: sizeOf(v) + ACTION_OVERHEAD,
      describe: `formulas ${boxAddress(this.box)}`,
      run: () => {
        checkShape(this.box, v, 'formulas');
        this.guardProtected(v);
        this.forEach((c, i, j) => enter(c, v[i]![j]));
      },
    });
  }
  get numberFormat(): string[][] {
    return this.get('numberFormat');
  }
  set numberFormat(v: string[][]) {
    this.context.queue({
      bytes: sizeOf(v) + ACTION_OVERHEAD,
      describe: 'numberFormat',
      run: () => {
        checkShape(this.box, v, 'numberFormat');
        this.forEach((c, i, j) => (c.numberFormat = v[i]![j]!));
      },
    });
  }
  get address(): string {
    return this.get('address');
  }
  get text(): string[][] {
    return this.get('text');
  }

  /** ExcelApi 1.13: the merged areas inside the range, or a null object when there are none. */
  getMergedAreasOrNullObject(): FakeMergedAreas {
    return new FakeMergedAreas(this);
  }

  /** ExcelApi 1.9: per-cell properties; the fake knows fill colours only. */
  getCellProperties(_opts: { format?: { fill?: { color?: boolean } } }): { value: { format: { fill: { color: string } } }[][] } {
    const result = { value: [] as { format: { fill: { color: string } } }[][] };
    this.context.queue({
      bytes: ACTION_OVERHEAD,
      describe: 'getCellProperties',
      run: () => {
        const grid = this.grid((c) => ({ format: { fill: { color: c?.fill ?? '#FFFFFF' } } }));
        return { response: grid, deliver: () => (result.value = grid) };
      },
    });
    return result;
  }

  overlapping(): string[] {
    return (this.sheet().merges ?? []).filter((m) => {
      const b = parseBox(m);
      return b.top <= this.box.bottom && b.bottom >= this.box.top && b.left <= this.box.right && b.right >= this.box.left;
    });
  }

  insert(shift: string): FakeRange {
    this.context.queue({
      bytes: ACTION_OVERHEAD,
      describe: `insert ${shift}`,
      run: () => {
        if (shift !== 'Down') throw new FakeExcelError('InvalidArgument', 'the fake only inserts Down');
        if (this.box.left !== 1 || this.box.right !== MAX_COL) throw new FakeExcelError('InvalidArgument', 'the fake only inserts whole rows');
        const s = this.sheet();
        const n = this.box.bottom - this.box.top + 1;
        const moved = new Map<string, Cell>();
        for (const [k, c] of s.cells) {
          const [r, col] = k.split(',').map(Number) as [number, number];
          moved.set(r >= this.box.top ? key(r + n, col) : k, c);
        }
        // Excel copies the format of the row above into inserted rows.
        if (this.box.top > 1) {
          for (const [k, c] of [...moved]) {
            const [r, col] = k.split(',').map(Number) as [number, number];
            if (r !== this.box.top - 1) continue;
            for (let i = 0; i < n; i++) moved.set(key(this.box.top + i, col), { ...emptyCell(), fill: c.fill, bold: c.bold, numberFormat: c.numberFormat, locked: c.locked });
          }
        }
        s.cells = moved;
      },
    });
    return this;
  }

  select(): void {
    this.context.queue({
      bytes: ACTION_OVERHEAD,
      describe: 'select',
      run: () => {
        this.sheet();
        this.context.state.selection = { sheet: this.sheetName, address: boxAddress(this.box) };
        this.context.state.activeSheet = this.sheetName;
      },
    });
  }
}

function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

class FakeMergedAreas extends Proxy {
  constructor(private readonly range: FakeRange) {
    super(range.context);
  }
  /** Office.js fills isNullObject with any load of a *OrNullObject proxy. */
  override load(props?: string | string[] | { select?: string }): this {
    const list = typeof props === 'string' ? props.split(',') : Array.isArray(props) ? props : [];
    return super.load([...new Set(['isNullObject', ...list.map((p) => p.trim())])]);
  }
  protected readProp(prop: string): unknown {
    const areas = this.range.overlapping();
    if (prop === 'isNullObject') return areas.length === 0;
    if (prop === 'address') return areas.map((a) => `${quoteSheet(this.range.sheetName)}!${a}`).join(', ');
    throw new FakeExcelError('InvalidArgument', `The fake does not know RangeAreas.${prop}`);
  }
  get isNullObject(): boolean {
    return this.get('isNullObject');
  }
  get address(): string {
    return this.get('address');
  }
}

class FakeRangeFormat {
  readonly fill: { color: string; clear: () => void };
  readonly font: { bold: boolean; color: string };
  readonly protection: { locked: boolean };
  constructor(private readonly range: FakeRange) {
    const ctx = range.context;
    const set = (describe: string, fn: (c: Cell) => void): void => ctx.queue({ bytes: ACTION_OVERHEAD, describe, run: () => range.forEach(fn) });
    const onSheet = (describe: string, fn: (s: FakeSheet) => void): void => ctx.queue({ bytes: ACTION_OVERHEAD, describe, run: () => fn(range.sheet()) });
    Object.defineProperty(this, 'columnWidth', {
      set(v: number) {
        onSheet('columnWidth', (s) => {
          for (let c = range.box.left; c <= range.box.right; c++) (s.columnWidths ??= {})[colLetters(c)] = v;
        });
      },
    });
    Object.defineProperty(this, 'wrapText', {
      set(v: boolean) {
        onSheet('wrapText', (s) => v && (s.wrapped ??= []).push(boxAddress(range.box)));
      },
    });
    this.fill = {
      set color(v: string) {
        set('fill', (c) => (c.fill = v));
      },
      get color(): string {
        throw new FakeExcelError('PropertyNotLoaded', 'The fake does not load fill colours; read them from the state');
      },
      clear: () => set('fill clear', (c) => (c.fill = null)),
    };
    this.font = {
      set bold(v: boolean) {
        set('bold', (c) => (c.bold = v));
      },
      get bold(): boolean {
        throw new FakeExcelError('PropertyNotLoaded', 'not loaded');
      },
      set color(_v: string) {
        set('font colour', () => undefined);
      },
      get color(): string {
        throw new FakeExcelError('PropertyNotLoaded', 'not loaded');
      },
    };
    this.protection = {
      set locked(v: boolean) {
        set('locked', (c) => (c.locked = v));
      },
      get locked(): boolean {
        throw new FakeExcelError('PropertyNotLoaded', 'not loaded');
      },
    };
  }
  autofitColumns(): void {
    /* layout only */
  }
  /** Recorded, not laid out; refused on a sheet protected without allowFormatRows, as Excel does. */
  autofitRows(): void {
    const range = this.range;
    range.context.queue({
      bytes: ACTION_OVERHEAD,
      describe: 'autofitRows',
      run: () => {
        const s = range.sheet();
        if (s.protected && !s.allowFormatRows) throw new FakeExcelError('AccessDenied', `Row heights cannot change on a protected sheet (${s.name}).`);
        const b = range.box;
        const whole = b.left === 1 && b.right === MAX_COL;
        range.context.state.rowAutofits.push({ sheet: s.name, address: whole ? `${b.top}:${b.bottom}` : boxAddress(b) });
      },
    });
  }
  columnWidth = 0;
}

class FakeDataValidation {
  constructor(private readonly range: FakeRange) {}
  clear(): void {
    this.range.context.queue({ bytes: ACTION_OVERHEAD, describe: 'validation clear', run: () => this.range.forEach((c) => (c.validation = null)) });
  }
  set rule(v: unknown) {
    this.range.context.queue({ bytes: sizeOf(v) + ACTION_OVERHEAD, describe: 'validation', run: () => this.range.forEach((c) => (c.validation = v)) });
  }
  get rule(): unknown {
    throw new FakeExcelError('PropertyNotLoaded', 'not loaded');
  }
}

class FakeWorksheet extends Proxy {
  readonly protection: { protect: (o?: unknown) => void; unprotect: () => void };
  readonly charts: { add: (type: string, source: FakeRange, seriesBy?: string) => FakeChart };
  /** ExcelApi 1.9: the fake takes orientation and zoom (fit to pages) only. */
  readonly pageLayout: { orientation: string; zoom: unknown };
  private pendingVisibility: string | undefined;
  constructor(
    context: FakeRequestContext,
    private sheetName: string,
    readonly nullable = false,
  ) {
    super(context);
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the object literals' accessors below have their own `this`
    const self = this;
    this.protection = {
      protect: (o?: unknown) =>
        context.queue({
          bytes: ACTION_OVERHEAD,
          describe: 'protect',
          run: () => {
            const s = self.sheet();
            s.protected = true;
            s.allowFormatRows = (o as { allowFormatRows?: boolean } | undefined)?.allowFormatRows === true;
          },
        }),
      unprotect: () => context.queue({ bytes: ACTION_OVERHEAD, describe: 'unprotect', run: () => (self.sheet().protected = false) }),
    };
    const layout = (describe: string, fn: (l: NonNullable<FakeSheet['pageLayout']>) => void): void => context.queue({ bytes: ACTION_OVERHEAD, describe, run: () => fn((self.sheet().pageLayout ??= {})) });
    this.pageLayout = {
      set orientation(v: string) {
        layout('orientation', (l) => (l.orientation = v));
      },
      set zoom(v: unknown) {
        layout('zoom', (l) => (l.zoom = v));
      },
    };
    this.charts = {
      add: (type, source, _seriesBy) => {
        const chart = new FakeChart(context, this.sheetName);
        context.queue({
          bytes: ACTION_OVERHEAD,
          describe: 'chart add',
          run: () => {
            const st: FakeChartState = { type, source: boxAddress(source.box), title: '', name: `Chart ${self.sheet().charts.length + 1}` };
            self.sheet().charts.push(st);
            chart.state = st;
          },
        });
        return chart;
      },
    };
  }

  sheet(): FakeSheet {
    const s = this.context.state.sheet(this.sheetName);
    if (!s) throw new FakeExcelError('ItemNotFound', `The requested resource doesn't exist: worksheet ${this.sheetName}`);
    return s;
  }

  protected readProp(prop: string): unknown {
    if (prop === 'isNullObject') return this.nullable ? !this.context.state.sheet(this.sheetName) : false;
    if (this.nullable && !this.context.state.sheet(this.sheetName)) return null;
    switch (prop) {
      case 'name':
        return this.sheet().name;
      case 'visibility':
        return this.sheet().visibility;
      default:
        throw new FakeExcelError('InvalidArgument', `The fake does not know Worksheet.${prop}`);
    }
  }

  get name(): string {
    return this.get('name');
  }
  get isNullObject(): boolean {
    return this.get('isNullObject');
  }
  get visibility(): string {
    return this.get('visibility');
  }
  set visibility(v: string) {
    this.pendingVisibility = v;
    this.context.queue({ bytes: ACTION_OVERHEAD, describe: 'visibility', run: () => (this.sheet().visibility = v as FakeSheet['visibility']) });
  }

  getRange(address: string): FakeRange {
    return new FakeRange(this.context, this.sheetName, parseBox(address));
  }

  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    return new FakeRange(this.context, this.sheetName, { top: row + 1, left: col + 1, bottom: row + rows, right: col + cols });
  }

  activate(): void {
    this.context.queue({ bytes: ACTION_OVERHEAD, describe: 'activate', run: () => (this.context.state.activeSheet = this.sheet().name) });
  }

  delete(): void {
    this.context.queue({
      bytes: ACTION_OVERHEAD,
      describe: 'delete sheet',
      run: () => {
        const s = this.sheet();
        this.context.state.sheets = this.context.state.sheets.filter((x) => x !== s);
        // As in Excel, a sheet's notes go with it: a sheet inserted again under the name starts without any.
        for (const k of [...this.context.state.notes.keys()]) if (k.startsWith(`${s.name}!`) || k.startsWith(`'${s.name.replace(/'/g, "''")}'!`)) this.context.state.notes.delete(k);
      },
    });
  }

  /** Known only to tests: which name this proxy points at. */
  get proxiedName(): string {
    return this.sheetName;
  }
  get queuedVisibility(): string | undefined {
    return this.pendingVisibility;
  }
}

class FakeChart {
  state: FakeChartState | null = null;
  readonly title: { text: string };
  constructor(
    private readonly context: FakeRequestContext,
    _sheet: string,
  ) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the object literals' accessors below have their own `this`
    const self = this;
    this.title = {
      set text(v: string) {
        context.queue({ bytes: ACTION_OVERHEAD, describe: 'chart title', run: () => self.state && (self.state.title = v) });
      },
      get text(): string {
        throw new FakeExcelError('PropertyNotLoaded', 'not loaded');
      },
    };
  }
  setPosition(_start: string, _end?: string): void {
    this.context.queue({ bytes: ACTION_OVERHEAD, describe: 'chart position', run: () => undefined });
  }
  set name(v: string) {
    this.context.queue({ bytes: ACTION_OVERHEAD, describe: 'chart name', run: () => this.state && (this.state.name = v) });
  }
}

class FakeWorksheetCollection extends Proxy {
  protected readProp(prop: string): unknown {
    const m = /^items\/(\w+)$/.exec(prop) ?? /^(\w+)$/.exec(prop);
    if (!m) throw new FakeExcelError('InvalidArgument', `bad load ${prop}`);
    return this.context.state.sheets.map((s) => (m[1] === 'name' ? s.name : m[1] === 'visibility' ? s.visibility : undefined));
  }

  override load(props?: string | string[] | { select?: string }): this {
    const list = parseProps(props);
    this.context.queue({
      bytes: ACTION_OVERHEAD,
      describe: 'load sheets',
      run: () => {
        const sheets = this.context.state.sheets.map((s) => {
          const o: Record<string, unknown> = {};
          for (const p of list) {
            const f = p.replace(/^items\//, '');
            o[f] = f === 'name' ? s.name : f === 'visibility' ? s.visibility : undefined;
          }
          return o;
        });
        return {
          response: sheets,
          deliver: () => {
            this.data.items = sheets;
            this.loaded.add('items');
          },
        };
      },
    });
    return this;
  }

  get items(): { name: string; visibility: string }[] {
    return this.get('items');
  }

  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.context, name);
  }

  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(this.context, name, true);
  }

  add(name: string): FakeWorksheet {
    this.context.queue({ bytes: ACTION_OVERHEAD, describe: `add sheet ${name}`, run: () => this.context.state.addSheet(name) });
    return new FakeWorksheet(this.context, name);
  }

  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, this.context.state.activeSheet ?? this.context.state.sheets[0]?.name ?? '');
  }
}

class FakeNamedItemCollection extends Proxy {
  protected readProp(): unknown {
    return undefined;
  }
  override load(props?: string | string[] | { select?: string }): this {
    void props;
    this.context.queue({
      bytes: ACTION_OVERHEAD,
      describe: 'load names',
      run: () => {
        const items = [...this.context.state.names].map(([name, formula]) => ({ name, type: 'Range', formula }));
        return {
          response: items,
          deliver: () => {
            this.data.items = items;
            this.loaded.add('items');
          },
        };
      },
    });
    return this;
  }
  get items(): { name: string; type: string; formula: string }[] {
    return this.get('items');
  }
  add(name: string, reference: FakeRange | string): void {
    this.context.queue({
      bytes: ACTION_OVERHEAD,
      describe: `name ${name}`,
      run: () => {
        if ([...this.context.state.names.keys()].some((n) => n.toLowerCase() === name.toLowerCase())) {
          throw new FakeExcelError('ItemAlreadyExists', `The name ${name} already exists.`);
        }
        const ref = typeof reference === 'string' ? reference : `=${quoteSheet(reference.sheetName)}!${absolute(reference.box)}`;
        this.context.state.names.set(name, ref.startsWith('=') ? ref : `=${ref}`);
      },
    });
  }
  getItem(name: string): { delete: () => void } {
    return {
      delete: () =>
        this.context.queue({
          bytes: ACTION_OVERHEAD,
          describe: `delete name ${name}`,
          run: () => {
            if (!this.context.state.names.delete(name)) throw new FakeExcelError('ItemNotFound', `No name ${name}`);
          },
        }),
    };
  }
  getItemOrNullObject(name: string): { delete: () => void } {
    return {
      delete: () =>
        this.context.queue({
          bytes: ACTION_OVERHEAD,
          describe: `delete name ${name}`,
          run: () => {
            this.context.state.names.delete(name);
          },
        }),
    };
  }
}

function absolute(b: Box): string {
  const a = `$${colLetters(b.left)}$${b.top}`;
  return b.top === b.bottom && b.left === b.right ? a : `${a}:$${colLetters(b.right)}$${b.bottom}`;
}

class FakeNote extends Proxy {
  constructor(
    context: FakeRequestContext,
    private readonly noteKey: string,
  ) {
    super(context);
  }
  protected readProp(prop: string): unknown {
    const exists = this.context.state.notes.has(this.noteKey);
    if (prop === 'isNullObject') return !exists;
    if (prop === 'content') return this.context.state.notes.get(this.noteKey) ?? null;
    throw new FakeExcelError('InvalidArgument', `The fake does not know Note.${prop}`);
  }
  get isNullObject(): boolean {
    return this.get('isNullObject');
  }
  get content(): string {
    return this.get('content');
  }
  set content(v: string) {
    this.context.queue({
      bytes: sizeOf(v) + ACTION_OVERHEAD,
      describe: 'note content',
      run: () => {
        // As in Excel: a note got with getItem must exist when the batch runs.
        if (!this.context.state.notes.has(this.noteKey)) throw new FakeExcelError('ItemNotFound', `No note at ${this.noteKey}`);
        this.context.state.notes.set(this.noteKey, v);
      },
    });
  }
  delete(): void {
    this.context.queue({
      bytes: ACTION_OVERHEAD,
      describe: 'note delete',
      run: () => {
        if (!this.context.state.notes.delete(this.noteKey)) throw new FakeExcelError('ItemNotFound', `No note at ${this.noteKey}`);
      },
    });
  }
}

/** Notes are keyed 'Sheet!A1' in the fake, as Excel addresses them. */
function noteKey(address: string | FakeRange, context: FakeRequestContext): string {
  if (typeof address !== 'string') return `${address.sheetName}!${boxAddress(address.box)}`;
  const m = /^(?:'((?:[^']|'')+)'|([^!]+))!(.+)$/.exec(address);
  if (!m) throw new FakeExcelError('InvalidCellAddress', `A note needs a sheet-qualified cell address: ${address}`);
  const sheet = (m[1] ?? m[2]!).replace(/''/g, "'");
  const b = parseBox(m[3]!);
  if (b.top !== b.bottom || b.left !== b.right) throw new FakeExcelError('InvalidCellAddress', `Not a single cell: ${address}`);
  void context;
  return `${sheet}!${boxAddress(b)}`;
}

class FakeNoteCollection {
  constructor(private readonly context: FakeRequestContext) {}
  add(cellAddress: string | FakeRange, content: string): FakeNote {
    const k = noteKey(cellAddress, this.context);
    this.context.queue({
      bytes: sizeOf(content) + ACTION_OVERHEAD,
      describe: 'note add',
      run: () => {
        const sheet = k.slice(0, k.lastIndexOf('!'));
        if (!this.context.state.sheet(sheet)) throw new FakeExcelError('ItemNotFound', `No worksheet ${sheet}`);
        if (this.context.state.notes.has(k)) throw new FakeExcelError('InvalidArgument', `The cell ${k} already has a note.`);
        this.context.state.notes.set(k, content);
      },
    });
    return new FakeNote(this.context, k);
  }
  getItemOrNullObject(cellAddress: string): FakeNote {
    return new FakeNote(this.context, noteKey(cellAddress, this.context));
  }
  /** Like Excel's, lazy: a missing note fails only when something queued on it runs (ItemNotFound). */
  getItem(cellAddress: string): FakeNote {
    return new FakeNote(this.context, noteKey(cellAddress, this.context));
  }
}

class FakeWorkbook {
  readonly worksheets: FakeWorksheetCollection;
  readonly names: FakeNamedItemCollection;
  readonly notes: FakeNoteCollection;
  constructor(private readonly context: FakeRequestContext) {
    this.worksheets = new FakeWorksheetCollection(context);
    this.names = new FakeNamedItemCollection(context);
    this.notes = new FakeNoteCollection(context);
  }

  insertWorksheetsFromBase64(base64: string, options?: { sheetNamesToInsert?: string[] }): { value: string[] } {
    const result: { value: string[] } = { value: [] };
    const decode = this.context.host.options.decodeWorkbook;
    this.context.queue({
      bytes: byteLength(base64) + ACTION_OVERHEAD,
      describe: 'insertWorksheetsFromBase64',
      run: () => {
        if (!decode) throw new FakeExcelError('ApiNotFound', 'insertWorksheetsFromBase64 is not set up in this fake');
        const sheets = decode(base64).filter((s) => !options?.sheetNamesToInsert || options.sheetNamesToInsert.includes(s.name));
        for (const s of sheets) {
          const sh = this.context.state.addSheet(s.name);
          for (const [a, v] of Object.entries(s.cells)) {
            const b = parseBox(a);
            const c = this.context.state.cell(sh, b.top, b.left);
            if (typeof v === 'string' && v.startsWith('=')) c.formula = v;
            else c.value = v;
          }
          for (const [n, f] of Object.entries(s.names ?? {})) this.context.state.names.set(n, f);
        }
        const ids = sheets.map((s) => s.name);
        return { response: ids, deliver: () => (result.value = ids) };
      },
    });
    return result;
  }

  getSelectedRange(): FakeRange {
    const sel = this.context.state.selection ?? { sheet: this.context.state.sheets[0]?.name ?? '', address: 'A1' };
    return new FakeRange(this.context, sel.sheet, parseBox(sel.address));
  }
}

export class FakeRequestContext {
  readonly workbook: FakeWorkbook;
  readonly application: { suspendApiCalculationUntilNextSync: () => void; suspendScreenUpdatingUntilNextSync: () => void };
  private pending: Action[] = [];
  constructor(
    readonly host: FakeExcel,
    readonly state: FakeWorkbookState,
  ) {
    this.workbook = new FakeWorkbook(this);
    this.application = {
      suspendApiCalculationUntilNextSync: () => this.queue({ bytes: ACTION_OVERHEAD, describe: 'suspend calc', run: () => void this.state.suspendedCalc++ }),
      suspendScreenUpdatingUntilNextSync: () => this.queue({ bytes: ACTION_OVERHEAD, describe: 'suspend screen', run: () => void this.state.suspendedScreen++ }),
    };
  }

  queue(a: Action): void {
    this.pending.push(a);
  }

  async sync(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const requestBytes = batch.reduce((n, a) => n + a.bytes, 200);
    const record: SyncRecord = { requestBytes, responseBytes: 0, actions: batch.length, failed: null };
    this.host.syncs.push(record);
    // A real round trip yields to the event loop; so does the fake, so code that forgets to await is caught.
    await new Promise((r) => setTimeout(r, 0));
    const limit = this.host.options.payloadLimit ?? MB5;
    if (requestBytes > limit) {
      record.failed = 'RequestPayloadSizeLimitExceeded';
      throw new FakeExcelError(
        'RequestPayloadSizeLimitExceeded',
        'The request payload size has exceeded the limit. Please refer to the documentation: "https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins".',
      );
    }
    const before = batch.some((a) => !a.describe.startsWith('load')) && batch.some((a) => a.describe.startsWith('load')) ? this.state.snapshot() : null;
    const deliveries: Delivery[] = [];
    for (const a of batch) {
      try {
        const r = a.run();
        if (isDelivery(r)) deliveries.push(r);
      } catch (e) {
        record.failed = e instanceof FakeExcelError ? e.code : String(e);
        // Loads queued before the failure are not delivered: Office.js rejects the whole sync.
        throw e instanceof FakeExcelError ? new FakeExcelError(e.code, e.message, a.describe) : e;
      }
    }
    // Measure the response before delivering it, so an oversized read delivers nothing.
    record.responseBytes = deliveries.reduce((n, d) => n + sizeOf(d.response), 200);
    if (record.responseBytes > limit) {
      if (before) this.state.restore(before);
      record.failed = 'RequestPayloadSizeLimitExceeded';
      throw new FakeExcelError('RequestPayloadSizeLimitExceeded', 'The response payload size has exceeded the limit.');
    }
    for (const d of deliveries) d.deliver();
  }
}

/** One fake Excel: its workbook state, the sync log, and an Excel.run that tests and the browser use. */
export class FakeExcel {
  readonly state = new FakeWorkbookState();
  readonly syncs: SyncRecord[] = [];
  readonly options: FakeExcelOptions;

  constructor(options: FakeExcelOptions = {}) {
    this.options = options;
  }

  get syncCount(): number {
    return this.syncs.length;
  }

  resetCounts(): void {
    this.syncs.length = 0;
    this.state.suspendedCalc = 0;
    this.state.suspendedScreen = 0;
    this.state.rowAutofits = [];
  }

  /** Excel.run: a new request context per batch function, like Office.js. */
  readonly run = async <T>(fn: (context: FakeRequestContext) => Promise<T>): Promise<T> => {
    const ctx = new FakeRequestContext(this, this.state);
    return await fn(ctx);
  };

  isSetSupported(name: string, minor: string): boolean {
    const have = this.options.requirementSets?.[name];
    if (have === undefined) return false;
    return have >= Number(minor.split('.')[1] ?? minor);
  }
}
