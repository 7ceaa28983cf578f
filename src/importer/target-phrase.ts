/**
 * One target phrase → its meaning. Shared by the division-of-work items (主要预期目标) and the
 * main-target lists and sentences of plan reports and work reports:
 *   增长5%左右 → growth approx 5 %;  增长3% → growth gte 3;  超千亿元 / 超过1000亿元 → level gt 1000 亿元;
 *   千亿元 → level gte 1000;  控制在5%以内 → rate lte 5;  稳步增长 → qualitative gt 0;
 *   完成市里下达的任务 → external;  不少于1.5万人 → gte 1.5 万人;  95%以上 → gte 95.
 * A phrase it cannot read returns null: the caller reports a problem instead of guessing.
 */
import type { Target } from '../model/plan';
import { parseAmount, NUMBER_PATTERN, UNIT_PATTERN } from './numbers';
import { normaliseIndicator } from './indicator-names';

/** What a target phrase says, in the Plan's own terms (text: the phrase, noise and end punctuation removed). */
export type TargetMeaning = Pick<Target, 'indicator' | 'measure' | 'comparator' | 'value' | 'measureUnit' | 'text'>;

const AMOUNT = `(${NUMBER_PATTERN}|[一二两三四五六七八九]?[千百])`;
const COMPARE = '(?:比上年|较上年|同比|同口径|比2\\d{3}年|年均)?';

interface Rule {
  re: RegExp;
  make(m: RegExpExecArray): Omit<TargetMeaning, 'indicator' | 'text'> | null;
}

function amount(s: string): number | null {
  return parseAmount(s);
}

/** Words that make a number a rise of a price or index (居民消费价格涨幅2%左右, 上涨3%左右). */
const RISE = '(?:涨幅|上涨|增幅|涨)';
/** A bound word before the number: 控制在5%以内, 保持在5.5%左右. */
const HOLD = '(?:控制在|保持在|稳定在)';

/** The comparator a qualifier after the number gives; `plain` is what a bare number means. */
function qualified(q: string | undefined, plain: 'gte' | 'lte'): 'approx' | 'gte' | 'lte' {
  if (q === '左右') return 'approx';
  if (q === '以上') return 'gte';
  if (q === '以内' || q === '以下') return 'lte';
  return plain;
}

/** Rules tried in order on "SUBJECT PREDICATE"; the subject is what precedes the match. */
const RULES: Rule[] = [
  {
    // 完成市里下达的节能任务 / 全面完成省下达节能减排任务 / 完成“十四五”国家考核目标
    re: /(?:全面)?(?:完成|落实|达到)(?:“?十[三四五]五”?)?(?:[\u4e00-\u9fff]{2,4}?(?=[省市州]))?(?:国家|市里|市级|市|州|上级|省里|省级|省|区级|区)(?:下达|确定|分解|考核)的?([\u4e00-\u9fff、]{0,10}?)(?:任务|目标|指标)$/,
    make: () => ({ measure: 'level', comparator: 'external', value: null, measureUnit: '' }),
  },
  {
    // A range 增长7.5%—8% / 8%-9% / 6.5%至7%: the lower bound is the floor (the phrase keeps the upper).
    re: new RegExp(`${COMPARE}(?:增长|${RISE})${AMOUNT}%?\\s*(?:—|–|-|－|~|～|至|到)\\s*${AMOUNT}%$`),
    make: (m) => {
      const lo = amount(m[1]);
      const hi = amount(m[2]);
      if (lo === null || hi === null || hi < lo) return null;
      return { measure: 'growth', comparator: 'gte', value: lo, measureUnit: '%' };
    },
  },
  {
    // 增长1.2倍: a rise of 120 %.
    re: new RegExp(`${COMPARE}增长(${NUMBER_PATTERN})倍(以上)?$`),
    make: (m) => ({ measure: 'growth', comparator: 'gte', value: Math.round(Number(m[1]) * 1000) / 10, measureUnit: '%' }),
  },
  {
    // 下降到0.45吨标准煤 / 缩小到1.65以内 / 降低至12%: a level (or rate) brought down to a bound.
    re: new RegExp(`(?:下降|降低|缩小|减少|压减|降)(?:到|至)${AMOUNT}(%|${UNIT_PATTERN})?(以内|以下)?$`),
    make: (m) => {
      const v = amount(m[1]);
      if (v === null) return null;
      const unit = m[2] ?? '';
      return { measure: unit === '%' || unit === '‰' ? 'rate' : 'level', comparator: 'lte', value: v, measureUnit: unit };
    },
  },
  {
    // 增长5%左右 / 增长9%以上 / 居民消费价格涨幅控制在3%左右 / 上涨3%左右
    re: new RegExp(`${COMPARE}(增长|${RISE})${HOLD}?${AMOUNT}%(左右|以上|以内|以下)?$`),
    make: (m) => {
      const v = amount(m[2]);
      if (v === null) return null;
      const rise = m[1] !== '增长' || /控制在/.test(m[0]);
      return { measure: 'growth', comparator: qualified(m[3], rise ? 'lte' : 'gte'), value: v, measureUnit: '%' };
    },
  },
  {
    re: new RegExp(`${COMPARE}下降${AMOUNT}%(左右|以上)?$`),
    make: (m) => {
      const v = amount(m[1]);
      if (v === null) return null;
      return { measure: 'growth', comparator: m[2] === '左右' ? 'approx' : 'lte', value: -v, measureUnit: '%' };
    },
  },
  {
    re: /(?:稳步|稳定|持续|保持|实现|平稳|较快)增长$|(?:增长)?与经济(?:增长)?(?:基本)?同步(?:增长)?$/,
    make: () => ({ measure: 'qualitative', comparator: 'gt', value: 0, measureUnit: '' }),
  },
  {
    // 城镇调查失业率5.5%左右 / 控制在5.5%左右: about a level or a rate, not a growth.
    re: new RegExp(`${HOLD}?${AMOUNT}(%|${UNIT_PATTERN})左右$`),
    make: (m) => {
      const v = amount(m[1]);
      if (v === null) return null;
      return { measure: m[2] === '%' || m[2] === '‰' ? 'rate' : 'level', comparator: 'approx', value: v, measureUnit: m[2] };
    },
  },
  {
    // 居民消费价格指数控制在103.5以内: an index has no unit, so the bound word must be there.
    re: new RegExp(`(${HOLD}|不超过|不高于|低于)?${AMOUNT}(%|${UNIT_PATTERN})?(以内|以下)$`),
    make: (m) => {
      const v = amount(m[2]);
      if (v === null || (!m[3] && !m[1])) return null;
      const unit = m[3] ?? '';
      return { measure: unit === '%' || unit === '‰' ? 'rate' : 'level', comparator: 'lte', value: v, measureUnit: unit };
    },
  },
  {
    re: new RegExp(`(?:控制在|不超过|不高于|低于)${AMOUNT}(%|${UNIT_PATTERN})$`),
    make: (m) => {
      const v = amount(m[1]);
      if (v === null) return null;
      return { measure: m[2] === '%' ? 'rate' : 'level', comparator: /低于/.test(m[0]) ? 'lt' : 'lte', value: v, measureUnit: m[2] };
    },
  },
  {
    re: new RegExp(`(?:超过|超|突破|高于|大于)${AMOUNT}(${UNIT_PATTERN})$`),
    make: (m) => {
      const v = amount(m[1]);
      if (v === null) return null;
      return { measure: m[2] === '%' ? 'rate' : 'level', comparator: 'gt', value: v, measureUnit: m[2] };
    },
  },
  {
    re: new RegExp(`(?:不少于|不低于|至少|达到|达|保持在|稳定在)?${AMOUNT}(${UNIT_PATTERN})(以上)?$`),
    make: (m) => {
      const v = amount(m[1]);
      if (v === null) return null;
      return { measure: m[2] === '%' ? 'rate' : 'level', comparator: 'gte', value: v, measureUnit: m[2] };
    },
  },
];

