/**
 * Indicator names as documents write them, normalised: words that frame a figure rather than
 * name it (全区, 全年, 实现 …) are stripped; the rest stays as written. The alias table is data,
 * kept small on purpose: only phrasings the generic grammar cannot resolve on its own.
 */

/** Leading words that frame a figure: 实现地区生产总值 → 地区生产总值. 全社会 stays (全社会固定资产投资). */
const LEADING = /^(?:其中|同时|此外|我区|我县|我市|我州|我省|全区|全县|全州|全省|全市|全年|今年以来|上半年|下半年|一季度|前三季度|当年|年内|预计|实现|完成|确保|力争|力促|争取|努力|全面|继续|保持|推动|累计)+/;
/** Trailing words between the name and its number: 比上年, 同比, 初步核算 … */
const TRAILING = /(?:比上年|较上年|同比|初步核算|初步统计|预计|累计|年均|总体|实现|完成|达到|达|为|共计|约|继续|保持|力争|确保|争取|增至|已达|已)+$/;

/** Different phrasings of one indicator, resolved to the name the tables use. */
export const INDICATOR_ALIASES: Readonly<Record<string, string>> = {
  社会消费品零售额: '社会消费品零售总额',
  规模以上工业企业总产值: '规模以上工业总产值',
  规上工业总产值: '规模以上工业总产值',
  全区生产总值: '地区生产总值',
  固定资产投资额: '固定资产投资',
  万元地区生产总值能耗: '万元地区生产总值能耗',
};

export function normaliseIndicator(raw: string): string {
  let s = raw.trim().replace(/^[，、；：\s]+|[，、；：\s]+$/g, '');
  for (let i = 0; i < 3; i++) {
    const before = s;
    s = s.replace(LEADING, '').replace(TRAILING, '');
    if (s === before) break;
  }
  // Own keys only: a document's words (constructor, toString) are names, never Object properties.
  return Object.hasOwn(INDICATOR_ALIASES, s) ? INDICATOR_ALIASES[s]! : s;
}

/**
 * The main indicators and the units they are stated in. Used for one case the grammar cannot
 * decide alone: a figure whose clause has no subject ("初步核算，全年实现1103亿元") takes the main
 * indicator named earlier in the same sentence, and only when the unit fits.
 */
export const MAIN_INDICATOR_UNITS: Readonly<Record<string, readonly string[]>> = {
  地区生产总值: ['亿元'],
  一般公共预算收入: ['亿元'],
  社会消费品零售总额: ['亿元'],
  全社会固定资产投资: ['亿元'],
  固定资产投资: ['亿元'],
  规模以上工业总产值: ['亿元'],
  税收总额: ['亿元'],
  居民人均可支配收入: ['元'],
};
