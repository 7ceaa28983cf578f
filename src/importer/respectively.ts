/**
 * "A和B分别达到x、y，分别增长p%、q%": several figures in one clause, paired by position.
 *   城镇和农村常住居民人均可支配收入分别达到42689元、18982元，分别增长4.4%、5.1%
 *   → 城镇常住居民人均可支配收入 42689 元 +4.4;  农村常住居民人均可支配收入 18982 元 +5.1.
 * Read only when the names and the numbers pair one to one; a name list that shares a head the
 * grammar cannot undo (第一、二、三产业) or a share (比重, 贡献率) is left alone: precision first.
 */
import type { Actual } from '../model/plan';
import { NUMBER_PATTERN, UNIT_PATTERN } from './numbers';
import { normaliseIndicator } from './indicator-names';

export interface Respectively {
  /** Where the read text starts in the sentence, and the text itself. */
  index: number;
  text: string;
  figures: Pick<Actual, 'indicator' | 'value' | 'measureUnit' | 'growth'>[];
}

const VALUE = `${NUMBER_PATTERN}(?:${UNIT_PATTERN})?`;
const RESP = new RegExp(
  `(?<=^|[，；：。])(?<names>[\\u4e00-\\u9fff（）A-Za-z、和与及]{2,40}?)分别(?:为|达到|达|实现|完成)?(?<vals>${VALUE}(?:[、和]${VALUE})+)` +
    `(?:[，](?:比上年|同比|较上年|比上年同期)?(?:分别)?(?<dir>增长|下降)(?<gs>${NUMBER_PATTERN}%(?:[、和]${NUMBER_PATTERN}%)+))?`,
  'g',
);
/** "城镇和农村常住居民人均可支配收入分别增长8.1%、10.2%": growths only, one per name. */
const RESP_GROWTH = new RegExp(
  `(?<=^|[，；：。])(?<names>[\\u4e00-\\u9fff（）A-Za-z、和与及]{2,40}?)(?:比上年|同比|较上年|比上年同期)?分别(?:比上年|同比|较上年|比上年同期)?(?<dir>增长|下降)(?<gs>${NUMBER_PATTERN}%(?:[、和]${NUMBER_PATTERN}%)+)`,
  'g',
);
const ONE_VALUE = new RegExp(`^(${NUMBER_PATTERN})(${UNIT_PATTERN})?$`);
const NOT_NAMES = /比重|贡献|占|的|增速|增幅|拉动/;

/** 城镇、农村常住居民人均可支配收入 → the first names take the last one's tail (常住居民…). */
function expandNames(parts: string[]): string[] | null {
  // 第一、二、三产业增加值 → 第一产业增加值, 第二产业增加值, 第三产业增加值: the numerals share 第 and the tail.
  const NUM = '[一二三四五六七八九十]';
  const lastOrd = new RegExp(`^(${NUM})(.{2,})$`).exec(parts[parts.length - 1] ?? '');
  if (parts.length >= 2 && new RegExp(`^第${NUM}$`).test(parts[0]) && lastOrd && parts.slice(1, -1).every((p) => new RegExp(`^${NUM}$`).test(p))) {
    const tail = lastOrd[2];
    return [parts[0].slice(1), ...parts.slice(1, -1), lastOrd[1]].map((n) => `第${n}${tail}`);
  }
  if (parts.some((p) => p.length < 2)) return null;
  const first = parts[0];
  const last = parts[parts.length - 1];
  const heads = parts.slice(0, -1);
  if (heads.every((h) => h.length <= 3) && last.length >= first.length + 3) {
    const tail = last.slice(first.length);
    return [...heads.map((h) => h + tail), last];
  }
  return parts;
}

/** Every "…分别…" group in a sentence that pairs cleanly; the rest of the sentence is untouched. */
export function readRespectively(sentence: string): Respectively[] {
  const out: Respectively[] = [];
  for (const m of sentence.matchAll(RESP)) {
    const g = m.groups;
    if (!g || m.index === undefined || NOT_NAMES.test(g.names)) continue;
    const names = expandNames(normaliseIndicator(g.names).split(/[、和与及]/));
    const vals = g.vals.split(/[、和]/).map((v) => ONE_VALUE.exec(v));
    if (!names || vals.some((v) => v === null) || names.length !== vals.length) continue;
    const lastUnit = vals[vals.length - 1]?.[2];
    if (!lastUnit || lastUnit === '%') continue;
    const growths = g.gs ? g.gs.split(/[、和]/).map((x) => (g.dir === '下降' ? -1 : 1) * Number(x.replace('%', ''))) : null;
    if (growths && growths.length !== names.length) continue;
    out.push({
      index: m.index,
      text: m[0],
      figures: names.map((indicator, i) => ({ indicator, value: Number(vals[i]?.[1]), measureUnit: vals[i]?.[2] ?? lastUnit, growth: growths ? growths[i] : null })),
    });
  }
  for (const m of sentence.matchAll(RESP_GROWTH)) {
    const g = m.groups;
    if (!g || m.index === undefined || NOT_NAMES.test(g.names) || out.some((r) => m.index !== undefined && m.index < r.index + r.text.length && r.index < m.index + m[0].length)) continue;
    const names = expandNames(normaliseIndicator(g.names).split(/[、和与及]/));
    const growths = g.gs.split(/[、和]/).map((x) => (g.dir === '下降' ? -1 : 1) * Number(x.replace('%', '')));
    // As many growths as names, each name a figure (规模以上工业产值、固定资产投资…分别增长11.2%、6.4% pairs nothing).
    if (!names || names.length !== growths.length || names.some((n) => n.length < 2)) continue;
    // Every name must end in the same measure (…增加值、…增加值): in 烟酒类、粮油食品类零售额 the first
    // shares a head and a tail the grammar cannot undo, so the list is left out.
    const measure = names[names.length - 1].slice(-2);
    if (names.some((n) => !n.endsWith(measure))) continue;
    out.push({ index: m.index, text: m[0], figures: names.map((indicator, i) => ({ indicator, value: null, measureUnit: '', growth: growths[i] ?? null })) });
  }
  return out.sort((a, b) => a.index - b.index);
}
