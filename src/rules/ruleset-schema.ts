/**
 * The rule set as data, declared once with TypeBox: a rules.json file, `PUT /api/rules`'s body, the
 * copy a workbook or plan file carries. The RuleDef type is its Static<>, the OpenAPI document publishes
 * it (store/openapi.ts), and validateRuleSet (ruleset.ts) checks files and bodies with it before the
 * checks a schema cannot say (ids used twice, message placeholders, formulas compiled against a catalog).
 * The words of each place are the ones its editors knew from the hand validator, now with the place.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Bilingual } from '../model/i18n';
import { schemaCheck, type SlotError } from '../model/schema-check';
import type { FormulaRuleDef } from './formula/types';

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

const SEVERITY = Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')], {
  description: 'error = 强制性 (must be fixed before submitting), warning = 核实性 (may stand with a 说明), info = 提示',
});
/** Non-blank text: a name or an id of spaces only would match nothing and read as missing. */
const NonBlank = (description: string) => Type.String({ pattern: '\\S', description });
const BilingualSchema = Type.Object({ zh: Type.String(), en: Type.String() }, { additionalProperties: false });

/** One instance of a built-in kind: a stricter outlier threshold for one indicator, a tolerance of its own. */
export const RuleDefSchema = Type.Object(
  {
    id: NonBlank('stable id; findings carry it as Finding.rule'),
    kind: Type.Union(
      RULE_KINDS.map((k) => Type.Literal(k)),
      { description: 'the built-in check this rule is an instance of' },
    ),
    severity: SEVERITY,
    indicators: Type.Optional(Type.Union([Type.Literal('*'), Type.Array(Type.String())], { description: "'*' (default) or the catalog names or aliases it applies to; ignored by task kinds" })),
    params: Type.Optional(
      Type.Record(Type.String(), Type.Number(), {
        description: 'kind-specific numbers: ratio (unit-mixup), tolerance (growth-consistency, target-approx, target-exact), min/max (share-range), thresholdPct (outlier), extraDecimals (precision)',
      }),
    ),
    description: Type.Optional(BilingualSchema),
  },
  { additionalProperties: false },
);
export type RuleDef = Static<typeof RuleDefSchema>;

/** A list of units, forms or periods: absent, or non-blank texts (a plain string would be read as something else than written). */
const Scope = (description: string) => Type.Optional(Type.Array(NonBlank(description), { description }));

/** A 审核公式 as a statistician writes it in a row of the 审核公式 sheet (rules/formula/types.ts's FormulaRuleDef). */
export const FormulaRuleSchema = Type.Object(
  {
    id: NonBlank('编号: stable id; findings carry it as Finding.rule'),
    formula: NonBlank('公式, e.g. [高技术制造业增加值] <= [规模以上工业增加值]: what must hold'),
    severity: SEVERITY,
    message: Type.Optional(
      Type.Object({ zh: Type.String(), en: Type.Optional(Type.String()) }, { additionalProperties: false, description: '提示信息 with {左值} {右值} {差额} {单位} {报告期} ({left} {right} {diff} {unit} {period})' }),
    ),
    tolerance: Type.Optional(Type.Number({ minimum: 0, description: '容差: how far the two sides may differ and still hold' })),
    units: Scope('适用单位: the 填报单位 it judges; absent or empty: all'),
    forms: Scope('适用报表: form ids (indicators, tasks); absent or empty: all'),
    periods: Scope('适用报告期: 月, 季, 半年, 年, a month number or an exact period (2023-06); absent or empty: all'),
  },
  { additionalProperties: false },
);

// The sheet's type and the declaration must say the same: each assignable to the other, or this fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const formulaTypeAgrees: Same<Static<typeof FormulaRuleSchema>, FormulaRuleDef> = true;
void formulaTypeAgrees;

