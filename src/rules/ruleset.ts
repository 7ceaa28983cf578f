/**
 * Rules as data (templates/catalog/rules.json): a versioned list of instances of the built-in kinds.
 * A district adds a rule by adding an entry (a stricter outlier threshold for one indicator, a growth
 * tolerance of its own) — the kinds are code, their instances are not.
 */
import { validateFormulaRules, type FormulaRuleDef } from './formula/types';
import { isUnder, schemaProblems } from '../model/schema-check';
import { dotPath, pointerOf, segments, type Located } from '../model/schema-words';
import { RULE_SET_CHECK, type RuleDef } from './ruleset-schema';

// The kinds and a rule's shape are declared once, with the rule set's schema.
export { RULE_KINDS, type RuleKind, type RuleDef } from './ruleset-schema';

export interface RuleSet {
  version: string;
  rules: RuleDef[];
  /** 审核公式: rules a statistician writes as formulas (src/rules/formula/), run beside the built-in kinds. */
  formulas?: FormulaRuleDef[];
  /** 审核公式 of one plan only, by plan id (`planbook rules import --plan-id`); run after `formulas` for that plan. */
  planFormulas?: Record<string, FormulaRuleDef[]>;
}

/** The formula rules that judge a plan: the rule set's own, then the plan's. */
export function formulasFor(rules: RuleSet, planId: string): FormulaRuleDef[] {
  const own = rules.planFormulas && Object.prototype.hasOwnProperty.call(rules.planFormulas, planId) ? rules.planFormulas[planId]! : [];
  return own.length === 0 ? (rules.formulas ?? []) : [...(rules.formulas ?? []), ...own];
}

/** A problem of a rules file, with its place (a JSON Pointer, as in the 422 of PUT /api/rules). */
export type RuleSetProblem = Located;

/**
 * Validates a rules file or a `PUT /api/rules` body: first against its declaration (ruleset-schema.ts:
 * every shape problem, each naming its place, e.g. rules[2].severity), then what a schema cannot say
 * (an id used twice, a 提示信息's placeholders). Returns the usable rules — a bad entry is dropped whole,
 * without hiding the others — and every problem; a formula's meaning is checked later, against a catalog.
 */
export function validateRuleSet(json: unknown): { ruleSet: RuleSet | null; problems: RuleSetProblem[] } {
  const shape = schemaProblems(RULE_SET_CHECK, json);
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { rules?: unknown }).rules)) return { ruleSet: null, problems: shape.filter((p) => p.path === '' || p.path === '/rules') };
  const raw = json as { version?: unknown; rules: unknown[]; formulas?: unknown; planFormulas?: unknown };
  const problems: RuleSetProblem[] = [...shape];
  const fits = (path: string): boolean => !shape.some((p) => isUnder(p.path, path));
  const rules: RuleDef[] = [];
  const ids = new Set<string>();
  raw.rules.forEach((x, i) => {
    if (!fits(`/rules/${i}`)) return;
    const r = x as RuleDef;
    if (ids.has(r.id)) {
      problems.push({ path: `/rules/${i}/id`, zh: `rules[${i}].id：规则 id“${r.id}”重复`, en: `rules[${i}].id: Rule id "${r.id}" is used twice` });
      return;
    }
    ids.add(r.id);
    rules.push({ id: r.id, kind: r.kind, severity: r.severity, indicators: r.indicators ?? '*', params: r.params ?? {}, ...(r.description ? { description: r.description } : {}) });
  });
  const ruleSet: RuleSet = { version: String(raw.version ?? ''), rules };
  // 审核公式 live beside the kinds; their shape is the schema's, their ids and placeholders are checked here, their formulas when compiled against a catalog.
  const formulas = (list: unknown, at: string, taken: ReadonlySet<string>): FormulaRuleDef[] => {
    if (!Array.isArray(list)) return [];
    const seen = new Set(taken);
    const out: FormulaRuleDef[] = [];
    list.forEach((x, i) => {
      if (!fits(`${at}/${i}`)) return;
      const f = validateFormulaRules([x], seen);
      const where = `${dotPath(segments(`${at}/${i}`), json)}`;
      problems.push(...f.problems.map((p) => ({ path: `${at}/${i}`, zh: `${where}：${p.zh}`, en: `${where}: ${p.en}` })));
      for (const d of f.formulas) {
        seen.add(d.id);
        out.push(d);
      }
    });
    return out;
  };
  const own = formulas(raw.formulas, '/formulas', ids);
  if (own.length > 0) ruleSet.formulas = own;
  const perPlan = raw.planFormulas;
  if (perPlan !== null && typeof perPlan === 'object' && !Array.isArray(perPlan)) {
    ruleSet.planFormulas = {};
    // defineProperty, not `=`: a plan id of "__proto__" must stay an own key (and be refused as a plan
    // the store does not have), not set the object's prototype and vanish from the check.
    for (const [planId, list] of Object.entries(perPlan))
      Object.defineProperty(ruleSet.planFormulas, planId, { value: formulas(list, `/planFormulas/${pointerOf([planId]).slice(1)}`, ids), enumerable: true, writable: true, configurable: true });
  }
  return { ruleSet, problems };
}
