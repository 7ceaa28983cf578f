/**
 * readBack: turns a filled workbook's input cells into a SubmissionData, with the base values it was
 * filled with, the edits between them, and findings for cells no check could read (a formula typed
 * into an input cell, text in a number cell, a merged input cell, a percentage the display hides:
 * src/template/cell-input.ts decides each cell). One describe and two reads, whatever the size.
 *
 * A workbook whose identity or layout changed is refused outright rather than read "as well as
 * possible": a shifted row would put one indicator's figure under another's name.
 */
import type { Finding } from '../model/finding';
import type { FieldEdit } from '../sync/protocol';
import type { FieldPath, FieldValue, SubmissionData, SubmissionKey } from '../model/submission';
import { emptyData, setFields } from '../model/submission';
import { parsePeriod, periodLabelZh } from '../model/period';
import { cellAddress, rangeAddress, type CellValue, type RangeRef, type WorkbookInfo, type WorkbookPort } from './port';
import type { TemplateSpec } from './spec';
import { decodeIdentity, IDENTITY_NAME, IDENTITY_SHEET, IdentityError, layoutFingerprint, type WorkbookIdentity } from './identity';
import { resolveLayout } from './layout';
import { readInputCell, type CellProblem } from './cell-input';
import { readErrors } from './messages';

export interface Expectation {
  plan?: string;
  orgUnit?: string;
  period?: string;
}

export interface ReadBackResult {
  identity: WorkbookIdentity;
  key: SubmissionKey;
  /** What the input cells hold now, as entered. */
  data: SubmissionData;
  /** What they held when the workbook was filled. */
  pulled: SubmissionData;
  /** data − pulled, field by field, ready for a push. */
  edits: FieldEdit[];
  /** Cells that could not be read as the form means them, each with its field and cell address. */
  findings: Finding[];
}

function text(v: CellValue | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}

/** Reads just the identity: which template, plan, unit and period a workbook says it is. */
export async function readIdentity(port: WorkbookPort, info?: WorkbookInfo): Promise<WorkbookIdentity> {
  const wb = info ?? (await port.describe());
  const name = wb.names.find((n) => n.name.toLowerCase() === IDENTITY_NAME);
  if (!wb.sheets.some((s) => s.name === IDENTITY_SHEET) || !name?.ref) throw readErrors.notPlanbook();
  const [data] = await port.read([name.ref]);
  try {
    return decodeIdentity(data!.values);
  } catch (e) {
    if (e instanceof IdentityError) throw readErrors.identity(e.field);
    throw e;
  }
}

function valuesEqual(a: FieldValue, b: FieldValue): boolean {
  const norm = (v: FieldValue): FieldValue => (v === '' ? null : v);
  return norm(a) === norm(b);
}

/**
 * `also`: more ranges to read in the same round trip as the form (Check asks for what annotate will
 * read, src/template/annotate.ts annotationReads), given the workbook as described and its identity;
 * their data is not returned here, only read, so a caching port (the pane's action host) has it.
 */
