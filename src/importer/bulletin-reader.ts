/**
 * Reader for statistical bulletins (国民经济和社会发展统计公报) and statistical releases of figures
 * (前三季度全区经济运行情况): the official figures of a year or part of a year, the published base
 * (上年, 上年同期) that growth checks and completion % need. Every figure of the text and of its
 * tables is read for the bulletin's period; a table row that restates a figure of the text is kept
 * once, and one that disagrees with it drops both (precision first).
 *
 * The figures' source document has kind 'bulletin' in plan.documents, which is how the report and
 * checks tell a published base from a figure a unit typed (see publishedBase in src/model/published-base.ts).
 *
 * Period: the title's year (2016年…统计公报 → '2016'); else the period phrase the text opens with
 * (前三季度 → '-09') in the year of the title, the body or the date of issue; else --year.
 */
import type { Actual } from '../model/plan';
import { extractActuals } from './actual-figures';
import { readBulletinTables } from './bulletin-tables';
import { basePeriod } from './figure-periods';
import { dropConflicts } from './figure-conflicts';
import { M } from './messages';
import { emptyOutput, type ReaderInput, type ReaderOutput } from './types';

/** The part of the year a release covers, from its first lines: 前三季度, 上半年, 1-9月 … */
const PART_OF_YEAR = /上半年|前三季度|[一二三]季度|(?:1月?|元月?)\s*[-—–~至到]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})月/;

function yearOf(input: ReaderInput): number | null {
  const { head, doc } = input;
  if (head.titleYears.length) return head.titleYears[0];
  const opening = doc.lines
    .slice(0, 8)
    .map((l) => l.text)
    .join('\n');
  const stated = /(\d{4})年(?:上半年|前三季度|[一二三]季度|1[-—至~]\d{1,2}月|全年|，|,)/.exec(opening);
  if (stated) return Number(stated[1]);
  // A web page's address often carries its date of issue (…/202511/t20251103_…): a release of a
  // part of the year is issued in the same year.
  const issued = head.date ?? /\/t(20\d{2})(\d{2})(\d{2})_/.exec(opening)?.slice(1, 4).join('-') ?? null;
  if (issued && PART_OF_YEAR.test(opening)) return Number(issued.slice(0, 4));
  return input.year ?? null;
}

/** Values in 万元 and 亿元 (or 吨 and 万吨) that agree after conversion are one figure. */
function sameFigure(a: Actual, b: Actual): boolean {
  const scale = new Map([
    ['元', 1],
    ['万元', 1e4],
    ['亿元', 1e8],
    ['万亿元', 1e12],
    ['吨', 1],
    ['万吨', 1e4],
    ['人', 1],
    ['万人', 1e4],
  ]);
  if (a.value === null || b.value === null) return a.value === b.value && a.growth === b.growth;
  const [sa, sb] = [scale.get(a.measureUnit), scale.get(b.measureUnit)];
  if (a.measureUnit === b.measureUnit) return a.value === b.value && (a.growth === null || b.growth === null || a.growth === b.growth);
  if (sa === undefined || sb === undefined) return false;
  const [x, y] = [a.value * sa, b.value * sb];
  return Math.abs(x - y) <= 0.005 * Math.max(sa, sb) && (a.growth === null || b.growth === null || a.growth === b.growth);
}

export function readBulletin(input: ReaderInput): ReaderOutput {
  const out = emptyOutput();
  const { id, doc, head } = input;
  const year = yearOf(input);
  if (year === null) {
    out.problems.push({ document: id, line: null, message: M.noYear() });
    return out;
  }
  const opening = doc.lines
    .slice(0, 8)
    .map((l) => l.text)
    .join('');
  const { base, partOfYear } = basePeriod(head.title, PART_OF_YEAR.exec(opening)?.[0] ?? '', year);
  // A bulletin of the full year is the base of the next year's plan; a release of part of a year
  // speaks of the plan year itself.
  out.planYear = partOfYear ? year : year + 1;
  const text = extractActuals(id, doc.lines, { base, year, partOfYear });
  const tables = readBulletinTables(id, doc.lines, base);
  out.problems.push(...tables.problems);
  const table = tables.actuals.filter((t) => {
    const said = text.find((a) => a.indicator === t.indicator && a.period === t.period);
    if (!said) return true;
    if (!sameFigure(said, t)) text.splice(text.indexOf(said), 1);
    return false;
  });
  const { kept, conflicts } = dropConflicts([...text, ...table]);
  out.actuals.push(...kept);
  for (const c of conflicts) out.problems.push({ document: id, line: c.lines[0], message: M.conflictingFigures(c.indicator, c.period, c.lines) });
  return out;
}
