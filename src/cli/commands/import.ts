/**
 * `planbook import FILE...`: plan documents → plan.json. Files are read by the Node adapter
 * (encodings, .docx, size limit), the importer does the rest. Every document is reported on its
 * own: one unreadable file does not hide what the others gave, but it does make the exit code 3.
 */
import * as path from 'node:path';
import type { Command, CliIO } from '../command';
import { EXIT } from '../command';
import { parse, UsageError } from '../args';
import { isPlanbookError } from '../../model/errors';
import { both, type Bilingual } from '../../model/i18n';
import { validatePlan } from '../../model/validate-plan';
import { readDocument, mergeReadings, isPlanReading, KIND_LABELS, type DocumentReading, type ImportProblem } from '../../importer';
import { readDocumentFile, DEFAULT_MAX_BYTES } from '../../hosts/node/read-document';
import { configNote, type CarriedCopy } from '../../usecases/carried';
import { bundledCopy } from '../../usecases/bundled-copy';
import { StoreClient } from '../xlsx-remote';
import { checkOutputFree, writeOutputFile } from '../../hosts/node/output-file';
import type { Plan } from '../../model/plan';
import { catalogForPlan, loadDefaultCatalog } from '../../rules';
import { publishedInUnits } from '../../rules/published';
import { chooseTargets } from '../../rules/target-choice';

/**
 * What the catalog shows wrong with the plan as read: a target given twice for one indicator (under
 * an alias, or by two documents: the one left out of reports and checks) and a published figure
 * whose unit does not convert into its indicator's. The plan itself keeps both; this is said once.
 */
function catalogProblems(plan: Plan): ImportProblem[] {
  const catalog = catalogForPlan(loadDefaultCatalog(), plan);
  return [
    ...chooseTargets(plan, catalog).dropped.map((d) => ({ document: d.target.source.document, line: d.target.source.line, message: d.message })),
    ...publishedInUnits(plan, catalog).problems.map((p) => ({ document: p.actual.source.document, line: p.actual.source.line, message: p.message })),
  ];
}

const HELP = `planbook import —— 导入计划文档 / Import plan documents into plan data

用法 Usage:
  planbook import FILE... [--out plan.json] [--id ID] [--name NAME] [--year YYYY] [--max-size MB] [--server URL --token T]

  FILE               计划文档：.txt（UTF-8 或 GBK）、.docx/.doc/.wps、.pdf（有文字层）、
                     .html/.htm/.mhtml（另存的网页）、.xlsx/.xls/.et/.ods/.csv；可多个
                     plan documents: .txt (UTF-8 or GBK), .docx/.doc/.wps, .pdf (with a text layer),
                     saved web pages, .xlsx/.xls/.et/.ods/.csv; several allowed
  --out, -o FILE     把计划数据写入文件（默认输出到屏幕） / write the plan to FILE (default: stdout)
  --force            覆盖已存在的 -o 文件（默认不覆盖）/ overwrite an existing -o file (by default it is kept)
  --id ID            计划编号，如 tongzhou-2023（默认 plan-年度） / plan id (default plan-YEAR)
  --name NAME        计划名称 / plan name
  --year YYYY        计划年度（默认取文档中最新的计划年度） / plan year (default: the latest in the documents)
  --server URL --token T  计划文件携带服务器上的指标目录和审核规则（含版本号），离线审核与报表用它们；
                     不给时携带程序自带的默认版本 / the plan file carries the store's catalog and rules (with their
                     revisions) for offline checks and reports; without, the bundled defaults
  --max-size MB      单个文件大小上限，默认 ${DEFAULT_MAX_BYTES / 1024 / 1024} MB / size limit per file

识别的文档 Document kinds read: 重点工作分工方案、计划执行情况与计划草案的报告、
  年内（上半年、前三季度等）计划执行情况的报告、政府工作报告、五年目标任务、
  统计公报、经济运行情况（统计部门发布的数据）。

退出码 Exit: 0 已生成计划且每份文档都可读 / a plan came out and every document was read;
             2 用法错误 / usage; 3 有文档无法读取或不是计划文档 / a document could not be read or is not a plan document`;

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  id: { type: 'string' },
  name: { type: 'string' },
  year: { type: 'string' },
  'max-size': { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  force: { type: 'boolean' },
} as const;

