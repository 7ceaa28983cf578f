/**
 * Actual figures in narrative sentences:
 *   上半年地区生产总值初步核算实现607.6亿元，同比增长5.2%
 *   → 地区生产总值, 2023-H1, 607.6 亿元, growth 5.2, preliminary.
 *
 * The grammar is narrow on purpose (precision over recall): a clause is read only when it is
 * exactly "indicator [verb] number unit" or "indicator [比上年/同比]增长|下降 number %"; a growth
 * clause right after a value clause with no indicator of its own belongs to it, also across a
 * ranking or a method note between them (居全省第3位, 按不变价格计算); "总量达到X亿元" after a
 * growth-only figure is that figure's level. Comparisons (较一季度提高, 高于全市, 占…的比重),
 * approximations (余, 约, 超, 突破), single-quarter figures, completion rates (完成年度计划的57.5%),
 * changes since the start of the year (比年初增加) and names that are only a word (增加值) are
 * skipped, never guessed. "A、B分别为x、y" is read by respectively.ts.
 */
import type { Actual, ActualStatus } from '../model/plan';
import type { LogicalLine } from './normalize';
import { lineAt } from './normalize';
import { NUMBER_PATTERN, UNIT_PATTERN } from './numbers';
import { normaliseIndicator, MAIN_INDICATOR_UNITS } from './indicator-names';
import { periodOf, type PeriodScope } from './figure-periods';
import { readRespectively } from './respectively';

export type { PeriodScope } from './figure-periods';

/**
 * What a name may hold: no digits, so a count inside the name (134家次企业) never becomes part of
 * one. Codes such as 5G in a name are lost with it (建成5G基站3047个 is skipped); see docs.
 */
const NAME_CHARS = '(?:[^\\d，；：]|\\d+万?元(?:及)?以上)';
const VALUE_CLAUSE = new RegExp(`^(?<ind>${NAME_CHARS}*?)(?<verb>初步核算实现|初步核算|实现|完成|达到|达|为|共计|控制在)?(?<num>${NUMBER_PATTERN})(?<unit>${UNIT_PATTERN})$`);
/** Growth over the year before: 比上年增长, 同比下降, 同口径下降, 较上年回落 … (比年初 is not over a year). */
const GROWTH_WORDS =
  '(?<since>比年初|较年初|比上年末|较上年末)?(?:同比|比上年同期|比上年|较上年同期|较上年|同口径|按可比价格计算|按可比口径)?(?:(?<dir>负增长|增长|上涨|增加|增产|下降|减少|回落|减产)|增幅(?:高达|达到|达|为)?)';
/**
 * Names that are not indicators but a basis or span of the growth of the figure before them
 * (两年平均增长6.8%, 自然口径下降2.3%, 同口径增长8.1%). A comparable basis is that figure's growth
 * over the year before when it has none yet; any other basis (two-year average, natural basis)
 * is a second reading of the same figure and is left out, never a new indicator.
 */
const GROWTH_QUALIFIER = /^(?:(?:同|可比|自然|现价|名义|实际)口径(?:计算)?|按(?:可比|不变|现行)?价格?计算|按可比口径计算?|(?:近)?[两二三]年平均|年均|扣除[^，；]{1,12}因素)$/;
const COMPARABLE_BASIS = /^(?:同口径|可比口径|按可比价格?计算|按可比口径计算?|按不变价格?计算)$/;
/** 建成10家养老服务驿站: a verb, the count, its unit, then what was counted. */
const COUNT_FIRST = new RegExp(`^(?<verb>建成|新建|新增|完成|实施|开工|竣工|筹建|打造|引进|培育)(?<num>${NUMBER_PATTERN})(?<unit>个|家|所|座|张|套|项|条|处|栋|部|辆)(?<what>[\\u4e00-\\u9fff“”]{2,16})$`);
/** A signed number (比上年同期增长-4.5%) is the growth as written: -4.5. */
const GROWTH_CLAUSE = new RegExp(`^(?<ind>${NAME_CHARS}*?)${GROWTH_WORDS}(?<neg>[-−－])?(?<num>${NUMBER_PATTERN})%(?<about>左右)?$`);
/** 居民消费价格涨幅与上年持平: a growth of zero. */
const EACH_GROWTH = new RegExp(`^(?:比上年|同比|较上年)?分别(?:比上年|同比|较上年)?(?<dir>增长|下降|减少)(?<list>${NUMBER_PATTERN}%(?:[、和]${NUMBER_PATTERN}%)+)$`);
const FLAT_CLAUSE = new RegExp(`^(?<ind>${NAME_CHARS}*?)(?:涨幅|增速|增幅)?与上年持平$`);
/** Clauses between a value and its growth that neither end the figure nor belong to it. */
const PASS_THROUGH =
  /^(?:(?:继续)?(?:位?居|排名|位列|排)[^，；]{0,12}第[一二三四五六七八九十\d]+[位名]?|全[国省市州区]第[一二三四五六七八九十\d]+[位名]?|按[^，；]{1,12}计算(?:（下同）)?|扣除[^，；]{1,12}因素|（[^）]*）)$/;
