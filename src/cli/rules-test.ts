/**
 * `planbook rules test`: before publishing, what each new or changed 审核公式 would find on real
 * figures (files, or the store's submissions of a period), next to what its current version finds, so
 * a district can tighten a rule without surprising 73 units.
 */
import { inHistoryWindow } from '../usecases/may-submit';
import type { CliIO } from './command';
import { EXIT } from './command';
import { UsageError } from './args';
import { checkFigures, formulasFor, type Catalog, type RuleSet } from '../rules';
import { compileFormula, inScope, planWordProblems, planWords, scopeProblems, type FormulaRuleDef, type PlanWords } from '../rules/formula';
import { indexCatalog } from '../rules/catalog';
import { parsePeriod, type ParsedPeriod } from '../model/period';
import type { FormId } from '../model/submission';
import type { Finding } from '../model/finding';
import type { Plan } from '../model/plan';
import type { Figure, TaskProgress } from '../model/submission';
import { submissionFigures, submissionTasks } from '../model/submission';
import { loadInputs } from './check-output';
import { StoreClient } from './xlsx-remote';
import { getStoredRules } from './rules-remote';
import { loadRulesOption, tokenOf } from './rules-options';

export const RULES_TEST_OPTIONS = {
  plan: { type: 'string' },
  figures: { type: 'string' },
  tasks: { type: 'string' },
  history: { type: 'string' },
  period: { type: 'string' },
} as const;

interface TestOptions {
  plan?: string;
  figures?: string;
  tasks?: string;
  history?: string;
  period?: string;
  rules?: string;
  server?: string;
  token?: string;
  'plan-id'?: string;
}

/** How many findings per rule id, and which units they name. */
function tally(findings: readonly Finding[]): Map<string, Finding[]> {
  const by = new Map<string, Finding[]>();
  for (const f of findings) by.set(f.rule, [...(by.get(f.rule) ?? []), f]);
  return by;
}

const same = (a: FormulaRuleDef, b: FormulaRuleDef): boolean => JSON.stringify(a) === JSON.stringify(b);

/** What the plan lacks of the words a rule names (适用单位, 汇总's section, a task number), each bilingual. */
function planProblems(f: FormulaRuleDef, words: PlanWords, catalog: Catalog): { zh: string; en: string }[] {
  const out = scopeProblems(f, words).map((p) => p.message);
  const { compiled } = compileFormula(f, indexCatalog(catalog));
  if (compiled) out.push(...planWordProblems(compiled, words));
  return out;
}

/** The unit × period × form the test data covers, each once. */
function coverage(figures: readonly Figure[], tasks: readonly TaskProgress[]): { unit: string; period: ParsedPeriod; form: FormId }[] {
  const seen = new Map<string, { unit: string; period: ParsedPeriod; form: FormId }>();
  const add = (unit: string, raw: string, form: FormId): void => {
    const period = parsePeriod(raw);
    if (period) seen.set(`${form}\u0001${unit}\u0001${raw}`, { unit, period, form });
  };
  for (const x of figures) add(x.orgUnit, x.period, 'indicators');
  for (const t of tasks) add(t.orgUnit, t.period, 'tasks');
  return [...seen.values()];
}

