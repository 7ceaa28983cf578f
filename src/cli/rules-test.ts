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
import type { FormulaRuleDef } from '../rules/formula';
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
  for (const f of changed) {
    const found = (now.get(f.id) ?? []).filter((x) => x.severity === f.severity || f.severity === 'info');
    const problems = (now.get(f.id) ?? []).filter((x) => x.severity === 'info' && f.severity !== 'info');
    const units = new Set(found.map((x) => x.subject.orgUnit));
    const was = before.has(f.id) ? ` （原版本 ${(old.get(f.id) ?? []).filter((x) => x.severity !== 'info').length} 条 / current version: ${(old.get(f.id) ?? []).filter((x) => x.severity !== 'info').length}）` : '';
    io.out(`\n${before.has(f.id) ? '修改 changed' : '新增 new'}  ${f.id}  ${f.formula}`);
    io.out(`  将发现 ${found.length} 条，涉及 ${units.size} 个单位 / would find ${found.length} in ${units.size} unit(s)${was}`);
    for (const x of found.slice(0, 3)) io.out(`  - ${x.message.zh}\n    ${x.message.en}`);
    for (const x of problems.slice(0, 3)) io.out(`  ! ${x.message.zh}\n    ${x.message.en}`);
  }
  return EXIT.OK;
}
