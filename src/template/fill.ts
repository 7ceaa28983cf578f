/**
 * fill: writes a unit's rows, pulled figures, formulas, validation, protection and the workbook's
 * identity into a blank template, in one describe, one read and one write on the port, whatever
 * the number of rows (fillOps: the write alone, for a caller who knows the workbook already).
 *
 * The engine writes every formula itself, row by row and below the table, after the rows are
 * inserted: hosts differ in whether they shift references on insert (Excel does, ExcelJS does not),
 * so trusting the host would give totals that miss rows in one of them.
 */
import type { Plan, Period } from '../model/plan';
import { parsePeriod, periodLabelZh } from '../model/period';
import { TASK_STATUS_LABELS, type FieldPath, type FieldValue, type SubmissionData } from '../model/submission';
import { PlanbookError } from '../model/errors';
import { type CellValue, type WorkbookInfo, type WorkbookPort, type WriteOp, rangeAddress } from './port';
import { expandFormula, type TemplateSpec } from './spec';
import { encodeIdentity, IDENTITY_NAME, IDENTITY_SHEET, layoutFingerprint, type WorkbookIdentity } from './identity';
import { indicatorRows, taskRows, type IndicatorInfo, type IndicatorLookup, type TableRow } from './rows';
import { decimalsFormat, isNumeric, resolveLayout } from './layout';
import { targetNote, templateErrors } from './messages';
import type { CarriedCopy } from '../usecases/carried';

/**
 * What a fill writes. For an entry form this is src/usecases/form-inputs.ts's FormInputs, as the
 * pane, the CLI and the server decide it there; report tables pass their own rows.
 */
export interface FillInput {
  plan: Plan;
  orgUnit: string;
  period: Period;
  /** The store revision the pulled data is at (0 when filled from a plan file). */
  baseRev?: number;
  /** Pulled figures and task progress: written into the input cells and kept as the base of later edits. */
  data?: SubmissionData;
  /** Rows to write instead of the ones built from the plan (report tables). */
  rows?: TableRow[];
  lookup?: IndicatorLookup;
  catalog?: readonly IndicatorInfo[];
  /**
   * Annual target amounts by indicator (src/usecases/annual-amounts.ts, the district report's): 全年目标
   * is written as that number, so 完成全年目标% equals the report's, with the target's phrase in the cell's note.
   */
  annualAmounts?: Readonly<Record<string, number>>;
  /** The catalog and rules (at their store revisions) the workbook carries for checks made offline. */
  carried?: CarriedCopy | null;
  /** ISO time stamp; defaults to now. */
  filledAt?: string;
}

export interface FillResult {
  identity: WorkbookIdentity;
  rows: number;
}

const STATUS_ITEMS = Object.values(TASK_STATUS_LABELS).map((l) => l.zh);

export function rowsFor(spec: TemplateSpec, input: FillInput): TableRow[] {
  if (input.rows) return input.rows;
  switch (spec.table.rows) {
    case 'tasks':
      return taskRows(input.plan, input.orgUnit);
    case 'indicators':
      return indicatorRows(input.plan, input.orgUnit, input.lookup, input.catalog, input.annualAmounts);
    default:
      return [];
  }
}

/** The plan trimmed to what the checks of this form need, to travel inside the workbook. */
function checkPlanFor(plan: Plan, spec: TemplateSpec, rows: TableRow[], unit: string): Plan {
  const keys = new Set(rows.map((r) => r.key));
  const figures = spec.table.rows === 'indicators';
  return {
    ...plan,
    targets: figures ? plan.targets.filter((t) => keys.has(t.indicator)) : [],
    tasks: figures ? [] : plan.tasks.filter((t) => keys.has(String(t.no))),
    actuals: figures ? plan.actuals.filter((a) => keys.has(a.indicator)) : [],
    goals: [],
    units: [unit],
    documents: [],
    // The workbook carries its catalog and rules in the identity's own field, not twice.
    carried: undefined,
  };
}

/** A field's pulled value as fill writes it: missing notes and texts are '', missing numbers null. */
export function pulledValue(data: SubmissionData | undefined, group: 'figures' | 'tasks', key: string, field: string): FieldValue {
  // Own keys only: an indicator named toString or constructor has no pulled value, not an Object method.
  const rec = data && Object.hasOwn(data[group], key) ? (data[group][key] as unknown as Record<string, FieldValue>) : undefined;
  const v = rec?.[field];
  return v === undefined ? (field === 'note' || field === 'text' ? '' : null) : v;
}

