/**
 * Which kind of plan document a text is, from its title and its structure, plus the facts every
 * reader needs from the head of the document: title, date of issue, and the years it speaks of.
 */
import type { DocumentKind } from '../model/plan';
import type { NormalisedText } from './normalize';
import { HAS_LABEL, afterNames, trailingFieldGroups } from './field-labels';
import { trailingAfterNames } from './division-draft';

export interface DocumentHead {
  kind: DocumentKind;
  title: string;
  /** ISO date of issue or of the speech (——2021年1月14日在…会议上), when stated. */
  date: string | null;
  /** Years written in the title, in order (2020年…执行情况与2021年…草案 → [2020, 2021]). */
  titleYears: number[];
}

/** Labels that open the fields of a division-of-work item; counted to recognise the layout. */
export const TASK_FIELD_LABELS = HAS_LABEL;

const HEAD_LINES = 25;

/**
 * Words of a division of work's title: 分工方案, 任务分工, 责任分工, 责任分解(方案/表), 任务分解,
 * 目标任务分解, 分解落实, 责任清单, 工作要点, 重点工作分工. Data: a new wording is one word here.
 */
const DIVISION_WORDS = ['分工方案', '任务分工', '责任分工', '重点工作分工', '责任分解', '任务分解', '目标分解', '分解落实', '分解下达', '责任清单', '工作要点'].join('|');

const TITLE_PATTERNS: { kind: DocumentKind; re: RegExp }[] = [
  { kind: 'division-of-work', re: new RegExp(`[^。，：]{0,40}(?:${DIVISION_WORDS})`) },
  // …上半年执行情况的报告, …一季度国民经济运行情况的报告, and a government's 关于上半年主要工作回顾和下半年主要工作安排的报告.
  { kind: 'midyear-report', re: /关于[^。：]{0,40}?(?:上半年|前三季度|[一二三]季度|1[-—至~]\d{1,2}月)[^。：]{0,12}?(?:执行情况|经济运行情况|运行情况|工作回顾[^。：]{0,20}?)的报告/ },
  { kind: 'plan-report', re: /关于[^。：]{0,40}?计划执行情况[与及和][^。：]{0,40}?计划(?:草案)?的报告/ },
  { kind: 'work-report', re: /政府工作报告/ },
  { kind: 'multi-year', re: /未来五年|五年规划|规划纲要/ },
];

