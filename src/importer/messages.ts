/** Every problem the importer reports, in zh-CN and English, in one place. */
import { msg, type Bilingual } from '../model/i18n';

export const M = {
  notAPlan: (): Bilingual =>
    msg(
      '这不像是计划类文档（重点工作分工方案、计划执行情况报告、政府工作报告、五年目标、统计公报或经济运行情况），未从中导入任何数据',
      'This does not look like a plan document (division of work, plan execution report, government work report, five-year goals, statistical bulletin or release of figures such as 经济运行情况); nothing was imported from it',
    ),
  mixedPlaces: (places: string[]): Bilingual =>
    msg(
      `这些文档来自不同地区（${places.join('、')}），已合并为一个计划；如不是同一地区的计划，请分开导入`,
      `These documents are about different places (${places.join(', ')}) and were merged into one plan; import each place's documents separately unless they belong to one plan`,
    ),
  nothingFound: (kind: string): Bilingual => msg(`文档被识别为“${kind}”，但未读到任何任务、目标或数据`, `The document was recognised as "${kind}" but no task, target or figure could be read from it`),
  noYear: (): Bilingual => msg('无法从文档标题或日期判断计划年度，请用 --year 指定', 'Could not tell the plan year from the title or date; give it with --year'),
  missingField: (no: number, zh: string, en: string): Bilingual => msg(`第${no}项缺少“${zh}”`, `Item ${no} has no ${en}`),
  badDeadline: (no: number, text: string): Bilingual => msg(`第${no}项的完成时限“${text}”无法识别为日期，已留空`, `Item ${no}: the deadline "${text}" is not a date that can be read; left empty`),
  badTarget: (text: string): Bilingual => msg(`无法识别目标表述“${text}”，未作为目标导入`, `Could not read the target "${text}"; not imported as a target`),
  duplicateNo: (no: number): Bilingual => msg(`任务编号${no}重复，已按出现顺序重新编号`, `Task number ${no} occurs twice; tasks were renumbered in document order`),
  noTargetsAfterTrigger: (): Bilingual => msg('找到“主要目标”段落，但其后没有可识别的目标', 'Found the main-targets paragraph but no target after it could be read'),
  conflictingFigures: (indicator: string, period: string, lines: number[]): Bilingual =>
    msg(
      `“${indicator}”（${period}）在第${lines.join('、')}行有不同的数值，无法确定是同一指标，均未导入`,
      `"${indicator}" (${period}) has different values on lines ${lines.join(', ')}; they may not be the same indicator, so none was imported`,
    ),
};

export function clip(s: string, n = 40): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}
