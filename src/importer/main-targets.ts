/**
 * The year's main targets as reports write them: a list after "主要指标安排如下：", or one sentence
 * after "主要目标是：" with targets separated by ；，。 — read with the shared target-phrase parser.
 */
import type { Target } from '../model/plan';
import type { LogicalLine } from './normalize';
import { lineAt } from './normalize';
import { parseTargetPhrase } from './target-phrase';
import { targetRowPhrase, targetTableHeader, type TargetTable } from './target-table';
import { M, clip } from './messages';
import type { ImportProblem } from './types';
import { readEnumerator } from './enumerators';

/** "主要预期目标是：…", or a heading that ends with the words ("■ 2025年经济社会发展的主要预期目标"). */
const TRIGGER = /(主要预期目标|主要目标(?:任务)?|主要指标|预期目标)(?:(?:建议|安排|确定)?(?:如下|是|为)?[：:]|$)/;
/** An item of a target list: numbered, dashed or bulleted (●■▲◆★, as newspapers print them). */
const LIST_ITEM = /^(?:[-*•·●■▲◆★□√]\s*|\d+\s*[.．、](?!\d)|[（(]\d+[）)]|[①-⑳])/;
/** Enumerator styles of list items ((一) 1. 1、 (1) ① and bullets); 一、 opens a section, not an item. */
const ITEM_STYLES = new Set(['cn-paren', 'num-dot', 'num-dun', 'num-paren', 'circled', 'bullet']);

/** The item a line opens, with its text and what marks its level (style, or the bullet itself); null for prose. */
function listItem(text: string): { key: string; rest: string; at: number } | null {
  const e = readEnumerator(text);
  if (e && ITEM_STYLES.has(e.style)) return { key: e.style === 'bullet' ? e.mark : e.style, rest: e.rest, at: text.length - e.rest.length };
  if (!LIST_ITEM.test(text)) return null;
  const rest = text.replace(LIST_ITEM, '');
  return { key: text[0], rest: rest.trim(), at: text.length - rest.trim().length };
}

const WORTH_A_PROBLEM = /\d|增长|下降|控制|完成/;

export interface MainTargets {
  targets: Target[];
  problems: ImportProblem[];
  /** Indexes of lines the targets were read from, so other readers skip them. */
  used: Set<number>;
}

function yearNear(lines: LogicalLine[], index: number, fallback: number): number {
  const own = /(\d{4})年[^。：]{0,20}(?:主要预期目标|主要目标|主要指标|预期目标)/.exec(lines[index].text);
  if (own) return Number(own[1]);
  for (let i = index - 1; i >= Math.max(0, index - 6); i--) {
    const m = /^(?:[一二三四五六七八九十]+、)?(\d{4})年/.exec(lines[i].text);
    if (m) return Number(m[1]);
  }
  return fallback;
}

function clauses(text: string, base: number): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  const re = /[^；;，,。]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) if (m[0].trim()) out.push({ text: m[0].trim(), offset: base + m.index });
  return out;
}

/**
 * Targets a phrase holds that the phrase grammar reads only in parts: two joined by 、
 * (规模以上工业增加值增长8%、固定资产投资增长10%: every part must read), or a level without a
 * subject right after a target of the same item (一般公共预算收入增长3%，达到70.2亿元 → the level
 * of 一般公共预算收入). Null when any part does not read.
 */
function joinedTargets(phrase: string, previous: string | undefined): ReturnType<typeof parseTargetPhrase> {
  if (previous && /^(?:总量|规模)?(?:达到|达|突破)\d/.test(phrase)) return parseTargetPhrase(previous + phrase);
  const parts = phrase.split('、');
  if (parts.length < 2) return null;
  const read = parts.map((p) => parseTargetPhrase(p));
  return read.every((r) => r !== null) ? read.flatMap((r) => r ?? []) : null;
}

/** A note on the year before inside a target item (比上年增加0.2亿斤): neither a target nor a problem. */
const ONLY_A_COMPARISON = /^(?:比|较)上年/;

