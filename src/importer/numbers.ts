/**
 * Numbers and units as plan documents write them: 5%、1000亿元、千亿元、1.5万人、二季度.
 */

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 九十九 (section and quarter numbers); null when the text is not a small Chinese numeral. */
export function chineseSmallNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === '') return null;
  if (!m[2]) return m[1] && !m[3] ? DIGITS[m[1]] : null;
  return (m[1] ? DIGITS[m[1]] : 1) * 10 + (m[3] ? DIGITS[m[3]] : 0);
}

/**
 * A number as written before a unit: "1000", "8.5", "千" (千亿元 = 1000 亿元), "两千", "百".
 * Returns null for anything else, so a caller never turns words into a guessed value.
 */
export function parseAmount(s: string): number | null {
  if (/^\d+(?:\.\d+)?$/.test(s)) return Number(s);
  const m = /^([一二两三四五六七八九])?([千百])$/.exec(s);
  if (!m) return null;
  return (m[1] ? DIGITS[m[1]] : 1) * (m[2] === '千' ? 1000 : 100);
}

/**
 * Units of measure that figures and targets use, longest first so "万平方米" wins over "平方米".
 * A number followed by anything else is not read as a figure.
 */
export const UNITS: readonly string[] = [
  '万亿元',
  '亿美元',
  '万美元',
  '亿元',
  '万元',
  '元',
  '万人次',
  '人次',
  '万人',
  '人',
  '名',
  '万平方米',
  '平方米',
  '公顷',
  '万亩',
  '亩',
  '平方公里',
  '公里',
  '千米',
  '米',
  '万户',
  '户',
  '家次',
  '家',
  '万个',
  '个',
  '万套',
  '套',
  '万吨',
  '吨',
  '万辆',
  '辆',
  '亿斤',
  '万斤',
  '万公顷',
  '万立方米',
  '立方米',
  '万千伏安',
  '亿千瓦时',
  '万千瓦时',
  '万头',
  '万只',
  '万吨标准煤',
  '吨标准煤',
  '万张',
  '张',
  '所',
  '项',
  '部',
  '条',
  '处',
  '座',
  '栋',
  '间',
  '台',
  '千瓦',
  '万千瓦',
  '微克/立方米',
  '毫克/立方米',
  '%',
  '‰',
]
  .slice()
  .sort((a, b) => b.length - a.length);

export const UNIT_PATTERN = UNITS.map((u) => u.replace(/[%/]/g, '\\$&')).join('|');

/** A number as it appears in text (digits with an optional decimal part). */
export const NUMBER_PATTERN = '\\d+(?:\\.\\d+)?';
