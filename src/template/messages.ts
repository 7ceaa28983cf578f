/**
 * What the template engine says when a template or a workbook is not what it should be. Each message
 * names the sheet or cell and says what to do, because the reader is a statistician with the file open.
 */
import { PlanbookError } from '../model/errors';

export function workbookError(zh: string, en: string, details?: unknown): PlanbookError {
  return new PlanbookError('BAD_WORKBOOK', { zh, en }, details);
}

export const templateErrors = {
  missingSheet: (sheet: string, template: string) => workbookError(`模板 ${template} 缺少工作表“${sheet}”`, `Template ${template} lacks the sheet "${sheet}"`),
  missingName: (name: string, template: string) =>
    workbookError(`模板 ${template} 缺少命名区域 ${name}：请在模板中定义该名称，或改正模板说明文件`, `Template ${template} lacks the named range ${name}: define it in the template or correct the spec`),
  headerWidth: (template: string, expected: number, actual: number) =>
    workbookError(`模板 ${template} 的表头有 ${actual} 列，说明文件写的是 ${expected} 列`, `Template ${template} has ${actual} header columns but its spec lists ${expected}`),
  alreadyFilled: () => workbookError('该工作簿已经填充过，请用空白模板重新生成', 'This workbook has already been filled; generate it again from the blank template'),
  noRows: (unit: string, what: string) =>
    what === 'tasks'
      ? new PlanbookError('VALIDATION', {
          zh: `${unit} 在本计划中没有需要填报的重点任务（没有任务的责任单位是它）；请确认单位名称，或请区里在计划中把任务分给它`,
          en: `${unit} has no tasks to report in this plan (no task names it as a responsible unit); check the unit's name, or ask the district to assign it tasks in the plan`,
        })
      : new PlanbookError('VALIDATION', {
          zh: `${unit} 在本计划中没有需要填报的指标：计划的目标没有分给它，区里的审核公式也没有以它为适用单位；请区统计部门在计划中给它分配指标，或在审核公式的“适用单位”中写上它（planbook rules import）后再生成`,
          en: `${unit} has no indicators to report in this plan: no target of the plan names it and no 审核公式 of the district lists it under 适用单位; ask the district's statistics office to assign it indicators in the plan, or to name it under 适用单位 in a formula (planbook rules import), then fill again`,
        }),
};

/**
 * The note on a 全年目标 cell that holds an amount: the target as the plan writes it, and that the
 * number is the amount the report and =PLANBOOK.PROGRESS compute completion from.
 */
export function targetNote(text: string, amount: number, measureUnit: string): string {
  const a = `${amount}${measureUnit === '' ? '' : measureUnit}`;
  const en = `${amount}${measureUnit === '' ? '' : ` ${measureUnit}`}`;
  return (
    `全年目标：${text}\n全年目标数 ${a}（按目标折算，与报表和 =PLANBOOK.PROGRESS 相同），完成全年目标% 按此计算\n` +
    `Annual target: ${text}\nAs an annual amount: ${en} (as the report and =PLANBOOK.PROGRESS compute it); 完成全年目标% is computed from it`
  );
}

export const readErrors = {
  notPlanbook: () =>
    workbookError(
      '这不是 planbook 生成的填报工作簿（找不到隐藏的标识工作表），请用 planbook fill 生成的文件',
      'This is not a workbook filled by planbook (its hidden identity sheet is missing); use a file made by planbook fill',
    ),
  identity: (field: string) =>
    workbookError(
      `工作簿的标识信息已损坏或被修改（${field}），无法确认它属于哪个单位和报告期，请重新生成`,
      `The workbook's identity was damaged or altered (${field}); its unit and period cannot be trusted: generate it again`,
    ),
  otherTemplate: (found: string, expected: string) => workbookError(`工作簿是用模板 ${found} 填充的，不是 ${expected}`, `The workbook was filled from template ${found}, not ${expected}`),
  missingSheet: (sheet: string) =>
    workbookError(`工作表“${sheet}”不见了（被重命名或删除），请勿修改工作表名称，重新生成后再填`, `The sheet "${sheet}" is gone (renamed or deleted); do not rename sheets: generate the workbook again and refill it`),
  headerMoved: (cell: string, expected: string, found: string) =>
    workbookError(`表头被移动或修改：单元格 ${cell} 应为“${expected}”，实际为“${found}”`, `A header was moved or changed: cell ${cell} should read "${expected}" but reads "${found}"`, { cell }),
  tableMoved: (wasRow: number, nowRow: number, cell: string) =>
    workbookError(
      `表格被移动：表头生成时在第 ${wasRow} 行，现在在第 ${nowRow} 行；请勿在表格上方插入或删除行`,
      `The table was moved: its header was on row ${wasRow} when filled and is on row ${nowRow} now; do not insert or delete rows above the table`,
      { cell },
    ),
  rowsChanged: (cell: string, expected: string, found: string) =>
    workbookError(
      `数据行被插入、删除或调换：单元格 ${cell} 应为“${expected}”，实际为“${found}”；请勿增删行`,
      `Data rows were inserted, deleted or reordered: cell ${cell} should read "${expected}" but reads "${found}"; do not add or remove rows`,
      { cell },
    ),
  rowsAdded: (cell: string) =>
    workbookError(`表格末尾多出了数据行（单元格 ${cell}），行数与生成时不符；请勿增删行`, `Rows were added below the table (cell ${cell}); the row count differs from when it was filled: do not add or remove rows`, {
      cell,
    }),
  fingerprint: () =>
    workbookError('工作簿的版式指纹与生成时不一致（表头、行数或标识被改动），请重新生成', 'The layout fingerprint differs from when the workbook was filled (headers, rows or identity changed): generate it again'),
  otherWorkbook: (what: 'plan' | 'orgUnit' | 'period', found: string, expected: string) => {
    const zh = { plan: '计划', orgUnit: '填报单位', period: '报告期' }[what];
    const en = { plan: 'plan', orgUnit: 'reporting unit', period: 'period' }[what];
    return workbookError(`这是${zh}“${found}”的工作簿，不是“${expected}”的`, `This workbook belongs to ${en} "${found}", not "${expected}"`);
  },
  headerCell: (cell: string, expected: string, found: string) =>
    workbookError(`表头单元格 ${cell} 被修改：应为“${expected}”，实际为“${found}”`, `The header cell ${cell} was changed: it should read "${expected}" but reads "${found}"`, { cell }),
};