/** Checks a fill's input against the workbook as described: the period, not yet filled, the layout, some rows. */
function prepare(spec: TemplateSpec, input: FillInput, info: WorkbookInfo): { period: NonNullable<ReturnType<typeof parsePeriod>>; rows: TableRow[] } {
  const period = parsePeriod(input.period);
  if (!period) throw new PlanbookError('VALIDATION', { zh: `报告期无效：${input.period}`, en: `Not a period: ${input.period}` });
  if (info.sheets.some((s) => s.name === IDENTITY_SHEET)) throw templateErrors.alreadyFilled();
  resolveLayout(spec, info);
  const rows = rowsFor(spec, input);
  if (rows.length === 0) throw templateErrors.noRows(input.orgUnit, spec.table.rows);
  return { period, rows };
}

export async function fill(port: WorkbookPort, spec: TemplateSpec, input: FillInput): Promise<FillResult> {
  if (!parsePeriod(input.period)) throw new PlanbookError('VALIDATION', { zh: `报告期无效：${input.period}`, en: `Not a period: ${input.period}` });
  const info = await port.describe();
  prepare(spec, input, info);
  const layout = resolveLayout(spec, info);
  // The one read: the header texts, which go into the fingerprint as the template has them.
  const right = layout.headerLeft + spec.table.columns.length - 1;
  const [headerData] = await port.read([{ sheet: layout.sheet, address: rangeAddress(layout.headerRow, layout.headerLeft, layout.headerRow, right) }]);
  const headers = (headerData?.values[0] ?? []).map((v) => (v === null ? '' : String(v)));
  const r = fillOps(spec, input, info, headers);
  await port.write(r.ops);
  return { identity: r.identity, rows: r.rows };
}

/**
 * The writes of a fill, for a workbook known to look like `info` with `headers` in its table's
 * header row (the caller read them, or is writing them itself in the same batch, as the pane's
 * blank template does): lets a caller put a fill in the same write, and round trip, as other ops.
 * Throws as fill() does.
 */
