/**
 * The year a division of work is for, from every place a document states it: the title
 * (2023年…分工方案), the body (2023年全区经济社会发展主要预期目标, 现将2023年区政府工作目标任务分解),
 * the years written in the deadlines, and last the date of issue — a division of work issued in
 * December is for the next year. When the stated sources disagree, the first one wins and a
 * problem names both years: never a silent wrong year.
 */
import type { LogicalLine } from './normalize';
import type { DocumentHead } from './classify';
import { msg, type Bilingual } from '../model/i18n';

export type YearSource = 'caller' | 'title' | 'body' | 'deadlines' | 'issued';

export interface PlanYear {
  year: number | null;
  source: YearSource | null;
  /** Disagreements between sources, each a bilingual message (line: where the other year stands). */
  problems: { line: number | null; message: Bilingual }[];
}

const SOURCE_WORDS: Record<YearSource, [string, string]> = {
  caller: ['--year', '--year'],
  title: ['标题', 'the title'],
  body: ['正文', 'the text'],
  deadlines: ['完成时限', 'the deadlines'],
  issued: ['印发日期', 'the date of issue'],
};

/** A sentence of the body that says which year the work is for. */
const BODY_YEAR =
  /(\d{4})年(?:全区|全市|全县|全省|全州|全镇|全旗|区政府|市政府|县政府|州政府|省政府|政府)?(?:经济社会发展|国民经济和社会发展)?(?:的)?(?:主要预期目标|主要目标|预期目标|重点工作|工作目标|目标任务|重点任务|工作任务|工作要点|政府工作目标)/;

/** The most frequent explicit year among deadline texts (2023年12月底 …); null when none states one. */
export function deadlineYear(deadlines: string[]): number | null {
  const counts = new Map<number, number>();
  for (const d of deadlines) {
    const m = /^(\d{4})年/.exec(d.replace(/\s+/g, ''));
    if (m) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  }
  let best: number | null = null;
  for (const [y, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = y;
  return best;
}

/**
 * Decides the plan year. `deadlines` are the raw deadline texts of the items; `callerYear` is --year.
 * Order of trust: caller, title, body, deadlines, date of issue (+1 when issued in December).
 * A deadline year disagrees only when no deadline at all is in the chosen year (multi-year tasks
 * due in later years are normal).
 */
export function decidePlanYear(head: DocumentHead, lines: LogicalLine[], deadlines: string[], callerYear?: number): PlanYear {
  const explicit = deadlines.filter((d) => /^\d{4}年/.test(d.replace(/\s+/g, ''))).map((d) => Number(d.replace(/\s+/g, '').slice(0, 4)));
  let body: { year: number; line: number } | null = null;
  for (const l of lines) {
    const m = BODY_YEAR.exec(l.text);
    if (m) {
      body = { year: Number(m[1]), line: l.line };
      break;
    }
  }
  const title = head.titleYears.length ? head.titleYears[head.titleYears.length - 1] : null;
  const dl = deadlineYear(deadlines);
  let issued: number | null = null;
  if (head.date) issued = Number(head.date.slice(0, 4)) + (head.date.slice(5, 7) === '12' ? 1 : 0);

  const stated: { source: YearSource; year: number; line: number | null }[] = [];
  if (callerYear !== undefined) stated.push({ source: 'caller', year: callerYear, line: null });
  if (title !== null) stated.push({ source: 'title', year: title, line: null });
  if (body) stated.push({ source: 'body', year: body.year, line: body.line });
  if (dl !== null) stated.push({ source: 'deadlines', year: dl, line: null });
  if (stated.length === 0 && issued !== null) stated.push({ source: 'issued', year: issued, line: null });
  if (stated.length === 0) return { year: null, source: null, problems: [] };

  const chosen = stated[0];
  const problems: PlanYear['problems'] = [];
  for (const other of stated.slice(1)) {
    if (other.year === chosen.year) continue;
    if (other.source === 'deadlines' && explicit.includes(chosen.year)) continue;
    if (chosen.source === 'caller') continue;
    const [czh, cen] = SOURCE_WORDS[chosen.source];
    const [ozh, oen] = SOURCE_WORDS[other.source];
    problems.push({
      line: other.line,
      message: msg(
        `计划年度不一致：${czh}为${chosen.year}年，${ozh}为${other.year}年；按${chosen.year}年导入，如有误请用 --year 指定`,
        `The plan year is not consistent: ${chosen.year} according to ${cen}, ${other.year} according to ${oen}; imported as ${chosen.year}, give --year if that is wrong`,
      ),
    });
  }
  return { year: chosen.year, source: chosen.source, problems };
}