export async function readBack(port: WorkbookPort, spec: TemplateSpec, expect: Expectation = {}, also?: (info: WorkbookInfo, identity: WorkbookIdentity) => RangeRef[]): Promise<ReadBackResult> {
  const info = await port.describe();
  const identity = await readIdentity(port, info);
  if (identity.template !== spec.id) throw readErrors.otherTemplate(identity.template, spec.id);
  if (!info.sheets.some((s) => s.name === identity.sheet)) throw readErrors.missingSheet(identity.sheet);
  for (const what of ['plan', 'orgUnit', 'period'] as const) {
    const want = expect[what];
    if (want !== undefined && want !== identity[what]) throw readErrors.otherWorkbook(what, identity[what], want);
  }
  const layout = resolveLayout(spec, info);
  const { sheet, letters } = layout;
  const cols = spec.table.columns;
  const left = layout.headerLeft;
  const right = left + cols.length - 1;
  const first = identity.firstRow;
  const last = first + identity.rowCount - 1;
  const headerCells = [...layout.cells.entries()].filter(([name]) => spec.cells[name] === 'orgUnit' || spec.cells[name] === 'period');

  // The second read: header row, every data row plus the row below it, and the unit/period header cells.
  const [header, table, ...heads] = await port.read([
    { sheet, address: rangeAddress(layout.headerRow, left, layout.headerRow, right) },
    { sheet, address: rangeAddress(first, left, last + 1, right), details: true },
    ...headerCells.map(([, ref]) => ({ sheet: ref.sheet, address: ref.address.split(':')[0]! })),
    ...(also ? also(info, identity) : []),
  ]);

  if (layout.firstRow !== first) throw readErrors.tableMoved(first - 1, layout.headerRow, cellAddress(layout.headerRow, left));
  const headers = header!.values[0]!.map(text);
  cols.forEach((c, i) => {
    if (headers[i]!.trim() !== c.header) throw readErrors.headerMoved(cellAddress(layout.headerRow, left + i), c.header, headers[i]!);
  });

  // Row keys: the key column (the first source column) must still say what the identity says, row by row.
  const keyCol = cols.findIndex((c) => c.source !== undefined);
  if (keyCol >= 0) {
    for (let i = 0; i < identity.rowCount; i++) {
      const found = text(table!.values[i]?.[keyCol]).trim();
      if (found !== identity.rowKeys[i]) throw readErrors.rowsChanged(cellAddress(first + i, left + keyCol), identity.rowKeys[i] ?? '', found);
    }
    const below = text(table!.values[identity.rowCount]?.[keyCol]).trim();
    const footerLabel = (spec.table.footer ?? []).find((f) => f.offset === 1 && f.column === cols[keyCol]!.key)?.value ?? '';
    if (below !== footerLabel) throw readErrors.rowsAdded(cellAddress(last + 1, left + keyCol));
  }

  const fingerprint = layoutFingerprint({
    template: identity.template,
    templateVersion: identity.templateVersion,
    sheet: identity.sheet,
    headers,
    firstRow: first,
    rowCount: identity.rowCount,
    rowKeys: identity.rowKeys,
    plan: identity.plan,
    orgUnit: identity.orgUnit,
    period: identity.period,
    form: identity.form,
  });
  if (fingerprint !== identity.fingerprint) throw readErrors.fingerprint();

  const period = parsePeriod(identity.period);
  headerCells.forEach(([name, ref], i) => {
    const want = spec.cells[name] === 'orgUnit' ? identity.orgUnit : period ? periodLabelZh(period) : identity.period;
    const found = text(heads[i]?.values[0]?.[0]).trim();
    if (found !== want) throw readErrors.headerCell(ref.address.split(':')[0]!, want, found);
  });

  const group = identity.form === 'tasks' ? 'tasks' : 'figures';
  const unitCol = cols.findIndex((c) => c.source === 'measureUnit');
  const dataFields: [FieldPath, FieldValue][] = [];
  const pulledFields: [FieldPath, FieldValue][] = [];
  const edits: FieldEdit[] = [];
  const findings: Finding[] = [];
  for (let i = 0; i < identity.rowCount; i++) {
    const key = identity.rowKeys[i]!;
    cols.forEach((c, j) => {
      if (!c.input) return;
      const field: FieldPath = `${group}/${key}/${c.input}`;
      const address = `${letters.get(c.key)}${first + i}`;
      const d = table!.details;
      const verdict = readInputCell(
        {
          value: table!.values[i]?.[j] ?? null,
          formula: table!.formulas[i]?.[j] ?? null,
          format: d?.formats[i]?.[j] ?? null,
          text: d?.texts[i]?.[j] ?? null,
          merge: d?.merges[i]?.[j] ?? null,
        },
        { address, header: c.header, type: c.type, input: c.input, measureUnit: unitCol < 0 ? undefined : text(table!.values[i]?.[unitCol]).trim() },
      );
      const value = verdict.value;
      if (verdict.problem) findings.push(cellFinding(verdict.problem, identity, group, key, field));
      const pulledValue = identity.pulled[field] ?? (c.input === 'note' || c.input === 'text' ? '' : null);
      dataFields.push([field, value]);
      pulledFields.push([field, pulledValue]);
      if (!valuesEqual(value, pulledValue)) edits.push({ field, pulled: pulledValue, value });
    });
  }

  return {
    identity,
    key: { plan: identity.plan, orgUnit: identity.orgUnit, period: identity.period, form: identity.form },
    data: setFields(emptyData(), dataFields),
    pulled: setFields(emptyData(), pulledFields),
    edits,
    findings,
  };
}

function cellFinding(problem: CellProblem, identity: WorkbookIdentity, group: 'figures' | 'tasks', key: string, field: FieldPath): Finding {
  const subject =
    group === 'tasks'
      ? { kind: 'task' as const, orgUnit: identity.orgUnit, taskNo: Number(key), period: identity.period }
      : { kind: 'figure' as const, orgUnit: identity.orgUnit, indicator: key, period: identity.period };
  return { rule: problem.rule, severity: problem.severity, subject, field, message: problem.message, numbers: problem.numbers, explained: false };
}
