import type { Command } from '../command';
import { EXIT } from '../command';
import { parse, UsageError } from '../args';
import { parsePeriod } from '../../model/period';
import { REPORT_OPTIONS, checkChoice, configLine, checkToday, loadInputs, refusePositionals } from '../check-output';
import { districtReport } from '../../usecases/district-report';
import { heldSources } from '../../usecases/sources';
import { submissionsFromRows } from '../../usecases/from-rows';
import { syncSources } from '../../sync/sources';
import { StoreClient } from '../xlsx-remote';
import { writeReport } from '../report-output';

const HELP = `planbook report —— 生成报表 / Build the report tables

用法 Usage:
  planbook report --plan plan.json --figures figures.csv [选项 options]
  planbook report --server URL --token T --plan-id ID --period P [选项 options]

  --plan FILE        计划数据 / the plan
  --figures FILE     数据 CSV（含上年全年数，用于计算全年目标量） / figures CSV (with last year's full-year figures for annual amounts)
  --tasks FILE       任务进展 CSV / task progress CSV
  --server URL --token T --plan-id ID   从服务器读取计划、目录、规则和各单位已报送的数据 / the store's plan, catalog, rules and submitted figures
  --drafts           也计入责任单位自己的草稿（标明状态）；其他单位的草稿从不计入 / also count the responsible units' own drafts (state shown); never another unit's
  --period P         报告期，如 2023-06、2023-H1（默认：数据中最近的一期；--server 时必填） / reporting period (default: the latest in the figures; required with --server)
  --today YYYY-MM-DD 判断任务逾期的日期 / the date overdue tasks are judged on
  --format json|csv  输出格式（默认 json） / output format
  --lang zh|en|both  CSV 表头语言（默认 zh） / CSV header language
  --rules FILE       规则文件（“左右”目标的容差；默认：计划文件所带的，否则程序自带的） / rules file (tolerance of approx targets; default: the plan file's copy, else the bundled one)
  --catalog FILE     指标目录（默认同上） / indicator catalog (same default)
  --templates DIR    报表模板目录（-o .xlsx） / report template folder
  -o FILE            写入文件：.json、.csv 或 .xlsx（带图表） / write to FILE: .json, .csv or .xlsx (with a chart)
  --force            覆盖已存在的 -o 文件（默认不覆盖）/ overwrite an existing -o file (by default it is kept)

计入的数据：各指标责任单位已报送或已审核通过的数据；没有时用计划文件公开发布的数据。
填报人的令牌只能读本单位的报送：由其他单位填报的指标标为“无权查看”、不显示数值，并在 stderr 和输出中提示。
What counts: the responsible unit's submitted or approved figure; else the plan documents' published figure.
A filler's token reads its own units only: indicators reported by other units are shown as "not readable", with no figure, and a notice says so (stderr and the output).

输出：主要经济指标完成情况表、重点任务进展情况表（按板块、牵头领导、责任单位，逾期清单）、报送情况表、草拟文字。
Output: main indicators, key tasks (by section, lead leader, responsible unit, overdue list), submissions, draft sentences.

退出码 Exit: 0 完成 / done; 1 数据文件有无法读取的行（已跳过，表格照常生成） / rows of the CSV could not be read (skipped, tables built);
             2 用法错误 / usage; 3 输入无法读取 / unreadable input; 4 服务器错误 / server`;

const SERVER_OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
  'plan-id': { type: 'string' },
  period: { type: 'string' },
  today: { type: 'string' },
  format: { type: 'string' },
  lang: { type: 'string' },
  drafts: { type: 'boolean' },
  templates: { type: 'string' },
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
} as const;

function checkPeriod(period: string | undefined): void {
  if (period !== undefined && !parsePeriod(period)) {
    throw new UsageError(`--period “${period}”不是有效的报告期；请写成 2023、2023-H1、2023-Q2 或 2023-06`, `--period "${period}" is not a period; write 2023, 2023-H1, 2023-Q2 or 2023-06`);
  }
}

export const report: Command = {
  name: 'report',
  summary: { zh: '生成报表', en: 'Build report tables' },
  help: HELP,
  async run(argv, io) {
    if (argv.includes('--server')) {
      // The store as source: the same use case and the same outputs as from files.
      const { values: v } = parse(argv, SERVER_OPTIONS);
      const token = v.token ?? io.env.PLANBOOK_TOKEN;
      if (!v.server || !token || !v['plan-id']) throw new UsageError('--server 需要 --token 和 --plan-id', '--server needs --token and --plan-id');
      if (!v.period || !parsePeriod(v.period)) throw new UsageError('--server 时需要有效的 --period（如 2023-06）', '--server needs a valid --period (e.g. 2023-06)');
      const format = checkChoice(v.format, 'format', ['json', 'csv'] as const, 'json');
      const lang = checkChoice(v.lang, 'lang', ['zh', 'en', 'both'] as const, 'zh');
      const today = checkToday(v.today);
      const client = new StoreClient(v.server, token);
      const r = await districtReport(syncSources(client.sync, v['plan-id'], { today }), { period: v.period, drafts: v.drafts });
      const read = countRead(r.status.rows);
      io.err(`已读取 ${read} 份报送 / read ${read} submissions`);
      // A filler's token reads its own units only: say so before the tables, naming the rows left 无权查看.
      for (const n of r.notices) io.err(`${n.zh}\n${n.en}`);
      return writeReport(io, r, { format, lang, output: v.output, templates: v.templates, force: v.force });
    }
    const { values, positionals } = parse(argv, { ...REPORT_OPTIONS, drafts: { type: 'boolean' }, templates: { type: 'string' } });
    // The seam for workbooks: positional *.xlsx inputs and -o report.xlsx branch off here, reusing check-output.ts.
    if (positionals.length > 0) return refusePositionals(io, positionals, 'report');
    const format = checkChoice(values.format, 'format', ['json', 'csv'] as const, 'json');
    const lang = checkChoice(values.lang, 'lang', ['zh', 'en', 'both'] as const, 'zh');
    const today = checkToday(values.today);
    checkPeriod(values.period);
    const input = await loadInputs(io, values);
    io.err(configLine(input.config));
    // The file mode's Sources: the plan file, its catalog and rules, and the CSV rows as submitted forms.
    const src = heldSources({ plan: input.plan, catalog: input.catalog, rules: input.rules, submissions: submissionsFromRows(input.plan.id, input.figures, input.tasks), today });
    const r = await districtReport(src, { period: values.period, drafts: values.drafts });
    const code = await writeReport(io, r, { format, lang, output: values.output, templates: values.templates, force: values.force, readFindings: input.readFindings });
    for (const f of input.readFindings) io.err(`${f.message.zh}\n${f.message.en}`);
    // An info line (a column ignored, a period read in another spelling) is said, not a fault of the data.
    return code === EXIT.OK && input.readFindings.some((f) => f.severity !== 'info') ? EXIT.FINDINGS : code;
  },
};

function countRead(rows: readonly { indicators: string; tasks: string }[]): number {
  const sent = (s: string): boolean => s !== 'missing' && s !== 'not-required' && s !== 'hidden';
  return rows.filter((x) => sent(x.indicators)).length + rows.filter((x) => sent(x.tasks)).length;
}
