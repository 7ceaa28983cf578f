/**
 * `planbook rules import | export | test`: 审核公式 written in a workbook's 审核公式 sheet become the rule
 * set (a rules.json or the store's /api/rules, as its next revision), go back to a sheet, and can be
 * tried on figures before they are published. The rows are read and printed by src/rules/formula/sheet.ts.
 */
import type { Command, CliIO } from '../command';
import { EXIT } from '../command';
import { parse, UsageError } from '../args';
import type { Catalog, RuleSet } from '../../rules';
import { readRuleRows, ruleRows, type RowProblem } from '../../rules/formula/sheet';
import { planWords, type FormulaRuleDef, type PlanWords } from '../../rules/formula';
import { readPlanFile } from '../xlsx-plan';
import { StoreClient } from '../xlsx-remote';
import { readRulesWorkbook, writeRulesWorkbook } from '../../hosts/xlsx/rules-sheet';
import { resolvePath } from '../check-output';
import { checkOutputFree, writeOutputFile } from '../../hosts/node/output-file';
import { PlanbookError } from '../../model/errors';
import { stat } from 'node:fs/promises';
import { getStoredRules, putStoredRules } from '../rules-remote';
import { runRulesTest, RULES_TEST_OPTIONS } from '../rules-test';
import { loadCatalogOption, loadRulesOption, tokenOf } from '../rules-options';

const HELP = `planbook rules —— 审核公式 / Checks written as formulas

用法 Usage:
  planbook rules import 审核公式.xlsx -o rules.json [--rules base.json] [--plan-id ID] [--plan plan.json]
  planbook rules import 审核公式.xlsx --server URL --token T --plan-id ID
  planbook rules export -o 审核公式.xlsx [--rules rules.json | --server URL --token T] [--plan-id ID]
  planbook rules test 审核公式.xlsx --plan plan.json --figures figures.csv [--history F] [--tasks F] [--rules current.json]
  planbook rules test 审核公式.xlsx --server URL --token T --plan-id ID --period 2023-06

  import   读取“审核公式”表（编号、公式、类型、提示信息、适用单位…），逐行报告错误；全部无误才写出
           reads the 审核公式 sheet and reports every bad row; writes only when all rows are good.
           --plan-id 时写入该计划专用的公式（planFormulas），否则写入通用公式（formulas）
           with --plan-id the formulas are the plan's own (planFormulas), else the general ones (formulas)
  export   把规则集中的公式写成“审核公式”表 / writes the rule set's formulas as the sheet
  test     对新增或修改的公式，列出它们将发现的问题（每条规则的数量和前几条）
           for each new or changed formula, what it would find (count per rule, the first few)

  --plan FILE     import 时用计划核对适用单位、汇总的板块和任务编号（--server 时取服务器上的计划）
                  on import, checks 适用单位, 汇总's sections and task numbers against the plan (with --server, the server's)
  --rules FILE    现有规则文件（默认 templates/catalog/rules.json） / the current rules file
  --catalog FILE  指标目录 / indicator catalog
  --version V     写出的规则集版本号 / version of the rule set written
  --force         覆盖已存在的 -o 文件（默认不覆盖）/ overwrite an existing -o file (by default it is kept)
  --token T       令牌（也可用 PLANBOOK_TOKEN） / token (or PLANBOOK_TOKEN)

退出码 Exit: 0 成功 / done; 1 表中有错误，未写出 / bad rows, nothing written; 2 用法 / usage;
             3 文件无法读取 / unreadable input; 4 服务器拒绝或无法连接 / server refused or unreachable`;

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  rules: { type: 'string' },
  catalog: { type: 'string' },
  version: { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  'plan-id': { type: 'string' },
  force: { type: 'boolean' },
  ...RULES_TEST_OPTIONS,
} as const;

async function pathExists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Reads the sheet of a workbook into formula rules; prints every bad row (both languages) and returns
 * null when there is one. With the plan's words, 适用单位 and the sections and tasks a formula names are
 * checked against the plan; without them a rule with 适用单位 gets a note saying they were not.
 */
export async function readSheetRules(io: CliIO, file: string, catalog: Catalog, plan: PlanWords | null = null, unitsNote = true): Promise<FormulaRuleDef[] | null> {
  const rows = await readRulesWorkbook(resolvePath(io, file));
  const { formulas, problems } = readRuleRows(rows, catalog, plan);
  if (problems.length > 0) {
    io.err(problemsText(file, problems));
    return null;
  }
  if (unitsNote && !plan && formulas.some((f) => f.units || NAMES_PLAN_WORDS.test(f.formula))) {
    io.err(
      '注意：没有计划，适用单位、汇总的板块和任务编号未与计划核对；请加 --plan plan.json（或 --server 与 --plan-id）\nNote: no plan was given, so 适用单位, the sections of 汇总 and task numbers were not checked against it; add --plan plan.json (or --server with --plan-id)',
    );
  }
  return formulas;
}

/** Functions whose arguments name a plan's section or task (汇总, 任务进度, 任务状态). */
const NAMES_PLAN_WORDS = /汇总|SUMUNITS|任务进度|任务状态|TASKPROGRESS|TASKSTATUS/i;

