/**
 * Every finding message, in zh-CN and English: what is wrong, with the numbers, and what to do.
 * One table keyed by message id so a test can walk all of them and a message cannot exist in one language only.
 */
import type { Bilingual } from '../model/i18n';
import { fmt } from './format';

export interface MsgParams {
  indicator?: string;
  period?: string;
  measureUnit?: string;
  raw?: string;
  field?: string;
  value?: number;
  /** The value × 100: what a user who typed a percent into a number cell most likely meant. */
  shown?: number;
  other?: number;
  ratio?: number;
  growth?: number;
  computed?: number;
  diff?: number;
  bound?: number;
  target?: string;
  parent?: string;
  decimals?: number;
  min?: number;
  max?: number;
  threshold?: number;
  completion?: number;
  timeProgress?: number;
  taskNo?: number;
  deadline?: string;
  status?: string;
  rule?: string;
  row?: number;
  reason?: Bilingual;
}

type Builder = (p: MsgParams) => Bilingual;

const FIELD_EN: Record<string, string> = { 数值: 'value', 同比增长: 'growth', 上年同期: 'same period last year', 完成进度: 'progress' };
const s = (x: string | undefined): string => x ?? '';
const u = (p: MsgParams): string => (p.measureUnit && p.measureUnit !== '%' ? p.measureUnit : p.measureUnit === '%' ? '%' : '');