/** The catalog and rules the plan file carries: the store's (with their revisions) when asked, else the bundled ones. */
async function carriedCopy(server: string | undefined, token: string | undefined): Promise<CarriedCopy> {
  if (!server) return bundledCopy();
  if (!token) throw usage('使用 --server 时需要 --token（或环境变量 PLANBOOK_TOKEN）', '--server needs --token (or PLANBOOK_TOKEN)');
  const client = new StoreClient(server, token).sync;
  const [catalog, rules] = await Promise.all([client.catalogAt(), client.rulesAt()]);
  return { catalog, rules };
}

function usage(zh: string, en: string): UsageError {
  return new UsageError(zh, en);
}

function line(p: ImportProblem): string {
  const where = p.line === null ? `${p.document}` : `${p.document} 第${p.line}行 / line ${p.line}`;
  return `  ${where}: ${both(p.message)}`;
}

function summary(readings: DocumentReading[], unreadable: Bilingual[], notices: Bilingual[], problems: ImportProblem[], plan: ReturnType<typeof mergeReadings>['plan'] | null): string {
  const out: string[] = [];
  for (const n of notices) out.push(`提示 / Note: ${both(n)}`);
  out.push(`文档 / Documents: ${readings.length + unreadable.length}`);
  const counts = (o: DocumentReading['output']): string =>
    `目标 targets ${o.targets.length}, 任务 tasks ${o.tasks.length}, 数据 actuals ${o.actuals.length}, 五年目标 goals ${o.goals.length}, 未读/问题 problems ${o.problems.length}`;
  for (const r of readings) {
    const kind = KIND_LABELS[r.info.kind];
    const year = r.output.planYear === null ? '' : ` ${r.output.planYear}`;
    out.push(`  ${r.info.id}: ${kind.zh} / ${kind.en}${year} — ${counts(r.output)}`);
  }
  // Per kind, so a batch of many districts' files shows at a glance which kind read poorly.
  const kinds = [...new Set(readings.map((r) => r.info.kind))];
  if (readings.length > 1)
    for (const k of kinds) {
      const rs = readings.filter((r) => r.info.kind === k);
      const sum = { targets: [], tasks: [], actuals: [], goals: [], problems: [], planYear: null } as DocumentReading['output'];
      for (const r of rs) for (const key of ['targets', 'tasks', 'actuals', 'goals', 'problems'] as const) (sum[key] as unknown[]).push(...r.output[key]);
      out.push(`  按类型 / by kind ${KIND_LABELS[k].zh} / ${KIND_LABELS[k].en} ×${rs.length}: ${counts(sum)}`);
    }
  for (const u of unreadable) out.push(`  无法读取 / unreadable: ${both(u)}`);
  if (plan) {
    out.push(`计划 / Plan: ${plan.id}「${plan.name}」 ${plan.year}`);
    out.push(
      `  目标 targets ${plan.targets.length} · 任务 tasks ${plan.tasks.length} · 数据 actuals ${plan.actuals.length} · 五年目标 goals ${plan.goals.length} · 责任单位 units ${plan.units.length} · 牵头领导 leaders ${plan.leaders.length}`,
    );
  } else {
    out.push('未生成计划：没有可用的计划文档 / No plan: no usable plan document');
  }
  if (problems.length) {
    out.push(`问题 / Problems (${problems.length}):`);
    for (const p of problems) out.push(line(p));
  } else if (plan) out.push('问题 / Problems: 0');
  return out.join('\n');
}

