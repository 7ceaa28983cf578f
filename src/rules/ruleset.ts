/**
 * Rules as data (templates/catalog/rules.json): a versioned list of instances of the built-in kinds.
 * A district adds a rule by adding an entry (a stricter outlier threshold for one indicator, a growth
 * tolerance of its own) — the kinds are code, their instances are not.
 */
import type { Bilingual } from '../model/i18n';
import type { Severity } from '../model/finding';
import { validateFormulaRules, type FormulaRuleDef } from './formula/types';

export const RULE_KINDS = [
  'number',
  'precision',
  'required',
  'unit-mixup',
  'cumulative',
  'growth-consistency',
  'part-whole',
  'share-range',
  'outlier',
  'target-approx',
  'target-floor',
  'target-ceiling',
  'target-exact',
  'target-level',
  'target-qualitative',
  'target-external',
  'task-overdue',
  'task-regress',
  'task-input',
] as const;

export type RuleKind = (typeof RULE_KINDS)[number];

export interface RuleDef {
  /** Stable id; findings carry it as Finding.rule. */
  id: string;
  kind: RuleKind;
  severity: Severity;
  /** '*' (default) or the catalog names (or aliases) it applies to. Ignored by task kinds. */
  indicators?: '*' | string[];
  /** Kind-specific numbers: ratio (unit-mixup), tolerance (growth-consistency, target-approx, target-exact), min/max (share-range), thresholdPct (outlier), extraDecimals (precision). */
  params?: Record<string, number>;
  description?: Bilingual;
}

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

const SEVERITIES: readonly string[] = ['error', 'warning', 'info'];

/** Validates a rules file; returns the usable rules and every problem found (a bad entry does not hide the rest). */
export function validateRuleSet(json: unknown): { ruleSet: RuleSet | null; problems: Bilingual[] } {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { rules?: unknown }).rules)) {
    return { ruleSet: null, problems: [{ zh: '规则文件应为含 rules 数组的 JSON 对象', en: 'A rules file must be a JSON object with a rules array' }] };
  }
  const raw = json as { version?: unknown; rules: unknown[] };
  const problems: Bilingual[] = [];
  if (raw.version === undefined) problems.push({ zh: '规则文件缺少版本号（version）', en: 'The rules file has no version' });
  const rules: RuleDef[] = [];
  const ids = new Set<string>();
  raw.rules.forEach((x, i) => {
    const r = x as Partial<Record<keyof RuleDef, unknown>>;
    const at = i + 1;
    if (typeof r !== 'object' || r === null) {
      problems.push({ zh: `第${at}条规则不是对象`, en: `Rule ${at} is not an object` });
      return;
    }
    const id = typeof r.id === 'string' && r.id !== '' ? r.id : null;
    const kind = typeof r.kind === 'string' && (RULE_KINDS as readonly string[]).includes(r.kind) ? (r.kind as RuleKind) : null;
    const severity = typeof r.severity === 'string' && SEVERITIES.includes(r.severity) ? (r.severity as Severity) : null;
    const name = id ?? `#${at}`;
    if (!id) problems.push({ zh: `第${at}条规则缺少 id`, en: `Rule ${at} has no id` });
    else if (ids.has(id)) problems.push({ zh: `规则 id“${id}”重复`, en: `Rule id "${id}" is used twice` });
    if (!kind) problems.push({ zh: `规则“${name}”的类型“${String(r.kind)}”不存在，可用类型：${RULE_KINDS.join('、')}`, en: `Rule "${name}": unknown kind "${String(r.kind)}"; kinds are ${RULE_KINDS.join(', ')}` });
    if (!severity) problems.push({ zh: `规则“${name}”的严重程度应为 error/warning/info`, en: `Rule "${name}": severity must be error, warning or info` });
    let indicators: '*' | string[] = '*';
    if (Array.isArray(r.indicators)) indicators = r.indicators.filter((s): s is string => typeof s === 'string');
    else if (r.indicators !== undefined && r.indicators !== '*') problems.push({ zh: `规则“${name}”的 indicators 应为 "*" 或指标名数组`, en: `Rule "${name}": indicators must be "*" or a list of names` });
    const params: Record<string, number> = {};
    if (r.params !== undefined) {
      if (typeof r.params !== 'object' || r.params === null) problems.push({ zh: `规则“${name}”的 params 应为对象`, en: `Rule "${name}": params must be an object` });
      else
        for (const [k, v] of Object.entries(r.params)) {
          if (typeof v === 'number' && Number.isFinite(v)) params[k] = v;
          else problems.push({ zh: `规则“${name}”的参数 ${k} 应为数字`, en: `Rule "${name}": parameter ${k} must be a number` });
        }
    }
    if (id && kind && severity) {
      ids.add(id);
      rules.push({ id, kind, severity, indicators, params });
    }
  });
  const ruleSet: RuleSet = { version: String(raw.version ?? ''), rules };
  // 审核公式 live beside the kinds; their shape is checked here, their formulas when compiled against a catalog.
  const f = validateFormulaRules((json as { formulas?: unknown }).formulas, ids);
  problems.push(...f.problems);
  if (f.formulas.length > 0) ruleSet.formulas = f.formulas;
  const perPlan = (json as { planFormulas?: unknown }).planFormulas;
  if (perPlan !== undefined) {
    if (typeof perPlan !== 'object' || perPlan === null || Array.isArray(perPlan))
      problems.push({ zh: '规则文件的 planFormulas 应为以计划编号为键的对象', en: 'planFormulas in a rules file must be an object keyed by plan id' });
    else {
      ruleSet.planFormulas = {};
      for (const [planId, list] of Object.entries(perPlan)) {
        const p = validateFormulaRules(list, ids);
        problems.push(...p.problems.map((x) => ({ zh: `计划“${planId}”：${x.zh}`, en: `Plan "${planId}": ${x.en}` })));
        ruleSet.planFormulas[planId] = p.formulas;
      }
    }
  }
  return { ruleSet, problems };
}
