/**
 * What `planbook check` and `planbook report` share: their options, reading plan/figures/rules files,
 * and writing findings and tables as text, JSON or CSV. Exported so the workbook variants of the same
 * commands (positional *.xlsx files, -o report.xlsx) reuse them instead of growing a second copy.
 */
import { readFile } from 'node:fs/promises';
import { FORCE_OPTION, writeOutputFile } from '../hosts/node/output-file';
import { csvOption, expectKind, fileKind, FIGURES_CSV, jsonOption } from './input-kind';
import { EXIT } from './command';
import * as path from 'node:path';
import type { Plan } from '../model/plan';
import type { Figure, TaskProgress } from '../model/submission';
import type { Finding } from '../model/finding';
import { PlanbookError } from '../model/errors';
import type { Bilingual } from '../model/i18n';
import { planFileConfig, readPlanFile } from './xlsx-plan';
import { configNote, type ConfigInUse } from '../usecases/carried';
import { decodeText } from '../hosts/node/read-document';
import { UsageError } from './args';
import type { CliIO } from './command';
import { readFiguresCsv, readTaskProgressCsv, validateCatalog, validateRuleSet, type Catalog, type RuleSet } from '../rules';
import { findingsToCsv, tableToCsv, rowsToCsv, type Table } from '../report';

export const CHECK_OPTIONS = {
  plan: { type: 'string' },
  figures: { type: 'string' },
  tasks: { type: 'string' },
  history: { type: 'string' },
  rules: { type: 'string' },
  catalog: { type: 'string' },
  format: { type: 'string' },
  today: { type: 'string' },
  output: { type: 'string', short: 'o' },
  ...FORCE_OPTION,
} as const;

export const REPORT_OPTIONS = {
  plan: { type: 'string' },
  figures: { type: 'string' },
  tasks: { type: 'string' },
  catalog: { type: 'string' },
  rules: { type: 'string' },
  period: { type: 'string' },
  today: { type: 'string' },
  format: { type: 'string' },
  lang: { type: 'string' },
  output: { type: 'string', short: 'o' },
  ...FORCE_OPTION,
} as const;

export function resolvePath(io: CliIO, file: string): string {
  return path.resolve(io.cwd, file);
}

async function readText(io: CliIO, file: string, what: Bilingual): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(resolvePath(io, file));
  } catch {
    throw new PlanbookError('BAD_DOCUMENT', { zh: `无法读取${what.zh} ${file}（文件不存在或无权读取）`, en: `Cannot read the ${what.en} ${file} (missing or not readable)` });
  }
  // Excel on Chinese Windows saves "CSV" in GBK and "Unicode text" in UTF-16; the document reader knows them all.
  const decoded = decodeText(bytes);
  if (!decoded) {
    throw new PlanbookError('BAD_DOCUMENT', {
      zh: `${what.zh} ${file} 不是文本文件（可能是工作簿或其他二进制文件）；请另存为 CSV（UTF-8）后再试`,
      en: `The ${what.en} ${file} is not a text file (perhaps a workbook or other binary); save it as CSV (UTF-8) and try again`,
    });
  }
  return decoded.text;
}

async function readJson(io: CliIO, file: string, what: Bilingual): Promise<unknown> {
  const text = await readText(io, file, what);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    throw new PlanbookError('BAD_DOCUMENT', { zh: `${what.zh} ${file} 不是有效的 JSON（${m}）`, en: `The ${what.en} ${file} is not valid JSON (${m})` });
  }
}

/** A CSV reader's "missing columns" error becomes unreadable input naming the file. */
function withFile<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PlanbookError) throw new PlanbookError('BAD_DOCUMENT', { zh: `${file}：${e.zh}`, en: `${file}: ${e.en}` });
    throw e;
  }
}

export function requireOption(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`缺少 --${name} 参数（用 --help 查看用法）`, `Missing --${name} (see --help)`);
  return value;
}

export function checkToday(today: string | undefined): string | undefined {
  if (today === undefined) return undefined;
  const d = new Date(`${today}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== today) {
    throw new UsageError(`--today 应为 YYYY-MM-DD 格式的日期，收到“${today}”`, `--today must be a date as YYYY-MM-DD, got "${today}"`);
  }
  return today;
}

export function checkChoice<T extends string>(value: string | undefined, name: string, choices: readonly T[], dflt: T): T {
  if (value === undefined) return dflt;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} 只能是 ${choices.join('、')}，收到“${value}”`, `--${name} must be one of ${choices.join(', ')}, got "${value}"`);
}

