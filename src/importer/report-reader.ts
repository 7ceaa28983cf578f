/**
 * Reader for the narrative kinds: plan reports (执行情况与计划草案), mid-year reports, government
 * work reports and five-year goals. Each has a part that looks back (actual figures, for a period
 * the document's title and headings give) and a part that looks ahead (main targets, goals).
 */
import type { LogicalLine } from './normalize';
import { extractActuals, type PeriodScope } from './actual-figures';
import { basePeriod } from './figure-periods';
import { dropConflicts } from './figure-conflicts';
import { readMainTargets, readQuantifiedMeasures, readStatedTargets } from './main-targets';
import { extractGoals } from './goals';
import { M } from './messages';
import { emptyOutput, type ReaderInput, type ReaderOutput } from './types';

/**
 * A heading that opens the look-back part: "一、2023年…上半年执行情况", "2023年工作回顾", or
 * without a year when the title or date gives it ("一、上半年主要工作回顾", "今年以来工作回顾").
 */
const REVIEW_HEADING =
  /^(?:[★☆●○■□▲△◆◇▪►]\s*)?(?:([一二三四五六七八九十]+)、)?\s*(?:关于)?(?:(\d{4})年|(?=上半年|前三季度|[一二三]季度|今年以来|过去一年))[^。；，]{0,40}?(?:执行情况|运行情况|工作回顾|完成情况|成绩单|主要成绩)$/;
const TOP_SECTION = /^([一二三四五六七八九十]+)、/;
/** A short unnumbered heading with a year (2024年工作的总体思路和主要任务) closes an unnumbered part. */
const YEAR_HEADING = /^(?:[★☆●○■□▲△◆◇▪►]\s*)?\d{4}年[^。；，]{0,30}$/;

interface Part {
  from: number;
  to: number;
  year: number;
}

function reviewPart(lines: LogicalLine[], impliedYear: number | null): Part | null {
  for (let i = 0; i < lines.length; i++) {
    const m = REVIEW_HEADING.exec(lines[i].text);
    if (!m || (m[2] === undefined && impliedYear === null)) continue;
    const numbered = m[1] !== undefined;
    let to = lines.length;
    for (let j = i + 1; j < lines.length; j++) {
      const t = lines[j].text;
      if (numbered ? TOP_SECTION.test(t) : YEAR_HEADING.test(t) && !/回顾|执行情况/.test(t)) {
        to = j;
        break;
      }
    }
    return { from: i + 1, to, year: m[2] !== undefined ? Number(m[2]) : (impliedYear as number) };
  }
  return null;
}

function planYearOf(input: ReaderInput, review: Part | null): number | null {
  const { head, doc } = input;
  const stated = doc.lines.map((l) => /(\d{4})年[^。：]{0,20}(?:主要预期目标|主要目标|主要指标)/.exec(l.text)).find((m) => m);
  if (stated) return Number(stated[1]);
  if (head.kind === 'plan-report' && head.titleYears.length >= 2) return head.titleYears[head.titleYears.length - 1];
  if (head.kind === 'midyear-report' && head.titleYears.length) return head.titleYears[0];
  if (review) return head.kind === 'midyear-report' ? review.year : review.year + 1;
  if (head.date) return Number(head.date.slice(0, 4));
  return input.year ?? null;
}

export function readReport(input: ReaderInput): ReaderOutput {
  const out = emptyOutput();
  const { id, doc, head } = input;
  const lines = doc.lines;
  // A heading without a year (一、上半年主要工作回顾) speaks of the year of the title or of issue.
  const implied = head.titleYears[0] ?? (head.date ? Number(head.date.slice(0, 4)) : (input.year ?? null));
  const review = reviewPart(lines, implied);
  const planYear = planYearOf(input, review);
  if (planYear === null) {
    out.problems.push({ document: id, line: null, message: M.noYear() });
    return out;
  }
  out.planYear = planYear;

  const main = readMainTargets(id, lines, planYear);
  out.targets.push(...main.targets);
  out.problems.push(...main.problems);

  if (review) {
    const heading = lines[review.from - 1].text;
    const { base, partOfYear } = basePeriod(head.title, heading, review.year);
    const scope: PeriodScope = { base, year: review.year, partOfYear };
    const figures = extractActuals(id, lines.slice(review.from, review.to), scope);
    if (!partOfYear) out.targets.push(...readStatedTargets(id, lines.slice(review.from, review.to), review.year));
    const { kept, conflicts } = dropConflicts(figures);
    out.actuals.push(...kept);
    for (const c of conflicts) out.problems.push({ document: id, line: c.lines[0], message: M.conflictingFigures(c.indicator, c.period, c.lines) });
  }

  if (head.kind !== 'multi-year') {
    // The part that looks ahead: after the look-back part, or the whole text when there is none.
    const ahead = lines.map((l, i) => ({ l, i })).filter(({ i }) => !main.used.has(i) && (!review || i >= review.to));
    out.targets.push(
      ...readQuantifiedMeasures(
        id,
        ahead.map((x) => x.l),
        planYear,
        out.targets,
      ),
    );
  }

  if (head.kind === 'multi-year') {
    const rest = lines.filter((_, i) => !main.used.has(i));
    const span = /(\d{4})\s*[—\-至~]\s*(\d{4})年/.exec(
      lines
        .slice(0, 5)
        .map((l) => l.text)
        .join(''),
    );
    out.goals.push(...extractGoals(id, rest, span ? Number(span[1]) : null, span ? Number(span[2]) : null));
  }
  return out;
}