/**
 * The indicator a subject names. "经济增长6%左右" has 经济 as its subject and means economic
 * growth; "居民收入增长与经济增长同步" names 居民收入, not its growth; an external target with no
 * subject of its own names it inside (全面完成省下达节能减排任务 → 节能减排).
 */
function indicatorOf(subject: string, inner: string | undefined): string {
  let name = normaliseIndicator(subject.replace(/(?:涨幅|增幅|增速)$/, ''));
  if (name === '' && inner) name = normaliseIndicator(inner);
  if (name === '经济') return '经济增长';
  if (name.length > 2 && name !== '经济增长') name = name.replace(/增长$/, '');
  return name;
}

/** Subjects that are not indicators but task wording: a predicate found after them is not a target. */
const NOT_AN_INDICATOR = /[，。；]|^$|\d|^(?:全面|主要|各项|经济社会)$|^(?:比|较)上年/;
/** Codes that hold digits inside a name (PM2.5平均浓度, PM10, 5G). */
const CODES_IN_NAMES = /PM2\.5|PM10|5G/gi;

/**
 * Parses "实现地区生产总值增长5%左右。" into one or more targets: a subject listing several
 * indicators with 、 ("能耗强度、大气污染物和水污染物排放完成市级下达的任务") gives one per indicator.
 */
export function parseTargetPhrase(raw: string): TargetMeaning[] | null {
  // A note in brackets after the target (增长6%左右（上年实际增长5.2%）) says something else: dropped.
  const text = raw
    .replace(/^[\s\-*•·]+/, '')
    .replace(/[。；，、\s]+$/g, '')
    .replace(/(?<=.)（[^（）]*）$/, '')
    .trim();
  if (text === '') return null;
  // 力争增长10%、确保增长9%: the 确保 figure is the floor; the 力争 one is an aim above it.
  const sure = /力争[^、，；]*、(?=确保)/.exec(text);
  if (sure) return parseTargetPhrase(text.slice(0, sure.index) + text.slice(sure.index + sure[0].length));
  for (const rule of RULES) {
    const m = rule.re.exec(text);
    if (!m) continue;
    const meaning = rule.make(m);
    if (!meaning) return null;
    const subject = text.slice(0, m.index);
    const inner = meaning.comparator === 'external' ? m[1] : undefined;
    const names = (meaning.comparator === 'external' && subject !== '' ? subject.split('、') : [subject]).map((s) => indicatorOf(s, inner));
    if (names.some((n) => NOT_AN_INDICATOR.test(n.replace(CODES_IN_NAMES, 'X')) || n.length < 2 || n.length > 24)) return null;
    return names.map((indicator) => ({ indicator, text, ...meaning }));
  }
  return null;
}
