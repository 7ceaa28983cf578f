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
export type TargetMeaning = Pick<Target, 'indicator' | 'measure' | 'comparator' | 'value' | 'unit' | 'text'>;

const AMOUNT = `(${NUMBER_PATTERN}|[一二两三四五六七八九]?[千百])`;
const COMPARE = '(?:比上年|较上年|同比|比2\\d{3}年|年均)?';

interface Rule {
  re: RegExp;
  make(m: RegExpExecArray): Omit<TargetMeaning, 'indicator' | 'text'> | null;
}

function amount(s: string): number | null {
  return parseAmount(s);
}

/** Rules tried in order on "SUBJECT PREDICATE"; the subject is what precedes the match. */
const RULES: Rule[] = [
  {
    // 完成市里下达的节能任务 / 完成市级下达的减排任务 / 完成市下达任务
    re: /(?:完成|落实|达到)(?:国家|市里|市级|市|上级|省里|省级|省)(?:下达|确定|分解)的?[\u4e00-\u9fff]{0,6}(?:任务|目标|指标)$/,
    make: () => ({ measure: 'level', comparator: 'external', value: null, unit: '' }),
  },
  {
    re: new RegExp(`${COMPARE}增长${AMOUNT}%(左右|以上)?$`),
    make: (m) => {
      const v = amount(m[1]);
      if (v === null) return null;
      return { measure: 'growth', comparator: m[2] === '左右' ? 'approx' : 'gte', value: v, unit: '%' };
    },
  },
  {
    re: new RegExp(`${COMPARE}下降${AMOUNT}%(左右|以上)?$`),
    make: (m) => {
      const v = amount(m[1]);
      if (v === null) return null;
      return { measure: 'growth', comparator: m[2] === '左右' ? 'approx' : 'lte', value: -v, unit: '%' };
    },
  },
  {
    re: /(?:稳步|稳定|持续|保持|实现|平稳|较快)增长$|与经济增长(?:基本)?同步$/,
    make: () => ({ measure: 'qualitative', comparator: 'gt', value: 0, unit: '' }),
  },
  {
    re: new RegExp(`(?:控制在|不超过|不高于|低于)?${AMOUNT}(%|${UNIT_PATTERN})(以内|以下)$`),
    make: (m) => {
      const v = amount(m[1]);
      if (v === null) return null;
      return { measure: m[2] === '%' ? 'rate' : 'level', comparator: 'lte', value: v, unit: m[2] };
    },
  },
  {
    re: new RegExp(`(?:控制在|不超过|不高于|低于)${AMOUNT}(%|${UNIT_PATTERN})$`),
    make: (m) => {
      const v = amount(m[1]);
      if (v === null) return null;
      return { measure: m[2] === '%' ? 'rate' : 'level', comparator: /低于/.test(m[0]) ? 'lt' : 'lte', value: v, unit: m[2] };
    },
  },
  {
    re: new RegExp(`(?:超过|超|突破|高于|大于)${AMOUNT}(${UNIT_PATTERN})$`),
    make: (m) => {
      const v = amount(m[1]);
      if (v === null) return null;
      return { measure: m[2] === '%' ? 'rate' : 'level', comparator: 'gt', value: v, unit: m[2] };
    },
  },
  {
    re: new RegExp(`(?:不少于|不低于|至少|达到|达)?${AMOUNT}(${UNIT_PATTERN})(以上)?$`),
    make: (m) => {
      const v = amount(m[1]);
      if (v === null) return null;
      return { measure: m[2] === '%' ? 'rate' : 'level', comparator: 'gte', value: v, unit: m[2] };
    },
  },
];

/** Subjects that are not indicators but task wording: a predicate found after them is not a target. */
const NOT_AN_INDICATOR = /[，。；]|^$|\d/;

/**
 * Parses "实现地区生产总值增长5%左右。" into one or more targets: a subject listing several
 * indicators with 、 ("能耗强度、大气污染物和水污染物排放完成市级下达的任务") gives one per indicator.
 */
export function parseTargetPhrase(raw: string): TargetMeaning[] | null {
  const text = raw.replace(/^[\s\-*•·]+/, '').replace(/[。；，、\s]+$/g, '').trim();
  if (text === '') return null;
  for (const rule of RULES) {
    const m = rule.re.exec(text);
    if (!m) continue;
    const meaning = rule.make(m);
    if (!meaning) return null;
    const subject = text.slice(0, m.index);
    const names = (meaning.comparator === 'external' ? subject.split('、') : [subject]).map(normaliseIndicator);
    if (names.some((n) => NOT_AN_INDICATOR.test(n) || n.length < 2 || n.length > 24)) return null;
    return names.map((indicator) => ({ indicator, text, ...meaning }));
  }
  return null;
}
