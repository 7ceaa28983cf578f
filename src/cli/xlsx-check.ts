/**
 * `planbook check FILE.xlsx…`: reads filled workbooks back, runs the same checks as the add-in and the
 * server on them, prints the findings with their cells, and (--annotate) writes them into the files.
 * Each file is reported on its own; one unreadable file does not hide the findings of the others.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type ExcelJS from 'exceljs';
import type { CliIO } from './command';
import { EXIT } from './command';
import { SEVERITY_LABELS, canSubmit, type Finding } from '../model/finding';
import type { Plan } from '../model/plan';
import type { Submission } from '../model/submission';
import { StoreClient } from './xlsx-remote';
import { PlanbookError, isPlanbookError } from '../model/errors';
import { maySubmit } from '../usecases/may-submit';
import type { Sources } from '../usecases/sources';
import { configNote, type ConfigInUse } from '../usecases/carried';
import { syncSources } from '../sync/sources';
import { mergeEdits } from '../sync/merge';
import { readBack, readIdentity, type Expectation, type ReadBackResult } from '../template/read-back';
import { annotate, findingCell } from '../template/annotate';
import { resolveLayout } from '../template/layout';
import type { TemplateSpec } from '../template/spec';
import { XlsxWorkbook } from '../hosts/xlsx/port';
import { loadWorkbook, maxBytesFromEnv, saveBuffer } from '../hosts/xlsx/file';
import { keepValidations } from '../hosts/xlsx/keep-validations';
import { loadSpec, templatesDir } from '../hosts/xlsx/templates';
import { rowsToCsv } from '../report/csv';
import { parse, UsageError } from './args';
import { planFileConfig, planFileSources, readPlanFile } from './xlsx-plan';

export interface InspectOptions {
  /** A plan to check against instead of the one the workbook carries; the workbook must then be of this plan. */
  plan?: Plan;
  /** The store, when there is one: the current plan and earlier figures (last period, last year) come from it. */
  store?: StoreClient;
  orgUnit?: string;
  period?: string;
  templates?: string;
  today?: string;
  env: Record<string, string | undefined>;
}

export interface CellFinding extends Finding {
  cell: string | null;
}

export interface Inspection {
  file: string;
  /** Set when the file could not be read at all (not a workbook, tampered, another unit …). */
  error?: PlanbookError;
  result?: ReadBackResult;
  spec?: TemplateSpec;
  workbook?: ExcelJS.Workbook;
  findings: CellFinding[];
  /** Which catalog and rules judged the file (said with the findings). */
  config?: ConfigInUse;
}

/** The store's catalog and rules as the check used them, with their revisions. */
async function serverConfig(src: Sources): Promise<ConfigInUse> {
  const [catalog, rules, revs] = await Promise.all([src.catalog(), src.rules(), src.revisions ? src.revisions() : Promise.resolve({ catalog: 0, rules: 0 })]);
  return { origin: 'server', catalog: { rev: revs.catalog, value: catalog }, rules: { rev: revs.rules, value: rules } };
}