/** "总量达到4773.3亿元": the level of the growth-only figure just before it in the sentence. */
const LEVEL_OF_PREVIOUS = new RegExp(`^(?:总量|规模|总额|总值)(?:达到|达|为|突破)?(?<num>${NUMBER_PATTERN})(?<unit>亿元|万亿元|万元|亿美元|万美元)$`);
/** Words that make a clause a comparison, a share, a plan or a change of rate, not a figure. */
const NOT_A_FIGURE =
  /[、的较占]|等|分别|高于|低于|比重|贡献|拉动|排名|扩大|提高|同期|以来|突破|单季|当月|单月|任务|目标|计划|时间进度|增幅|增速|增长|下降|减少|改善|将|力争|确保|预计|上调|下调|剔除|年初|比上年|上年|回落|上涨/;
/** Words that, right before the number, make it approximate (约2.2亿元, 超300亿元) or a part (其中). */
const APPROXIMATE_BEFORE = /(?:约|近|超|超过|余|多|共|其中|后|第)$/;
/** Words that name a measure but not what it measures: "实现增加值69.3亿元" says whose only in an earlier clause. */
const BARE_MEASURES = /^(?:增加值|总产值|产值|税收|收入|营业收入|利润|利润总额|投资|总额|总量|规模|余额)$/;

function status(sentence: string): ActualStatus {
  return /初步核算|初步统计|预计/.test(sentence) ? 'preliminary' : 'final';
}

/** Names of two or three characters (出口, 变压器) are figures only when their growth comes with them. */
const SHORT_NAME = 4;

/** A place or sector alone (其中，城市下降0.1%，农村上涨0.1%) says where, not what was measured. */
const ONLY_A_PART = /^(?:城市|农村|城镇|乡村|城区|市区|县域|全国|全省|全市|全区|男性|女性|铁路|公路|水运|航空|其他)$/;