export const MESSAGES = {
  'unknown-indicator': (p) => ({
    zh: `指标“${s(p.indicator)}”不在指标目录中，无法审核；请核对指标名称（可用别名），或请统计部门在指标目录中添加该指标。`,
    en: `Indicator "${s(p.indicator)}" is not in the indicator catalog and cannot be checked; check the name (aliases work) or ask the statistics office to add it to the catalog.`,
  }),
  'bad-period': (p) => ({
    zh: `${s(p.indicator)}的报告期“${s(p.period)}”不存在；请写成 2023、2023-H1、2023-Q2 或 2023-06 这样的形式（月份为01–12）。`,
    en: `${s(p.indicator)}: period "${s(p.period)}" does not exist; write it as 2023, 2023-H1, 2023-Q2 or 2023-06 (months 01–12).`,
  }),
  duplicate: (p) => ({
    zh: `${s(p.indicator)}（${s(p.period)}）填报了不止一次；请只保留一行。`,
    en: `${s(p.indicator)} (${s(p.period)}) is entered more than once; keep one row only.`,
  }),
  'rule-unknown-indicator': (p) => ({
    zh: `规则“${s(p.rule)}”引用的指标“${s(p.indicator)}”不在指标目录中，该规则对它不起作用；请修正规则文件中的指标名称。`,
    en: `Rule "${s(p.rule)}" names indicator "${s(p.indicator)}", which is not in the catalog, so it checks nothing there; fix the indicator name in the rules file.`,
  }),
  number: (p) => ({
    zh: `${s(p.indicator)}（${s(p.period)}）的${s(p.field)}“${s(p.raw)}”不是有效数字；请只填写阿拉伯数字，不要带单位或文字${p.measureUnit ? `（计量单位：${p.measureUnit}）` : ''}。`,
    en: `${s(p.indicator)} (${s(p.period)}): the ${FIELD_EN[s(p.field)] ?? s(p.field)} "${s(p.raw)}" is not a valid number; enter digits only, without units or words${p.measureUnit ? ` (unit: ${p.measureUnit})` : ''}.`,
  }),
  precision: (p) => ({
    zh: `${s(p.indicator)}的数值${fmt(p.value, 10)}超过规定的${p.decimals ?? 0}位小数；请按${p.decimals ?? 0}位小数填报（计量单位：${u(p)}）。`,
    en: `${s(p.indicator)}: the value ${fmt(p.value, 10)} has more than the ${p.decimals ?? 0} decimals published; round it to ${p.decimals ?? 0} decimals (unit: ${u(p)}).`,
  }),
  required: (p) => ({
    zh: `${s(p.indicator)}（${s(p.period)}）的数值未填写；请填写本期数值。`,
    en: `${s(p.indicator)} (${s(p.period)}): the value is empty; enter this period's value.`,
  }),
  'unit-mixup': (p) => ({
    zh: `${s(p.indicator)}本期数值${fmt(p.value)}是${s(p.field)}（${fmt(p.other)}）的${fmt(p.ratio, 0)}倍，疑似混用了元/万元/亿元等计量单位；请按“${u(p)}”填报。`,
    en: `${s(p.indicator)}: the value ${fmt(p.value)} is ${fmt(p.ratio, 0)} times the ${s(p.field) === '上期' ? 'previous period' : 'same period last year'} (${fmt(p.other)}), which looks like a mix-up of 元/万元/亿元; enter it in ${u(p)}.`,
  }),
  'unit-mixup-small': (p) => ({
    zh: `${s(p.indicator)}本期数值${fmt(p.value, 6)}只有${s(p.field)}（${fmt(p.other)}）的${fmt(p.ratio, 6)}倍，疑似混用了元/万元/亿元等计量单位；请按“${u(p)}”填报。`,
    en: `${s(p.indicator)}: the value ${fmt(p.value, 6)} is only ${fmt(p.ratio, 6)} times the ${s(p.field) === '上期' ? 'previous period' : 'same period last year'} (${fmt(p.other)}), which looks like a mix-up of 元/万元/亿元; enter it in ${u(p)}.`,
  }),
  // field: the plan's basis in Chinese (全年目标92.1亿元); target: the same in English.
  'unit-mixup-plan': (p) => ({
    zh: `${s(p.indicator)}本期数值${fmt(p.value)}是按计划推算的本期规模（${fmt(p.other)}${u(p)}，依据${s(p.field)}）的${fmt(p.ratio, 0)}倍，疑似混用了元/万元/亿元等计量单位；请按“${u(p)}”填报。`,
    en: `${s(p.indicator)}: the value ${fmt(p.value)} is ${fmt(p.ratio, 0)} times the size the plan implies for this period (${fmt(p.other)} ${u(p)}, from ${s(p.target)}), which looks like a mix-up of 元/万元/亿元; enter it in ${u(p)}.`,
  }),
  'unit-mixup-plan-small': (p) => ({
    zh: `${s(p.indicator)}本期数值${fmt(p.value, 6)}只有按计划推算的本期规模（${fmt(p.other)}${u(p)}，依据${s(p.field)}）的${fmt(p.ratio, 6)}倍，疑似混用了元/万元/亿元等计量单位；请按“${u(p)}”填报。`,
    en: `${s(p.indicator)}: the value ${fmt(p.value, 6)} is only ${fmt(p.ratio, 6)} times the size the plan implies for this period (${fmt(p.other)} ${u(p)}, from ${s(p.target)}), which looks like a mix-up of 元/万元/亿元; enter it in ${u(p)}.`,
  }),
  // min, max: the catalog's typical size for this period (a year's range scaled to the months of a 1-N月 flow).
  'unit-mixup-catalog': (p) => ({
    zh: `${s(p.indicator)}本期数值${fmt(p.value)}远大于一个区县本期的常见规模（${fmt(p.min)}～${fmt(p.max)}${u(p)}，指标目录的常见量级），疑似混用了元/万元/亿元等计量单位；请按“${u(p)}”填报，数值属实的请在说明栏写明。`,
    en: `${s(p.indicator)}: the value ${fmt(p.value)} is far above a district's usual size for this period (${fmt(p.min)}–${fmt(p.max)} ${u(p)}, the catalog's typical range), which looks like a mix-up of 元/万元/亿元; enter it in ${u(p)}, or explain it in the note if it is right.`,
  }),
  'unit-mixup-catalog-small': (p) => ({
    zh: `${s(p.indicator)}本期数值${fmt(p.value, 6)}远小于一个区县本期的常见规模（${fmt(p.min)}～${fmt(p.max)}${u(p)}，指标目录的常见量级），疑似混用了元/万元/亿元等计量单位；请按“${u(p)}”填报，数值属实的请在说明栏写明。`,
    en: `${s(p.indicator)}: the value ${fmt(p.value, 6)} is far below a district's usual size for this period (${fmt(p.min)}–${fmt(p.max)} ${u(p)}, the catalog's typical range), which looks like a mix-up of 元/万元/亿元; enter it in ${u(p)}, or explain it in the note if it is right.`,
  }),
  // other: the expected size in percent points; shown: the value × 100, what the user most likely typed.
  'percent-fraction': (p) => ({
    zh: `${s(p.indicator)}本期数值${fmt(p.value, 6)}（计量单位为%，即百分点）只有预期规模（约${fmt(p.other)}%）的百分之一左右，疑似输入“${fmt(p.shown)}%”后表格按小数${fmt(p.value, 6)}保存；请在单元格中直接输入${fmt(p.shown)}（不带%号），数值属实的请核实后再报。`,
    en: `${s(p.indicator)}: the value ${fmt(p.value, 6)} (measured in %, i.e. percent points) is about one hundredth of the expected size (about ${fmt(p.other)}%), which looks like "${fmt(p.shown)}%" typed and stored by the spreadsheet as the fraction ${fmt(p.value, 6)}; enter ${fmt(p.shown)} in the cell (without the % sign), or check the figure again if it is right.`,
  }),
  'percent-fraction-growth': (p) => ({
    zh: `${s(p.indicator)}同比增长${fmt(p.value, 6)}只有目标增速（${fmt(p.other)}%）的百分之一左右，疑似输入“${fmt(p.shown)}%”后表格按小数${fmt(p.value, 6)}保存；同比增长一栏以百分点填报，请直接输入${fmt(p.shown)}（不带%号）。`,
    en: `${s(p.indicator)}: growth ${fmt(p.value, 6)} is about one hundredth of the target growth (${fmt(p.other)}%), which looks like "${fmt(p.shown)}%" typed and stored by the spreadsheet as the fraction ${fmt(p.value, 6)}; the growth column is in percent points, so enter ${fmt(p.shown)} (without the % sign).`,
  }),
  cumulative: (p) => ({
    zh: `${s(p.indicator)}是1-N月累计数，本期${fmt(p.value)}${u(p)}小于上期${fmt(p.other)}${u(p)}；累计数不会下降，请核实本期和上期数值。`,
    en: `${s(p.indicator)} is a year-to-date total, yet this period's ${fmt(p.value)} ${u(p)} is below the previous period's ${fmt(p.other)} ${u(p)}; a cumulative total cannot fall — check both values.`,
  }),
  'growth-consistency': (p) => ({
    zh: `${s(p.indicator)}填报同比增长${fmt(p.growth)}%，但按本期${fmt(p.value)}与上年同期${fmt(p.other)}计算应为${fmt(p.computed)}%，相差${fmt(p.diff)}个百分点；请核对数值、上年同期数或增速。`,
    en: `${s(p.indicator)}: the growth entered is ${fmt(p.growth)}%, but ${fmt(p.value)} against ${fmt(p.other)} a year before gives ${fmt(p.computed)}%, ${fmt(p.diff)} points apart; check the value, last year's value or the growth.`,
  }),
  'part-whole': (p) => ({
    zh: `${s(p.indicator)}（${fmt(p.value)}${u(p)}）大于其所属总量${s(p.parent)}（${fmt(p.other)}${u(p)}）；分项不能超过总量，请核实。`,
    en: `${s(p.indicator)} (${fmt(p.value)} ${u(p)}) exceeds ${s(p.parent)} (${fmt(p.other)} ${u(p)}), which it is part of; a part cannot exceed the whole — check both.`,
  }),
  'share-range': (p) => ({
    zh: `${s(p.indicator)}是比率（%），应在${fmt(p.min)}到${fmt(p.max)}之间，填报为${fmt(p.value)}；请核实。`,
    en: `${s(p.indicator)} is a percentage and must lie between ${fmt(p.min)} and ${fmt(p.max)}, but ${fmt(p.value)} was entered; check it.`,
  }),
  outlier: (p) => ({
    zh: `${s(p.indicator)}本期${s(p.field)}${fmt(p.value)}较上期${fmt(p.other)}变动${fmt(p.ratio, 1)}%，超过该指标${fmt(p.threshold)}%的波动阈值；请核实，属实的请在说明栏写明原因。`,
    en: `${s(p.indicator)}: ${fmt(p.value)} against ${fmt(p.other)} the period before is a change of ${fmt(p.ratio, 1)}%, beyond this indicator's ${fmt(p.threshold)}% threshold; check it, and if it is right explain why in the note.`,
  }),
  'target-approx': (p) => ({
    zh: `${s(p.indicator)}同比增长${fmt(p.growth)}%，低于全年预期目标“${s(p.target)}”${fmt(Math.abs(p.diff ?? 0))}个百分点，也低于可接受下限${fmt(p.bound)}%；请核实数据，属实的请在说明栏写明原因。`,
    en: `${s(p.indicator)}: growth ${fmt(p.growth)}% is ${fmt(Math.abs(p.diff ?? 0))} points below the annual target "${s(p.target)}" and under the accepted floor of ${fmt(p.bound)}%; check the figure, and if it is right explain why in the note.`,
  }),
  'target-floor-growth': (p) => ({
    zh: `${s(p.indicator)}同比增长${fmt(p.growth)}%，未达到全年目标“${s(p.target)}”，差${fmt(Math.abs(p.diff ?? 0))}个百分点；请核实数据，属实的请在说明栏写明原因。`,
    en: `${s(p.indicator)}: growth ${fmt(p.growth)}% falls ${fmt(Math.abs(p.diff ?? 0))} points short of the annual target "${s(p.target)}"; check the figure, and if it is right explain why in the note.`,
  }),
  'target-floor': (p) => ({
    zh: `${s(p.indicator)}为${fmt(p.value)}${u(p)}，未达到目标“${s(p.target)}”要求的${fmt(p.bound)}${u(p)}；请核实数据，属实的请在说明栏写明原因。`,
    en: `${s(p.indicator)}: ${fmt(p.value)} ${u(p)} is below the ${fmt(p.bound)} ${u(p)} the target "${s(p.target)}" requires; check the figure, and if it is right explain why in the note.`,
  }),
  'target-ceiling': (p) => ({
    zh: `${s(p.indicator)}为${fmt(p.value)}${u(p)}，超过目标“${s(p.target)}”规定的上限${fmt(p.bound)}${u(p)}；请核实数据，属实的请在说明栏写明原因。`,
    en: `${s(p.indicator)}: ${fmt(p.value)} ${u(p)} is above the ceiling of ${fmt(p.bound)} ${u(p)} set by the target "${s(p.target)}"; check the figure, and if it is right explain why in the note.`,
  }),
  'target-exact': (p) => ({
    zh: `${s(p.indicator)}为${fmt(p.value)}，与目标“${s(p.target)}”（${fmt(p.bound)}）不符；请核实数据，属实的请在说明栏写明原因。`,
    en: `${s(p.indicator)}: ${fmt(p.value)} differs from the target "${s(p.target)}" (${fmt(p.bound)}); check the figure, and if it is right explain why in the note.`,
  }),
  'target-level': (p) => ({
    zh: `${s(p.indicator)}累计${fmt(p.value)}${u(p)}，完成全年目标“${s(p.target)}”的${fmt(p.completion, 1)}%，低于时间进度（${fmt(p.timeProgress, 1)}%）${fmt(Math.abs(p.diff ?? 0), 1)}个百分点；请核实，属实的请在说明栏写明原因和措施。`,
    en: `${s(p.indicator)}: ${fmt(p.value)} ${u(p)} so far is ${fmt(p.completion, 1)}% of the annual target "${s(p.target)}", ${fmt(Math.abs(p.diff ?? 0), 1)} points behind time progress (${fmt(p.timeProgress, 1)}%); check it, and if it is right explain why and what is planned in the note.`,
  }),
  'target-qualitative': (p) => ({
    zh: `${s(p.indicator)}同比增长${fmt(p.growth)}%，未实现目标“${s(p.target)}”（应保持正增长）；请核实数据，属实的请在说明栏写明原因。`,
    en: `${s(p.indicator)}: growth of ${fmt(p.growth)}% misses the target "${s(p.target)}" (it should keep growing); check the figure, and if it is right explain why in the note.`,
  }),
  'target-external': (p) => ({
    zh: `${s(p.indicator)}的目标“${s(p.target)}”由上级下达，目标数值尚未录入，暂不判断完成情况；数值下达后请在计划中录入。`,
    en: `${s(p.indicator)}: the target "${s(p.target)}" is set by the city and has no number yet, so there is no verdict; enter the number in the plan once it is known.`,
  }),
  'target-unit': (p) => ({
    zh: `${s(p.indicator)}的目标“${s(p.target)}”的计量单位与指标目录的“${u(p)}”无法换算，暂不判断；请统一计量单位。`,
    en: `${s(p.indicator)}: the target "${s(p.target)}" is in a unit that cannot be converted to the catalog's "${u(p)}", so there is no verdict; make the units agree.`,
  }),
  'task-overdue': (p) => ({
    zh: `第${p.taskNo ?? ''}项任务已过完成时限（${s(p.deadline)}），当前状态为“${s(p.status)}”；请尽快推进，并在说明栏写明滞后原因和完成计划。`,
    en: `Task ${p.taskNo ?? ''} is past its deadline (${s(p.deadline)}) and is "${s(p.status)}"; push it forward and explain the delay and the new plan in the note.`,
  }),
  'task-regress': (p) => ({
    zh: `第${p.taskNo ?? ''}项任务完成进度由${s(p.period)}之前的${fmt(p.other)}%降为${fmt(p.value)}%；进度不应倒退，请核实，属实的请在说明栏写明原因。`,
    en: `Task ${p.taskNo ?? ''}: progress fell from ${fmt(p.other)}% to ${fmt(p.value)}% (${s(p.period)}); progress should not go backwards — check it, and if it is right explain why in the note.`,
  }),
  'task-unknown': (p) => ({
    zh: `计划中没有第${p.taskNo ?? s(p.raw)}项任务；请核对任务序号。`,
    en: `The plan has no task ${p.taskNo ?? s(p.raw)}; check the task number.`,
  }),
  'task-status': (p) => ({
    zh: `第${p.taskNo ?? ''}项任务的状态“${s(p.raw)}”无法识别；请选择“未启动”“推进中”“已完成”或“滞后”。`,
    en: `Task ${p.taskNo ?? ''}: status "${s(p.raw)}" is not recognised; choose 未启动 (not started), 推进中 (in progress), 已完成 (done) or 滞后 (delayed).`,
  }),
  'task-status-empty': (p) => ({
    zh: `第${p.taskNo ?? ''}项任务（${s(p.period)}）未填写状态；请选择“未启动”“推进中”“已完成”或“滞后”。`,
    en: `Task ${p.taskNo ?? ''} (${s(p.period)}) has no status; choose 未启动, 推进中, 已完成 or 滞后.`,
  }),
  'task-progress': (p) => ({
    zh: `第${p.taskNo ?? ''}项任务的完成进度“${s(p.raw)}”应为0到100之间的数字；请更正。`,
    en: `Task ${p.taskNo ?? ''}: progress "${s(p.raw)}" must be a number from 0 to 100; correct it.`,
  }),
  'csv-row': (p) => ({
    zh: `第${p.row ?? ''}行无法读取：${s(p.reason?.zh)}；该行已跳过，其余各行照常审核，请修正后重新导入。`,
    en: `Row ${p.row ?? ''} could not be read: ${s(p.reason?.en)}; it was skipped and the other rows were checked — fix it and import again.`,
  }),
  // raw: the ignored headers, quoted and joined.
  'csv-column': (p) => ({
    zh: `未识别的列已忽略：${s(p.raw)}；如该列是同比增长，请把表头改为“同比增长”，如是其他内容可删去该列（可识别的表头：填报单位、指标、报告期、数值、同比增长、上年同期、说明）。`,
    en: `Columns not understood were ignored: ${s(p.raw)}; if one is the growth rate, write "growth" as its header, otherwise delete it (headers read: unit, indicator, period, value, growth, base, note).`,
  }),
  // reason: readPeriod's reading ("2023年1-6月"读作 2023-06（2023年1-6月）).
  'csv-period': (p) => ({
    zh: `第${p.row ?? ''}行的报告期${s(p.reason?.zh)}；已按此审核，无需修改；若读错了，请改写成 2023-06、2023-Q2、2023-H1 这样的形式。`,
    en: `Row ${p.row ?? ''}: the period ${s(p.reason?.en)}; it was checked as that and needs no change; if that is not what you meant, write it as 2023-06, 2023-Q2 or 2023-H1.`,
  }),
} satisfies Record<string, Builder>;

export type MessageId = keyof typeof MESSAGES;

export function message(id: MessageId, p: MsgParams): Bilingual {
  return MESSAGES[id](p);
}
