/**
 * Actual figures in narrative sentences:
 *   上半年地区生产总值初步核算实现607.6亿元，同比增长5.2%
 *   → 地区生产总值, 2023-H1, 607.6 亿元, growth 5.2, preliminary.
 *
 * The grammar is narrow on purpose (precision over recall): a clause is read only when it is
 * exactly "indicator [verb] number unit" or "indicator [同比]增长 number %"; a growth clause right
 * after a value clause with no indicator of its own belongs to it. Comparisons (较一季度提高,
 * 高于全市, 占…的比重), approximations (余, 约, 超, 突破), single-quarter figures and names that
 * are only a word (增加值) are skipped, never guessed.
 */
import type { Actual, ActualStatus, Period } from '../model/plan';
import type { LogicalLine } from './normalize';
import { lineAt } from './normalize';
import { NUMBER_PATTERN, UNIT_PATTERN } from './numbers';
import { normaliseIndicator, MAIN_INDICATOR_UNITS } from './indicator-names';

/**
 * What a name may hold: no digits, so a count inside the name (134家次企业) never becomes part of
 * one. Codes such as 5G in a name are lost with it (建成5G基站3047个 is skipped); see docs.
 */
const NAME_CHARS = '[^\\d，；：]';
const VALUE_CLAUSE = new RegExp(`^(?<ind>${NAME_CHARS}*?)(?<verb>初步核算实现|初步核算|实现|完成|达到|达|为|共计|控制在)?(?<num>${NUMBER_PATTERN})(?<unit>${UNIT_PATTERN})$`);
/** 建成10家养老服务驿站: a verb, the count, its unit, then what was counted. */
const COUNT_FIRST = new RegExp(`^(?<verb>建成|新建|新增|完成|实施|开工|竣工|筹建|打造|引进|培育)(?<num>${NUMBER_PATTERN})(?<unit>个|家|所|座|张|套|项|条|处|栋|部|辆)(?<what>[\\u4e00-\\u9fff“”]{2,16})$`);
const GROWTH_CLAUSE = new RegExp(`^(?<ind>${NAME_CHARS}*?)(?:同比|比上年|较上年|比上年同期)?(?:(?<dir>增长|下降|减少)|增幅(?:高达|达到|达|为)?)(?<num>${NUMBER_PATTERN})%$`);
/** Words that make a clause a comparison, a share, a plan or a change of rate, not a figure. */
const NOT_A_FIGURE = /[、的较]|等|高于|低于|比重|贡献|拉动|排名|扩大|提高|同期|以来|突破|单季|当月|单月|任务|目标|计划|时间进度|增幅|增速|增长|下降|减少|改善|将|力争|确保|预计|上调|下调|剔除/;
/** Words that, right before the number, make it approximate (约2.2亿元, 超300亿元) or a part (其中). */
const APPROXIMATE_BEFORE = /(?:约|近|超|超过|余|多|共|其中|后|第)$/;
/** Words that name a measure but not what it measures: "实现增加值69.3亿元" says whose only in an earlier clause. */
const BARE_MEASURES = /^(?:增加值|总产值|产值|税收|收入|营业收入|利润|利润总额|投资|总额|总量|规模|余额)$/;

export interface PeriodScope {
  /** The period figures in this part of the document cover unless a sentence says otherwise. */
  base: Period;
  year: number;
  /** In a mid-year report "全年" speaks of the annual target, so clauses saying it are skipped. */
  partOfYear: boolean;
}

/** A period phrase at the start of a sentence or clause: 上半年, 一季度, 1-6月, 前三季度, 全年. */
function periodOf(text: string, scope: PeriodScope): Period | null | 'skip' {
  const t = text.replace(/^(?:其中|同时|此外|全区|今年|当年)+[，]?/, '');
  let m: RegExpExecArray | null;
  if (/^上半年/.test(t)) return `${scope.year}-H1`;
  if (/^下半年/.test(t)) return 'skip';
  if ((m = /^(?:第)?([一二三四])季度/.exec(t))) return `${scope.year}-Q${'一二三四'.indexOf(m[1]) + 1}`;
  if (/^前三季度/.test(t)) return `${scope.year}-Q3`;
  if ((m = /^1[-—至~](\d{1,2})月/.exec(t))) {
    const n = Number(m[1]);
    return n >= 1 && n <= 12 ? `${scope.year}-${String(n).padStart(2, '0')}` : 'skip';
  }
  if (/^全年/.test(t)) return scope.partOfYear ? 'skip' : String(scope.year);
  if ((m = /^(\d{4})年(?!以来)/.exec(t))) return Number(m[1]) === scope.year && !scope.partOfYear ? String(scope.year) : 'skip';
  return null;
}

function status(sentence: string): ActualStatus {
  return /初步核算|初步统计|预计/.test(sentence) ? 'preliminary' : 'final';
}