/** A rules file or `PUT /api/rules` body. `//` holds a comment, as in the bundled templates/catalog/rules.json. */
export const RuleSetSchema = Type.Object(
  {
    '//': Type.Optional(Type.Unknown({ description: 'a comment, kept and ignored' })),
    version: Type.Union([Type.String(), Type.Number()], { description: 'the rule set’s version, as its author names it' }),
    rules: Type.Array(RuleDefSchema),
    formulas: Type.Optional(Type.Array(FormulaRuleSchema, { description: '审核公式 run beside the built-in kinds' })),
    planFormulas: Type.Optional(Type.Record(Type.String(), Type.Array(FormulaRuleSchema), { description: '审核公式 of one plan only, by plan id; run after formulas for that plan' })),
  },
  { additionalProperties: false, description: '审核规则 / the rule set: instances of the built-in kinds and 审核公式' },
);

const RULE_FIELDS = Object.keys(RuleDefSchema.properties).join('、');
const FORMULA_FIELDS = Object.keys(FormulaRuleSchema.properties).join('、');
const SET_FIELDS = Object.keys(RuleSetSchema.properties).join('、');

const SCOPES: Record<string, { zh: string; what: Bilingual }> = {
  units: { zh: '适用单位', what: { zh: '单位名称', en: 'unit names' } },
  forms: { zh: '适用报表', what: { zh: '报表编号（indicators、tasks）', en: 'form ids (indicators, tasks)' } },
  periods: { zh: '适用报告期', what: { zh: '报告期（月、季、6、2023-06 等）', en: 'periods (月, 季, 6, 2023-06 …)' } },
};

/** The name a rule goes by in a message: its id, else its number (#3). */
function nameAt(root: unknown, listSegs: readonly string[], index: string): string {
  let at: unknown = root;
  for (const s of [...listSegs, index, 'id']) at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[s] : undefined;
  return typeof at === 'string' && at.trim() !== '' ? at.trim() : `#${Number(index) + 1}`;
}

function unknownField(what: Bilingual, field: string, fields: string): Bilingual {
  return { zh: `${what.zh}含未知字段 ${field}；可用字段：${fields}，请删去或改正`, en: `${what.en} has an unknown field ${field}; the fields are ${fields.split('、').join(', ')}: remove or correct it` };
}

function ruleWords(rest: readonly string[], name: string, at: number, e: SlotError): Bilingual | null {
  const f = rest[0];
  const kw = e.error.keyword;
  if (f === undefined) return kw === 'additionalProperties' ? null : { zh: `第${at}条规则不是对象`, en: `Rule ${at} is not an object` };
  if (kw === 'additionalProperties' && rest.length === 1) return unknownField({ zh: `规则“${name}”`, en: `Rule "${name}"` }, f, RULE_FIELDS);
  if (f === 'id') return { zh: `第${at}条规则缺少 id，请填写一个不重复的编号`, en: `Rule ${at} has no id; give it one not used by another rule` };
  if (f === 'kind') return { zh: `规则“${name}”的类型“${String(e.x)}”不存在，可用类型：${RULE_KINDS.join('、')}`, en: `Rule "${name}": unknown kind "${String(e.x)}"; kinds are ${RULE_KINDS.join(', ')}` };
  if (f === 'severity') return { zh: `规则“${name}”的严重程度应为 error/warning/info`, en: `Rule "${name}": severity must be error, warning or info` };
  if (f === 'indicators') return { zh: `规则“${name}”的 indicators 应为 "*" 或指标名数组`, en: `Rule "${name}": indicators must be "*" or a list of names` };
  if (f === 'params' && rest.length === 1) return { zh: `规则“${name}”的 params 应为对象，如 {"tolerance": 0.5}`, en: `Rule "${name}": params must be an object, such as {"tolerance": 0.5}` };
  if (f === 'params') return { zh: `规则“${name}”的参数 ${rest[1]} 应为数字`, en: `Rule "${name}": parameter ${rest[1]} must be a number` };
  if (f === 'description') return { zh: `规则“${name}”的说明（description）应为 {zh, en} 两个文字字段`, en: `Rule "${name}": description must be {zh, en}, both text` };
  return null;
}

