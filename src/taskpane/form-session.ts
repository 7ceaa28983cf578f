/**
 * What Pull, Check, Explain and Push do to a workbook, over the Sheet port plus the few things only
 * a live Excel can do (select a cell, insert a template, remove sheets). No DOM and no Office.js
 * here: tests drive it with the fake Excel host, the browser drives it from the pane.
 *
 * Edits are found by reading the input ranges and comparing them with the pulled base kept in the
 * workbook (readBack), never from Excel's change events, which miss pastes and drop-down picks.
 */
import type { Finding } from '../model/finding';
import type { Lang } from '../model/i18n';
import { PlanbookError } from '../model/errors';
import { getField, type FieldPath, type FieldValue, type Submission, type SubmissionKey } from '../model/submission';
import type { FieldConflict, FieldEdit, PatchRequest } from '../sync/protocol';
import {
  annotate,
  annotationReads,
  fieldCell,
  fill,
  fillOps,
  findingCell,
  FINDINGS_SHEET,
  IDENTITY_NAME,
  IDENTITY_SHEET,
  readBack,
  readIdentity,
  rebaseOps,
  resolveLayout,
  type ReadBackResult,
  type RangeData,
  type RangeRef,
  type TemplateSpec,
  type WorkbookInfo,
  type WorkbookIdentity,
  type WorkbookPort,
  type WriteOp,
} from '../template';
import { blankTemplateOps } from './blank-template';
import type { FormInputs } from '../usecases/form-inputs';

/** The port plus what only a live spreadsheet can do. */
export interface FormHost extends WorkbookPort {
  select(ref: RangeRef): Promise<void>;
  /** Inserts a template's sheets from .xlsx bytes; null when the host cannot. */
  insertTemplate(base64: string, sheets?: string[]): Promise<string[] | null>;
  /** Removes sheets (those that exist) and the defined names pointing into them; `known`: the workbook as just described, if it is. */
  removeSheets(names: string[], alsoNames: string[], known?: WorkbookInfo): Promise<void>;
  /**
   * Removes `remove`'s sheets and names (as removeSheets with `known`), inserts a template's sheets and
   * describes the workbook after, in one round trip (ExcelApi 1.13); null when the host cannot insert.
   */
  replaceWithTemplate?(base64: string, sheets: string[], remove: { sheets: string[]; names: string[]; known: WorkbookInfo }): Promise<{ inserted: string[]; info: WorkbookInfo } | null>;
  /** describe() plus a read of a few small ranges in one round trip, where the host can; throws when a range is gone. */
  describeAndRead?(ranges: RangeRef[]): Promise<{ info: WorkbookInfo; data: RangeData[] }>;
}

export interface PullInput {
  key: SubmissionKey;
  /** What the form shows, as src/usecases/form-inputs.ts decides it (the same for the CLI's fill). */
  inputs: FormInputs;
  /** The server's submission the inputs were taken from: edits it already has are not unpushed work. */
  submission: Submission;
  spec: TemplateSpec;
  /** The template .xlsx as base64, when it could be fetched. */
  templateBase64: string | null;
  /** Fields whose workbook value the user chose to give up (kept theirs in a conflict): not unpushed work. */
  discard?: ReadonlySet<FieldPath>;
}

export type PullOutcome = { ok: true; rows: number; usedTemplateFile: boolean } | { ok: false; unpushed: FieldEdit[] };

function same(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  const n = (v: FieldValue | undefined): FieldValue => (v === undefined || v === '' ? null : v);
  return n(a) === n(b);
}

/** Whether the workbook holds a planbook form at all (its hidden identity sheet). */
export async function currentIdentity(host: FormHost): Promise<WorkbookIdentity | null> {
  const info = await host.describe();
  if (!info.sheets.some((s) => s.name === IDENTITY_SHEET)) return null;
  return readIdentity(host, info);
}

/**
 * Pull: (re)builds the form for key with the server's data. Refuses, and changes nothing, when the
 * workbook holds edits the server does not have yet, so a pull never overwrites unsent work.
 */