export function readMainTargets(id: string, lines: LogicalLine[], planYear: number): MainTargets {
  const result: MainTargets = { targets: [], problems: [], used: new Set() };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const trig = TRIGGER.exec(l.text);
    if (!trig) continue;
    // A heading without a colon counts only when a list of targets follows it.
    const listFollows = lines[i + 1] && (listItem(lines[i + 1].text) !== null || lines[i + 1].text.includes('\t'));
    if (!/[：:]$/.test(trig[0]) && !listFollows) continue;
    const year = yearNear(lines, i, planYear);
    const found: Target[] = [];
    const add = (phrase: string, line: LogicalLine, offset: number): boolean => {
      const meanings = parseTargetPhrase(phrase) ?? joinedTargets(phrase, found[found.length - 1]?.indicator);
      if (!meanings) return false;
      for (const m of meanings) {
        found.push({ year, ...m, leaders: [], units: [], deadline: null, source: { document: id, line: lineAt(line, offset) } });
      }
      return true;
    };
    result.used.add(i);
    const rest = l.text.slice((trig.index ?? 0) + trig[0].length);
    const next = lines[i + 1];
    const firstItem = next ? listItem(next.text) : null;
    if (rest.trim() === '' && next && firstItem) {
      // List layout: one target per item line, until the list ends: where the enumerator style
      // changes ((一)…(五), then 三、), or the bullet changes to a heading (● items, then the next
      // ■ heading). An item under another bullet that reads as a target (▲ 全面完成省下达的…任务
      // after the ● items) still belongs to the list.
      for (let j = i + 1; j < lines.length; j++) {
        const li = listItem(lines[j].text);
        if (!li) break;
        if (li.key !== firstItem.key && (TRIGGER.test(li.rest) || !parseTargetPhrase(li.rest))) break;
        const item = li.rest;
        const at = li.at;
        result.used.add(j);
        // An item may hold several targets (城镇调查失业率5.5%左右，城镇新增就业70万人以上).
        const parts = add(item, lines[j], at) ? [] : clauses(item, at);
        const read = parts.filter((c) => add(c.text, lines[j], c.offset));
        if (parts.length > 0 && read.length === 0) result.problems.push({ document: id, line: lines[j].line, message: M.badTarget(clip(item)) });
        else
          for (const c of parts)
            if (!read.includes(c) && /\d/.test(c.text) && !ONLY_A_COMPARISON.test(c.text)) result.problems.push({ document: id, line: lineAt(lines[j], c.offset), message: M.badTarget(clip(c.text)) });
      }
    } else if (rest.trim() === '' && next && next.text.includes('\t')) {
      // Table layout: one target per row (target-table.ts), until the table ends.
      let table: TargetTable | null = null;
      for (let j = i + 1; j < lines.length && lines[j].text.includes('\t'); j++) {
        const cells = lines[j].text.split('\t');
        result.used.add(j);
        const header = j === i + 1 ? targetTableHeader(cells) : null;
        if (header) {
          table = header;
          continue;
        }
        const phrase = targetRowPhrase(cells, table);
        if (!add(phrase, lines[j], 0) && /\d/.test(phrase)) result.problems.push({ document: id, line: lines[j].line, message: M.badTarget(clip(phrase)) });
      }
    } else {
      // Sentence layout: clauses after the colon (or on the next line), read until one is not a target.
      const source = rest.trim() === '' && next ? next : l;
      const start = source === l ? (trig.index ?? 0) + trig[0].length : 0;
      if (source !== l) result.used.add(i + 1);
      // The targets are the sentence after the trigger: every clause up to its 。 is tried, so a
      // trailing clause (增长5%左右，争取实现更好的发展) neither ends the list nor becomes a target.
      // A following sentence continues the list only when it opens with a target (002: 能耗强度、
      // 大气污染物和水污染物排放完成市级下达的任务。).
      const sentenceRe = /[^。]+。?/g;
      const body = source.text.slice(start);
      let sm: RegExpExecArray | null;
      for (let n = 0; (sm = sentenceRe.exec(body)); n++) {
        const cs = clauses(sm[0], start + sm.index);
        if (n > 0 && (cs.length === 0 || !parseTargetPhrase(cs[0].text))) break;
        for (const c of cs) {
          if (add(c.text, source, c.offset)) continue;
          if (/\d/.test(c.text) && WORTH_A_PROBLEM.test(c.text)) result.problems.push({ document: id, line: lineAt(source, c.offset), message: M.badTarget(clip(c.text)) });
        }
      }
    }
    if (found.length === 0) result.problems.push({ document: id, line: l.line, message: M.noTargetsAfterTrigger() });
    result.targets.push(...found);
  }
  return result;
}