function findDate(head: string): string | null {
  const m = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(head);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A statistical bulletin's title stands on a line of its own: 2023年周口市国民经济和社会发展统计公报. */
function bulletinTitle(headLines: string[]): string | null {
  return headLines.map((l) => l.replace(/^[#\s]+/, '')).find((l) => l.length <= 60 && /统计公报$/.test(l) && !/[。，；]/.test(l)) ?? null;
}

/**
 * A statistics bureau's release of figures stands under a title of its own line too, as commonly as
 * a bulletin: 顺德区2023年上半年经济运行情况, 2024年前三季度经济运行情况, 1-8月经济运行简况,
 * 2023年全市国民经济运行情况 (newcomer report C7). A report on them (关于…经济运行情况的报告) is not one.
 */
function releaseTitle(headLines: string[]): string | null {
  return headLines.map((l) => l.replace(/^[#\s]+/, '')).find((l) => l.length <= 60 && /经济运行(?:情况|简况|概况|综述|分析|快报)?$/.test(l) && !/[。，；]|^关于|的报告/.test(l)) ?? null;
}

/** A figure with its growth (1291.92亿元，同比增长6.2%): a release of statistics has many, and no tasks. */
const FIGURE_WITH_GROWTH = /\d(?:\.\d+)?(?:万亿元|亿元|万元|元|万吨|吨|万人|%)[，,]?(?:按[^，。]{0,10}计算[^，。]{0,6}[，,])?(?:同比|比上年|同口径)?(?:增长|下降)\d/;

/** Whether the text is a release of figures: several figures with their growth, and growth rates throughout. */
function isFigureRelease(doc: NormalisedText): boolean {
  // Counted per figure, not per line: a release is often one paragraph on a single line.
  const withGrowth = doc.lines.reduce((n, l) => n + (l.text.match(new RegExp(FIGURE_WITH_GROWTH.source, 'g'))?.length ?? 0), 0);
  const growths = doc.lines.reduce((n, l) => n + (l.text.match(/(?:增长|下降)\d+(?:\.\d+)?%/g)?.length ?? 0), 0);
  return withGrowth >= 2 && growths >= 6;
}

export function classifyDocument(doc: NormalisedText): DocumentHead {
  const headLines = doc.lines.slice(0, HEAD_LINES).map((l) => l.text);
  const head = headLines.join('');
  // A table flattened to tab-separated rows counts every row once its header names the fields.
  const hasTable = doc.lines.some((l) => l.text.includes('\t') && /牵头|责任单位|完成时/.test(l.text));
  const fieldLines = doc.lines.filter((l) => TASK_FIELD_LABELS.test(l.text) || (hasTable && l.text.includes('\t'))).length;
  let kind: DocumentKind = 'unknown';
  let title = '';
  for (const p of TITLE_PATTERNS) {
    const m = p.re.exec(head);
    if (m) {
      kind = p.kind;
      title = m[0];
      break;
    }
  }
  // The layout decides over the title: items with 牵头/责任/时限 fields are a division of work
  // whatever the heading says; a division-of-work title needs at least one field (an item's or a
  // heading's, 二、…（牵头领导：王明）) or a main-targets sentence, or it is a notice about one.
  // Looked for only when the title says division of work: the after-names test costs more per line.
  const anyField = (): boolean => fieldLines >= 1 || doc.lines.some((l) => trailingFieldGroups(l.text) !== null || afterNames(l.text).length > 0 || trailingAfterNames(l.text) !== null);
  if (fieldLines >= 3) kind = 'division-of-work';
  else if (kind === 'division-of-work' && !anyField() && !/主要预期目标|主要目标/.test(doc.lines.map((l) => l.text).join(''))) kind = 'unknown';
  if (kind === 'multi-year' && !/目标|任务/.test(doc.lines.map((l) => l.text).join(''))) kind = 'unknown';
  if (kind === 'division-of-work') {
    // The notice's own title (关于印发…的通知, 关于分解落实2023年…目标任务的通知), else the plan's heading.
    const notice = new RegExp(`关于(?:印发)?([^。：]{0,40}?(?:${DIVISION_WORDS})[^。：]{0,24}?)的通知`).exec(head);
    const t = notice ? [notice[1]] : new RegExp(`(?:\\d{4}年)?[\\u4e00-\\u9fff]{0,24}(?:${DIVISION_WORDS})(?:方案|表|清单)?`).exec(head);
    if (t) title = t[0].replace(/的通知$/, '');
  }
  if (kind === 'multi-year') {
    const t = /未来五年[^。，：]{0,20}?(?:奋斗目标|主要目标|主要任务|目标任务)|[^。，：]{0,20}五年规划[^。，：]{0,10}/.exec(
      doc.lines
        .slice(0, 40)
        .map((l) => l.text)
        .join('\n'),
    );
    if (t) title = t[0];
  }
  const bulletin = bulletinTitle(headLines) ?? (kind === 'unknown' ? releaseTitle(headLines) : null);
  if (bulletin !== null && fieldLines < 3) [kind, title] = ['bulletin', bulletin];
  else if (kind === 'unknown' && fieldLines === 0 && isFigureRelease(doc)) kind = 'bulletin';
  if (!title) title = headLines.find((l) => /[\u4e00-\u9fff]/.test(l)) ?? '';
  title = title.replace(/^(?:[^关]*人民政府)?(?=关于)/, '').replace(/[《》]/g, '');
  const titleYears = [...title.matchAll(/(\d{4})年/g)].map((m) => Number(m[1]));
  return { kind, title, date: findDate(head), titleYears };
}