export async function pullForm(host: FormHost, input: PullInput, specs: ReadonlyMap<string, TemplateSpec>): Promise<PullOutcome> {
  // A damaged identity throws here and is reported, not overwritten: the figures may still be wanted.
  const existing = await currentIdentity(host);
  let known: WorkbookInfo | null = null;
  // What must go before the form is built: removed with the template's insert where the host can, else on its own.
  let removal: { sheets: string[]; names: string[]; known: WorkbookInfo } | null = null;
  const info = await host.describe();
  if (existing) {
    const oldSpec = specs.get(existing.template);
    if (oldSpec) {
      const r = await readBack(host, oldSpec);
      const serverHas = existing.plan === input.key.plan && existing.orgUnit === input.key.orgUnit && existing.period === input.key.period && existing.form === input.key.form;
      const unpushed = r.edits.filter((e) => !input.discard?.has(e.field) && (!serverHas || !same(getField(input.submission.data, e.field), e.value)));
      if (unpushed.length > 0) return { ok: false, unpushed };
    }
    const gone = [existing.sheet, IDENTITY_SHEET, FINDINGS_SHEET];
    removal = { sheets: gone, names: [IDENTITY_NAME], known: info };
  } else {
    // A leftover form sheet (identity deleted by hand) would block the template insert; removed only
    // when the description shows one, so a fresh workbook pays no round trip for it.
    const leftover = new Set([input.spec.sheet, FINDINGS_SHEET].map((n) => n.toLowerCase()));
    if (info.sheets.some((x) => leftover.has(x.name.toLowerCase())) || info.names.some((n) => n.ref && leftover.has(n.ref.sheet.toLowerCase()))) {
      removal = { sheets: [input.spec.sheet, FINDINGS_SHEET], names: [], known: info };
    }
  }
  let usedTemplateFile = false;
  if (input.templateBase64 && host.replaceWithTemplate) {
    // The removal, the insert and the description after them in one round trip; the fill in one more.
    const r = await host.replaceWithTemplate(input.templateBase64, [input.spec.sheet], removal ?? { sheets: [], names: [], known: info }).catch(() => 'refused' as const);
    if (r && r !== 'refused') {
      removal = null;
      let laidOut = true;
      try {
        resolveLayout(input.spec, r.info);
      } catch {
        // The inserted copy lost its defined names (older Excel): build the layout ourselves instead.
        laidOut = false;
        await host.removeSheets([input.spec.sheet], [], r.info);
      }
      if (laidOut) {
        // The pane inserts only the templates it ships, whose header cells say the spec's headers
        // (test/addin/pane-sync-count.test.ts pins it): known without reading them back.
        const res = fillOps(
          input.spec,
          input.inputs,
          r.info,
          input.spec.table.columns.map((c) => c.header),
        );
        await host.write(res.ops);
        return { ok: true, rows: res.rows, usedTemplateFile: true };
      }
    } else if (r === 'refused' && removal) {
      // Excel refused part way: some of the removal may have happened, so the host looks again.
      await host.removeSheets(removal.sheets, removal.names);
      removal = null;
    }
  }
  if (removal) {
    // What is left is known without asking Excel again: the description less what is removed.
    known = removedFrom(removal.known, removal.sheets, removal.names);
    await host.removeSheets(removal.sheets, removal.names, removal.known);
  }
  if (input.templateBase64 && !host.replaceWithTemplate) {
    const inserted = await host.insertTemplate(input.templateBase64, [input.spec.sheet]).catch(() => null);
    if (inserted) {
      known = null;
      try {
        resolveLayout(input.spec, await host.describe());
        usedTemplateFile = true;
      } catch {
        await host.removeSheets([input.spec.sheet], []);
      }
    }
  }
  const fillInput = input.inputs;
  if (!usedTemplateFile) {
    const info = known ?? (await host.describe());
    const blank = blankTemplateOps(
      input.spec,
      info.names.map((n) => n.name),
    );
    const after = described(info, blank);
    const ownHeader = blank.some((op) => op.kind === 'defineName' && op.name === input.spec.table.header);
    if (ownHeader) {
      // The blank sheet and the fill in one write: its names and header texts are known without reading them back.
      const res = fillOps(
        input.spec,
        fillInput,
        after,
        input.spec.table.columns.map((c) => c.header),
      );
      await host.write([...blank, ...res.ops]);
      return { ok: true, rows: res.rows, usedTemplateFile };
    }
    await host.write(blank);
  }
  const res = await fill(host, input.spec, fillInput);
  return { ok: true, rows: res.rows, usedTemplateFile };
}

export type RebaseOutcome = { ok: true } | { ok: false; unpushed: FieldEdit[] } | { ok: false; rebuild: true };

/**
 * After a push: gives the workbook the server's submission as its new base without rebuilding the
 * form (src/template/rebase.ts), so the push costs no round trips beyond its read and this one write.
 * Refuses, and changes nothing, when the workbook holds edits the server does not have (as pullForm);
 * asks for a rebuild when the identity no longer fits its rows. `discard`: fields whose workbook
 * value the user gave up in a conflict.
 */
export async function rebaseForm(host: FormHost, spec: TemplateSpec, submission: Submission, discard: ReadonlySet<FieldPath> = new Set()): Promise<RebaseOutcome> {
  const read = await readBack(host, spec);
  const unpushed = read.edits.filter((e) => !discard.has(e.field) && !same(getField(submission.data, e.field), e.value));
  if (unpushed.length > 0) return { ok: false, unpushed };
  const r = rebaseOps(spec, read, resolveLayout(spec, await host.describe()).letters, submission.data, submission.rev);
  if (!r) return { ok: false, rebuild: true };
  await host.write(r.ops);
  return { ok: true };
}

