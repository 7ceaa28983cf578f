/** Small helpers for the use-case tests: submissions as the store holds them, and Sources over them. */
import type { Plan } from '../../src/model/plan';
import type { Entered, Submission, WorkflowState } from '../../src/model/submission';
import { loadDefaultCatalog, loadDefaultRules, type RuleSet } from '../../src/rules';
import { heldSources, type Sources } from '../../src/usecases';

export type Row = [indicator: string, value: Entered, growth?: Entered, base?: Entered, note?: string];

export function sub(plan: string, unit: string, period: string, state: WorkflowState, rows: Row[]): Submission {
  const figures: Submission['data']['figures'] = {};
  for (const [indicator, value, growth = null, base = null, note = ''] of rows) figures[indicator] = { value, growth, sameLastYear: base, note };
  return { plan, orgUnit: unit, period, form: 'indicators', rev: 1, state, data: { figures, tasks: {} }, updatedAt: '', updatedBy: '' };
}

export function held(plan: Plan, submissions: Submission[], rules: RuleSet = loadDefaultRules()): Sources {
  return heldSources({ plan, catalog: loadDefaultCatalog(), rules, submissions });
}