/** Reads one workbook back and checks it; never throws for a bad file, only for a programming error. */
export async function inspectWorkbook(file: string, o: InspectOptions): Promise<Inspection> {
  try {
    const workbook = await loadWorkbook(file, maxBytesFromEnv(o.env));
    const port = new XlsxWorkbook(workbook);
    const identity = await readIdentity(port);
    const spec = await loadSpec(identity.template, o.templates ?? templatesDir(o.env));
    if (spec.form === 'report') {
      throw new PlanbookError('BAD_WORKBOOK', { zh: '这是生成的报表，不是填报表，无需审核或推送', en: 'This is a generated report, not an entry form; there is nothing to check or push' });
    }
    const result = await readBack(port, spec, { plan: o.plan?.id, orgUnit: o.orgUnit, period: o.period });
    const plan = o.plan ?? (o.store ? await o.store.getPlan(result.key.plan) : result.identity.checkPlan);
    if (!plan) {
      throw new PlanbookError('BAD_WORKBOOK', { zh: '工作簿未携带计划数据，请用 --plan 指定', en: 'The workbook carries no plan; give one with --plan' });
    }
    // Online, what is judged is what the store will hold after the push: the stored figures with this
    // workbook's edits merged field by field, so a colleague's values already pushed count for this one.
    const data = o.store ? await mergedWithStore(o.store, result) : result.data;
    const submission: Submission = { ...result.key, rev: result.identity.baseRev, state: 'draft', data, updatedAt: '', updatedBy: '' };
    // Online: the store's plan, catalog, rules and the unit's stored history, as its submit uses them;
    // offline: the plan the workbook (or --plan) carries, the catalog and rules the workbook carries
    // (a pull refreshed them), else the plan file's, else the bundled ones; no history to compare with.
    const offline = o.store ? null : planFileConfig(o.plan ?? null, result.identity.carried);
    const src = o.store ? syncSources(o.store.sync, result.key.plan, { plan, today: o.today }) : planFileSources(plan, offline!, [], o.today);
    const ruleFindings = (await maySubmit(src, submission)).findings;
    const config = offline ?? (await serverConfig(src));
    // A cell already reported as unreadable (formula, text) needs no second word from the rules about the same field.
    const blocked = new Set(result.findings.filter((f) => f.severity === 'error').map((f) => f.field));
    const all = [...result.findings, ...ruleFindings.filter((f) => !(f.field && blocked.has(f.field) && f.severity === 'error'))];
    const layout = resolveLayout(spec, await port.describe());
    const findings = all.map((f) => ({ ...f, cell: findingCell(spec, result.identity, layout.letters, f)?.address ?? null }));
    return { file, result, spec, workbook, findings, config };
  } catch (e) {
    if (isPlanbookError(e)) return { file, error: e, findings: [] };
    throw e;
  }
}

/**
 * The submission the store will hold once this workbook's edits are pushed: the stored data with
 * the edits merged (sync/merge.ts, the server's own rule). With nothing stored yet, or when the edits
 * conflict (the push will say so and apply nothing), the workbook's own data is what is judged.
 */
async function mergedWithStore(store: StoreClient, result: ReadBackResult): Promise<Submission['data']> {
  let stored: Submission;
  try {
    stored = await store.getSubmission(result.key);
  } catch (e) {
    if (isPlanbookError(e) && e.code === 'NOT_FOUND') return result.data;
    throw e;
  }
  const merged = mergeEdits(stored.data, result.edits);
  return merged.conflicts.length ? result.data : merged.data;
}

const SEVERITY = SEVERITY_LABELS;

const INPUT_CODES: ReadonlySet<string> = new Set(['BAD_DOCUMENT', 'BAD_WORKBOOK', 'VALIDATION', 'BAD_REQUEST', 'NOT_FOUND']);

/** A problem with the file or the arguments (exit 3), as against the store refusing or being out of reach (exit 4). */
export function isInputError(e: PlanbookError): boolean {
  return INPUT_CODES.has(e.code);
}

/** What blocks a push: an unreadable file or an error finding (unexplained warnings may go up as a draft). */
export function hasErrors(i: Inspection): boolean {
  return i.error !== undefined || i.findings.some((f) => f.severity === 'error');
}

/**
 * The submit verdict of a checked workbook, the one the store's submit gives (maySubmit's canSubmit):
 * readable, no errors and every warning explained. `check` reports and exits by this, so
 * "可以上报 / may be submitted" is said only when submit would accept the same findings.
 */
export function mayGoUp(i: Inspection): boolean {
  return i.error === undefined && canSubmit(i.findings);
}

/** The verdict line of one workbook, bilingual, saying what to do when it may not go up. */
function verdictText(i: Inspection): string {
  if (mayGoUp(i)) return '可以上报 / may be submitted';
  const errors = i.findings.filter((f) => f.severity === 'error').length;
  const open = i.findings.filter((f) => f.severity === 'warning' && !f.explained).length;
  return `不能上报：请改正 ${errors} 个错误，并在“说明”栏说明 ${open} 个未说明的警告 / may not be submitted: fix ${errors} errors and explain ${open} unexplained warnings in the note column`;
}

