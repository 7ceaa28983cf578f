/**
 * A 审核公式's scope (适用单位, 适用报表, 适用报告期) and the plan words a formula names (汇总's section,
 * 任务进度's task number): what each word may be, how a checked unit × period is matched against it, and
 * the problems of a word that names nothing. Every table is a Map, so a word such as `toString` or
 * `__proto__` is an unknown word, never an Object property. A scope word that names nothing is refused
 * where the rule is written (the sheet, PUT /api/rules) with the nearest word, as an unknown indicator
 * is, because a rule out of scope everywhere is silent and looks like a rule that holds.
 */
import type { Bilingual } from '../../model/i18n';
import type { Plan } from '../../model/plan';
import type { FormId } from '../../model/submission';
import { formatPeriod, parsePeriod, type ParsedPeriod } from '../../model/period';
import { nearestWord } from './suggest';
import type { FormulaRuleDef } from './types';

/** 适用报告期 kind words → the period kind they select. */
const KIND_WORDS: ReadonlyMap<string, ParsedPeriod['kind']> = new Map<string, ParsedPeriod['kind']>([
  ['月', 'month'],
  ['月报', 'month'],
  ['month', 'month'],
  ['季', 'quarter'],
  ['季报', 'quarter'],
  ['quarter', 'quarter'],
  ['半年', 'half'],
  ['半年报', 'half'],
  ['half', 'half'],
  ['年', 'year'],
  ['年报', 'year'],
  ['year', 'year'],
]);

/** 适用报表 words: the form ids, and the labels a statistician writes in the sheet (FORM_LABELS and short forms). */
const FORM_WORDS: ReadonlyMap<string, FormId> = new Map<string, FormId>([
  ['indicators', 'indicators'],
  ['月度指标表', 'indicators'],
  ['指标表', 'indicators'],
  ['指标', 'indicators'],
  ['tasks', 'tasks'],
  ['重点任务进展表', 'tasks'],
  ['任务进展表', 'tasks'],
  ['任务表', 'tasks'],
  ['任务', 'tasks'],
]);

/** The bit of a form in a scope mask: what a unit × period was seen in, matched against 适用报表. */
export const FORM_BITS: ReadonlyMap<string, number> = new Map([
  ['indicators', 1],
  ['tasks', 2],
]);

/** The form id a 适用报表 word names (an id or a label), or undefined. */
export function formOf(word: string): FormId | undefined {
  return FORM_WORDS.get(word.trim()) ?? FORM_WORDS.get(word.trim().toLowerCase());
}

/** A month scope word (6, 6月, 12) → its number, whether or not it can exist; null when the word is not one. */
function monthWord(w: string): number | null {
  const m = /^(\d{1,2})月?$/.exec(w);
  return m ? Number(m[1]) : null;
}

/**
 * 适用报告期 as a test of a checked period: kind words (月, 季, 半年, 年), end months (6, 12月) or exact
 * periods (2023-06, compared after parsing, so 2023-6 is 2023-06). Null: no limit.
 */
export function periodScope(words: readonly string[] | undefined): ((p: ParsedPeriod) => boolean) | null {
  if (!words || words.length === 0) return null;
  const tests = words.map((w): ((p: ParsedPeriod) => boolean) => {
    const kind = KIND_WORDS.get(w.toLowerCase());
    if (kind) return (p) => p.kind === kind;
    const month = monthWord(w);
    if (month !== null) return (p) => p.endMonth === month;
    const exact = parsePeriod(w);
    const key = exact ? formatPeriod(exact) : null;
    return (p) => key !== null && formatPeriod(p) === key;
  });
  return (p) => tests.some((t) => t(p));
}

/** What the plan names, for the words a rule may use: its units, task sections and task numbers. */
export interface PlanWords {
  units: readonly string[];
  sections: readonly string[];
  tasks: readonly number[];
}

/** The units (plan.units, and every target's and task's responsible units), sections and task numbers of a plan. */
export function planWords(plan: Pick<Plan, 'units' | 'tasks' | 'targets'>): PlanWords {
  const units = new Set<string>(plan.units);
  for (const t of plan.targets) for (const u of t.units) units.add(u);
  for (const t of plan.tasks) for (const u of t.units) units.add(u);
  return { units: [...units], sections: [...new Set(plan.tasks.map((t) => t.section))], tasks: plan.tasks.map((t) => t.no) };
}

/** Which scope column a problem is in (the rule's field, and its sheet column). */
export type ScopeField = 'units' | 'forms' | 'periods';
export const SCOPE_COLUMNS: Record<ScopeField, '适用单位' | '适用报表' | '适用报告期'> = { units: '适用单位', forms: '适用报表', periods: '适用报告期' };

export interface ScopeProblem {
  field: ScopeField;
  message: Bilingual;
}

