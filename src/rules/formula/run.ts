/**
 * Running 审核公式 beside the built-in kinds: each rule is evaluated once per unit × period that the
 * checked figures or task reports cover (a form), in the rule's scope, and fires when what it states
 * does not hold. A blank result (a figure not entered, no earlier period, a division by zero) fires
 * nothing; a division by zero and a broken rule are said once, as info, and the other rules still run.
 */
import type { Plan, Target } from '../../model/plan';
import type { Figure, TaskProgress } from '../../model/submission';
import { figurePath, taskPath } from '../../model/submission';
import type { Finding, FindingSubject } from '../../model/finding';
import type { ParsedPeriod } from '../../model/period';
import type { CatalogIndex, IndicatorDef } from '../catalog';
import { Ctx, DefIds } from './context';
import { FormulaData, FIELD_BASE, FIELD_GROWTH, type WantedSeries } from './data';
import { compileFormula, compare, type CompiledFormula } from './compile';
import { fieldKey } from './refs';
import { toNumber } from '../values';
import type { FormulaRuleDef } from './types';
import { formulaMessage, formulaProblem, scopeProblem } from './messages';
import { chooseTargets } from '../target-choice';
import { FORM_BITS, formOf, periodScope, scopeProblems } from './scope';

export interface FormulaInput {
  plan: Plan;
  figures: readonly Figure[];
  tasks?: readonly TaskProgress[];
  history?: readonly Figure[];
  taskHistory?: readonly TaskProgress[];
  /** The form being checked ('indicators', 'tasks'); rules scoped to other forms are skipped. Absent: figures are the indicators form, task reports the tasks form. */
  form?: string;
}

interface Scoped {
  rule: CompiledFormula;
  units: Set<string> | null;
  periods: ((p: ParsedPeriod, raw: string) => boolean) | null;
  /** FORM_BITS of 适用报表 when the caller did not name the form (null: every form). */
  forms: number | null;
}

/**
 * Compiles a rule set's formulas; a rule that does not compile becomes an info finding naming its
 * position, and one whose 适用报表 or 适用报告期 names nothing (a hand-edited rules.json) an info finding
 * naming the word, rather than a rule silently out of scope.
 */
export function compileAll(formulas: readonly FormulaRuleDef[], catalog: CatalogIndex, out: Finding[], ids: DefIds = new DefIds()): CompiledFormula[] {
  const compiled: CompiledFormula[] = [];
  for (const def of formulas) {
    const { compiled: c, errors } = compileFormula(def, catalog, ids);
    const scope = c ? scopeProblems(def) : [];
    for (const p of scope) out.push({ rule: def.id, severity: 'info', subject: { kind: 'submission', orgUnit: '', period: '' }, field: null, message: scopeProblem(def, p), numbers: {}, explained: false });
    if (c && scope.length === 0) compiled.push(c);
    else
      for (const e of errors)
        out.push({ rule: def.id, severity: 'info', subject: { kind: 'submission', orgUnit: '', period: '' }, field: null, message: formulaProblem(def, e), numbers: { position: e.pos + 1 }, explained: false });
  }
  return compiled;
}

/** The forms a unit × period was seen in, as bits: what a rule's 适用报表 is matched against. */
const FIGURES = FORM_BITS.get('indicators')!;
const TASKS = FORM_BITS.get('tasks')!;

/** The periods one unit's checked figures and task reports cover, with the forms each was seen in. */
interface UnitForms {
  raws: string[];
  parsed: ParsedPeriod[];
  forms: number[];
}

/**
 * A check with formulas, in three steps so the engine can feed it the figures it has already resolved:
 * prepare (compile, scope), put each figure, finish (contexts, evaluation). Null when no rule applies.
 *
 * The form of what is checked: `input.form` when the caller names it (the store's submit, the pane and
 * `planbook check` on a workbook check one submission of one form); otherwise each unit × period is of
 * the forms its data came in — checked figures are the indicators form, task reports the tasks form
 * (`planbook check --figures … --tasks …`). A rule with 适用报表 runs on a unit × period only when that
 * is one of its forms, so a rule scoped to a form fires on that form alone, whichever caller checks.
 */
export class FormulaRun {
  private readonly units = new Map<string, UnitForms>();
  private lastUnit: string | null = null;
  private lastForms: UnitForms | null = null;

  private constructor(
    readonly data: FormulaData,
    private readonly scoped: Scoped[],
    private readonly input: FormulaInput,
    private readonly ruleFindings: Finding[],
    private readonly ids: DefIds,
  ) {}