export interface LoadedInputs {
  plan: Plan;
  catalog: Catalog;
  rules: RuleSet;
  /** Where catalog and rules came from: a --catalog/--rules file, the plan file's carried copy, or the bundled defaults. */
  config: ConfigInUse;
  figures: Figure[];
  history: Figure[];
  tasks: TaskProgress[];
  /** Row problems of the CSV files: reported with the checks, never dropped. */
  readFindings: Finding[];
}

export async function loadInputs(io: CliIO, v: { plan?: string; figures?: string; tasks?: string; history?: string; rules?: string; catalog?: string }): Promise<LoadedInputs> {
  const planFile = requireOption(v.plan, 'plan');
  const figuresFile = requireOption(v.figures, 'figures');
  // Each file is of the kind its option takes, before any is read: a workbook to --figures is named as such.
  await expectKind(resolvePath(io, figuresFile), figuresFile, FIGURES_CSV);
  if (v.history) await expectKind(resolvePath(io, v.history), v.history, csvOption('--history', { zh: '往期数据 CSV', en: 'a CSV of earlier figures' }));
  if (v.tasks) await expectKind(resolvePath(io, v.tasks), v.tasks, csvOption('--tasks', { zh: '任务进展 CSV', en: 'a task progress CSV' }));
  if (v.rules) await expectKind(resolvePath(io, v.rules), v.rules, jsonOption('--rules', { zh: '规则文件 rules.json', en: 'a rules.json' }));
  if (v.catalog) await expectKind(resolvePath(io, v.catalog), v.catalog, jsonOption('--catalog', { zh: '指标目录 JSON', en: 'an indicator catalog JSON' }));
  const plan = await readPlanFile(resolvePath(io, planFile), planFile);
  // The plan file's carried catalog and rules (else the bundled ones); a --catalog or --rules file wins over both.
  const carried = planFileConfig(plan);
  let catalog = carried.catalog.value;
  if (v.catalog) {
    const r = validateCatalog(await readJson(io, v.catalog, { zh: '指标目录文件', en: 'catalog file' }));
    if (!r.catalog || r.problems.length > 0)
      throw new PlanbookError('VALIDATION', { zh: `指标目录 ${v.catalog} 有误：${r.problems.map((p) => p.zh).join('；')}`, en: `The catalog ${v.catalog} is wrong: ${r.problems.map((p) => p.en).join('; ')}` });
    catalog = r.catalog;
  }
  let rules = carried.rules.value;
  if (v.rules) {
    const r = validateRuleSet(await readJson(io, v.rules, { zh: '规则文件', en: 'rules file' }));
    if (!r.ruleSet || r.problems.length > 0)
      throw new PlanbookError('VALIDATION', { zh: `规则文件 ${v.rules} 有误：${r.problems.map((p) => p.zh).join('；')}`, en: `The rules file ${v.rules} is wrong: ${r.problems.map((p) => p.en).join('; ')}` });
    rules = r.ruleSet;
  }
  const figText = await readText(io, figuresFile, { zh: '数据文件', en: 'figures file' });
  const figs = withFile(figuresFile, () => readFiguresCsv(figText));
  const readFindings = [...figs.findings];
  let history: Figure[] = [];
  if (v.history) {
    const t = await readText(io, v.history, { zh: '历史数据文件', en: 'history file' });
    const h = withFile(v.history, () => readFiguresCsv(t));
    history = h.items;
    readFindings.push(...h.findings);
  }
  let tasks: TaskProgress[] = [];
  if (v.tasks) {
    const t = await readText(io, v.tasks, { zh: '任务进展文件', en: 'task progress file' });
    const r = withFile(v.tasks, () => readTaskProgressCsv(t));
    tasks = r.items;
    readFindings.push(...r.findings);
  }
  const config: ConfigInUse = v.catalog || v.rules ? { origin: 'option', catalog: { rev: 0, value: catalog }, rules: { rev: 0, value: rules } } : carried;
  return { plan, catalog, rules, config, figures: figs.items, history, tasks, readFindings };
}

/** The line that says which catalog and rules a check or report used, for stderr. */
export function configLine(c: ConfigInUse): string {
  const n = configNote(c);
  return `${n.zh}\n${n.en}`;
}