function formulaWords(rest: readonly string[], name: string, at: number, e: SlotError): Bilingual | null {
  const f = rest[0];
  const kw = e.error.keyword;
  if (f === undefined) return kw === 'additionalProperties' ? null : { zh: `第${at}条审核公式不是对象`, en: `Formula rule ${at} is not an object` };
  // Worded as rules/formula/types.ts words it for a sheet's row, so both ways of writing a rule read alike.
  if (kw === 'additionalProperties' && rest.length === 1)
    return { zh: `审核公式“${name}”含未知字段 ${f}；可用字段：${FORMULA_FIELDS}，请删去`, en: `Formula rule "${name}" has unknown field(s) ${f}; the fields are ${FORMULA_FIELDS.split('、').join(', ')}: remove them` };
  if (f === 'id') return { zh: `第${at}条审核公式缺少编号（id）`, en: `Formula rule ${at} has no id` };
  if (f === 'formula') return { zh: `审核公式“${name}”缺少公式`, en: `Formula rule "${name}" has no formula` };
  if (f === 'severity') return { zh: `审核公式“${name}”的类型应为 error/warning/info（强制性/核实性/提示）`, en: `Formula rule "${name}": severity must be error, warning or info` };
  if (f === 'message') return { zh: `审核公式“${name}”的提示信息（message）应为 {zh, en} 两个文字字段`, en: `Formula rule "${name}": message must be {zh, en}, both text` };
  if (f === 'tolerance') return { zh: `审核公式“${name}”的容差应为非负数`, en: `Formula rule "${name}": tolerance must be a number ≥ 0` };
  const s = SCOPES[f];
  if (s)
    return {
      zh: `审核公式“${name}”的${s.zh}（${f}）应为${s.what.zh}的数组，如 ["…"]；请改正后重新提交`,
      en: `Formula rule "${name}": ${f} must be an array of ${s.what.en}, e.g. ["…"]; correct it and resend`,
    };
  return null;
}

/** The words of the rule set's places (schema-check.ts's SlotWords); null: the shared words. */
function words(slot: string, e: SlotError): Bilingual | null {
  const [top, second] = e.segs;
  const kw = e.error.keyword;
  if (top === undefined || slot === '/rules') return { zh: '规则文件应为含 rules 数组的 JSON 对象', en: 'A rules file must be a JSON object with a rules array' };
  if (e.segs.length === 1 && kw === 'additionalProperties') return unknownField({ zh: '规则文件', en: 'The rules file' }, top, SET_FIELDS);
  if (top === 'version' && kw === 'required') return { zh: '规则文件缺少版本号（version），请写上如 "2026-1"', en: 'The rules file has no version; add one such as "2026-1"' };
  if (top === 'rules' && second !== undefined) return ruleWords(e.segs.slice(2), nameAt(e.root, ['rules'], second), Number(second) + 1, e);
  if (top === 'formulas' && second === undefined) return { zh: '规则文件的 formulas 应为数组', en: 'formulas in a rules file must be an array' };
  if (top === 'formulas') return formulaWords(e.segs.slice(2), nameAt(e.root, ['formulas'], second!), Number(second) + 1, e);
  if (top === 'planFormulas' && slot === '/planFormulas') return { zh: '规则文件的 planFormulas 应为以计划编号为键的对象', en: 'planFormulas in a rules file must be an object keyed by plan id' };
  if (top === 'planFormulas' && e.segs.length === 2) return { zh: `计划“${second}”的审核公式应为数组`, en: `Plan "${second}": its formulas must be an array` };
  if (top === 'planFormulas') {
    const w = formulaWords(e.segs.slice(3), nameAt(e.root, ['planFormulas', second!], e.segs[2]!), Number(e.segs[2]) + 1, e);
    return w && { zh: `计划“${second}”：${w.zh}`, en: `Plan "${second}": ${w.en}` };
  }
  return null;
}

/** The rule set's compiled check; planFormulas and params are records (their keys are plan ids and parameter names). */
export const RULE_SET_CHECK = schemaCheck(RuleSetSchema, ['planFormulas', 'params'], words);
