/**
 * The period a figure's sentence or clause names, as reports and statistical releases write it:
 *   上半年 → H1;  一季度 → Q1;  前三季度 / 元至九月 / 1—9月 / 1-9月 → '-09' (January–September
 *   cumulative, as the corpus README and period.ts define it);  全年 / 2023年 → the year.
 * Ranges that do not start in January (4-6月), 下半年 and single months are not cumulative
 * periods of the plan, so their figures are skipped rather than filed under a wrong period.
 */
import type { Period } from '../model/plan';
import { chineseSmallNumber } from './numbers';

export interface PeriodScope {
  /** The period figures in this part of the document cover unless a sentence says otherwise. */
  base: Period;
  year: number;
  /** In a mid-year report "全年" speaks of the annual target, so clauses saying it are skipped. */
  partOfYear: boolean;
}

const MONTH = '(\\d{1,2}|[一二三四五六七八九十]{1,3})';
/** 1-9月, 1—9月, 1至9月, 1~9月, 元至九月, 元—9月, 1月至9月, 1月—9月. */
const CUMULATIVE = new RegExp(`^(?:1月?|元月?)\\s*[-—–~至到]\\s*${MONTH}月(?:份)?`);

function month(s: string): number | null {
  const n = chineseSmallNumber(s);
  return n !== null && n >= 1 && n <= 12 ? n : null;
}

/** A month-end cumulative period: '2023-09'; a full year for December. */
function cumulative(year: number, n: number): Period {
  return n === 12 ? String(year) : `${year}-${String(n).padStart(2, '0')}`;
}

/**
 * A period phrase at the start of a sentence or clause, after framing words (其中, 预计, 全区 …).
 * Returns the period, 'skip' when the text speaks of a period that is not the scope's, or null
 * when it names none.
 */
export function periodOf(text: string, scope: PeriodScope): Period | null | 'skip' {
  const t = text.replace(/^(?:其中|同时|此外|据初步核算|初步核算|经初步核算|预计|全区|全县|全市|全州|全省|今年|当年|[，,\s])+/, '');
  let m: RegExpExecArray | null;
  if (/^上半年/.test(t)) return `${scope.year}-H1`;
  if (/^下半年/.test(t)) return 'skip';
  if (/^前三季度/.test(t)) return `${scope.year}-09`;
  if (/^前两季度/.test(t)) return `${scope.year}-H1`;
  if ((m = /^(?:第)?([一二三四])季度/.exec(t))) return `${scope.year}-Q${'一二三四'.indexOf(m[1]) + 1}`;
  if ((m = CUMULATIVE.exec(t))) {
    const n = month(m[1]);
    return n === null ? 'skip' : cumulative(scope.year, n);
  }
  if (/^\d{1,2}月份?[^至\-—~\d]/.test(t) && !/^1[-—至~]/.test(t)) return 'skip';
  // …except an estimate of the whole year (全年预计地区生产总值2950亿元, 预计全年增长5.2%): that year, preliminary.
  if (/^全年/.test(t)) return scope.partOfYear && !/预计全年|全年预计/.test(text) ? 'skip' : String(scope.year);
  if ((m = /^(\d{4})年(?!以来)/.exec(t))) return Number(m[1]) === scope.year && !scope.partOfYear ? String(scope.year) : 'skip';
  return null;
}

/** The period a title or heading names for the whole look-back part: 上半年 → H1, 前三季度 → '-09'. */
export function basePeriod(title: string, heading: string, year: number): { base: Period; partOfYear: boolean } {
  const t = `${title}${heading}`;
  let m: RegExpExecArray | null;
  if (/上半年/.test(t)) return { base: `${year}-H1`, partOfYear: true };
  if (/前三季度/.test(t)) return { base: `${year}-09`, partOfYear: true };
  if ((m = /([一二三四])季度/.exec(t))) return { base: `${year}-Q${'一二三四'.indexOf(m[1]) + 1}`, partOfYear: true };
  if ((m = new RegExp(`(?:1月?|元月?)\\s*[-—–~至到]\\s*${MONTH}月`).exec(t))) {
    const n = month(m[1]);
    if (n !== null) return { base: cumulative(year, n), partOfYear: n < 12 };
  }
  return { base: String(year), partOfYear: false };
}
