/**
 * planbook fill: a unit's form from a template, or one form per unit of the plan (--all-units).
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { Command, CliIO } from '../command';
import { EXIT } from '../command';
import { parse, UsageError } from '../args';
import type { Plan } from '../../model/plan';
import { isPeriod } from '../../model/period';
import { PlanbookError, isPlanbookError } from '../../model/errors';
import { fill as fillTemplate, rowsFor } from '../../template/fill';
import { planUnits } from '../../template/rows';
import { XlsxWorkbook } from '../../hosts/xlsx/port';
import { saveWorkbook } from '../../hosts/xlsx/file';
import { checkOutputFree, outputError } from '../../hosts/node/output-file';
import { loadSpec, templatesDir } from '../../hosts/xlsx/templates';
import { planFileConfig, planFileSources, readPlanFile } from '../xlsx-plan';
import { StoreClient } from '../xlsx-remote';
import { formInputs, type FormInputs } from '../../usecases/form-inputs';
import { annualAmounts } from '../../usecases/annual-amounts';
import { configNote, type ConfigInUse } from '../../usecases/carried';
import type { Sources } from '../../usecases/sources';
import { syncSources } from '../../sync/sources';

const HELP = `planbook fill —— 按模板生成填报工作簿 / Fill template workbooks

用法 / Usage:
  planbook fill --template T --unit U --period P --plan plan.json -o file.xlsx
  planbook fill --template T --unit U --period P --server URL --token TOKEN --plan-id ID -o file.xlsx
  planbook fill --template T --all-units --period P (--plan plan.json | --server …) -o DIR/

选项 / Options:
  --template T     模板：indicators（月度指标表）、tasks（重点任务进展表）/ template id
  --unit U         填报单位，如 区财政局 / the reporting unit
  --all-units      为计划中的每个单位各生成一份，写入 -o 指定的目录 / one workbook per unit into the -o folder
  --period P       报告期：2023-06、2023-Q2、2023-H1、2023 / reporting period
  --plan FILE      计划数据（planbook import 的输出）/ plan JSON made by planbook import
  --server URL     从服务器拉取计划和已填数据 / pull the plan and stored figures from a store
  --token T        服务器令牌（也可用环境变量 PLANBOOK_TOKEN）/ store token (or PLANBOOK_TOKEN)
  --plan-id ID     服务器上的计划编号 / the plan's id on the store
  -o, --out PATH   输出文件，或 --all-units 时的输出目录 / output file, or folder with --all-units
  --templates DIR  模板目录（默认随程序附带的 templates/）/ template folder
  --force          覆盖已存在的文件（默认不覆盖，以免丢失已填内容）/ overwrite existing files (by default they are kept, so nothing filled in is lost)

退出码 / Exit codes: 0 成功 ok · 2 用法错误 usage · 3 输入有误 bad input · 4 服务器错误 server`;

const OPTIONS = {
  template: { type: 'string' },
  unit: { type: 'string' },
  'all-units': { type: 'boolean' },
  period: { type: 'string' },
  plan: { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  'plan-id': { type: 'string' },
  out: { type: 'string', short: 'o' },
  templates: { type: 'string' },
  force: { type: 'boolean' },
} as const;

const INPUT_CODES = new Set(['BAD_DOCUMENT', 'BAD_WORKBOOK', 'VALIDATION', 'BAD_REQUEST']);

/** A file name from a unit name: characters Windows forbids become '_'. */
export function safeFileName(s: string): string {
  return s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || '_';
}

export function formFileName(unit: string, period: string, template: string): string {
  return `${safeFileName(unit)}_${period}_${template}.xlsx`;
}

interface Source {
  plan: Plan;
  /** What each form shows is decided by formInputs over these, as for the pane and the server. */
  sources: Sources;
  /** Where the catalog and rules the workbooks carry come from, for the summary line. */
  config: ConfigInUse | null;
}

async function openSource(v: { plan?: string; server?: string; token?: string; 'plan-id'?: string }, io: CliIO): Promise<Source> {
  if (v.plan && v.server) throw new UsageError('--plan 与 --server 只能选一个', 'Use either --plan or --server, not both');
  if (v.plan) {
    const plan = await readPlanFile(resolve(io.cwd, v.plan), v.plan);
    const config = planFileConfig(plan);
    return { plan, sources: planFileSources(plan, config), config };
  }
  if (v.server) {
    const token = v.token ?? io.env.PLANBOOK_TOKEN;
    if (!token) throw new UsageError('使用 --server 时需要 --token（或环境变量 PLANBOOK_TOKEN）', '--server needs --token (or PLANBOOK_TOKEN)');
    if (!v['plan-id']) throw new UsageError('使用 --server 时需要 --plan-id', '--server needs --plan-id');
    const client = new StoreClient(v.server, token);
    const plan = await client.getPlan(v['plan-id']);
    return { plan, sources: syncSources(client.sync, plan.id, { plan }), config: null };
  }
  throw new UsageError('需要 --plan 或 --server 指明计划来源', 'Say where the plan comes from: --plan or --server');
}