function textReport(list: Inspection[]): string {
  const out: string[] = [];
  for (const i of list) {
    if (i.error) {
      out.push(`✗ ${i.file}\n  错误：${i.error.zh}\n  Error: ${i.error.en}`);
      continue;
    }
    const k = i.result!.key;
    const errors = i.findings.filter((f) => f.severity === 'error').length;
    const warnings = i.findings.filter((f) => f.severity === 'warning').length;
    out.push(`${mayGoUp(i) ? '✓' : '✗'} ${i.file}  ${k.orgUnit} ${k.period} ${k.form}：错误 ${errors} 条，警告 ${warnings} 条 / ${errors} errors, ${warnings} warnings`, `  ${verdictText(i)}`);
    if (i.config) {
      const n = configNote(i.config);
      out.push(`  ${n.zh}\n  ${n.en}`);
    }
    for (const f of i.findings) {
      const where = f.cell ? `${f.cell} ` : '';
      const explained = f.severity === 'warning' && f.explained ? '（已说明 explained）' : '';
      out.push(`  [${SEVERITY[f.severity].zh} ${SEVERITY[f.severity].en}] ${where}${f.rule}${explained}\n    ${f.message.zh}\n    ${f.message.en}`);
    }
  }
  return out.join('\n');
}

function csvReport(list: Inspection[]): string {
  const header = ['文件 File', '填报单位 Unit', '报告期 Period', '表 Form', '级别 Severity', '单元格 Cell', '字段 Field', '规则 Rule', '已说明 Explained', '说明', 'Message'];
  const rows: (string | number | null)[][] = [];
  for (const i of list) {
    if (i.error) {
      rows.push([i.file, '', '', '', 'error', '', '', i.error.code, '', i.error.zh, i.error.en]);
      continue;
    }
    const k = i.result!.key;
    for (const f of i.findings) rows.push([i.file, k.orgUnit, k.period, k.form, f.severity, f.cell ?? '', f.field ?? '', f.rule, f.explained ? 'yes' : '', f.message.zh, f.message.en]);
  }
  return rowsToCsv(header, rows);
}

function jsonReport(list: Inspection[]): string {
  return JSON.stringify(
    list.map((i) =>
      i.error
        ? { file: i.file, ok: false, error: { code: i.error.code, zh: i.error.zh, en: i.error.en } }
        : {
            file: i.file,
            ok: mayGoUp(i),
            key: i.result!.key,
            baseRev: i.result!.identity.baseRev,
            edits: i.result!.edits.length,
            ...(i.config ? { checkedWith: { origin: i.config.origin, rulesRev: i.config.rules.rev, catalogRev: i.config.catalog.rev, note: configNote(i.config) } } : {}),
            findings: i.findings,
          },
    ),
    null,
    2,
  );
}

export interface XlsxCheckOptions extends Expectation {
  format?: string;
  annotate?: boolean;
  planFile?: Plan;
  store?: StoreClient;
  templates?: string;
  today?: string;
}

/**
 * The .xlsx branch of `planbook check`: exit 0 when every file may be submitted (no errors, every warning
 * explained: the store's submit verdict), 1 when one may not, 3 when a file cannot be read, 4 when the store fails.
 */
export async function runXlsxCheck(files: string[], o: XlsxCheckOptions, io: CliIO): Promise<number> {
  const format = o.format ?? 'text';
  if (!['text', 'json', 'csv'].includes(format)) {
    throw new UsageError(`--format 只能是 text、json 或 csv：${format}`, `--format must be text, json or csv: ${format}`);
  }
  const list: Inspection[] = [];
  for (const [n, f] of files.entries()) {
    if (files.length > 5) io.err(`[${n + 1}/${files.length}] ${f}`);
    const i = await inspectWorkbook(resolve(io.cwd, f), { plan: o.planFile, store: o.store, orgUnit: o.orgUnit, period: o.period, templates: o.templates, today: o.today, env: io.env });
    i.file = f;
    if (o.annotate && i.workbook && i.spec) {
      await annotate(new XlsxWorkbook(i.workbook), i.spec, i.findings);
      // --annotate writes the findings into the very workbook it was asked to check: replacing it is the point.
      const path = resolve(io.cwd, f);
      // The validations as the user's file has them: ExcelJS would rewrite them as overlapping ranges.
      const written = Buffer.from(await i.workbook.xlsx.writeBuffer());
      await saveBuffer(await keepValidations(await readFile(path), written), path, { force: true });
      io.err(`已把审核结果写入 ${f} / findings written into ${f}`);
    }
    list.push(i);
  }
  io.out(format === 'json' ? jsonReport(list) : format === 'csv' ? csvReport(list) : textReport(list));
  if (list.some((i) => i.error && !isInputError(i.error))) return EXIT.REMOTE;
  if (list.some((i) => i.error)) return EXIT.BAD_INPUT;
  return list.every(mayGoUp) ? EXIT.OK : EXIT.FINDINGS;
}

