/**
 * `planbook report -o report.xlsx`: the district's report tables from src/report/ written through the
 * report templates (主要经济指标完成情况表, 重点任务进展情况表) into one formatted workbook, with a
 * native chart of completion against time progress under the indicator table.
 */
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { CliIO } from './command';
import { EXIT } from './command';
import type { Plan, Period } from '../model/plan';
import { parsePeriod } from '../model/period';
import { ROW_STATUS_LABELS, TASK_STANDING_LABELS, type MainIndicatorRow } from '../report';
import type { DistrictReport } from '../usecases/district-report';
import { fill } from '../template/fill';
import { deadlineLabel, type TableRow } from '../template/rows';
import { columnLetter } from '../template/port';
import type { TemplateSpec } from '../template/spec';
import { XlsxWorkbook } from '../hosts/xlsx/port';
import { saveBuffer } from '../hosts/xlsx/file';
import { checkOutputFree, type OutputOptions } from '../hosts/node/output-file';
import { loadTemplate, templatesDir } from '../hosts/xlsx/templates';
import { addBarChart } from '../hosts/xlsx/chart';

/** The sheet that holds the report's chart and the small block it draws from. */
export const CHART_SHEET = '完成情况图';
import { PlanbookError } from '../model/errors';

export interface ReportWorkbook {
  buffer: Buffer;
  period: Period;
  main: MainIndicatorRow[];
  taskRows: number;
  /** Indicators drawn in the chart (those with an annual amount); 0: no chart. */
  charted: number;
}

function mainRows(plan: Plan, rows: MainIndicatorRow[]): TableRow[] {
  return rows.map((r) => ({
    key: r.indicator,
    decimals: r.decimals,
    values: {
      indicator: r.indicator,
      measureUnit: r.measureUnit,
      targetText: r.target,
      target: r.amount,
      value: r.value,
      growth: r.growth,
      timeProgress: r.timeProgressPct,
      verdict: ROW_STATUS_LABELS[r.status].zh,
      units: plan.targets.find((t) => t.indicator === r.indicator && t.year === plan.year)?.units.join('、') ?? '',
    },
  }));
}

/** Cached results beside the engine's formulas, so a viewer that does not recalculate shows planbook's numbers. */
function cacheResults(ws: ExcelJS.Worksheet, spec: TemplateSpec, first: number, results: Record<string, (number | null)[]>): void {
  spec.table.columns.forEach((c, i) => {
    const values = results[c.key];
    if (!c.formula || !values) return;
    values.forEach((v, j) => {
      const cell = ws.getCell(first + j, i + 1);
      const f = cell.formula;
      if (f) cell.value = { formula: f, result: v ?? '' } as ExcelJS.CellFormulaValue;
    });
  });
}