/** Words that make a measure a commitment with a bound: 不少于1.5万人, 控制在5%以内, 95%以上. */
const BOUNDED = /(?:不少于|不低于|不超过|控制在|超过)\d|\d(?:\.\d+)?(?:%|[\u4e00-\u9fff/]{1,5})?(?:以上|以内|以下)$/;

/**
 * Quantified measures in the forward-looking part of a report ("促进劳动力就业不少于1.5万人，城镇
 * 登记失业率控制在5%以内，实现北京生源应届高校毕业生就业率95%以上"): clauses with an explicit
 * bound become targets of the plan year. Bare counts (竣工各类保障房4665套) are tasks, not
 * bounds, and are left to the task readers.
 */
export function readQuantifiedMeasures(id: string, lines: LogicalLine[], year: number, known: Target[]): Target[] {
  const out: Target[] = [];
  const seen = new Set(known.filter((t) => t.year === year).map((t) => t.indicator));
  for (const l of lines) {
    for (const c of clauses(l.text, 0)) {
      if (!BOUNDED.test(c.text) || c.text.includes('的')) continue;
      const meanings = parseTargetPhrase(c.text);
      if (!meanings) continue;
      for (const m of meanings) {
        // An enumeration (实验室、研发机构等研发平台) is several things counted together, not one indicator.
        if (m.measure === 'qualitative' || m.comparator === 'external' || /[、等]/.test(m.indicator) || seen.has(m.indicator)) continue;
        seen.add(m.indicator);
        out.push({ year, ...m, leaders: [], units: [], deadline: null, source: { document: id, line: lineAt(l, c.offset) } });
      }
    }
  }
  return out;
}

/**
 * A look-back part that sets each result beside its target, one dash-led line each:
 *   ——地区生产总值预期目标增长6.5%左右：预计全年地区生产总值完成2020亿元。
 *   ——计划实施重大项目220项，年度计划投资340亿元以上：预计全年实施重大项目255项…
 * What stands before the colon is the reviewed year's targets, clause by clause; a planned count
 * (计划实施重大项目220项) is that count exactly. Lines without the dash or the colon are prose.
 */
const STATED_TARGETS = /^[—－]{1,2}\s*(?<head>[^：:。]{2,60})[：:]/;
const TARGET_WORDS = /预期目标|年度目标|目标为|目标是/;

export function readStatedTargets(id: string, lines: LogicalLine[], year: number): Target[] {
  const out: Target[] = [];
  for (const l of lines) {
    const m = STATED_TARGETS.exec(l.text);
    if (!m?.groups) continue;
    const head = m.groups.head;
    const at = l.text.indexOf(head);
    for (const c of clauses(head, at)) {
      const planned = /^计划(?:实施|完成|新建|建设)?/.exec(c.text);
      const phrase = c.text.replace(TARGET_WORDS, '').replace(/^计划(?:实施|完成|新建|建设)?/, '');
      for (const t of parseTargetPhrase(phrase) ?? []) {
        const exact = planned && t.comparator === 'gte' && !/以上|不少于|不低于|至少/.test(phrase);
        out.push({ year, ...t, comparator: exact ? 'eq' : t.comparator, leaders: [], units: [], deadline: null, source: { document: id, line: lineAt(l, c.offset) } });
      }
    }
  }
  return out;
}
