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
import { SEVERITY_LABELS, type Finding } from '../model/finding';
import type { Plan } from '../model/plan';
import type { Submission } from '../model/submission';
import { StoreClient } from './xlsx-remote';
import { PlanbookError, isPlanbookError } from '../model/errors';
import { loadDefaultCatalog, loadDefaultRules } from '../rules';
import { maySubmit } from '../usecases/may-submit';
import { heldSources } from '../usecases/sources';
import { syncSources } from '../sync/sources';
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
import { readPlanFile } from './xlsx-plan';

export interface InspectOptions {
  /** A plan to check against instead of the one the workbook carries; the workbook must then be of this plan. */
  plan?: Plan;
  /** The store, when there is one: the current plan and earlier figures (last period, last year) come from it. */
  store?: StoreClient;
  unit?: string;
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
    const result = await readBack(port, spec, { plan: o.plan?.id, unit: o.unit, period: o.period });
    const plan = o.plan ?? (o.store ? await o.store.getPlan(result.key.plan) : result.identity.checkPlan);
    if (!plan) {
      throw new PlanbookError('BAD_WORKBOOK', { zh: '工作簿未携带计划数据，请用 --plan 指定', en: 'The workbook carries no plan; give one with --plan' });
    }
    const submission: Submission = { ...result.key, rev: result.identity.baseRev, state: 'draft', data: result.data, updatedAt: '', updatedBy: '' };
    // Online: the store's plan, catalog, rules and the unit's stored history, as its submit uses them;
    // offline: the plan the workbook (or --plan) carries, with no history to compare with.
    const src = o.store ? syncSources(o.store.sync, result.key.plan, { plan, today: o.today }) : heldSources({ plan, catalog: loadDefaultCatalog(), rules: loadDefaultRules(), submissions: [], today: o.today });
    const ruleFindings = (await maySubmit(src, submission)).findings;
    // A cell already reported as unreadable (formula, text) needs no second word from the rules about the same field.
    const blocked = new Set(result.findings.filter((f) => f.severity === 'error').map((f) => f.field));
    const all = [...result.findings, ...ruleFindings.filter((f) => !(f.field && blocked.has(f.field) && f.severity === 'error'))];
    const layout = resolveLayout(spec, await port.describe());
    const findings = all.map((f) => ({ ...f, cell: findingCell(spec, result.identity, layout.letters, f)?.address ?? null }));
    return { file, result, spec, workbook, findings };
  } catch (e) {
    if (isPlanbookError(e)) return { file, error: e, findings: [] };
    throw e;
  }
}

const SEVERITY = SEVERITY_LABELS;

const INPUT_CODES: ReadonlySet<string> = new Set(['BAD_DOCUMENT', 'BAD_WORKBOOK', 'VALIDATION', 'BAD_REQUEST', 'NOT_FOUND']);

/** A problem with the file or the arguments (exit 3), as against the store refusing or being out of reach (exit 4). */
export function isInputError(e: PlanbookError): boolean {
  return INPUT_CODES.has(e.code);
}

export function hasErrors(i: Inspection): boolean {
  return i.error !== undefined || i.findings.some((f) => f.severity === 'error');
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
    out.push(`${errors > 0 ? '✗' : '✓'} ${i.file}  ${k.unit} ${k.period} ${k.form}：错误 ${errors} 条，警告 ${warnings} 条 / ${errors} errors, ${warnings} warnings`);
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
    for (const f of i.findings) rows.push([i.file, k.unit, k.period, k.form, f.severity, f.cell ?? '', f.field ?? '', f.rule, f.explained ? 'yes' : '', f.message.zh, f.message.en]);
  }
  return rowsToCsv(header, rows);
}

