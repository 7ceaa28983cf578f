/**
 * Multi-year goals (未来五年): "完成333个美丽乡村建设", "建设14个家园中心", "新增学位2.16万个".
 * Same precision rules as actual figures: exact clauses only, approximations (150余个) skipped.
 */
import type { Goal } from '../model/plan';
import type { LogicalLine } from './normalize';
import { lineAt } from './normalize';
import { NUMBER_PATTERN } from './numbers';
import { normaliseIndicator } from './indicator-names';

const COUNT_UNITS = '万个|万套|万张|万户|万平方米|个|家|所|座|张|套|项|条|处|栋|公里|千米|平方米|公顷|亩';
/** 完成333个美丽乡村建设: verb, count, unit, then what is counted. */
const COUNT_FIRST = new RegExp(`^(?:完成|建设|新建|新增|实施|打造|建成|创建|改造|新开工)(?<num>${NUMBER_PATTERN})(?<unit>${COUNT_UNITS})(?<what>[\\u4e00-\\u9fff“”]{2,16})$`);
/** 新增学位2.16万个: what, count, unit. */
const NAME_FIRST = new RegExp(`^(?<what>(?:新增|新建|建设|完成|施划|实现)[\\u4e00-\\u9fff“”]{2,14}?)(?:达到|达)?(?<num>${NUMBER_PATTERN})(?<unit>${COUNT_UNITS})$`);
const NOT_A_GOAL = /[、的等各余约近超]|以上|不少于/;

export function extractGoals(id: string, lines: LogicalLine[], fromYear: number | null, toYear: number | null): Goal[] {
  const out: Goal[] = [];
  for (const l of lines) {
    const clauseRe = /[^，；：。！？]+/g;
    let m: RegExpExecArray | null;
    while ((m = clauseRe.exec(l.text))) {
      const clause = m[0].trim();
      const hit = COUNT_FIRST.exec(clause) ?? NAME_FIRST.exec(clause);
      if (!hit?.groups || NOT_A_GOAL.test(clause)) continue;
      const indicator = normaliseIndicator(hit.groups.what);
      if (indicator.length < 2) continue;
      out.push({ text: clause, indicator, value: Number(hit.groups.num), measureUnit: hit.groups.unit, fromYear, toYear, source: { document: id, line: lineAt(l, m.index) } });
    }
  }
  return out;
}
