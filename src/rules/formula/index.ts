/**
 * 审核公式: checks written as formulas (docs/rules.md, "审核公式"). The engine runs them through
 * RuleSet.formulas; this is the surface for the CLI (import/export/test) and the tests.
 */
export type { FormulaRuleDef } from './types';
export { validateFormulaRules } from './types';
export { parseFormula, MAX_FORMULA_LENGTH, MAX_DEPTH, type FormulaError } from './syntax';
export { compileFormula, type CompiledFormula } from './compile';
export { runFormulas, compileAll, type FormulaInput } from './run';
export { suggestIndicator, editDistance } from './suggest';
export { formulaProblem, formulaRefusal, SEVERITY_ZH } from './messages';
export { formulaRuleSetProblems } from './validate';
export { readsOtherUnits } from './cross-unit';
export { scopeProblems, planWords, planWordProblems, inScope, type PlanWords } from './scope';
