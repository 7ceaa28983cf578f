/**
 * Formula tree → closures, once per rule set. Names are resolved here (indicators through the catalog
 * with its aliases, functions through the fixed table, fields and periods through their word lists),
 * so evaluating a rule is calling a closure over indexed Float64Arrays: no parsing, no lookups by name.
 * Every problem is reported with its position in the formula, in Chinese and English.
 */
import type { Bilingual } from '../../model/i18n';
import type { CatalogIndex, IndicatorDef } from '../catalog';
import { DefIds, type Fn } from './context';
import { parseFormula, type BinOp, type FormulaError, type Node } from './syntax';
import { compilePeriod, compileRead, fieldOffset, periodStep, FIELD_WORDS } from './refs';
import { lookupFunction, FUNCTION_NAMES, type Arg } from './functions';
import { suggestIndicator } from './suggest';
import { TASK_STATUS_CODES, FIELD_BASE, FIELD_GROWTH } from './data';
import { parseTaskStatus } from '../../model/submission';
import type { FormulaRuleDef } from './types';
import { constantOf } from './constant';

export type CompareOp = '=' | '<>' | '<' | '>' | '<=' | '>=';

/** An indicator the formula reads in the checked period itself: what a finding points at and annotate marks. */
export interface ReadCell {
  def: IndicatorDef;
  /** Its DefIds number. */
  id: number;
  off: number;
}

export interface CompiledFormula {
  def: FormulaRuleDef;
  /** The left side (or the whole formula when it is not a comparison). */
  left: Fn;
  right: Fn | null;
  op: CompareOp | null;
  /** ± in the formula, else the rule's 容差, else 0. */
  tolerance: number;
  /** Cells of the checked unit and period the formula reads, in formula order, without repeats. */
  reads: ReadCell[];
  /** Task numbers the formula reads (任务进度/任务状态), for a finding about a task. */
  tasks: number[];
  /** Sections it sums over (汇总([X], "板块")): checked against the plan where a rule is written (scope.ts). */
  sections: string[];
  /** Every indicator the formula names, in any period, in formula order: where a finding goes when it read no cell of the checked period. */
  named: ReadCell[];
  /** Every indicator the formula names, in any period. */
  used: Set<IndicatorDef>;
  /** The fields it reads (FIELD_VALUE, FIELD_GROWTH, FIELD_BASE): which pools the data must keep. */
  fields: Set<number>;
  /** Per indicator, the fields it is read by (FIELD_GROWTH and FIELD_BASE as bits 1 and 2): which series need which pools. */
  defFields: Map<IndicatorDef, number>;
}

const COMPARE: ReadonlySet<BinOp> = new Set<BinOp>(['=', '<>', '<', '>', '<=', '>=']);

/** Each problem once: two sides of `"abc" = "abc"` are one mistake to the reader, not two lines. */
function distinct(errors: readonly FormulaError[]): FormulaError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.pos}\u0001${e.message.zh}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Tolerance-aware comparison; a blank side gives blank. `tol` already includes a hair for binary fractions. */
export function compare(op: CompareOp, l: number, r: number, tol: number): number {
  if (Number.isNaN(l) || Number.isNaN(r)) return NaN;
  const t = tol + 1e-9 * Math.max(1, Math.abs(l), Math.abs(r));
  switch (op) {
    case '=':
      return Math.abs(l - r) <= t ? 1 : 0;
    case '<>':
      return Math.abs(l - r) > t ? 1 : 0;
    case '<':
      return l < r + tol ? 1 : 0;
    case '>':
      return l > r - tol ? 1 : 0;
    case '<=':
      return l <= r + t ? 1 : 0;
    case '>=':
      return l >= r - t ? 1 : 0;
  }
}

