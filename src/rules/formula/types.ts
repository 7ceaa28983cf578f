/**
 * A 审核公式 rule as data: what a statistician writes in a row of the 审核公式 sheet, and what
 * rules.json (RuleSet.formulas) and the store keep. Validation here checks the shape only; whether the
 * formula means anything is decided by compileFormulas against a catalog.
 */
import type { Bilingual } from '../../model/i18n';
import type { Severity } from '../../model/finding';
import { placeholderProblem, unknownPlaceholders } from './placeholders';

export interface FormulaRuleDef {
  /** Stable id (编号); findings carry it as Finding.rule. */
  id: string;
  /** The formula (公式), e.g. `[高技术制造业增加值] <= [规模以上工业增加值]`: what must hold. */
  formula: string;
  /** error = 强制性 (must be fixed), warning = 核实性 (may stand with a 说明), info = 提示. */
  severity: Severity;
  /** 提示信息 with {左值} {右值} {差额} {单位} {报告期} filled in; English optional ({left} {right} {diff} {unit} {period}). */
  message?: { zh: string; en?: string };
  /** 容差: how far the two sides of the comparison may differ and still hold (a `±` in the formula wins). */
  tolerance?: number;
  /** 适用单位: the units it judges; absent or empty: all. */
  units?: string[];
  /** 适用报表: form ids ('indicators', 'tasks'); absent or empty: all. */
  forms?: string[];
  /** 适用报告期: period kinds (月, 季, 半年, 年), month numbers ('6', '12') or exact periods ('2023-06'); absent or empty: all. */
  periods?: string[];
}

const SEVERITIES: readonly string[] = ['error', 'warning', 'info'];

/** The fields a rule may have: anything else (a typo, `__proto__`) is refused rather than silently dropped. */
const FIELDS: ReadonlySet<string> = new Set(['id', 'formula', 'severity', 'message', 'tolerance', 'units', 'forms', 'periods']);

const SCOPES = {
  units: { zh: '适用单位', what: { zh: '单位名称', en: 'unit names' } },
  forms: { zh: '适用报表', what: { zh: '报表编号（indicators、tasks）', en: 'form ids (indicators, tasks)' } },
  periods: { zh: '适用报告期', what: { zh: '报告期（月、季、6、2023-06 等）', en: 'periods (月, 季, 6, 2023-06 …)' } },
} as const;

/**
 * A scope list (units, forms, periods): absent, or an array of non-blank strings — a plain string is
 * refused, since read as a list it would mean something else than written, and export could not keep it.
 */
function scope(r: Record<string, unknown>, key: keyof typeof SCOPES, name: string, problems: Bilingual[]): string[] | undefined {
  const x = r[key];
  if (x === undefined) return undefined;
  if (!Array.isArray(x) || !x.every((s) => typeof s === 'string' && s.trim() !== '')) {
    const s = SCOPES[key];
    problems.push({
      zh: `审核公式“${name}”的${s.zh}（${key}）应为${s.what.zh}的数组，如 ["…"]；请改正后重新提交`,
      en: `Formula rule "${name}": ${key} must be an array of ${s.what.en}, e.g. ["…"]; correct it and resend`,
    });
    return undefined;
  }
  const out = (x as string[]).map((s) => s.trim());
  return out.length > 0 ? out : undefined;
}

/**
 * Checks the shape of RuleSet.formulas from a rules file or an HTTP body: every problem, bilingual; a
 * bad entry is dropped without hiding the others. Formula syntax is not checked here.
 */