  static prepare(formulas: readonly FormulaRuleDef[], catalog: CatalogIndex, input: FormulaInput): FormulaRun | null {
    if (formulas.length === 0) return null;
    const ruleFindings: Finding[] = [];
    const ids = new DefIds();
    const compiled = compileAll(formulas, catalog, ruleFindings, ids);
    const scoped: Scoped[] = [];
    for (const rule of compiled) {
      const forms = rule.def.forms;
      let mask: number | null = null;
      if (forms) {
        if (input.form !== undefined && !forms.some((f) => formOf(f) === input.form)) continue;
        if (input.form === undefined) mask = forms.reduce((m, f) => m | (FORM_BITS.get(formOf(f) ?? '') ?? 0), 0);
      }
      scoped.push({ rule, units: rule.def.units ? new Set(rule.def.units) : null, periods: periodScope(rule.def.periods), forms: mask });
    }
    const wanted = new Map<IndicatorDef, WantedSeries>();
    for (const s of scoped)
      for (const d of s.rule.used) {
        const w = wanted.get(d) ?? { id: ids.get(d)!, growth: false, base: false };
        const bits = s.rule.defFields.get(d) ?? 0;
        wanted.set(d, { id: w.id, growth: w.growth || (bits & 1) !== 0, base: w.base || (bits & 2) !== 0 });
      }
    const fields = { growth: scoped.some((s) => s.rule.fields.has(FIELD_GROWTH)), base: scoped.some((s) => s.rule.fields.has(FIELD_BASE)) };
    const data = new FormulaData(catalog, wanted, ids.size, fields, scoped.length === 0 ? 0 : input.figures.length + (input.history?.length ?? 0));
    data.sources(input.figures, input.history ?? []);
    return new FormulaRun(data, scoped, input, ruleFindings, ids);
  }

  /** One resolved figure (history first, then the checked ones, as the engine indexes them); `v` is its value as a number (NaN: blank or text). */
  put(f: Figure, d: IndicatorDef, p: ParsedPeriod, v: number, input: boolean, i: number): void {
    if (this.scoped.length === 0) return;
    this.data.put(f, d, p, v, input, i);
    if (input) this.see(f.orgUnit, f.period, p, FIGURES);
  }

  /**
   * Notes that a unit × period is checked, and in which form. Called for every checked figure: a unit's
   * periods are few, so a scan of its short list (strings compared by identity first) beats hashing.
   */
  private see(unit: string, raw: string, p: ParsedPeriod, form: number): void {
    let u: UnitForms | null | undefined = this.lastForms;
    if (unit !== this.lastUnit || !u) {
      u = this.units.get(unit);
      if (!u) this.units.set(unit, (u = { raws: [], parsed: [], forms: [] }));
      this.lastUnit = unit;
      this.lastForms = u;
    }
    const raws = u.raws;
    for (let j = raws.length - 1; j >= 0; j--) {
      if (raws[j] === raw) {
        u.forms[j]! |= form;
        return;
      }
    }
    raws.push(raw);
    u.parsed.push(p);
    u.forms.push(form);
  }

  /** Evaluates every rule on every form (unit × period) of the checked figures and task reports; appends findings. */
  finish(out: Finding[]): void {
    out.push(...this.ruleFindings);
    if (this.scoped.length === 0) return;
    const { data, input } = this;
    if (input.taskHistory) data.addTasks(input.taskHistory, false);
    if (input.tasks) data.addTasks(input.tasks, true);
    for (const t of input.tasks ?? []) {
      const p = data.period(t.period);
      if (p) this.see(t.orgUnit, t.period, p, TASKS);
    }
    const targets = new Map<IndicatorDef, Target[]>();
    for (const t of chooseTargets(input.plan, data.catalogIndex).kept) {
      const d = data.catalogIndex.resolve(t.indicator);
      if (d) targets.set(d, [...(targets.get(d) ?? []), t]);
    }
    const ctx = new Ctx(data, input.plan, targets, this.ids.size);
    ctx.vals = data.vals;
    for (const [unit, u] of this.units) {
      ctx.unit = unit;
      ctx.unitYears = data.byUnit.get(unit);
      for (let j = 0; j < u.raws.length; j++) {
        const raw = u.raws[j]!;
        const p = u.parsed[j]!;
        const forms = u.forms[j]!;
        ctx.year = p.year;
        ctx.month = p.endMonth;
        ctx.step = p.kind === 'month' ? 1 : p.kind === 'quarter' ? 3 : p.kind === 'half' ? 6 : 12;
        ctx.cur = ctx.unitYears?.get(p.year) ?? ctx.none;
        ctx.prev = ctx.unitYears?.get(p.year - 1) ?? ctx.none;
        for (const s of this.scoped) {
          if (s.forms !== null && (s.forms & forms) === 0) continue;
          if (s.units && !s.units.has(unit)) continue;
          if (s.periods && !s.periods(p, raw)) continue;
          evaluate(s.rule, ctx, raw, out);
        }
      }
    }
    data.release();
  }
}

