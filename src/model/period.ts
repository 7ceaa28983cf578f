/**
 * Reporting periods (报告期). Figures are year-to-date cumulative unless an indicator says otherwise,
 * so a period is identified by its year and the month it ends in; '2023-H1' and '2023-06' end
 * in the same month and share a 时间进度 (50%).
 */
import type { Period } from './plan';

export type PeriodKind = 'year' | 'half' | 'quarter' | 'month';

export interface ParsedPeriod {
  kind: PeriodKind;
  year: number;
  /** 1-based half, quarter or month; 0 for a year. */
  index: number;
  /** Last month covered, 1..12. */
  endMonth: number;
}

const PATTERN = /^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$/;

/** Parses a period, or returns null when it does not exist ('2023-13', '2023-Q5', 'June'). */
export function parsePeriod(p: string): ParsedPeriod | null {
  const m = PATTERN.exec(p.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1949 || year > 2200) return null;
  const part = m[2];
  if (part === undefined) return { kind: 'year', year, index: 0, endMonth: 12 };
  if (part[0] === 'H') {
    const index = Number(part.slice(1));
    return { kind: 'half', year, index, endMonth: index * 6 };
  }
  if (part[0] === 'Q') {
    const index = Number(part.slice(1));
    return { kind: 'quarter', year, index, endMonth: index * 3 };
  }
  const month = Number(part);
  if (month < 1 || month > 12) return null;
  return { kind: 'month', year, index: month, endMonth: month };
}

export function isPeriod(p: string): boolean {
  return parsePeriod(p) !== null;
}

export function formatPeriod(p: ParsedPeriod): Period {
  switch (p.kind) {
    case 'year':
      return String(p.year);
    case 'half':
      return `${p.year}-H${p.index}`;
    case 'quarter':
      return `${p.year}-Q${p.index}`;
    case 'month':
      return `${p.year}-${String(p.index).padStart(2, '0')}`;
  }
}

/** 时间进度: the elapsed share of the year at the period's end, in % (June → 50). */
export function timeProgressPct(p: ParsedPeriod): number {
  return (p.endMonth / 12) * 100;
}

/** The same period a year earlier (同期). */
export function sameLastYear(p: ParsedPeriod): ParsedPeriod {
  return { ...p, year: p.year - 1 };
}

/**
 * The previous cumulative period of the same kind within the year (2023-06 → 2023-05,
 * 2023-Q2 → 2023-Q1), or null at the first period of a year, where cumulative figures start again.
 */
export function previousInYear(p: ParsedPeriod): ParsedPeriod | null {
  if (p.kind === 'year' || p.index <= 1) return null;
  const index = p.index - 1;
  const step = p.kind === 'half' ? 6 : p.kind === 'quarter' ? 3 : 1;
  return { ...p, index, endMonth: index * step };
}

/** 报告期 in the documents' words: 2023年1-6月, 2023年上半年, 2023年一季度, 2023年. */
export function periodLabelZh(p: ParsedPeriod): string {
  switch (p.kind) {
    case 'year':
      return `${p.year}年`;
    case 'half':
      return `${p.year}年${p.index === 1 ? '上半年' : '下半年'}`;
    case 'quarter':
      return `${p.year}年${['一', '二', '三', '四'][p.index - 1]}季度`;
    case 'month':
      return p.index === 1 ? `${p.year}年1月` : `${p.year}年1-${p.index}月`;
  }
}

export function periodLabelEn(p: ParsedPeriod): string {
  switch (p.kind) {
    case 'year':
      return `${p.year}`;
    case 'half':
      return `${p.year} H${p.index}`;
    case 'quarter':
      return `${p.year} Q${p.index}`;
    case 'month':
      return p.index === 1 ? `Jan ${p.year}` : `Jan–${MONTHS_EN[p.index - 1]} ${p.year}`;
  }
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** What readPeriod made of an input: the period, and how it read it, for the user. */
export interface PeriodReading {
  period: Period;
  /** "2023年1-6月 读作 2023-06（1-6月累计） / read as 2023-06 (January–June)". */
  read: { zh: string; en: string };
}

/** Excel's day 0 (its serial dates count days from 1899-12-30, leap-year bug included). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * A period as people type it into a cell or a function argument, turned into planbook's own form:
 * '2023-06', '2023-6', '2023/6', '2023.6', '2023年6月', '2023年06月', '2023年1-6月' (year-to-date,
 * the forms' own heading), '2023年上半年', '2023年第二季度', '2023年', '2023-H1', '2023-Q2', the year
 * 2023 as a number, or a date cell (Excel passes its serial, 45078 = 2023-06-01 → '2023-06').
 * Null when it is none of these. Cumulative periods are named by their last month (1-6月 → 06).
 */
export function readPeriod(input: string | number): PeriodReading | null {
  const said = String(input).trim();
  const as = (period: Period | null): PeriodReading | null => {
    const p = period === null ? null : parsePeriod(period);
    if (!p) return null;
    const label = periodLabelZh(p);
    return { period: formatPeriod(p), read: { zh: `“${said}”读作 ${formatPeriod(p)}（${label}）`, en: `"${said}" read as ${formatPeriod(p)} (${label})` } };
  };
  if (typeof input === 'number' || /^\d+(\.\d+)?$/.test(said)) {
    const n = Number(said);
    if (Number.isInteger(n) && n >= 1949 && n <= 2200) return as(String(n));
    if (n >= 18264 && n < 110000) {
      // A date serial (1950–2200): the month it falls in.
      const d = new Date(EXCEL_EPOCH_MS + Math.floor(n) * 86400000);
      return as(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
    }
    return null;
  }
  const s = said.normalize('NFKC').replace(/\s+/g, '');
  const direct = parsePeriod(s.toUpperCase());
  if (direct) return as(formatPeriod(direct));
  const m2 = (m: string): string => m.padStart(2, '0');
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})[-/.](\d{1,2})$/.exec(s))) return as(`${m[1]}-${m2(m[2]!)}`);
  if ((m = /^(\d{4})年(?:(?:1|01|一)[-—–~至到])?(\d{1,2})月(?:份|止|累计)?$/.exec(s))) return as(`${m[1]}-${m2(m[2]!)}`);
  if ((m = /^(\d{4})年(上|下)半年$/.exec(s))) return as(`${m[1]}-H${m[2] === '上' ? 1 : 2}`);
  if ((m = /^(\d{4})年第?([1-4一二三四])季度$/.exec(s))) return as(`${m[1]}-Q${'1一'.includes(m[2]!) ? 1 : '2二'.includes(m[2]!) ? 2 : '3三'.includes(m[2]!) ? 3 : 4}`);
  if ((m = /^(\d{4})年(?:全年)?$/.exec(s))) return as(m[1]!);
  return null;
}
