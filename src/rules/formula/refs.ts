/**
 * Indicator references `[名称].字段@报告期`: the field and period words a formula may use, and the
 * closure that reads one figure. Field names are looked up in fixed tables (never as properties of an
 * object), so `[X].constructor` or `[X].__proto__` is an unknown field, not a way out.
 */
import { parsePeriod } from '../../model/period';
import type { Bilingual } from '../../model/i18n';
import type { IndicatorDef } from '../catalog';
import { FIELD_BASE, FIELD_GROWTH, FIELD_VALUE } from './data';
import type { Fn, PeriodFn } from './context';

/** Slot offset per field word; AMOUNT: the period's own amount (当期 = this cumulative − the previous one). */
export const AMOUNT = -1;
const FIELDS = new Map<string, number>([
  ['值', FIELD_VALUE],
  ['数值', FIELD_VALUE],
  ['本期', FIELD_VALUE],
  ['value', FIELD_VALUE],
  ['同比增长', FIELD_GROWTH],
  ['增速', FIELD_GROWTH],
  ['growth', FIELD_GROWTH],
  ['上年同期', FIELD_BASE],
  ['base', FIELD_BASE],
  ['当期', AMOUNT],
  ['amount', AMOUNT],
]);

export const FIELD_WORDS = '值/value、同比增长/growth、上年同期/base、当期/amount';
export const PERIOD_WORDS = '上期、上年同期、上年、年初、一季度…四季度、上半年、全年、1月…12月、2023-06';

/** The field's slot offset, or null for a word that is not a field. */
export function fieldOffset(word: string | null): number | null {
  if (word === null) return FIELD_VALUE;
  const off = FIELDS.get(word) ?? FIELDS.get(word.toLowerCase());
  return off === undefined ? null : off;
}

/** The Finding path field of a slot offset. */
export function fieldKey(off: number): 'value' | 'growth' | 'sameLastYear' {
  return off === FIELD_GROWTH ? 'growth' : off === FIELD_BASE ? 'sameLastYear' : 'value';
}

/** End month of a named part of the year; a Map, so `@toString` or `@__proto__` is an unknown period, not an Object property. */
const CN_QUARTER: ReadonlyMap<string, number> = new Map([
  ['一季度', 3],
  ['二季度', 6],
  ['三季度', 9],
  ['四季度', 12],
  ['上半年', 6],
  ['下半年', 12],
  ['全年', 12],
  ['本年', 12],
]);

/**
 * Compiles a period word relative to the checked period. Returns the function or a bilingual reason
 * the period cannot exist (`@13月`, `@2023-Q5`, `@下期`).
 */
export function compilePeriod(word: string | null): PeriodFn | Bilingual {
  return periodFn(word);
}

/**
 * Months per period of a named period (一季度 → 3, 上半年 → 6, 3月 → 1, 2023 → 12), or null when the
 * reference follows the checked period (本期, 上期, 上年同期): what `.当期` subtracts back to.
 */
export function periodStep(word: string | null): number | null {
  if (word === null || /^(本期|上期|上年同期|去年同期)$/.test(word)) return null;
  if (/^(上年|去年|年初|全年|本年)$/.test(word) || /^\d{4}$/.test(word)) return 12;
  if (/^(上半年|下半年)$/.test(word) || /^H[12]$/i.test(word) || /^\d{4}-H[12]$/.test(word)) return 6;
  if (/季度$/.test(word) || /^Q[1-4]$/i.test(word) || /^\d{4}-Q[1-4]$/.test(word)) return 3;
  return 1;
}

function periodFn(word: string | null): PeriodFn | Bilingual {
  if (word === null || word === '本期') return (c) => c.year * 100 + c.month;
  switch (word) {
    case '上期':
      return (c) => (c.month - c.step >= 1 ? c.year * 100 + c.month - c.step : -1);
    case '上年同期':
    case '去年同期':
      return (c) => (c.year - 1) * 100 + c.month;
    case '上年':
    case '去年':
    case '年初':
      return (c) => (c.year - 1) * 100 + 12;
  }
  const q = CN_QUARTER.get(word) ?? (/^Q[1-4]$/i.test(word) ? Number(word[1]) * 3 : /^H[12]$/i.test(word) ? Number(word[1]) * 6 : undefined);
  if (q !== undefined) return (c) => c.year * 100 + q;
  const m = /^(\d{1,2})月$/.exec(word);
  if (m) {
    const month = Number(m[1]);
    if (month >= 1 && month <= 12) return (c) => c.year * 100 + month;
    return { zh: `报告期“${word}”不存在（月份应为1–12）`, en: `period "${word}" cannot exist (months are 1–12)` };
  }
  if (/^\d{4}/.test(word)) {
    const p = parsePeriod(word);
    if (!p) return { zh: `报告期“${word}”不存在；请写成 2023、2023-H1、2023-Q2 或 2023-06`, en: `period "${word}" cannot exist; write 2023, 2023-H1, 2023-Q2 or 2023-06` };
    const key = p.year * 100 + p.endMonth;
    return () => key;
  }
  return {
    zh: `不认识的报告期“${word}”；可用：${PERIOD_WORDS}`,
    en: `unknown period "${word}"; use one of: 上期 (previous), 上年同期 (same period last year), 上年 (last year), 年初 (start of year), 一季度…四季度, 上半年, 全年, 1月…12月, or 2023-06`,
  };
}

/**
 * A closure reading one field of one indicator (number `id` of the rule set's DefIds) for the checked
 * unit at a period (NaN = blank). A read of the checked period itself (`current`: no @period) skips the
 * period arithmetic; every read finds its series through the context's per-unit tables, not by name.
 */
export function compileRead(def: IndicatorDef, id: number, off: number, period: PeriodFn, step: number | null, current: boolean): Fn {
  if (off === AMOUNT) {
    // The period's own amount: for a 1-N月累计 flow the cumulative minus the previous period's of the same kind; a level is itself.
    const flow = def.kind === 'flow';
    return (c) => {
      const k = period(c);
      if (k < 0) return NaN;
      const o = c.slot(id, (k / 100) | 0) - 1;
      if (o < 0) return NaN;
      const m = k % 100;
      const vals = c.vals;
      const v = vals[o + m]!;
      if (!flow) return v;
      const pm = m - (step ?? c.step);
      return pm >= 1 ? v - vals[o + pm]! : v;
    };
  }
  // One closure per pool, so the hot read is a property load and an index, not a dispatch.
  if (off === FIELD_GROWTH || off === FIELD_BASE) {
    const growth = off === FIELD_GROWTH;
    return (c) => {
      const k = period(c);
      if (k < 0) return NaN;
      const o = c.slot(id, (k / 100) | 0) - 1;
      const pool = growth ? c.data.growth : c.data.sameLastYear;
      return o < 0 || !pool ? NaN : pool[o + (k % 100)]!;
    };
  }
  if (current)
    return (c) => {
      const o = c.cur[id]! - 1;
      return o < 0 ? NaN : c.vals[o + c.month]!;
    };
  return (c) => {
    const k = period(c);
    if (k < 0) return NaN;
    const o = c.slot(id, (k / 100) | 0) - 1;
    return o < 0 ? NaN : c.vals[o + (k % 100)]!;
  };
}