export const importCmd: Command = {
  name: 'import',
  summary: { zh: '导入计划文档', en: 'Import plan documents into plan data' },
  help: HELP,
  async run(argv: string[], io: CliIO) {
    const { values, positionals } = parse(argv, OPTIONS);
    if (positionals.length === 0) throw usage('请给出至少一个计划文档（用 --help 查看用法）', 'Give at least one plan document (see --help)');
    let year: number | undefined;
    if (values.year !== undefined) {
      if (!/^\d{4}$/.test(values.year) || Number(values.year) < 1949 || Number(values.year) > 2200)
        throw usage(`--year 应为四位年份，如 2023（实际：${values.year}）`, `--year must be a four-digit year such as 2023 (got ${values.year})`);
      year = Number(values.year);
    }
    if (values.id !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(values.id))
      throw usage(`--id 只能包含字母、数字、点、下划线和连字符（实际：${values.id}）`, `--id may hold letters, digits, dots, underscores and hyphens only (got ${values.id})`);
    let maxBytes = DEFAULT_MAX_BYTES;
    if (values['max-size'] !== undefined) {
      const mb = Number(values['max-size']);
      if (!Number.isFinite(mb) || mb <= 0) throw usage(`--max-size 应为正数（MB），实际：${values['max-size']}`, `--max-size must be a positive number of MB (got ${values['max-size']})`);
      maxBytes = Math.round(mb * 1024 * 1024);
    }
    const opts = { id: values.id, name: values.name, year };
    // Asked before reading the documents, so a wrong address or token costs no long import.
    const carried = await carriedCopy(values.server, values.token ?? io.env.PLANBOOK_TOKEN);
    // An existing plan.json is refused before the documents are read, not after the work.
    if (values.out) await checkOutputFree(path.resolve(io.cwd, values.out), { force: values.force });

    const readings: DocumentReading[] = [];
    const unreadable: Bilingual[] = [];
    const notices: Bilingual[] = [];
    // Documents are cited by file name; two files of the same name are cited by their paths.
    const names = positionals.map((f) => path.basename(f));
    for (const f of positionals) {
      try {
        const r = await readDocumentFile(path.resolve(io.cwd, f), { maxBytes });
        notices.push(...r.notices);
        const doc = names.filter((n) => n === r.doc.id).length > 1 ? { ...r.doc, id: path.relative(io.cwd, path.resolve(io.cwd, f)) } : r.doc;
        readings.push(readDocument(doc, opts));
      } catch (e) {
        if (!isPlanbookError(e)) throw e;
        unreadable.push({ zh: e.zh, en: e.en });
      }
    }
    const usable = readings.filter(isPlanReading);
    const merged = usable.length ? mergeReadings(readings, opts) : null;
    const problems = merged ? [...merged.problems, ...catalogProblems(merged.plan)] : readings.flatMap((r) => r.output.problems);
    io.err(summary(readings, unreadable, notices, problems, merged?.plan ?? null));
    if (merged) {
      const valid = validatePlan(merged.plan);
      if (!valid.ok) {
        io.err(`内部错误：生成的计划未通过校验 / Internal error: the plan produced does not validate\n${valid.errors.map(both).join('\n')}`);
        return EXIT.INTERNAL;
      }
      const json = JSON.stringify({ ...merged.plan, carried }, null, 2) + '\n';
      const note = configNote({ ...carried, origin: values.server ? 'server' : 'bundled' });
      io.err(`计划文件携带（离线审核与报表用）${note.zh}\nThe plan file carries, for offline checks and reports: ${note.en}`);
      if (values.out) {
        const target = path.resolve(io.cwd, values.out);
        await writeOutputFile(target, json, { force: values.force });
        io.err(`已写入 / Written: ${target}`);
      } else io.out(json);
    }
    const allPlans = unreadable.length === 0 && readings.every(isPlanReading);
    return merged && allPlans ? EXIT.OK : EXIT.BAD_INPUT;
  },
};
