import type { Command } from '../command';
import { EXIT } from '../command';
import { parse, positionalsOf } from '../args';
import { checkRows } from '../../usecases/check-rows';
import { canSubmit } from '../../model/finding';
import { runXlsxCheckArgv, SPREADSHEET, XLSX_CHECK_HELP, XLSX_CHECK_OPTIONS } from '../xlsx-check';
import { CHECK_OPTIONS, checkChoice, checkToday, configLine, emit, loadInputs, refusePositionals, renderFindings } from '../check-output';

const HELP = `planbook check —— 审核数据 / Check figures against the rules and the plan's targets

用法 Usage:
  planbook check --plan plan.json --figures figures.csv [选项 options]

  --plan FILE        计划数据（planbook import 的输出） / the plan (output of planbook import)
  --figures FILE     数据 CSV：填报单位,指标,报告期,数值,同比增长,上年同期,说明
                     figures CSV: orgUnit,indicator,period,value,growth,sameLastYear,note
  --tasks FILE       任务进展 CSV：填报单位,任务序号,报告期,状态,完成进度,进展情况,说明 / task progress CSV
  --history FILE     往期数据 CSV（上期、上年），只作比较不审核，与服务器上报时比较的范围相同 / earlier figures,
                     compared with, not checked, within the same window as the server's submit
  --rules FILE       规则文件（默认：计划文件所带的，否则程序自带的） / rules file (default: the plan file's copy, else the bundled one)
  --catalog FILE     指标目录（默认：计划文件所带的，否则程序自带的） / indicator catalog (same default)
  --today YYYY-MM-DD 判断任务逾期的日期 / the date overdue tasks are judged on
  --format text|json|csv   输出格式（默认 text） / output format
  -o FILE            写入文件而非屏幕 / write to FILE
  --force            覆盖已存在的 -o 文件（默认不覆盖）/ overwrite an existing -o file (by default it is kept)

退出码 Exit（与上报的判断相同，与审核工作簿一样 / the submit verdict, as for workbooks）:
  0 可以上报（无错误，警告均已说明）/ may be submitted (no errors, every warning explained)
  1 不能上报：有错误或未说明的警告 / may not be submitted: errors or unexplained warnings
  2 用法错误 / usage; 3 输入无法读取 / unreadable input`;

export const check: Command = {
  name: 'check',
  summary: { zh: '审核数据', en: 'Check figures and workbooks' },
  help: `${HELP}\n\n${XLSX_CHECK_HELP}`,
  async run(argv, io) {
    // Any spreadsheet file goes to the workbook branch, which says what is wrong with it (an .ods is
    // refused there with "save it as .xlsx"), never to the CSV branch's usage errors.
    // Only positional files choose the branch: a workbook given to --figures or --plan stays in the CSV
    // branch, which says "--figures takes a CSV" rather than calling --figures an unknown option.
    if (positionalsOf(argv, { ...CHECK_OPTIONS, ...XLSX_CHECK_OPTIONS }).some((a) => SPREADSHEET.test(a))) return runXlsxCheckArgv(argv, io); // workbooks: src/cli/xlsx-check.ts
    const { values, positionals } = parse(argv, CHECK_OPTIONS);
    // Anything positional that is not a workbook (those branch off above) is a mistake; say what is accepted.
    if (positionals.length > 0) return refusePositionals(io, positionals, 'check');
    const format = checkChoice(values.format, 'format', ['text', 'json', 'csv'] as const, 'text');
    const today = checkToday(values.today);
    const input = await loadInputs(io, values);
    io.err(configLine(input.config));
    // The store's submit decides: each unit × period of the rows through maySubmit, the other rows and --history as its stored history.
    const findings = [...input.readFindings, ...(await checkRows({ plan: input.plan, catalog: input.catalog, rules: input.rules, figures: input.figures, history: input.history, tasks: input.tasks, today }))];
    const may = canSubmit(findings);
    // The verdict line is the workbook check's and the store's submit's: text output says it in words.
    const verdict = may ? '可以上报 / may be submitted' : '不能上报：请改正错误，并在“说明”栏说明未说明的警告 / may not be submitted: fix the errors and explain the unexplained warnings in the note column';
    await emit(io, format === 'text' ? `${renderFindings(findings, format)}\n${verdict}` : renderFindings(findings, format), values.output, values.force);
    return may ? EXIT.OK : EXIT.FINDINGS;
  },
};