/** The workbook as `info` describes it once removeSheets(sheets, names) ran: the sheets, their names and those named, gone. */
function removedFrom(info: WorkbookInfo, sheets: readonly string[], names: readonly string[]): WorkbookInfo {
  const gone = new Set(sheets.map((x) => x.toLowerCase()));
  const drop = new Set(names.map((x) => x.toLowerCase()));
  return {
    sheets: info.sheets.filter((x) => !gone.has(x.name.toLowerCase())),
    names: info.names.filter((n) => !drop.has(n.name.toLowerCase()) && !(n.ref && gone.has(n.ref.sheet.toLowerCase()))),
  };
}

/** The workbook as `info` describes it once `ops` have added their sheets and names. */
function described(info: WorkbookInfo, ops: readonly WriteOp[]): WorkbookInfo {
  const sheets = [...info.sheets];
  const names = [...info.names];
  for (const op of ops) {
    if (op.kind === 'addSheet') sheets.push({ name: op.sheet, visible: op.visible });
    if (op.kind === 'defineName') names.push({ name: op.name, ref: op.ref });
  }
  return { sheets, names };
}

export interface CheckOutcome {
  read: ReadBackResult;
  findings: Finding[];
}

/**
 * The use case that judges a form's figures (src/usecases/may-submit.ts through the pane's Sources);
 * `workbook`: the identity read, with the plan and the catalog and rules the workbook carries for offline checks.
 */
export type Judge = (submission: Submission, workbook: WorkbookIdentity) => Promise<Finding[]>;

/**
 * Check: reads the form, asks the one "may this go up" (the server's checks, catalog, rules and
 * history window, through the pane's Sources), and shows the findings in the cells.
 */
export async function checkForm(host: FormHost, spec: TemplateSpec, judge: Judge, lang: Lang): Promise<CheckOutcome> {
  // What annotate reads (fills and notes of the marked cells, the findings sheet's length) rides with
  // the form's own read; the action host serves annotate from it, so Check costs no read of its own.
  const read = await readBack(host, spec, {}, (info, identity) => annotationReads(spec, info, identity));
  const submission: Submission = { ...read.key, rev: read.identity.baseRev, state: 'draft', data: read.data, updatedAt: '', updatedBy: '' };
  const findings = [...read.findings, ...(await judge(submission, read.identity))];
  await annotate(host, spec, findings, lang);
  return { read, findings };
}

/** The cell a finding points at, for selecting it. */
export async function cellOf(host: FormHost, spec: TemplateSpec, f: Finding): Promise<RangeRef | null> {
  const info = await host.describe();
  const identity = await readIdentity(host, info);
  return findingCell(spec, identity, resolveLayout(spec, info).letters, f);
}

/** Writes an explanation into the 说明 cell of the finding's row. */
export async function explain(host: FormHost, spec: TemplateSpec, f: Finding, text: string): Promise<RangeRef> {
  const info = await host.describe();
  const identity = await readIdentity(host, info);
  const letters = resolveLayout(spec, info).letters;
  const group = identity.form === 'tasks' ? 'tasks' : 'figures';
  const rowKey = f.subject.kind === 'figure' ? f.subject.indicator : f.subject.kind === 'task' ? String(f.subject.taskNo) : null;
  const field: FieldPath | null = rowKey === null ? null : `${group}/${rowKey}/note`;
  const cell = field ? fieldCell(spec, identity, letters, field) : null;
  if (!cell) {
    throw new PlanbookError('VALIDATION', {
      zh: '这条提示不对应表中的某一行，无法填写说明；请联系区统计部门',
      en: 'This finding is not about a row of the form, so it cannot be explained here; contact the district statistics office',
    });
  }
  await host.write([{ kind: 'values', sheet: cell.sheet, at: cell.address, values: [[text]] }]);
  return cell;
}

/** The push request for the form's current edits. */
export async function pendingPush(host: FormHost, spec: TemplateSpec): Promise<{ read: ReadBackResult; request: PatchRequest }> {
  const read = await readBack(host, spec);
  return { read, request: { baseRev: read.identity.baseRev, edits: read.edits } };
}

export type Keep = 'theirs' | 'yours';

/**
 * The request that settles a conflict: for each conflicting field the user kept one side; 'yours'
 * is re-sent against theirs, 'theirs' is dropped. Other edits go again as they were (the server
 * merges them, since nobody else touched those fields).
 */
export function resolveConflict(original: PatchRequest, conflicts: readonly FieldConflict[], rev: number, keep: ReadonlyMap<FieldPath, Keep>): PatchRequest {
  const byField = new Map(conflicts.map((c) => [c.field, c]));
  const edits: FieldEdit[] = [];
  for (const e of original.edits) {
    const c = byField.get(e.field);
    if (!c) edits.push(e);
    else if ((keep.get(e.field) ?? 'theirs') === 'yours') edits.push({ field: e.field, pulled: c.theirs, value: c.yours });
  }
  return { baseRev: rev, edits };
}
