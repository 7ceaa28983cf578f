/**
 * Lists in task fields: "区发展改革委、区财政局" → two units; separators inside brackets or quotes
 * ("区城市管理委（区城管执法局）", "区“两区”办", "各县（市、区）人民政府") do not split; a trailing 等
 * ends the list ("区国资委等" is 区国资委 alone).
 */

const OPEN = '（(“‘《〔[';
const CLOSE = '）)”’》〕]';

export function splitList(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (OPEN.includes(c) && !(c === '“' && depth > 0 && cur.endsWith('“'))) depth++;
    else if (CLOSE.includes(c)) depth = Math.max(0, depth - 1);
    if (depth === 0 && /[、，,；;\s/]/.test(c)) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  // A trailing 等 (区国资委等, 区发改局等相关部门) says "and others not named": the named unit stands alone.
  return out
    .map((x) => x.replace(/[。；]+$/, ''))
    .map((x) => x.replace(/(?<=.{2})等(?:相关|有关|其他)?(?:单位|部门|成员单位)?$/, ''))
    .filter((x) => x !== '' && x !== '等');
}

/**
 * What government units are called: the last word says what kind of body it is. Used only to
 * decide whether a line that follows a units field continues it (a wrapped list) or is something
 * else (抄送 lines, signatures), never to reject a unit written in the field itself.
 */
const UNIT_ENDING = /(?:局|委|办|会|院|室|中心|政府|公司|集团|处|队|部|所|分局|专班|街道|办事处|乡|镇|组|站|馆|团|社|区|厅|署|行|台|校|园|基地|专班)(?:（[^）]*）)?$/;

/** A collective of units: 各镇街, 各镇（街道）, 各园区, 各县（市、区）, 各成员单位. */
const COLLECTIVE = /^各[\u4e00-\u9fff]{1,8}(?:[（(][\u4e00-\u9fff、]{1,10}[）)])?$/;

export function looksLikeUnit(s: string): boolean {
  return s.length >= 2 && s.length <= 30 && (UNIT_ENDING.test(s) || COLLECTIVE.test(s)) && !/[。：]/.test(s);
}

/** A person's name in the leaders field: two to four Chinese characters (a middle dot allowed). */
export function looksLikeName(s: string): boolean {
  return /^[\u4e00-\u9fff]{2,4}(?:·[\u4e00-\u9fff]{1,6})?$/.test(s);
}