class Compiler {
  readonly errors: FormulaError[] = [];
  readonly reads: ReadCell[] = [];
  readonly tasks: number[] = [];
  readonly sections: string[] = [];
  readonly named: ReadCell[] = [];
  /** Every indicator named anywhere (any period, inside 汇总): what the data index must keep. */
  readonly used = new Set<IndicatorDef>();
  readonly fields = new Set<number>();
  readonly defFields = new Map<IndicatorDef, number>();

  constructor(
    private readonly catalog: CatalogIndex,
    private readonly ids: DefIds,
  ) {}

  fail(pos: number, message: Bilingual): null {
    this.errors.push({ pos, message });
    return null;
  }

  /** A node as a compiled argument; strings are kept as they are (only task numbers and sections take them). */
  arg(n: Node, readsCell = true): Arg | null {
    if (n.k === 'str') return { fn: () => NaN, str: n.v, ref: null };
    if (n.k === 'num') return { fn: this.node(n)!, str: String(n.v), ref: null };
    if (n.k === 'ref') {
      const r = this.ref(n, readsCell);
      return r ? { fn: compileRead(r.def, r.id, r.off, r.period, r.step, r.current), str: null, ref: r } : null;
    }
    const fn = this.node(n);
    return fn ? { fn, str: null, ref: null } : null;
  }

  ref(n: Extract<Node, { k: 'ref' }>, readsCell = true): Arg['ref'] {
    const def = this.catalog.resolve(n.name);
    if (!def) {
      const near = suggestIndicator(this.catalog.catalog, n.name);
      return this.fail(
        n.pos,
        near
          ? { zh: `未知指标“${n.name}”，是否指 ${near}？`, en: `unknown indicator "${n.name}", did you mean ${near}?` }
          : { zh: `未知指标“${n.name}”：指标目录中没有这个名称或别名`, en: `unknown indicator "${n.name}": no such name or alias in the indicator catalog` },
      );
    }
    this.used.add(def);
    if (!this.named.some((x) => x.def === def)) this.named.push({ def, id: this.ids.id(def), off: 0 });
    const off = fieldOffset(n.field);
    if (off === null) return this.fail(n.pos, { zh: `指标“${n.name}”没有字段“${n.field}”；可用字段：${FIELD_WORDS}`, en: `indicator "${n.name}" has no field "${n.field}"; fields are ${FIELD_WORDS}` });
    const period = compilePeriod(n.period);
    if (typeof period !== 'function') return this.fail(n.pos, period);
    this.fields.add(off < 0 ? 0 : off);
    this.defFields.set(def, (this.defFields.get(def) ?? 0) | (off === FIELD_GROWTH ? 1 : off === FIELD_BASE ? 2 : 0));
    if (readsCell && (n.period === null || n.period === '本期')) {
      const key = off < 0 ? 0 : off;
      if (!this.reads.some((r) => r.def === def && r.off === key)) this.reads.push({ def, id: this.ids.id(def), off: key });
    }
    return { def, id: this.ids.id(def), off, period, step: periodStep(n.period), current: n.period === null || n.period === '本期' };
  }

  node(n: Node): Fn | null {
    switch (n.k) {
      case 'num': {
        const v = n.v;
        return () => v;
      }
      case 'str':
        return this.fail(n.pos, { zh: `文字“${n.v}”只能用作任务编号、任务状态或板块名称`, en: `text "${n.v}" may only be a task number, a task status or a section name` });
      case 'ref': {
        const r = this.ref(n);
        return r ? compileRead(r.def, r.id, r.off, r.period, r.step, r.current) : null;
      }
      case 'neg': {
        const a = this.node(n.a);
        return a ? (c) => -a(c) : null;
      }
      case 'call':
        return this.call(n);
      case 'bin':
        return this.bin(n);
    }
  }