function jsonReport(list: Inspection[]): string {
  return JSON.stringify(
    list.map((i) =>
      i.error
        ? { file: i.file, ok: false, error: { code: i.error.code, zh: i.error.zh, en: i.error.en } }
        : { file: i.file, ok: !hasErrors(i), key: i.result!.key, baseRev: i.result!.identity.baseRev, edits: i.result!.edits.length, findings: i.findings },
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

/** The .xlsx branch of `planbook check`: exit 0 when no file has errors, 1 when one has, 3 when a file cannot be read. */
export async function runXlsxCheck(files: string[], o: XlsxCheckOptions, io: CliIO): Promise<number> {
  const format = o.format ?? 'text';
  if (!['text', 'json', 'csv'].includes(format)) {
    throw new UsageError(`--format 只能是 text、json 或 csv：${format}`, `--format must be text, json or csv: ${format}`);
  }
  const list: Inspection[] = [];
  for (const [n, f] of files.entries()) {
    if (files.length > 5) io.err(`[${n + 1}/${files.length}] ${f}`);
    const i = await inspectWorkbook(resolve(io.cwd, f), { plan: o.planFile, store: o.store, unit: o.unit, period: o.period, templates: o.templates, today: o.today, env: io.env });
    i.file = f;
    if (o.annotate && i.workbook && i.spec) {
      await annotate(new XlsxWorkbook(i.workbook), i.spec, i.findings);
      const path = resolve(io.cwd, f);
      // The validations as the user's file has them: ExcelJS would rewrite them as overlapping ranges.
      const written = Buffer.from(await i.workbook.xlsx.writeBuffer());
      await saveBuffer(await keepValidations(await readFile(path), written), path);
      io.err(`已把审核结果写入 ${f} / findings written into ${f}`);
    }
    list.push(i);
  }
  io.out(format === 'json' ? jsonReport(list) : format === 'csv' ? csvReport(list) : textReport(list));
  if (list.some((i) => i.error && !isInputError(i.error))) return EXIT.REMOTE;
  if (list.some((i) => i.error)) return EXIT.BAD_INPUT;
  return list.some(hasErrors) ? EXIT.FINDINGS : EXIT.OK;
}

export const XLSX_CHECK_HELP = `planbook check FILE.xlsx… —— 审核填好的工作簿 / Check filled workbooks

  --format text|json|csv   输出格式（默认 text）/ output format
  --annotate               把审核结果写入工作簿：单元格批注、底色和“审核结果”工作表 / write findings into the workbooks
  --plan FILE              用此计划审核（默认用工作簿自带的计划数据）/ check against this plan instead of the one the workbook carries
  --server URL --token T   用服务器上的计划、指标目录和规则，并与本单位今年和上年已存的数据比较（与服务器上报时的审核相同）/ the store's plan, catalog and rules, compared with the unit's stored figures of this year and last (as the server's submit checks)
  --unit U, --period P     只接受该单位、该报告期的工作簿 / accept only workbooks of this unit and period
  --today YYYY-MM-DD       判断任务逾期的日期 / the date overdue tasks are judged on
  --templates DIR          模板目录 / template folder

退出码 Exit: 0 无错误 no errors · 1 有错误 errors found · 2 用法 usage · 3 文件无法读取或被改动 unreadable or tampered file · 4 服务器错误 server`;

const XLSX_CHECK_OPTIONS = {
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
  const planFile = v.plan ? await readPlanFile(resolve(io.cwd, v.plan)) : undefined;
  const token = v.token ?? io.env.PLANBOOK_TOKEN;
  if (v.server && !token) throw new UsageError('使用 --server 时需要 --token（或 PLANBOOK_TOKEN）', '--server needs --token (or PLANBOOK_TOKEN)');
  if (v.server && planFile) throw new UsageError('--plan 与 --server 只能选一个', 'Use either --plan or --server, not both');
  const store = v.server && token ? new StoreClient(v.server, token) : undefined;
  return runXlsxCheck(positionals, { format: v.format, annotate: v.annotate, planFile, store, unit: v.unit, period: v.period, today: v.today, templates: v.templates ? resolve(io.cwd, v.templates) : undefined }, io);
}
