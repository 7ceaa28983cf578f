/** Problems of the division-of-work reader that the shared table (messages.ts) does not hold, in zh-CN and English. */
import { msg, type Bilingual } from '../model/i18n';

export const DM = {
  numberingGap: (after: number, next: number): Bilingual => msg(`任务编号从${after}跳到${next}，中间的事项可能未读到`, `Task numbers jump from ${after} to ${next}; the items between may not have been read`),
  notRead: (text: string): Bilingual => msg(`这一行像是一项任务，但不在任何编号事项或表格中，未导入：“${text}”`, `This line looks like a task but belongs to no numbered item or table row; not imported: "${text}"`),
  noFieldsItem: (text: string): Bilingual =>
    msg(
      `编号事项“${text}”没有牵头领导、责任单位或完成时限，其他事项都有；不像是任务，未导入`,
      `The numbered item "${text}" names no leader, unit or deadline while the other items do; it does not look like a task and was not imported`,
    ),
  rowCutOff: (no: number): Bilingual =>
    msg(`表格第${no}项的单元格不全（文档在此截断或表格错位），未作为任务导入`, `Table item ${no} has fewer cells than the header (the document is cut off here or the table is misaligned); not imported as a task`),
  noFields: (n: number): Bilingual =>
    msg(`文档有${n}个编号标题，但没有一项写明牵头领导、责任单位或完成时限，未导入任何任务`, `The document has ${n} numbered headings but no item names a leader, a responsible unit or a deadline; no task was imported`),
};