  call(n: Extract<Node, { k: 'call' }>): Fn | null {
    const spec = lookupFunction(n.fn);
    if (!spec) return this.fail(n.pos, { zh: `不认识的函数“${n.fn}”；可用函数：${FUNCTION_NAMES}`, en: `unknown function "${n.fn}"; functions are ${FUNCTION_NAMES}` });
    if (n.args.length < spec.min || n.args.length > spec.max) {
      const want = spec.min === spec.max ? `${spec.min}` : `${spec.min}–${spec.max}`;
      return this.fail(n.pos, { zh: `函数 ${n.fn} 需要 ${want} 个参数，这里有 ${n.args.length} 个`, en: `${n.fn} takes ${want} argument(s), not ${n.args.length}` });
    }
    if (spec.needsRef && n.args[0]?.k !== 'ref')
      return this.fail(n.pos, { zh: `函数 ${n.fn} 的第一个参数应为指标引用，如 ${n.fn}([地区生产总值])`, en: `the first argument of ${n.fn} must be an indicator reference, e.g. ${n.fn}([地区生产总值])` });
    const args: Arg[] = [];
    for (const [i, a] of n.args.entries()) {
      const c = this.arg(a, !(i === 0 && spec.readsCell === false));
      if (!c) return null;
      args.push(c);
    }
    const built = spec.build(args);
    if (typeof built !== 'function') return this.fail(n.pos, built);
    if (/^(任务进度|任务状态|TASKPROGRESS|TASKSTATUS)$/i.test(n.fn)) {
      const no = Number(args[0]!.str);
      if (!this.tasks.includes(no)) this.tasks.push(no);
    }
    const section = /^(汇总|SUMUNITS)$/i.test(n.fn) ? args[1]?.str : undefined;
    if (section !== undefined && section !== null && !this.sections.includes(section)) this.sections.push(section);
    return built;
  }

  /**
   * Whether `n` compares a comparison (a > b > c reads as (a > b) > c, a 1 or 0 against c): never what is
   * meant, so it is refused (and said) rather than judged.
   */
  chained(n: Extract<Node, { k: 'bin' }>): boolean {
    if (!COMPARE.has(n.op) || !((n.l.k === 'bin' && COMPARE.has(n.l.op)) || (n.r.k === 'bin' && COMPARE.has(n.r.op)))) return false;
    this.fail(n.pos, {
      zh: '不能连写比较（如 a > b > c）：比较的结果只是“成立/不成立”；请用 AND 组合，如 AND(a > b, b > c)',
      en: 'comparisons cannot be chained (a > b > c): a comparison gives only true or false; combine them with AND, e.g. AND(a > b, b > c)',
    });
    return true;
  }

  /** 任务状态(n) = "已完成": the label becomes its status code here, once. */
  statusLiteral(n: Node, other: Node): Fn | null | undefined {
    if (n.k !== 'str' || other.k !== 'call' || !/^(任务状态|TASKSTATUS)$/i.test(other.fn)) return undefined;
    const st = parseTaskStatus(n.v);
    if (!st) return this.fail(n.pos, { zh: `任务状态“${n.v}”不存在；可用：未启动、推进中、已完成、滞后`, en: `task status "${n.v}" does not exist; use 未启动, 推进中, 已完成 or 滞后` });
    const code = TASK_STATUS_CODES.indexOf(st);
    return () => code;
  }

  side(n: Node, other: Node): Fn | null {
    const s = this.statusLiteral(n, other);
    return s === undefined ? this.node(n) : s;
  }

  bin(n: Extract<Node, { k: 'bin' }>): Fn | null {
    if (n.op === '±') return this.fail(n.pos, { zh: '“±”只能跟在整条比较式之后，如 [A] = [B] ± 0.1', en: '"±" may only follow a whole comparison, e.g. [A] = [B] ± 0.1' });
    if (this.chained(n)) return null;
    if (n.op === '/' && constantOf(n.r) === 0)
      return this.fail(n.r.pos, { zh: '除数是常数0，这个公式永远无法计算；请改正除数', en: 'the divisor is the constant 0, so the formula can never be computed; correct the divisor' });
    const l = this.side(n.l, n.r);
    const r = this.side(n.r, n.l);
    if (!l || !r) return null;
    if (COMPARE.has(n.op)) {
      const op = n.op as CompareOp;
      return (c) => compare(op, l(c), r(c), 0);
    }
    switch (n.op) {
      case '+':
        return (c) => l(c) + r(c);
      case '-':
        return (c) => l(c) - r(c);
      case '*':
        return (c) => l(c) * r(c);
      default:
        return (c) => {
          const d = r(c);
          const x = l(c);
          if (d === 0 && !Number.isNaN(x)) {
            c.divZero = true;
            return NaN;
          }
          return x / d;
        };
    }
  }
}