function acceptableName(name: string): boolean {
  return name.length >= 4 && name.length <= 20 && !NOT_A_FIGURE.test(name) && !APPROXIMATE_BEFORE.test(name) && !BARE_MEASURES.test(name) && /^[\u4e00-\u9fff“”"A-Za-z]+$/.test(name);
}

/** Joins a subject and object split by a verb: 规模以上工业企业实现总产值 → 规模以上工业企业总产值. */
function joinVerbSplit(ind: string): string {
  return ind.replace(/^(.{2,})(?:实现|完成)(.{2,})$/, '$1$2');
}

/**
 * The industry a sentence is about, when it opens with one: "金融业进一步发挥龙头带动作用，实现增加值
 * 69.3亿元" → 金融业, so the bare 增加值 becomes 金融业增加值. Only names ending in 业 count.
 */
function industryOf(sentence: string): string | null {
  const m = /^([\u4e00-\u9fff]{1,8}?业)(?:进一步|持续|继续|不断|加快|实现|保持|发挥|稳步|快速|全年|上半年)/.exec(sentence);
  return m ? m[1] : null;
}

/**
 * The main indicator a subject-less figure belongs to: the last one named earlier in the sentence
 * whose unit fits and that has no figure for the sentence yet. Null when there is none or doubt.
 */
function subjectEarlier(before: string, unit: string, found: Actual[]): string | null {
  let best: { name: string; at: number } | null = null;
  for (const [name, units] of Object.entries(MAIN_INDICATOR_UNITS)) {
    const at = before.lastIndexOf(name);
    if (at < 0 || !units.includes(unit)) continue;
    if (!best || at > best.at || (at === best.at && name.length > best.name.length)) best = { name, at };
  }
  if (!best) return null;
  // If that mention already gave a figure in this sentence, it is used up: the subject-less
  // figure belongs to something else, so it is left out.
  const name = best.name;
  return found.some((a) => a.indicator === name && a.text.length > 0 && before.includes(a.text)) ? null : name;
}

/** A clause: up to ，；：。！？, or up to 、 right after a figure (筹建保障性租赁住房1360套、竣工1.6万余套). */
const CLAUSE = new RegExp(`(?:[^，；：。！？、]|、(?<!\\d(?:${UNIT_PATTERN})、))+`);

/** Reads "建成10家养老服务驿站" as the value clause "建成养老服务驿站10家". */
function countAsValue(c: RegExpExecArray): RegExpExecArray | null {
  if (!c.groups) return null;
  const m = VALUE_CLAUSE.exec(`${c.groups.verb}${c.groups.what}${c.groups.num}${c.groups.unit}`);
  return m;
}

export function extractActuals(id: string, lines: LogicalLine[], scope: PeriodScope): Actual[] {
  const out: Actual[] = [];
  for (const l of lines) {
    const sentenceRe = /[^。！？]+[。！？]?/g;
    let sm: RegExpExecArray | null;
    while ((sm = sentenceRe.exec(l.text))) {
      const sentence = sm[0];
      const sentencePeriod = periodOf(sentence, scope);
      if (sentencePeriod === 'skip') continue;
      const clauseRe = new RegExp(CLAUSE.source, 'g');
      let cm: RegExpExecArray | null;
      let previous: Actual | null = null;
      while ((cm = clauseRe.exec(sentence))) {
        const offset = sm.index + cm.index;
        const clause = cm[0].trim();
        const own = periodOf(clause, scope);
        if (own === 'skip') {
          previous = null;
          continue;
        }
        const period = own ?? sentencePeriod ?? scope.base;
        const g = GROWTH_CLAUSE.exec(clause);
        const c = g ? null : COUNT_FIRST.exec(clause);
        const v = g ? null : c ? countAsValue(c) : VALUE_CLAUSE.exec(clause);
        if (v?.groups) {
          let name = normaliseIndicator(joinVerbSplit(normaliseIndicator(v.groups.ind)));
          if (name === '') name = subjectEarlier(sentence.slice(0, cm.index), v.groups.unit, out) ?? '';
          if (BARE_MEASURES.test(name)) name = (industryOf(sentence) ?? '') + name;
          previous = null;
          if (!acceptableName(name)) continue;
          const a: Actual = {
            indicator: name,
            period,
            value: Number(v.groups.num),
            unit: v.groups.unit,
            growth: null,
            status: status(sentence),
            text: clause,
            source: { document: id, line: lineAt(l, offset) },
          };
          out.push(a);
          previous = a;
          continue;
        }
        if (g?.groups) {
          const growth = (g.groups.dir === '下降' || g.groups.dir === '减少' ? -1 : 1) * Number(g.groups.num);
          const name = normaliseIndicator(g.groups.ind);
          if (name === '' && previous && previous.growth === null && previous.unit !== '%') {
            previous.growth = growth;
            previous.text += '，' + clause;
          } else if (acceptableName(name)) {
            out.push({ indicator: name, period, value: null, unit: '', growth, status: status(sentence), text: clause, source: { document: id, line: lineAt(l, offset) } });
          }
        }
        previous = null;
      }
    }
  }
  return out;
}