const SEVERITY_TEXT: Record<Finding['severity'], string> = { error: '错误 error', warning: '警告 warning', info: '提示 info' };

function subjectText(f: Finding): string {
  const s = f.subject;
  if (s.kind === 'figure') return `${s.orgUnit || '—'} · ${s.indicator} · ${s.period}`;
  if (s.kind === 'task') return `${s.orgUnit || '—'} · 第${s.taskNo}项任务 task ${s.taskNo} · ${s.period}`;
  return [s.orgUnit, s.period].filter((x) => x !== '').join(' · ') || '—';
}

export function findingsText(findings: readonly Finding[]): string {
  const counts = { error: 0, warning: 0, info: 0 };
  const lines: string[] = [];
  for (const f of findings) {
    counts[f.severity]++;
    lines.push(`[${SEVERITY_TEXT[f.severity]}${f.explained ? '，已说明 explained' : ''}] ${f.rule} · ${subjectText(f)}`, `  ${f.message.zh}`, `  ${f.message.en}`);
  }
  const unexplained = findings.filter((f) => f.severity === 'warning' && !f.explained).length;
  lines.push(
    `共 ${counts.error} 个错误、${counts.warning} 个警告（${unexplained} 个未说明）、${counts.info} 个提示。`,
    `${counts.error} errors, ${counts.warning} warnings (${unexplained} unexplained), ${counts.info} notes.`,
  );
  return lines.join('\n');
}

export type CheckFormat = 'text' | 'json' | 'csv';

export function renderFindings(findings: readonly Finding[], format: CheckFormat): string {
  if (format === 'json') return JSON.stringify({ findings }, null, 2);
  if (format === 'csv') return findingsToCsv(findings, 'both');
  return findingsText(findings);
}

export function renderTablesCsv(tables: readonly Table[], lang: 'zh' | 'en' | 'both'): string {
  // One file, each table under its title with a blank line between, as a statistician pastes them into a report; one BOM at the very start.
  const parts = tables.map((t) => rowsToCsv([lang === 'both' ? `${t.title.zh} / ${t.title.en}` : t.title[lang]], []).replace(/^\uFEFF/, '') + '\r\n' + tableToCsv(t, lang).replace(/^\uFEFF/, ''));
  return '\uFEFF' + parts.join('\r\n\r\n');
}

/** Writes to -o FILE (kept if it exists unless `force`; see hosts/node/output-file.ts) or stdout. */
export async function emit(io: CliIO, text: string, output: string | undefined, force?: boolean): Promise<void> {
  if (!output) {
    io.out(text);
    return;
  }
  await writeOutputFile(resolvePath(io, output), text, { force });
}

/**
 * Positional arguments other than workbooks: a file of another kind (a figures CSV, a plan.json) is bad
 * input, exit 3, with where it belongs; anything else is a usage error, exit 2. Prints and returns the code.
 */
export async function refusePositionals(io: CliIO, positionals: string[], command: 'check' | 'report'): Promise<number> {
  for (const p of positionals) {
    const kind = await fileKind(resolvePath(io, p));
    if (kind === null) continue;
    const where =
      kind === 'json'
        ? { zh: `计划数据请写 --plan ${p}`, en: `give plan data as --plan ${p}` }
        : kind === 'csv'
          ? { zh: `数据 CSV 请写 planbook ${command} --plan plan.json --figures ${p}`, en: `give a figures CSV as planbook ${command} --plan plan.json --figures ${p}` }
          : { zh: `计划文档请先用 planbook import 导入`, en: `import plan documents with planbook import first` };
    io.err(`错误：${p} 不是 .xlsx 工作簿；${where.zh}
Error: ${p} is not an .xlsx workbook; ${where.en}`);
    return EXIT.BAD_INPUT;
  }
  const m = workbookNotYet(positionals);
  io.err(`${m.zh}\n${m.en}`);
  return EXIT.USAGE;
}

/** Positional arguments other than workbooks: say what is accepted instead of guessing. */
export function workbookNotYet(positionals: string[]): Bilingual {
  return {
    zh: `不支持的参数（${positionals.join('、')}）：请用 --plan 和 --figures 指定 plan.json 与数据 CSV，或直接给出 .xlsx 工作簿`,
    en: `Arguments not supported (${positionals.join(', ')}): give --plan and --figures (plan.json and a figures CSV), or .xlsx workbooks`,
  };
}