export const fill: Command = {
  name: 'fill',
  summary: { zh: '按模板生成填报工作簿', en: 'Fill template workbooks' },
  help: HELP,
  async run(argv, io) {
    const { values: v } = parse(argv, OPTIONS, false);
    if (!v.template) throw new UsageError('缺少 --template', 'Missing --template');
    if (!v.period) throw new UsageError('缺少 --period', 'Missing --period');
    if (!isPeriod(v.period)) throw new UsageError(`报告期无效：${v.period}（应如 2023-06、2023-Q2、2023-H1）`, `Not a period: ${v.period} (use 2023-06, 2023-Q2, 2023-H1)`);
    if (!v.out) throw new UsageError('缺少 -o 输出路径', 'Missing -o output path');
    if (!v.unit && !v['all-units']) throw new UsageError('需要 --unit 或 --all-units', 'Give --unit or --all-units');
    if (v.unit && v['all-units']) throw new UsageError('--unit 与 --all-units 只能选一个', 'Use either --unit or --all-units');
    const period = v.period;
    const dir = v.templates ? resolve(io.cwd, v.templates) : templatesDir(io.env);
    const spec = await loadSpec(v.template, dir);
    if (spec.form === 'report') {
      throw new UsageError(`${spec.id} 是报表模板，请用 planbook report`, `${spec.id} is a report template; use planbook report`);
    }
    const templateBytes = await readFile(join(dir, spec.file)).catch(() => {
      throw new PlanbookError('BAD_WORKBOOK', { zh: `找不到模板文件 ${spec.file}`, en: `Template file ${spec.file} not found` });
    });
    const source = await openSource(v, io);
    const revs = source.sources.revisions ? await source.sources.revisions() : { catalog: 0, rules: 0 };
    const carried = configNote(source.config ?? { origin: 'server', catalog: { rev: revs.catalog, value: await source.sources.catalog() }, rules: { rev: revs.rules, value: await source.sources.rules() } });
    io.err(`工作簿携带（离线审核用）${carried.zh}\nThe workbooks carry, for checks made offline: ${carried.en}`);
    const out = resolve(io.cwd, v.out);

    // One district report gives every form's annual amounts: a batch of 73 forms builds it once.
    const amounts = spec.form === 'indicators' ? await annualAmounts(source.sources, period) : {};
    const inputsOf = (unit: string): Promise<FormInputs> => formInputs(source.sources, { orgUnit: unit, period, form: spec.form }, { annualAmounts: amounts });
    const one = async (inputs: FormInputs, file: string): Promise<number> => {
      await checkOutputFree(file, { force: v.force });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(templateBytes as unknown as ArrayBuffer);
      const r = await fillTemplate(new XlsxWorkbook(wb), spec, inputs);
      await saveWorkbook(wb, file, { force: v.force });
      return r.rows;
    };

    if (v.unit) {
      if (!planUnits(source.plan).includes(v.unit)) {
        throw new PlanbookError('VALIDATION', {
          zh: `计划“${source.plan.id}”中没有单位“${v.unit}”`,
          en: `Plan "${source.plan.id}" has no unit "${v.unit}"`,
        });
      }
      const rows = await one(await inputsOf(v.unit), out);
      io.out(`已生成 ${out}（${rows} 行）/ wrote ${out} (${rows} rows)`);
      return EXIT.OK;
    }

    // --all-units writes into a folder, made if missing; a file of that name is not taken for one.
    const made = await mkdir(out, { recursive: true }).then(
      () => null,
      (e: unknown) => e,
    );
    const code = made !== null && typeof made === 'object' && 'code' in made ? (made as { code: unknown }).code : undefined;
    if (made !== null && code !== 'EEXIST' && code !== 'ENOTDIR') throw outputError(made, out);
    if (made !== null || !(await stat(out)).isDirectory()) {
      throw new PlanbookError('BAD_REQUEST', { zh: `${out} 不是文件夹，无法在其中生成工作簿；--all-units 时 -o 应为文件夹`, en: `${out} is not a folder to write the workbooks in; with --all-units, -o names a folder` });
    }
    const units = planUnits(source.plan);
    let written = 0;
    let skipped = 0;
    let failed = 0;
    let remote = false;
    for (const [i, unit] of units.entries()) {
      const tag = `[${i + 1}/${units.length}] ${unit}`;
      const file = join(out, formFileName(unit, period, spec.id));
      try {
        const inputs = await inputsOf(unit);
        if (rowsFor(spec, inputs).length === 0) {
          skipped++;
          io.err(`${tag}：本表无需填报，跳过 / nothing to report on this form, skipped`);
          continue;
        }
        const rows = await one(inputs, file);
        written++;
        io.err(`${tag} → ${file}（${rows} 行 / rows）`);
      } catch (e) {
        // One unit's failure (a refused pull, say) does not stop the batch; it is reported and counted.
        if (!isPlanbookError(e)) throw e;
        failed++;
        if (!INPUT_CODES.has(e.code)) remote = true;
        io.err(`${tag}：失败 ${e.zh} / failed: ${e.en}`);
      }
    }
    io.out(`已生成 ${written} 份，跳过 ${skipped} 个无需填报的单位，失败 ${failed} 份；目录 ${out}\n` + `wrote ${written} workbooks, skipped ${skipped} units with nothing to report, ${failed} failed; folder ${out}`);
    return failed > 0 ? (remote ? EXIT.REMOTE : EXIT.BAD_INPUT) : written > 0 ? EXIT.OK : EXIT.BAD_INPUT;
  },
};