const PERIOD_EXAMPLES = ['月', '季', '半年', '年', '6', '12', '2023-06'];

function didYouMean(near: string | null): { zh: string; en: string } {
  return near ? { zh: `，是否指“${near}”？`, en: ` (did you mean "${near}"?)` } : { zh: '；', en: '' };
}

/** The problem of one 适用报告期 word, or null when it can select a period. */
function periodProblem(w: string): Bilingual | null {
  if (KIND_WORDS.has(w.toLowerCase())) return null;
  const month = monthWord(w);
  if (month !== null) {
    if (month >= 1 && month <= 12) return null;
    return { zh: `报告期“${w}”不存在（月份应为1–12）`, en: `period "${w}" cannot exist (months are 1–12)` };
  }
  if (parsePeriod(w)) return null;
  const near = didYouMean(nearestWord(w, [...KIND_WORDS.keys()]));
  if (/^\d{4}/.test(w)) return { zh: `报告期“${w}”不存在；请写成 2023、2023-H1、2023-Q2 或 2023-06`, en: `period "${w}" cannot exist; write 2023, 2023-H1, 2023-Q2 or 2023-06` };
  return {
    zh: `不认识的报告期“${w}”${near.zh}可用：${PERIOD_EXAMPLES.join('、')}（报告期类型、结束月份或具体报告期）`,
    en: `unknown period "${w}"${near.en}; use a kind (月 month, 季 quarter, 半年 half, 年 year), an end month (6, 12) or a period (2023-06)`,
  };
}

/**
 * Every scope word of `def` that names nothing: a form that is not a form, a period that cannot be, and,
 * when the plan's words are given, a unit the plan does not name (with the nearest unit). Without a plan
 * units are not checked: a general rule serves every plan.
 */
export function scopeProblems(def: Pick<FormulaRuleDef, 'units' | 'forms' | 'periods'>, plan?: PlanWords | null): ScopeProblem[] {
  const out: ScopeProblem[] = [];
  for (const w of def.forms ?? []) {
    if (formOf(w)) continue;
    const near = didYouMean(nearestWord(w, [...FORM_WORDS.keys()]));
    out.push({
      field: 'forms',
      message: { zh: `不认识的报表“${w}”${near.zh}可用：indicators（月度指标表）、tasks（重点任务进展表）`, en: `unknown form "${w}"${near.en}; forms are indicators (月度指标表) and tasks (重点任务进展表)` },
    });
  }
  for (const w of def.periods ?? []) {
    const p = periodProblem(w);
    if (p) out.push({ field: 'periods', message: p });
  }
  if (plan) {
    const known = new Set(plan.units);
    for (const w of def.units ?? []) {
      if (known.has(w)) continue;
      const near = didYouMean(nearestWord(w, plan.units));
      out.push({
        field: 'units',
        message: {
          zh: `计划中没有单位“${w}”${near.zh}该规则对这个单位不会运行；请改为计划中的单位名称`,
          en: `the plan has no unit "${w}"${near.en}; the rule would never run for it: use a unit name of the plan`,
        },
      });
    }
  }
  return out;
}

/**
 * The plan words a compiled formula names that the plan lacks: a section of 汇总([X], "板块") no task has,
 * a task number of 任务进度(n) no task has. Either would make the rule blank for every unit, so silent.
 */
export function planWordProblems(used: { sections: readonly string[]; tasks: readonly number[] }, plan: PlanWords): Bilingual[] {
  const out: Bilingual[] = [];
  const sections = new Set(plan.sections);
  for (const s of used.sections) {
    if (sections.has(s)) continue;
    const near = didYouMean(nearestWord(s, plan.sections));
    out.push({
      zh: `计划中没有板块“${s}”${near.zh}汇总时没有单位可加；请写计划中重点任务的板块名称`,
      en: `the plan has no section "${s}"${near.en}; the sum would have no unit: use a section heading of the plan's tasks`,
    });
  }
  const tasks = new Set(plan.tasks);
  for (const n of used.tasks) {
    if (!tasks.has(n)) out.push({ zh: `计划中没有第${n}项重点任务（共${plan.tasks.length}项）；请核对任务编号`, en: `the plan has no task ${n} (it has ${plan.tasks.length}); check the task number` });
  }
  return out;
}

/** Whether a rule's scope takes a unit × period of a form: what the run does before it evaluates (run.ts), for callers that explain a silence. */
export function inScope(def: Pick<FormulaRuleDef, 'units' | 'forms' | 'periods'>, unit: string, period: ParsedPeriod, form: FormId): boolean {
  if (def.units && def.units.length > 0 && !def.units.includes(unit)) return false;
  if (def.forms && def.forms.length > 0 && !def.forms.some((f) => formOf(f) === form)) return false;
  const periods = periodScope(def.periods);
  return periods === null || periods(period);
}