/**
 * Compiles one rule against a catalog. Returns the compiled rule or every error found, each with its
 * 0-based position. A formula must state what holds: a comparison (optionally `± tolerance`) or a
 * logical function (AND, OR, NOT, ISBLANK, IF); `[A] + [B]` alone says nothing and is refused.
 */
export function compileFormula(def: FormulaRuleDef, catalog: CatalogIndex, ids: DefIds = new DefIds()): { compiled: CompiledFormula | null; errors: FormulaError[] } {
  const { tree, error } = parseFormula(def.formula);
  if (!tree) return { compiled: null, errors: [error!] };
  const cc = new Compiler(catalog, ids);
  let top = tree;
  let tolerance = def.tolerance ?? 0;
  if (top.k === 'bin' && top.op === '±') {
    const t = top.r.k === 'neg' ? null : top.r;
    if (!t || t.k !== 'num' || t.v < 0) cc.fail(top.r.pos, { zh: '“±”后应为非负数字，如 ± 0.1', en: '"±" must be followed by a number ≥ 0, e.g. ± 0.1' });
    else tolerance = t.v;
    top = top.l;
    if (top.k !== 'bin' || !COMPARE.has(top.op)) cc.fail(top.pos, { zh: '“±”前应为比较式，如 [A] = [B] ± 0.1', en: '"±" must follow a comparison, e.g. [A] = [B] ± 0.1' });
  }
  let left: Fn | null = null;
  let right: Fn | null = null;
  let op: CompareOp | null = null;
  if (top.k === 'bin' && COMPARE.has(top.op) && !cc.chained(top)) {
    op = top.op as CompareOp;
    left = cc.side(top.l, top.r);
    right = cc.side(top.r, top.l);
  } else if (top.k === 'call' && /^(AND|OR|NOT|ISBLANK|IF|且|或|非|为空|如果)$/i.test(top.fn)) {
    if (/^(IF|如果)$/i.test(top.fn) && top.args.length === 2)
      // Excel's IF(c, x) is FALSE when c does not hold; as a whole rule that fires on every unit where c is false.
      cc.fail(top.pos, {
        zh: `整条公式为 ${top.fn}(条件, 结果) 时，条件不成立即为“不成立”（与 Excel 相同），规则会报错；请写第三个参数，如 ${top.fn}(条件, 结果, TRUE)`,
        en: `a whole formula ${top.fn}(condition, result) is false wherever the condition does not hold (as in Excel), so the rule would fire there; give the third argument, e.g. ${top.fn}(condition, result, TRUE)`,
      });
    else left = cc.node(top);
  } else if (cc.errors.length === 0) {
    cc.fail(top.pos, {
      zh: '公式应为比较式（=、<>、<、>、<=、>=）或逻辑函数（AND、OR、NOT、ISBLANK、IF），说明什么情况下数据是对的',
      en: 'a formula must be a comparison (=, <>, <, >, <=, >=) or a logical function (AND, OR, NOT, ISBLANK, IF) stating when the figures are right',
    });
  }
  if (cc.errors.length > 0 || !left || (op !== null && !right)) return { compiled: null, errors: distinct(cc.errors) };
  return { compiled: { def, left, right, op, tolerance, reads: cc.reads, tasks: cc.tasks, sections: cc.sections, named: cc.named, used: cc.used, fields: cc.fields, defFields: cc.defFields }, errors: [] };
}