export const XLSX_CHECK_HELP = `planbook check FILE.xlsx… —— 审核填好的工作簿 / Check filled workbooks

  --format text|json|csv   输出格式（默认 text）/ output format
  --annotate               把审核结果写入工作簿：单元格批注、底色和“审核结果”工作表 / write findings into the workbooks
  --plan FILE              用此计划审核（默认用工作簿自带的计划数据）/ check against this plan instead of the one the workbook carries
                           不连服务器时，审核规则和指标目录用工作簿所带的（拉取时写入），否则用计划文件所带的，再否则用程序自带的；结果中注明用了哪一份
                           offline, the rules and catalog the workbook carries (written when pulled) are used, else the plan file's, else the bundled ones; the report says which
  --server URL --token T   用服务器上的计划、指标目录和规则，并与本单位今年和上年已存的数据比较（与服务器上报时的审核相同）/ the store's plan, catalog and rules, compared with the unit's stored figures of this year and last (as the server's submit checks)
  --unit U, --period P     只接受该单位、该报告期的工作簿 / accept only workbooks of this unit and period
  --today YYYY-MM-DD       判断任务逾期的日期 / the date overdue tasks are judged on
  --templates DIR          模板目录 / template folder

退出码 Exit（与上报的判断相同，离线或连服务器都一样 / the submit verdict, offline or with --server alike）:
  0 可以上报（无错误，警告均已说明）/ may be submitted (no errors, every warning explained)
  1 不能上报：有错误或未说明的警告 / may not be submitted: errors or unexplained warnings
  2 用法 usage · 3 文件无法读取或被改动 unreadable or tampered file · 4 服务器错误 server`;

/** Names of spreadsheet files, which `check` sends to this branch (an .ods is refused here with "save it as .xlsx"). */
export const SPREADSHEET = /\.(xlsx|xlsm|xls|et|ods|ots|fods|numbers)$/i;

export const XLSX_CHECK_OPTIONS = {
  format: { type: 'string' },
  annotate: { type: 'boolean' },
  plan: { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  unit: { type: 'string' },
  period: { type: 'string' },
  today: { type: 'string' },
  templates: { type: 'string' },
} as const;

/** Entry from `planbook check` when its arguments name .xlsx files. */
export async function runXlsxCheckArgv(argv: string[], io: CliIO): Promise<number> {
  const { values: v, positionals } = parse(argv, XLSX_CHECK_OPTIONS);
  if (v.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v.today)) throw new UsageError(`--today 应为 YYYY-MM-DD：${v.today}`, `--today must be YYYY-MM-DD: ${v.today}`);
  const planFile = v.plan ? await readPlanFile(resolve(io.cwd, v.plan), v.plan) : undefined;
  const token = v.token ?? io.env.PLANBOOK_TOKEN;
  if (v.server && !token) throw new UsageError('使用 --server 时需要 --token（或 PLANBOOK_TOKEN）', '--server needs --token (or PLANBOOK_TOKEN)');
  if (v.server && planFile) throw new UsageError('--plan 与 --server 只能选一个', 'Use either --plan or --server, not both');
  const store = v.server && token ? new StoreClient(v.server, token) : undefined;
  return runXlsxCheck(positionals, { format: v.format, annotate: v.annotate, planFile, store, orgUnit: v.unit, period: v.period, today: v.today, templates: v.templates ? resolve(io.cwd, v.templates) : undefined }, io);
}