export function validateFormulaRules(json: unknown, takenIds: ReadonlySet<string> = new Set()): { formulas: FormulaRuleDef[]; problems: Bilingual[] } {
  const problems: Bilingual[] = [];
  const formulas: FormulaRuleDef[] = [];
  if (json === undefined) return { formulas, problems };
  if (!Array.isArray(json)) return { formulas, problems: [{ zh: '规则文件的 formulas 应为数组', en: 'formulas in a rules file must be an array' }] };
  const ids = new Set(takenIds);
  json.forEach((x, i) => {
    const at = i + 1;
    if (typeof x !== 'object' || x === null) {
      problems.push({ zh: `第${at}条审核公式不是对象`, en: `Formula rule ${at} is not an object` });
      return;
    }
    const r = x as Partial<Record<keyof FormulaRuleDef, unknown>> & Record<string, unknown>;
    const id = typeof r.id === 'string' && r.id.trim() !== '' ? r.id.trim() : null;
    const name = id ?? `#${at}`;
    const before = problems.length;
    const extra = Object.keys(r).filter((k) => !FIELDS.has(k));
    if (extra.length > 0)
      problems.push({
        zh: `审核公式“${name}”含未知字段 ${extra.join('、')}；可用字段：${[...FIELDS].join('、')}，请删去`,
        en: `Formula rule "${name}" has unknown field(s) ${extra.join(', ')}; the fields are ${[...FIELDS].join(', ')}: remove them`,
      });
    const dup = id !== null && ids.has(id);
    if (!id) problems.push({ zh: `第${at}条审核公式缺少编号（id）`, en: `Formula rule ${at} has no id` });
    else if (dup) problems.push({ zh: `规则编号“${id}”重复`, en: `Rule id "${id}" is used twice` });
    const formula = typeof r.formula === 'string' && r.formula.trim() !== '' ? r.formula : null;
    if (!formula) problems.push({ zh: `审核公式“${name}”缺少公式`, en: `Formula rule "${name}" has no formula` });
    const severity = typeof r.severity === 'string' && SEVERITIES.includes(r.severity) ? (r.severity as Severity) : null;
    if (!severity) problems.push({ zh: `审核公式“${name}”的类型应为 error/warning/info（强制性/核实性/提示）`, en: `Formula rule "${name}": severity must be error, warning or info` });
    let message: FormulaRuleDef['message'];
    const m = r.message as { zh?: unknown; en?: unknown } | undefined;
    if (m !== undefined) {
      const keysOk = typeof m === 'object' && m !== null && !Array.isArray(m) && Object.keys(m).every((k) => k === 'zh' || k === 'en');
      if (keysOk && typeof m.zh === 'string' && (m.en === undefined || typeof m.en === 'string')) {
        message = typeof m.en === 'string' && m.en !== '' ? { zh: m.zh, en: m.en } : { zh: m.zh };
        const unknown = unknownPlaceholders(`${message.zh}${message.en ?? ''}`);
        if (unknown.length > 0) {
          const p = placeholderProblem(unknown);
          problems.push({ zh: `审核公式“${name}”：${p.zh}`, en: `Formula rule "${name}": ${p.en}` });
        }
      } else problems.push({ zh: `审核公式“${name}”的提示信息（message）应为 {zh, en} 两个文字字段`, en: `Formula rule "${name}": message must be {zh, en}, both text` });
    }
    let tolerance: number | undefined;
    if (r.tolerance !== undefined) {
      if (typeof r.tolerance === 'number' && Number.isFinite(r.tolerance) && r.tolerance >= 0) tolerance = r.tolerance;
      else problems.push({ zh: `审核公式“${name}”的容差应为非负数`, en: `Formula rule "${name}": tolerance must be a number ≥ 0` });
    }
    const units = scope(r, 'units', name, problems);
    const forms = scope(r, 'forms', name, problems);
    const periods = scope(r, 'periods', name, problems);
    // A rule with any problem is dropped whole: kept in part, it would mean something else than written.
    if (id && !dup && formula && severity && problems.length === before) {
      ids.add(id);
      const def: FormulaRuleDef = { id, formula, severity };
      if (message) def.message = message;
      if (tolerance !== undefined) def.tolerance = tolerance;
      if (units) def.units = units;
      if (forms) def.forms = forms;
      if (periods) def.periods = periods;
      formulas.push(def);
    }
  });
  return { formulas, problems };
}