/** Runs the changed and new formulas (and the current versions of the changed ones) and prints what they find. Exit 0. */
export async function runRulesTest(io: CliIO, formulas: FormulaRuleDef[], catalog: Catalog, v: TestOptions): Promise<number> {
  let plan: Plan;
  let figures: Figure[];
  let history: Figure[] = [];
  let tasks: TaskProgress[] = [];
  let current: RuleSet;
  if (v.server) {
    const planId = v['plan-id'];
    if (!planId || !v.period) throw new UsageError('对服务器试运行需要 --plan-id 和 --period', '--plan-id and --period are needed with --server');
    const token = tokenOf(io, v.token);
    const client = new StoreClient(v.server, token);
    plan = await client.getPlan(planId);
    const subs = await client.submissions(planId, v.period);
    figures = subs.flatMap(submissionFigures);
    tasks = subs.flatMap(submissionTasks);
    // The history submit compares each form with (usecases/may-submit.ts): the unit's submitted or approved forms of this year and last, never a draft (tester F6.2).
    const past = (await client.sync.list(planId)).filter((h) => subs.some((x) => inHistoryWindow(x, h)));
    history = (await Promise.all(past.map((h) => client.getSubmission({ plan: planId, orgUnit: h.orgUnit, period: h.period, form: h.form })))).flatMap(submissionFigures);
    current = v.rules ? await loadRulesOption(io, v.rules) : (await getStoredRules(v.server, token)).rules;
    io.out(`${planId} ${v.period}：${subs.length} 份报表，${figures.length} 个数据，${tasks.length} 条任务进展 / ${subs.length} submissions, ${figures.length} figures, ${tasks.length} task reports`);
  } else {
    const input = await loadInputs(io, v);
    plan = input.plan;
    figures = input.figures;
    history = input.history;
    tasks = input.tasks;
    current = await loadRulesOption(io, v.rules);
  }
  const before = new Map(formulasFor(current, plan.id).map((f) => [f.id, f]));
  const changed = formulas.filter((f) => !before.has(f.id) || !same(before.get(f.id)!, f));
  const removed = [...before.keys()].filter((id) => !formulas.some((f) => f.id === id));
  const unchanged = formulas.length - changed.length;
  io.out(
    `新增或修改 ${changed.length} 条，未变 ${unchanged} 条，删除 ${removed.length} 条 / ${changed.length} new or changed, ${unchanged} unchanged, ${removed.length} removed${removed.length ? `: ${removed.join(', ')}` : ''}`,
  );
  if (changed.length === 0) return EXIT.OK;

  const run = (list: FormulaRuleDef[]): Map<string, Finding[]> => tally(checkFigures({ plan, catalog, rules: { version: 'try', rules: [], formulas: list }, figures, history, tasks }));
  const now = run(changed);
  const old = run(changed.map((f) => before.get(f.id)).filter((f): f is FormulaRuleDef => f !== undefined));
  const words = planWords(plan);
  const covered = coverage(figures, tasks);
  for (const f of changed) {
    const found = (now.get(f.id) ?? []).filter((x) => x.severity === f.severity || f.severity === 'info');
    const problems = (now.get(f.id) ?? []).filter((x) => x.severity === 'info' && f.severity !== 'info');
    const units = new Set(found.map((x) => x.subject.orgUnit));
    const was = before.has(f.id) ? ` （原版本 ${(old.get(f.id) ?? []).filter((x) => x.severity !== 'info').length} 条 / current version: ${(old.get(f.id) ?? []).filter((x) => x.severity !== 'info').length}）` : '';
    io.out(`\n${before.has(f.id) ? '修改 changed' : '新增 new'}  ${f.id}  ${f.formula}`);
    io.out(`  将发现 ${found.length} 条，涉及 ${units.size} 个单位 / would find ${found.length} in ${units.size} unit(s)${was}`);
    for (const x of found.slice(0, 3)) io.out(`  - ${x.message.zh}\n    ${x.message.en}`);
    for (const x of problems.slice(0, 3)) io.out(`  ! ${x.message.zh}\n    ${x.message.en}`);
    for (const p of planProblems(f, words, catalog)) io.out(`  ! ${p.zh}\n    ${p.en}`);
    if (!covered.some((c) => inScope(f, c.unit, c.period, c.form)))
      io.out(
        `  ! 这些数据中没有任何单位和报告期在该规则的适用范围内（适用单位、适用报表、适用报告期），所以它什么也没有审核\n    no unit and period of these figures is in this rule's scope (适用单位, 适用报表, 适用报告期), so it judged nothing`,
      );
  }
  return EXIT.OK;
}
