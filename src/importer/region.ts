/**
 * The place a plan document is about, from its title: 北京市通州区2023年… → 通州区, 关于常熟市2024年… →
 * 常熟市, 白沙旗2022年国民经济运行情况 → 白沙旗. Used for the default plan name and to tell when
 * documents of different places are imported together (newcomer report E17–E18).
 */

/** Words a title goes on with after the place's name. */
const AFTER_PLACE = /人民政府|\d{4}年|国民经济|政府工作|经济运行|重点工作|上半年|前三季度|[一二三]季度/g;
/** The administrative levels a district statistician's documents name (自治县 before 县). */
const LEVEL = /(?:自治县|自治州|自治旗|市|区|县|旗|州|盟)$/;

/**
 * The lowest-level place named right before the words that follow a place in a title; '' when
 * none. A name is split from the higher level before it only where that one ends in a level word
 * too (苏州市吴中区 → 吴中区, 广州市 stays whole), so names holding 州 or 市 are never cut.
 */
export function placeOf(title: string): string {
  for (const m of title.matchAll(AFTER_PLACE)) {
    const before = (/[\u4e00-\u9fff]+$/.exec(title.slice(0, m.index)) ?? [''])[0].replace(/^.*(?:关于|印发|年|月)/, '');
    // 全区, 本市, 我县 say "this place" without naming it.
    if (before.length < 2 || before.length > 16 || !LEVEL.test(before) || /^[全本该我]/.test(before)) continue;
    for (let i = before.length - 2; i >= 0; i--) {
      const rest = before.slice(0, i);
      if (rest === '' || LEVEL.test(rest)) return before.slice(i);
    }
  }
  return '';
}

/** The place of the first title that names one; '' when none does. */
export function regionOf(titles: string[]): string {
  for (const t of titles) {
    const p = placeOf(t.trim());
    if (p) return p;
  }
  return '';
}