/** The plan's words for checking scopes: from --plan, else from the server's plan of --plan-id, else none. */
async function planWordsOption(io: CliIO, v: { plan?: string; server?: string; token?: string; 'plan-id'?: string }): Promise<PlanWords | null> {
  if (v.plan) return planWords(await readPlanFile(resolvePath(io, v.plan), v.plan));
  if (v.server && v['plan-id']) return planWords(await new StoreClient(v.server, tokenOf(io, v.token)).getPlan(v['plan-id']));
  return null;
}

function problemsText(file: string, problems: readonly RowProblem[]): string {
  const lines = [`${file}：${problems.length} 处错误，未写出任何规则 / ${problems.length} problem(s); no rules were written`];
  for (const p of problems) lines.push(`  ${p.message.zh}`, `  ${p.message.en}`);
  return lines.join('\n');
}

/** The rule set with these formulas in place of the old ones (the plan's own with a plan id, else the general ones). */
function withFormulas(base: RuleSet, formulas: FormulaRuleDef[], planId: string | undefined, version: string | undefined): RuleSet {
  const next: RuleSet = { ...base, version: version ?? base.version };
  if (planId) next.planFormulas = { ...(base.planFormulas ?? {}), [planId]: formulas };
  else next.formulas = formulas;
  return next;
}

export const rules: Command = {
  name: 'rules',
  summary: { zh: '审核公式：导入、导出、试运行', en: 'Formula checks: import, export, try' },
  help: HELP,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values: v, positionals } = parse(rest, OPTIONS);
    const catalog = await loadCatalogOption(io, v.catalog);
    const planId = v['plan-id'];
    switch (sub) {
      case 'import': {
        const file = positionals[0];
        if (!file) throw new UsageError('缺少工作簿文件（审核公式.xlsx）', 'Missing the workbook (审核公式.xlsx)');
        if (!v.output && !v.server) throw new UsageError('请用 -o 指定输出文件，或用 --server 发布到服务器', 'Give -o FILE, or --server to publish');
        // Refused before anything is published, so a kept rules.json never leaves the store ahead of it.
        if (v.output) await checkOutputFree(resolvePath(io, v.output), { force: v.force });
        const formulas = await readSheetRules(io, file, catalog, await planWordsOption(io, v));
        if (!formulas) return EXIT.FINDINGS;
        if (v.server) {
          if (!planId) throw new UsageError('发布到服务器时需要 --plan-id', '--plan-id is needed with --server');
          const token = tokenOf(io, v.token);
          const stored = await getStoredRules(v.server, token);
          const rev = await putStoredRules(v.server, token, withFormulas(stored.rules, formulas, planId, v.version), stored.rev);
          io.out(`已发布 ${formulas.length} 条审核公式，规则集版本 ${rev} / published ${formulas.length} formula rule(s) as rule set revision ${rev}`);
        }
        if (v.output) {
          const base = await loadRulesOption(io, v.rules);
          await writeOutputFile(resolvePath(io, v.output), JSON.stringify(withFormulas(base, formulas, planId, v.version), null, 2) + '\n', { force: v.force });
          io.out(`已写出 ${formulas.length} 条审核公式到 ${v.output} / wrote ${formulas.length} formula rule(s) to ${v.output}`);
        }
        return EXIT.OK;
      }
      case 'export': {
        if (!v.output) throw new UsageError('请用 -o 指定输出的 .xlsx 文件', 'Give -o FILE.xlsx');
        const set = v.server ? (await getStoredRules(v.server, tokenOf(io, v.token))).rules : await loadRulesOption(io, v.rules);
        const out = resolvePath(io, v.output);
        await checkOutputFree(out, { force: v.force });
        const formulas = planId ? (set.planFormulas?.[planId] ?? []) : (set.formulas ?? []);
        if (formulas.length === 0 && (await pathExists(out))) {
          // Even with --force: an empty sheet over a rules workbook is the export-to-the-file-you-imported-from slip, never what is meant.
          throw new PlanbookError('BAD_REQUEST', {
            zh: `规则集中没有${planId ? `计划 ${planId} 的` : ''}审核公式，未覆盖 ${v.output}（否则其中的公式会丢失）；请用 --rules 或 --server${planId ? '' : ' 和 --plan-id'} 指明含公式的规则集，或换一个输出路径`,
            en: `the rule set holds no formula rules${planId ? ` for plan ${planId}` : ''}, so ${v.output} was kept (its formulas would be lost); name the rule set with --rules or --server${planId ? '' : ' and --plan-id'}, or choose another output`,
          });
        }
        await writeRulesWorkbook(out, ruleRows(formulas), { force: v.force });
        io.out(`已导出 ${formulas.length} 条审核公式到 ${v.output} / exported ${formulas.length} formula rule(s) to ${v.output}`);
        return EXIT.OK;
      }
      case 'test': {
        const file = positionals[0];
        if (!file) throw new UsageError('缺少工作簿文件（审核公式.xlsx）', 'Missing the workbook (审核公式.xlsx)');
        // Scope words are checked by runRulesTest against the plan it loads, and said beside each rule.
        const formulas = await readSheetRules(io, file, catalog, null, false);
        if (!formulas) return EXIT.FINDINGS;
        return runRulesTest(io, formulas, catalog, v);
      }
      default:
        throw new UsageError(`未知的子命令“${sub ?? ''}”：应为 import、export 或 test`, `Unknown subcommand "${sub ?? ''}": use import, export or test`);
    }
  },
};
