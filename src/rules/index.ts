/**
 * The checks (审核), pure: the add-in, the CLI and the store server call these and get the same findings.
 */
import type { Plan } from '../model/plan';
import type { Finding } from '../model/finding';
import type { Figure, Submission, TaskProgress } from '../model/submission';
import { submissionFigures, submissionTasks } from '../model/submission';
import type { Catalog } from './catalog';
import type { RuleSet } from './ruleset';
import { validateCatalog } from './catalog';
import { validateRuleSet } from './ruleset';
import { runChecks, type CheckInput } from './engine';
import { missingRequired } from './missing';
import { catalogForPlan } from './plan-catalog';
import { readEnteredFigures, readEnteredTasks } from './entered-numbers';
import indicatorsJson from '../../templates/catalog/indicators.json';
import rulesJson from '../../templates/catalog/rules.json';

export type { CheckInput } from './engine';
export type { Catalog, IndicatorDef, IndicatorKind, Frequency, CatalogIndex } from './catalog';
export { indexCatalog, normaliseName, validateCatalog } from './catalog';
export type { RuleSet, RuleDef, RuleKind } from './ruleset';
export { RULE_KINDS, validateRuleSet, formulasFor } from './ruleset';
export { judgeTarget, isAdverse, TARGET_STATUS_LABELS } from './target';
export type { TargetVerdict, TargetStatus, TargetCheck, TargetObservation, TargetContext } from './target';
export { MESSAGES } from './messages';
export { missingRequired } from './missing';
export { catalogForPlan, inferKind } from './plan-catalog';

/** Checks figures and task progress of one or many submissions; never throws on bad input — bad input is a finding. */
export function checkFigures(input: CheckInput): Finding[] {
  return runChecks(readEntered(input));
}

/** The input with numbers typed as text read by the one reader (entered-numbers.ts), as every path reads them. */
function readEntered(input: CheckInput): CheckInput {
  const figures = (fs: Figure[] | undefined): Figure[] | undefined => (fs ? readEnteredFigures(input.plan, input.catalog, fs) : fs);
  const tasks = (ts: TaskProgress[] | undefined): TaskProgress[] | undefined => (ts ? readEnteredTasks(ts) : ts);
  return { ...input, figures: figures(input.figures)!, history: figures(input.history), tasks: tasks(input.tasks), taskHistory: tasks(input.taskHistory) };
}

/**
 * Checks one submission of one form (the engine is told its form, for 审核公式 scoped to forms), with
 * earlier figures (its previous periods, last year) as history; `taskHistory` is task progress the
 * formulas across forms read (the unit's tasks form of the period when its indicators are checked).
 */
export function checkSubmission(plan: Plan, catalog: Catalog, rules: RuleSet, submission: Submission, history: Figure[], today?: string, taskHistory: TaskProgress[] = []): Finding[] {
  const known = catalogForPlan(catalog, plan);
  return [
    ...missingRequired(plan, known, rules, submission),
    ...checkFigures({ plan, catalog: known, rules, figures: submissionFigures(submission), tasks: submissionTasks(submission), history, taskHistory, today, form: submission.form }),
  ];
}

let defaultCatalog: Catalog | null = null;
let defaultRules: RuleSet | null = null;

/** The catalog shipped in templates/catalog/indicators.json (validated once; a broken file is a programming error caught by tests). */
export function loadDefaultCatalog(): Catalog {
  if (!defaultCatalog) {
    const { catalog, problems } = validateCatalog(indicatorsJson);
    if (!catalog || problems.length > 0) throw new Error(`templates/catalog/indicators.json: ${problems.map((p) => p.en).join('; ')}`);
    defaultCatalog = catalog;
  }
  return defaultCatalog;
}

export function loadDefaultRules(): RuleSet {
  if (!defaultRules) {
    const { ruleSet, problems } = validateRuleSet(rulesJson);
    if (!ruleSet || problems.length > 0) throw new Error(`templates/catalog/rules.json: ${problems.map((p) => p.en).join('; ')}`);
    defaultRules = ruleSet;
  }
  return defaultRules;
}
export { readFiguresCsv, readTaskProgressCsv } from './figures-csv';
export type { CsvRead } from './figures-csv';