/** The district report (src/usecases/district-report.ts) as a formatted workbook with a chart. */
export async function buildReportWorkbook(r: DistrictReport, templates?: string): Promise<ReportWorkbook> {
  const plan = r.plan;
  const period = r.period;
  if (!parsePeriod(period)) throw new PlanbookError('BAD_REQUEST', { zh: `报告期无效：${period}`, en: `Not a period: ${period}` });
  const dir = templates ?? templatesDir();
  const main = r.main.rows;

  const ind = await loadTemplate('report-indicators', dir);
  const indFill = await fill(new XlsxWorkbook(ind.workbook), ind.spec, { plan, orgUnit: '全区', period, rows: mainRows(plan, main) });
  const indSheet = ind.workbook.getWorksheet(ind.spec.sheet)!;
  cacheResults(indSheet, ind.spec, indFill.identity.firstRow, {
    completion: main.map((r) => r.completionPct),
    gap: main.map((r) => (r.completionPct !== null && r.timeProgressPct !== null ? Math.round((r.completionPct - r.timeProgressPct) * 10) / 10 : null)),
  });

  // A filler's report is not the district's: the notice goes under the table it qualifies, in red.
  let at = indSheet.rowCount + 2;
  for (const n of r.notices) {
    for (const text of [n.zh, n.en]) {
      const c = indSheet.getCell(at++, 1);
      c.value = text;
      c.font = { bold: true, color: { argb: 'FFC00000' } };
    }
  }

  const states = r.taskStates;
  const tasks = await loadTemplate('report-tasks', dir);
  const taskRows: TableRow[] = states.map((st) => ({
    key: String(st.task.no),
    // The row's decimals format its numeric sources without a format of their own: here only 序号,
    // a whole number (完成% has its own 0.0 in the spec), so 1 rather than 1.0, as on the task form.
    decimals: 0,
    values: {
      no: st.task.no,
      task: st.task.text,
      leadUnit: st.task.units[0] ?? '',
      deadline: deadlineLabel(st.task.deadline),
      status: TASK_STANDING_LABELS[st.standing].zh,
      progress: st.progress,
      text: st.text,
    },
  }));
  await fill(new XlsxWorkbook(tasks.workbook), tasks.spec, { plan, orgUnit: '全区', period, rows: taskRows });

  // One workbook for both tables: the task sheet's model (cells, styles, merges, print setup) moves across.
  const src = tasks.workbook.getWorksheet(tasks.spec.sheet)!;
  const copy = ind.workbook.addWorksheet(tasks.spec.sheet);
  // ExcelJS's model getter lists the merged areas as `merges` but its setter reads `mergeCells`:
  // without handing them across, the title and 报告期 lose their merges and are cut off in print.
  const srcModel = src.model;
  copy.model = { ...srcModel, id: copy.id, name: tasks.spec.sheet, mergeCells: srcModel.merges } as ExcelJS.WorksheetModel;

  const first = indFill.identity.firstRow;
  const letter = (key: string): string => columnLetter(ind.spec.table.columns.findIndex((c) => c.key === key) + 1);
  // Only indicators with an annual amount have a completion to draw; a small block below the table
  // picks them out by formula (so it follows the table) and the chart reads that block.
  const charted = main.map((r, i) => ({ r, row: first + i })).filter((x) => x.r.completionPct !== null);
  let buffer: Buffer;
  if (charted.length === 0) {
    buffer = Buffer.from(await ind.workbook.xlsx.writeBuffer());
  } else {
    // The chart and its data get a sheet of their own: on the table's sheet the chart crossed a page
    // break and the table's repeated header row printed over it. Its own sheet prints it whole on
    // one landscape page, with no header rows repeated.
    const chartSheet = ind.workbook.addWorksheet(CHART_SHEET, {
      pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 1, horizontalCentered: true },
    });
    chartSheet.getColumn(1).width = 28;
    chartSheet.getColumn(2).width = 14;
    chartSheet.getColumn(3).width = 12;
    const ref = (a: string): string => `'${ind.spec.sheet}'!${a}`;
    const top = 1;
    const head = chartSheet.getRow(top);
    ['图表数据（引自上表）', '完成全年目标%', '时间进度%'].forEach((h, i) => {
      const c = head.getCell(i + 1);
      c.value = h;
      c.font = { bold: true, size: 9, color: { argb: 'FF595959' } };
    });
    charted.forEach((x, i) => {
      const row = chartSheet.getRow(top + 1 + i);
      const cells: [string, ExcelJS.CellValue][] = [
        [ref(`${letter('indicator')}${x.row}`), x.r.indicator],
        [ref(`${letter('completion')}${x.row}`), x.r.completionPct],
        [ref(`${letter('timeProgress')}${x.row}`), x.r.timeProgressPct],
      ];
      cells.forEach(([src, result], j) => {
        const c = row.getCell(j + 1);
        c.value = { formula: src, result: result ?? '' } as ExcelJS.CellFormulaValue;
        c.font = { size: 9, color: { argb: 'FF595959' } };
        if (j > 0) c.numFmt = '0.0';
      });
    });
    const bottom = top + charted.length;
    const block = (col: string): string => `'${CHART_SHEET}'!$${col}$${top + 1}:$${col}$${bottom}`;
    buffer = await addBarChart(Buffer.from(await ind.workbook.xlsx.writeBuffer()), {
      sheet: CHART_SHEET,
      title: `${period.slice(0, 4)}年主要经济指标：完成全年目标与时间进度`,
      axisTitle: '%',
      categories: { ref: block('A'), values: charted.map((x) => x.r.indicator) },
      series: [
        { name: '完成全年目标%', ref: block('B'), values: charted.map((x) => x.r.completionPct) },
        { name: '时间进度%', ref: block('C'), values: charted.map((x) => x.r.timeProgressPct) },
      ],
      anchor: { fromCol: 0, fromRow: bottom + 1, toCol: 8, toRow: bottom + 22 },
    });
  }
  return { buffer, period, main, taskRows: taskRows.length, charted: charted.length };
}

/** The .xlsx branch of `planbook report`. */
export async function writeXlsxReport(io: CliIO, report: DistrictReport, output: string, templates?: string, opts: OutputOptions = {}): Promise<number> {
  const file = resolve(io.cwd, output);
  await checkOutputFree(file, opts);
  const r = await buildReportWorkbook(report, templates);
  await saveBuffer(r.buffer, file, opts);
  io.out(`已生成 ${file}：主要经济指标 ${r.main.length} 项、重点任务 ${r.taskRows} 项（${r.period}）/ wrote ${file}: ${r.main.length} indicators, ${r.taskRows} tasks (${r.period})`);
  if (r.charted === 0) io.err('没有可计算完成率的指标（缺少全年目标量），报表中未加图表 / no indicator has an annual amount to compute completion from; no chart added');
  return EXIT.OK;
}
