/**
 * What 审核公式 findings say, in zh-CN and English: a rule's own 提示信息 with the numbers filled in
 * ({左值} {右值} {差额} {容差} {报告期} {单位}, or {left} {right} {diff} {tolerance} {period} {unit}), else a
 * default that quotes the formula; and the problems of a rule itself (where in the formula, what is wrong).
 */
import type { Bilingual } from '../../model/i18n';
import { fmt } from '../format';
import type { CompiledFormula } from './compile';
import type { FormulaRuleDef } from './types';
import type { FormulaError } from './syntax';
import { SCOPE_COLUMNS, type ScopeProblem } from './scope';

export const SEVERITY_ZH = { error: '强制性', warning: '核实性', info: '提示' } as const;

const PLACEHOLDER = /\{(左值|右值|差额|容差|报告期|单位|left|right|diff|tolerance|period|unit)\}/g;

function fill(template: string, vals: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (_m, k: string) => vals[k] ?? '');
}

/** Tolerances keep 4 decimals (0.005 stays 0.005); trailing zeros go. */
const n = (x: number): string => fmt(x, 4);

/**
 * Decimals the numbers of a finding are shown with: the most any indicator it reads is kept with in the
 * catalog, at least 2 — so a 完成率 of 63.14172… reads 63.14, as the district report prints it.
 */
function decimalsOf(r: CompiledFormula): number {
  let d = 2;
  for (const x of r.reads) d = Math.max(d, Math.min(6, x.def.decimals));
  return d;
}

/**
 * A finding's number with `places` decimals, but never rounded away below 1: a percent typed as a
 * fraction (0.0178 where 1.78 was meant) must still show three significant digits, not 0.02.
 */
function shown(x: number, places: number): string {
  const a = Math.abs(x);
  if (a > 0 && a < 1) return fmt(x, Math.max(places, Math.min(6, 2 - Math.floor(Math.log10(a)))));
  return fmt(x, places);
}

/** The message of a firing rule, or of one that could not be judged ('div-zero', 'failed'). */
export function formulaMessage(r: CompiledFormula, kind: 'fires' | 'div-zero' | 'failed', period: string, left: number, right: number): Bilingual {
  const d = r.def;
  if (kind === 'div-zero') {
    return {
      zh: `审核公式“${d.id}”（${d.formula}）在${period}除数为零，本期未能判断；请核实作除数的数据是否漏填。`,
      en: `Check "${d.id}" (${d.formula}) divides by zero at ${period} and could not be judged; check whether the divisor figure is missing.`,
    };
  }
  if (kind === 'failed') {
    return { zh: `审核公式“${d.id}”（${d.formula}）在${period}无法计算，已跳过；请联系管理员。`, en: `Check "${d.id}" (${d.formula}) could not be computed at ${period} and was skipped; tell the administrator.` };
  }
  const diff = left - right;
  const unit = r.reads[0]?.def.measureUnit ?? '';
  const places = decimalsOf(r);
  const vals: Record<string, string> = { 左值: shown(left, places), 右值: shown(right, places), 差额: shown(diff, places), 容差: n(r.tolerance), 报告期: period, 单位: unit };
  vals.left = vals.左值!;
  vals.right = vals.右值!;
  vals.diff = vals.差额!;
  vals.tolerance = vals.容差!;
  vals.period = period;
  vals.unit = unit;
  const todoZh = d.severity === 'error' ? '请修改数据。' : d.severity === 'warning' ? '请核实；如数据无误，请填写说明。' : '';
  const todoEn = d.severity === 'error' ? 'Correct the figures.' : d.severity === 'warning' ? 'Check the figures; if they are right, explain in 说明.' : '';
  const numsZh = r.op !== null ? `左值${vals.左值}，右值${vals.右值}，差额${vals.差额}` : `结果为${Number.isNaN(left) ? '空' : vals.左值}`;
  const numsEn = r.op !== null ? `left ${vals.left}, right ${vals.right}, difference ${vals.diff}` : `result ${Number.isNaN(left) ? 'blank' : vals.left}`;
  const zh = d.message ? fill(d.message.zh, vals) : `${period}审核公式“${d.id}”（${SEVERITY_ZH[d.severity]}）不成立：${d.formula}（${numsZh}）。${todoZh}`;
  const en = d.message?.en ? fill(d.message.en, vals) : `${period}: check "${d.id}" does not hold: ${d.formula} (${numsEn}). ${todoEn}`.trim();
  return { zh, en };
}

/** A rule that cannot be compiled: which rule, where (1-based character), what is wrong. */
export function formulaProblem(def: Pick<FormulaRuleDef, 'id' | 'formula'>, e: FormulaError): Bilingual {
  return {
    zh: `审核公式“${def.id}”第${e.pos + 1}个字符处：${e.message.zh}。该规则未运行，其他规则照常审核。`,
    en: `Check "${def.id}", at character ${e.pos + 1}: ${e.message.en}. This rule did not run; the other rules did.`,
  };
}

/** A rule refused before it is published (PUT /api/rules): which rule, where, what is wrong, and that nothing was stored. */
export function formulaRefusal(def: Pick<FormulaRuleDef, 'id' | 'formula'>, e: FormulaError): Bilingual {
  // A formula of thousands of characters is quoted by its start: the position says where the problem is.
  const f = def.formula.length > 80 ? `${def.formula.slice(0, 80)}…` : def.formula;
  return {
    zh: `审核公式“${def.id}”（${f}）第${e.pos + 1}个字符处：${e.message.zh}。请改正后重新发布，本次未保存任何规则。`,
    en: `Check "${def.id}" (${f}), at character ${e.pos + 1}: ${e.message.en}. Correct it and publish again; nothing was stored.`,
  };
}

/** A rule refused before it is published for a scope word (or a plan word in its formula) that names nothing; nothing was stored. */
export function scopeRefusal(def: Pick<FormulaRuleDef, 'id'>, where: string, problem: Bilingual): Bilingual {
  return {
    zh: `审核公式“${def.id}”的${where}：${problem.zh}。请改正后重新发布，本次未保存任何规则。`,
    en: `Check "${def.id}", ${where}: ${problem.en}. Correct it and publish again; nothing was stored.`,
  };
}

/** A rule that did not run because a scope word names nothing: which rule, which column, what is wrong. */
export function scopeProblem(def: Pick<FormulaRuleDef, 'id'>, p: ScopeProblem): Bilingual {
  return {
    zh: `审核公式“${def.id}”的${SCOPE_COLUMNS[p.field]}：${p.message.zh}。该规则未运行，其他规则照常审核。`,
    en: `Check "${def.id}", ${SCOPE_COLUMNS[p.field]} (${p.field}): ${p.message.en}. This rule did not run; the other rules did.`,
  };
}