function acceptableName(name: string, short = false): boolean {
  // A rate named by its growth (人口自然增长率为3.2‰) is a figure; "增长" elsewhere in a name is a comparison.
  return (
    !ONLY_A_PART.test(name) &&
    name.length >= (short ? 2 : SHORT_NAME) &&
    name.length <= 20 &&
    !NOT_A_FIGURE.test(name.replace(/增长率$/, '率')) &&
    !APPROXIMATE_BEFORE.test(name) &&
    !BARE_MEASURES.test(name) &&
    /^[\u4e00-\u9fff“”"A-Za-z]+$/.test(name.replace(/（[A-Za-z]{2,8}）|\d+万?元(?:及)?以上/g, ''))
  );
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
function subjectEarlier(before: string, unit: string | null, found: Actual[]): string | null {
  let best: { name: string; at: number } | null = null;
  for (const [name, units] of Object.entries(MAIN_INDICATOR_UNITS)) {
    const at = before.lastIndexOf(name);
    // A growth (unit null) fits any main indicator.
    if (at < 0 || (unit !== null && !units.includes(unit))) continue;
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

/** The sign a growth word gives: 下降/减少/回落 are negative growth. */
function signed(dir: string | undefined, num: string, negative = false): number {
  const down = dir === '下降' || dir === '减少' || dir === '回落' || dir === '减产' || dir === '负增长';
  return (down !== negative ? -1 : 1) * Number(num);
}

/**
 * A year-end stock's growth is written against the start of the year (比年初, 比上年末); that is
 * the year-on-year growth only for a full-year figure of a stock (余额, 年末…, 保有量, 存栏).
 */
function sinceStartCounts(name: string, period: string): boolean {
  return /^\d{4}$/.test(period) && /余额|^年末|保有量|存栏|常住人口|户籍人口/.test(name);
}

/** 总产量 after 粮食播种面积 in one sentence is the 粮食总产量 (夏粮播种面积…，总产量…). */
function cropOf(name: string, before: Actual | undefined): string {
  if (!/^(?:总产量|产量)$/.test(name) || !before) return name;
  const crop = before.indicator.replace(/(?:播种|种植|收获)?面积$/, '');
  return crop !== before.indicator && crop.length >= 2 ? crop + name : name;
}

/** A clause that is only a period phrase (前三季度, 1-9月, 全年): it sets the period of what follows. */
function onlyPeriod(clause: string): boolean {
  return /^(?:其中|预计|今年|全区|全县|全市|全州|全省)*(?:上半年|前三季度|[一二三四]季度|全年|(?:1月?|元月?)\s*[-—–~至到]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})月份?|\d{4}年)$/.test(clause);
}

/**
 * Figures of a part of a document, sentence by sentence, with the period each sentence or clause
 * names (figure-periods.ts) or else the scope's. Pure; O(text).
 */
export function extractActuals(id: string, lines: LogicalLine[], scope: PeriodScope): Actual[] {
  const out: Actual[] = [];
  for (const l of lines) {
    // A table row's cells are not a sentence: "社会消费品零售总额<tab>6.4%" is a name and a growth
    // column, not a value of 6.4 %. Rows are read by the table readers, with their headers.
    if (l.text.includes('\t')) continue;
    const sentenceRe = /[^。！？]+[。！？]?/g;
    let sm: RegExpExecArray | null;
    // A bullet (●预计全省地区生产总值增长6%左右) is blanked to a comma, so offsets stay true.
    // Notes in brackets that hold a comma (（不含农户，下同）) would split the clause: they are
    // blanked with zero-width spaces, removed again from each clause, so offsets stay true.
    const text = l.text
      .replace(/^[★☆●○■□▲△◆◇▪►]/, '，')
      .replace(/（[^（）]*[，；][^（）]*）/g, (m) => '\u200b'.repeat(m.length))
      .replace(/(?<=\d) (?=%)/g, '\u200b')
      // A list of growths after 分别 (下降48.2%、85.2%) is one clause: its 、 would split it.
      .replace(/分别[^，。；]*?(?:\d%、)+\d+(?:\.\d+)?%/g, (m) => m.replace(/(?<=%)、/g, '和'));
    while ((sm = sentenceRe.exec(text))) {
      const first = periodOf(sm[0], scope);
      if (first === 'skip') continue;
      let sentencePeriod = first;
      const st = status(sm[0]);
      const at = (offset: number): { document: string; line: number } => ({ document: id, line: lineAt(l, offset) });
      // "A、B分别为x、y，增长p%、q%" first; what it read is blanked so the clauses skip it.
      const resp = readRespectively(sm[0]);
      let sentence = sm[0];
      for (const r of resp) {
        for (const f of r.figures) out.push({ ...f, period: sentencePeriod ?? scope.base, status: st, text: r.text, source: at(sm.index + r.index) });
        sentence = sentence.slice(0, r.index) + '，'.repeat(r.text.length) + sentence.slice(r.index + r.text.length);
      }
      const clauseRe = new RegExp(CLAUSE.source, 'g');
      let cm: RegExpExecArray | null;
      let previous: Actual | null = null;
      let growthOnly: Actual | null = null;
      const provisional: Actual[] = [];
      /** Figures this sentence's clauses read, for 分别 growths that follow them. */
      const sentenceOwn: Actual[] = [];
      while ((cm = clauseRe.exec(sentence))) {
        const offset = sm.index + cm.index;
        // A note in brackets after the number (4773.3亿元（含定州）) is not part of the figure.
        const clause = cm[0]
          .replace(/\u200b/g, '')
          .trim()
          .replace(/(?<=[\d%元人吨斤])（[^（）]{1,12}）$/, '');
        const own = periodOf(clause, scope);
        if (own === 'skip') {
          previous = null;
          growthOnly = null;
          continue;
        }
        if (own !== null && onlyPeriod(clause)) {
          sentencePeriod = own;
          continue;
        }
        if (PASS_THROUGH.test(clause)) continue;
        const period = own ?? sentencePeriod ?? scope.base;
        const lv = LEVEL_OF_PREVIOUS.exec(clause);
        if (lv?.groups && growthOnly && out[out.length - 1] === growthOnly && Object.hasOwn(MAIN_INDICATOR_UNITS, growthOnly.indicator) && MAIN_INDICATOR_UNITS[growthOnly.indicator]!.includes(lv.groups.unit)) {
          growthOnly.value = Number(lv.groups.num);
          growthOnly.measureUnit = lv.groups.unit;
          growthOnly.text += '，' + clause;
          growthOnly = null;
          continue;
        }
        const g = GROWTH_CLAUSE.exec(clause);
        const c = g ? null : COUNT_FIRST.exec(clause);
        const v = g ? null : c ? countAsValue(c) : VALUE_CLAUSE.exec(clause);
        if (v?.groups) {
          let name = normaliseIndicator(joinVerbSplit(normaliseIndicator(v.groups.ind)));
          if (name === '') name = subjectEarlier(sentence.slice(0, cm.index), v.groups.unit, out) ?? '';
          if (BARE_MEASURES.test(name)) name = (industryOf(sentence) ?? '') + name;
          // 年末金融机构存款余额: the balance's name, not its date (年末常住人口 keeps its 年末).
          if (/余额$/.test(name)) name = normaliseIndicator(name.replace(/^(?:截至)?(?:\d{4}年)?(?:年末|年底|期末|\d{1,2}月末)/, ''));
          name = cropOf(name.replace(/^(年末)(?:全市|全区|全县|全州|全省)/, '$1'), out[out.length - 1]);
          previous = null;
          growthOnly = null;
          if (!acceptableName(name, true)) continue;
          const a: Actual = { indicator: name, period, value: Number(v.groups.num), measureUnit: v.groups.unit, growth: null, status: st, text: clause, source: at(offset) };
          out.push(a);
          sentenceOwn.push(a);
          // A short rate per mille (出生率5.2‰) is a population rate: it names what it measures. Other
          // short names need a growth (解决率93.7% of a single month's hotline is not a plan figure).
          if (name.length < SHORT_NAME && !(/率$/.test(name) && a.measureUnit === '‰')) provisional.push(a);
          previous = a;
          continue;
        }
        // "出口2395万美元，进口221万美元，分别比上年下降48.2%、85.2%": the growths of the figures just before.
        const each = g ? null : EACH_GROWTH.exec(clause);
        if (each?.groups) {
          const gs = each.groups.list.split(/[、和]/).map((x) => signed(each.groups?.dir, x.replace('%', '')));
          const last = out.slice(-gs.length);
          if (last.length === gs.length && last.every((a) => a.growth === null && a.value !== null && sentenceOwn.includes(a))) last.forEach((a, k) => (a.growth = gs[k] ?? null));
          previous = null;
          continue;
        }
        const flat = g ? null : FLAT_CLAUSE.exec(clause);
        if (flat?.groups) {
          const name = normaliseIndicator(flat.groups.ind);
          // "社会消费品零售总额210.4亿元，与上年持平": a growth of zero of the figure just before.
          if (name === '' && previous && previous.growth === null && previous.measureUnit !== '%') {
            previous.growth = 0;
            previous.text += '，' + clause;
          } else if (acceptableName(name, true)) out.push({ indicator: name, period, value: null, measureUnit: '', growth: 0, status: st, text: clause, source: at(offset) });
          previous = null;
          continue;
        }
        if (g?.groups && (!g.groups.about || st === 'preliminary')) {
          if (g.groups.since && !(previous && sinceStartCounts(previous.indicator, previous.period))) {
            previous = null;
            continue;
          }
          const growth = signed(g.groups.dir, g.groups.num, g.groups.neg !== undefined);
          let name = normaliseIndicator(g.groups.ind);
          if (GROWTH_QUALIFIER.test(name)) {
            // A basis of the figure before: its growth when comparable and it has none, else left out.
            if (!COMPARABLE_BASIS.test(name)) continue;
            name = '';
          }
          // "——地区生产总值预期目标增长6%左右：预计全年增长5.2%": a growth with no subject and no
          // figure before it is the main indicator's named earlier in the sentence.
          if (name === '' && !previous) name = subjectEarlier(sentence.slice(0, cm.index), null, out) ?? '';
          if (name === '' && previous && previous.growth === null && previous.measureUnit !== '%') {
            previous.growth = growth;
            previous.text += '，' + clause;
          } else if (acceptableName(name, true)) {
            const a: Actual = { indicator: name, period, value: null, measureUnit: '', growth, status: st, text: clause, source: at(offset) };
            out.push(a);
            growthOnly = a;
          }
        }
        previous = null;
      }
      for (const a of provisional) if (a.growth === null) out.splice(out.indexOf(a), 1);
    }
  }
  return out;
}