export function fillOps(spec: TemplateSpec, input: FillInput, info: WorkbookInfo, headers: string[]): FillResult & { ops: WriteOp[] } {
  const { period, rows } = prepare(spec, input, info);
  const layout = resolveLayout(spec, info);
  const cols = spec.table.columns;
  const { sheet, firstRow, letters } = layout;
  const lastRow = firstRow + rows.length - 1;
  const group = spec.table.rows === 'tasks' || spec.table.rows === 'report-tasks' ? 'tasks' : 'figures';

  const ops: WriteOp[] = [];
  // The template holds one formatted sample data row; grow it to the rows needed, formats copied from it.
  if (rows.length > 1) ops.push({ kind: 'insertRows', sheet, before: firstRow + 1, count: rows.length - 1 });

  const pulled: Record<FieldPath, FieldValue> = {};
  const values: CellValue[][] = rows.map((r) =>
    cols.map((c) => {
      if (c.source !== undefined) return r.values[c.source] ?? null;
      if (c.input !== undefined) {
        const v = pulledValue(input.data, group, r.key, c.input);
        pulled[`${group}/${r.key}/${c.input}`] = v;
        return v === '' ? null : v;
      }
      return null;
    }),
  );
  ops.push({ kind: 'values', sheet, at: `${letters.get(cols[0]!.key)}${firstRow}`, values });

  cols.forEach((c) => {
    if (!c.formula) return;
    const formulas = rows.map((_r, i) => [expandFormula(c.formula!, letters, firstRow + i, firstRow, lastRow)]);
    ops.push({ kind: 'formulas', sheet, at: `${letters.get(c.key)}${firstRow}`, formulas });
  });

  ops.push(...targetNotes(spec, input, rows, layout.letters, sheet, firstRow));

  for (const f of spec.table.footer ?? []) {
    const at = `${letters.get(f.column)}${lastRow + f.offset}`;
    if (f.value !== undefined) ops.push({ kind: 'values', sheet, at, values: [[f.value]] });
    if (f.formula !== undefined) ops.push({ kind: 'formulas', sheet, at, formulas: [[expandFormula(f.formula, letters, lastRow + f.offset, firstRow, lastRow)]] });
    if (f.numberFormat) ops.push({ kind: 'style', range: { sheet, address: at }, style: { numberFormat: f.numberFormat } });
  }

  // Number formats follow each row's decimals; runs of equal decimals share one op.
  cols.forEach((c) => {
    const letter = letters.get(c.key)!;
    const numericSource = c.source !== undefined && rows.some((r) => typeof r.values[c.source!] === 'number');
    if (!isNumeric(c) && !numericSource && !c.numberFormat) return;
    let start = 0;
    for (let i = 1; i <= rows.length; i++) {
      if (i < rows.length && rows[i]!.decimals === rows[start]!.decimals) continue;
      const fmt = c.numberFormat ?? (c.type === 'percent' ? '0.0' : decimalsFormat(rows[start]!.decimals));
      ops.push({ kind: 'style', range: { sheet, address: `${letter}${firstRow + start}:${letter}${firstRow + i - 1}` }, style: { numberFormat: fmt } });
      start = i;
    }
  });

  const unlocked: string[] = [];
  for (const c of cols) {
    if (!c.input) continue;
    const address = `${letters.get(c.key)}${firstRow}:${letters.get(c.key)}${lastRow}`;
    unlocked.push(address);
    if (c.type === 'decimal') ops.push({ kind: 'validation', range: { sheet, address }, rule: { kind: 'decimal' } });
    if (c.type === 'percent') ops.push({ kind: 'validation', range: { sheet, address }, rule: { kind: 'decimal', min: 0, max: 100 } });
    if (c.type === 'status') ops.push({ kind: 'validation', range: { sheet, address }, rule: { kind: 'list', items: STATUS_ITEMS } });
  }

  const filledAt = input.filledAt ?? new Date().toISOString();
  for (const [name, content] of Object.entries(spec.cells)) {
    const ref = layout.cells.get(name)!;
    const text =
      content === 'orgUnit'
        ? input.orgUnit
        : content === 'period'
          ? periodLabelZh(period)
          : content === 'plan'
            ? input.plan.name
            : content === 'title'
              ? `${period.year}年${spec.title.zh}`
              : content === 'filledAt'
                ? filledAt.slice(0, 10)
                : '';
    ops.push({ kind: 'values', sheet: ref.sheet, at: ref.address.split(':')[0]!, values: [[text]] });
  }
  // After every value and number format of the rows (they decide the text to fit), and before the
  // protection: Excel refuses to change row heights on a sheet protected without allowFormatRows.
  ops.push({ kind: 'fitRows', sheet, rows: { from: firstRow, to: lastRow } });
  ops.push({ kind: 'protect', sheet, unlocked });

  const rowKeys = rows.map((r) => r.key);
  const facts = {
    template: spec.id,
    templateVersion: spec.version,
    sheet,
    headers,
    firstRow,
    rowCount: rows.length,
    rowKeys,
    plan: input.plan.id,
    orgUnit: input.orgUnit,
    period: input.period,
    form: spec.form,
  };
  const identity: WorkbookIdentity = {
    plan: input.plan.id,
    planName: input.plan.name,
    orgUnit: input.orgUnit,
    period: input.period,
    form: spec.form,
    baseRev: input.baseRev ?? 0,
    template: spec.id,
    templateVersion: spec.version,
    sheet,
    firstRow,
    rowCount: rows.length,
    rowKeys,
    pulled: flattenPulled(pulled),
    checkPlan: spec.form === 'report' ? null : checkPlanFor(input.plan, spec, rows, input.orgUnit),
    carried: spec.form === 'report' ? null : (input.carried ?? null),
    filledAt,
    fingerprint: layoutFingerprint(facts),
  };
  const idRows = encodeIdentity(identity);
  ops.push({ kind: 'addSheet', sheet: IDENTITY_SHEET, visible: false });
  ops.push({ kind: 'values', sheet: IDENTITY_SHEET, at: 'A1', values: idRows });
  ops.push({ kind: 'defineName', name: IDENTITY_NAME, ref: { sheet: IDENTITY_SHEET, address: `A1:B${idRows.length}` } });
  ops.push({ kind: 'protect', sheet: IDENTITY_SHEET, unlocked: [] });

  return { identity, rows: rows.length, ops };
}

/**
 * The target's phrase beside the amount fill wrote for it in 全年目标 (一般公共预算收入增长3% → 92.14):
 * a note on that cell, so the wording stays in view where the number stands. The cell is new (fill
 * writes into a blank template), hence `existing: null`: no host has to look a note up first.
 */
function targetNotes(spec: TemplateSpec, input: FillInput, rows: TableRow[], letters: ReadonlyMap<string, string>, sheet: string, firstRow: number): WriteOp[] {
  const col = spec.table.columns.find((c) => c.source === 'target');
  if (!col || !input.annualAmounts || input.rows) return [];
  const ops: WriteOp[] = [];
  rows.forEach((r, i) => {
    const amount = r.values.target;
    const text = r.values.targetText;
    if (typeof amount !== 'number' || typeof text !== 'string' || text === '') return;
    const unit = typeof r.values.measureUnit === 'string' ? r.values.measureUnit : '';
    ops.push({ kind: 'note', sheet, cell: `${letters.get(col.key)}${firstRow + i}`, text: targetNote(text, amount, unit), existing: null });
  });
  return ops;
}

/** The pulled values as the identity keeps them (the base of later edits). */
export function flattenPulled(pulled: Record<FieldPath, FieldValue>): Record<FieldPath, FieldValue> {
  // Notes and texts travel as '' rather than null so that an untouched empty note is not an edit.
  const out: Record<FieldPath, FieldValue> = {};
  for (const [k, v] of Object.entries(pulled)) out[k] = v === null && /\/(note|text)$/.test(k) ? '' : v;
  return out;
}
