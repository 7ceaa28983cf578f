import type { Command } from '../command';
import { EXIT } from '../command';
import { parse, UsageError } from '../args';
import { parsePeriod } from '../../model/period';
import { REPORT_OPTIONS, checkChoice, checkToday, emit, loadInputs, renderTablesCsv, workbookNotYet } from '../check-output';
import { buildMainIndicatorsTable, buildTaskProgressTables, buildSubmissionStatusTable, draftSentences, reportPeriod, type Table, type SubmissionState } from '../../report';
import { formatPeriod } from '../../model/period';
import { runServerReport, writeXlsxReport } from '../xlsx-report';

const HELP = `planbook report —— 生成报表 / Build the report tables

用法 Usage:
  planbook report --plan plan.json --figures figures.csv [选项 options]

  --plan FILE        计划数据 / the plan
  --figures FILE     数据 CSV（含上年全年数，用于计算全年目标量） / figures CSV (with last year's full-year figures for annual amounts)
  --tasks FILE       任务进展 CSV / task progress CSV
  --period P         报告期，如 2023-06、2023-H1（默认：数据中最近的一期） / reporting period (default: the latest in the figures)
  --today YYYY-MM-DD 判断任务逾期的日期 / the date overdue tasks are judged on
  --format json|csv  输出格式（默认 json） / output format
  --lang zh|en|both  CSV 表头语言（默认 zh） / CSV header language
  --rules FILE       规则文件（取“左右”目标的默认容差） / rules file (default tolerance of approx targets)
  --catalog FILE     指标目录 / indicator catalog
  -o FILE            写入文件 / write to FILE

输出：主要经济指标完成情况表、重点任务进展情况表（按板块、牵头领导、责任单位，逾期清单）、报送情况表、草拟文字。
Output: main indicators, key tasks (by section, lead leader, responsible unit, overdue list), submissions, draft sentences.

退出码 Exit: 0 完成 / done; 1 数据文件有无法读取的行（已跳过，表格照常生成） / rows of the CSV could not be read (skipped, tables built);
             2 用法错误 / usage; 3 输入无法读取 / unreadable input`;

export const report: Command = {
  name: 'report',
  summary: { zh: '生成报表', en: 'Build report tables' },
  help: HELP,
  async run(argv, io) {
    if (argv.includes('--server')) return runServerReport(argv, io); // the store as source: src/cli/xlsx-report.ts
    const { values, positionals } = parse(argv, REPORT_OPTIONS);
    // The seam for workbooks: positional *.xlsx inputs and -o report.xlsx branch off here, reusing check-output.ts.
    if (positionals.length > 0) {
      const m = workbookNotYet(positionals);
      io.err(`${m.zh}\n${m.en}`);
      return EXIT.USAGE;
    }
    const format = checkChoice(values.format, 'format', ['json', 'csv'] as const, 'json');
    const lang = checkChoice(values.lang, 'lang', ['zh', 'en', 'both'] as const, 'zh');
    const today = checkToday(values.today);
    if (values.period !== undefined && !parsePeriod(values.period)) {
      throw new UsageError(`--period “${values.period}”不是有效的报告期；请写成 2023、2023-H1、2023-Q2 或 2023-06`, `--period "${values.period}" is not a period; write 2023, 2023-H1, 2023-Q2 or 2023-06`);
    }
    const input = await loadInputs(io, values);
    if (values.output && /\.xlsx$/i.test(values.output)) return writeXlsxReport(io, { plan: input.plan, catalog: input.catalog, figures: input.figures, tasks: input.tasks, period: values.period, today, tolerance: input.rules.rules.find((r) => r.kind === 'target-approx')?.params?.tolerance }, values.output); // src/cli/xlsx-report.ts
    const p = reportPeriod(input.plan, input.figures, values.period);
    const period = values.period ?? (p ? formatPeriod(p) : String(input.plan.year));
    const tolerance = input.rules.rules.find((r) => r.kind === 'target-approx')?.params?.tolerance;
    const main = buildMainIndicatorsTable({ plan: input.plan, catalog: input.catalog, figures: input.figures, period: values.period, tolerance });
    const tasks = buildTaskProgressTables(input.plan, input.tasks, { period: values.period, today });
    // Without a store, a unit counts as having submitted a form when the CSVs hold its rows for the period.
    const submitted: SubmissionState[] = [];
    const seen = new Set<string>();
    const samePeriod = (x: string): boolean => {
      const q = parsePeriod(x);
      return !!q && !!p && q.year === p.year && q.endMonth === p.endMonth;
    };
    for (const f of input.figures) if (samePeriod(f.period) && !seen.has(`i${f.unit}`)) (seen.add(`i${f.unit}`), submitted.push({ plan: input.plan.id, unit: f.unit, period, form: 'indicators', state: 'submitted' }));
    for (const t of input.tasks) if (samePeriod(t.period) && !seen.has(`t${t.unit}`)) (seen.add(`t${t.unit}`), submitted.push({ plan: input.plan.id, unit: t.unit, period, form: 'tasks', state: 'submitted' }));
    const status = buildSubmissionStatusTable(input.plan, submitted, period);
    const tables: Table[] = [main, tasks.bySection, tasks.byLeader, tasks.byUnit, tasks.overdue, status];
    const sentences = draftSentences(main.rows);
    if (format === 'json') {
      await emit(io, JSON.stringify({ plan: input.plan.id, period, tables, sentences, readFindings: input.readFindings }, null, 2), values.output);
    } else {
      const sentenceTable: Table = { id: 'sentences', title: { zh: '草拟文字', en: 'Draft sentences' }, columns: [{ key: 'zh', header: { zh: '中文', en: 'Chinese' }, type: 'text' }, { key: 'en', header: { zh: '英文', en: 'English' }, type: 'text' }], rows: sentences.map((s) => ({ zh: s.zh, en: s.en })) };
      await emit(io, renderTablesCsv([...tables, sentenceTable], lang), values.output);
    }
    for (const f of input.readFindings) io.err(`${f.message.zh}\n${f.message.en}`);
    return input.readFindings.length > 0 ? EXIT.FINDINGS : EXIT.OK;
  },
};