/**
 * Evaluates the formula rules over the checked figures and task reports and appends findings to `out`.
 * Never throws: a rule that fails at run time is reported as info and skipped. (The engine feeds a
 * FormulaRun figure by figure instead; this is the same for callers without the engine.)
 */
export function runFormulas(formulas: readonly FormulaRuleDef[], catalog: CatalogIndex, input: FormulaInput, out: Finding[]): void {
  const run = FormulaRun.prepare(formulas, catalog, input);
  if (!run) return;
  const feed = (list: readonly Figure[], isInput: boolean): void => {
    for (let i = 0; i < list.length; i++) {
      const f = list[i]!;
      const d = typeof f.indicator === 'string' ? catalog.resolve(f.indicator) : null;
      const p = run.data.period(f.period);
      const v = toNumber(f.value);
      if (d && p) run.put(f, d, p, v === null ? NaN : v, isInput, i);
    }
  };
  feed(input.history ?? [], false);
  feed(input.figures, true);
  run.finish(out);
}

function evaluate(r: CompiledFormula, c: Ctx, period: string, out: Finding[]): void {
  c.divZero = false;
  let l: number;
  let rv = NaN;
  let holds: number;
  try {
    l = r.left(c);
    if (r.op !== null) {
      rv = r.right!(c);
      holds = compare(r.op, l, rv, r.tolerance);
    } else holds = Number.isNaN(l) ? NaN : l !== 0 ? 1 : 0;
  } catch {
    out.push(finding(r, c, period, 'info', formulaMessage(r, 'failed', period, NaN, NaN), {}));
    return;
  }
  if (c.divZero) {
    out.push(finding(r, c, period, 'info', formulaMessage(r, 'div-zero', period, NaN, NaN), {}));
    return;
  }
  if (holds !== 0) return;
  const numbers: Record<string, number | null> = r.op !== null ? { left: l, right: rv, diff: l - rv } : { left: l };
  out.push(finding(r, c, period, r.def.severity, formulaMessage(r, 'fires', period, l, rv), numbers));
}

function finding(r: CompiledFormula, c: Ctx, period: string, severity: Finding['severity'], message: Finding['message'], numbers: Record<string, number | null>): Finding {
  // Every cell of the unit and period the formula read; the subject is the first one on the form being checked.
  const reads: string[] = [];
  let subject: FindingSubject | null = null;
  let fallback: FindingSubject | null = null;
  let field: string | null = null;
  let note = '';
  const take = (s: FindingSubject, path: string, onForm: boolean, n: string): void => {
    reads.push(path);
    if (onForm && !subject) {
      subject = s;
      field = path;
      note = n;
    }
    if (!fallback) fallback = s;
  };
  for (const cell of r.reads) {
    const o = c.cur[cell.id]! - 1;
    const at = o < 0 ? undefined : c.data.figureAt(o, c.month);
    if (!at) continue;
    const name = at.figure.indicator;
    take({ kind: 'figure', orgUnit: c.unit, indicator: name, period }, figurePath(name, fieldKey(cell.off)), at.input, typeof at.figure.note === 'string' ? at.figure.note : '');
  }
  for (const no of r.tasks) {
    const own = c.data.tasks
      .get(c.unit)
      ?.get(no)
      ?.get(c.year * 100 + c.month);
    if (own) take({ kind: 'task', orgUnit: c.unit, taskNo: no, period }, taskPath(no, 'progress'), own.input, own.note);
  }
  // Read only other periods or units ([X]@上期, 汇总): the finding goes to the row of the first indicator it names
  // on the form checked, so that row's 说明 can explain a 核实性 finding (F6.1); it is not a cell it read.
  for (const cell of subject ? [] : r.named) {
    const o = c.cur[cell.id]! - 1;
    const at = o < 0 ? undefined : c.data.figureAt(o, c.month);
    if (!at?.input) continue;
    const name = at.figure.indicator;
    subject = { kind: 'figure', orgUnit: c.unit, indicator: name, period };
    field = figurePath(name, 'value');
    note = typeof at.figure.note === 'string' ? at.figure.note : '';
    break;
  }
  // None of them is on the form yet (a 汇总 rule on a unit without that row): the finding still names the
  // first indicator's row, so the unit knows where its 说明 goes (fill adds the rows of the formulas scoped to it).
  const first = r.named[0];
  if (!subject && !field && first) field = figurePath(first.def.name, 'value');
  return {
    rule: r.def.id,
    severity,
    subject: subject ?? fallback ?? { kind: 'submission', orgUnit: c.unit, period },
    field,
    message,
    numbers,
    explained: severity === 'warning' && note.trim() !== '',
    reads,
  };
}
