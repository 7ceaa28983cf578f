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
