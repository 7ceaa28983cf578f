/**
 * validatePlan: checks an unknown value (a plan.json read from disk or an HTTP body) against
 * `PlanSchema` (the TypeBox declaration in plan.ts) with ajv, compiled once, and returns every
 * problem found, each in zh-CN and English with its path (targets[3].value), not just the first.
 * ajv finds the problems; schema-words.ts words them and orders them as the value reads (an object's
 * missing fields first, then its fields in their order), so the same plan always gets the same list.
 */
import Ajv from 'ajv';
import { PlanSchema, type Plan } from './plan';
import type { Bilingual } from './i18n';
import { upgradePlan } from './legacy-names';
import { inReadingOrder, withoutAlternatives, wordError } from './schema-words';

const MAX_ERRORS = 50;

// allowUnionTypes: `type: ['number', 'null']` is how the declaration writes nullable numbers.
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const check = ajv.compile<Plan>(PlanSchema);

/**
 * Checks `x` against the Plan's declaration. Returns the value typed as a Plan when it fits, or
 * every problem (at most 50) in reading order, each `{ zh, en }` with its path. Never throws.
 */
export function validatePlan(input: unknown): { ok: true; plan: Plan } | { ok: false; errors: Bilingual[] } {
  // A plan written by the version before the rename (targets' unit) reads under the new names.
  const x = upgradePlan(input);
  if (check(x)) return { ok: true, plan: x };
  // An alternative's own complaints (not a date, not null) are summed up by the anyOf error itself.
  const errors = inReadingOrder(withoutAlternatives(check.errors ?? []), x)
    .slice(0, MAX_ERRORS)
    .map((e) => wordError(e, x));
  return { ok: false, errors };
}
