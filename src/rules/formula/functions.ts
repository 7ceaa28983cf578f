/**
 * The functions a formula may call, and nothing else: a fixed table keyed by name (Chinese or
 * English, any case), looked up in a Map so no name reaches an object's prototype. Blank (NaN)
 * follows Excel where it can: SUM, MIN and MAX skip blanks; the others pass a blank on.
 */
import type { Bilingual } from '../../model/i18n';
import type { ParsedPeriod } from '../../model/period';
import { judgeTarget } from '../target';
import type { IndicatorDef } from '../catalog';
import type { Ctx, Fn, PeriodFn } from './context';

/** A compiled argument: its closure, and when it is a plain indicator reference, what it names. */
export interface Arg {
  fn: Fn;
  str: string | null;
  ref: { def: IndicatorDef; id: number; off: number; period: PeriodFn; step: number | null; current: boolean } | null;
}

interface Spec {
  min: number;
  max: number;
  /** Requires its first argument to be an [indicator] reference. */
  needsRef?: boolean;
  /**
   * False when the function uses its reference only to name the indicator (目标, 全年目标数 read the
   * plan, not the cell), so a finding does not point at, nor annotate mark, a cell the formula never read.
   */
  readsCell?: false;
  build(args: Arg[]): Fn | Bilingual;
}

const blankSkipping =
  (init: number, step: (acc: number, v: number) => number) =>
  (args: Arg[]): Fn => {
    const fns = args.map((a) => a.fn);
    return (c) => {
      let acc = NaN;
      for (const f of fns) {
        const v = f(c);
        if (Number.isNaN(v)) continue;
        acc = Number.isNaN(acc) ? step(init, v) : step(acc, v);
      }
      return acc;
    };
  };

function unary(op: (x: number) => number) {
  return (args: Arg[]): Fn => {
    const f = args[0]!.fn;
    return (c) => op(f(c));
  };
}

const truth = (x: number): number => (Number.isNaN(x) ? NaN : x !== 0 ? 1 : 0);

/** The targets of an indicator in the checked year (the plan may hold several years). */
function targetOf(c: Ctx, def: IndicatorDef, year: number) {
  const list = c.targets.get(def);
  if (!list) return undefined;
  for (const t of list) if (t.year === year) return t;
  return undefined;
}

/** The checked unit's value of an indicator at a year and month, NaN when blank. */
function valueAt(c: Ctx, id: number, year: number, month: number): number {
  const o = c.slot(id, year) - 1;
  return o < 0 ? NaN : c.vals[o + month]!;
}

/**
 * 全年目标数: the annual amount judgeTarget derives (stated, a level's value, or last year × (1 + growth)),
 * as the district report's row does: last year is the checked unit's own year-end figure, else the one
 * the plan's documents publish (report/plan-history.ts), so a growth target has its amount in a unit's
 * first year too.
 */
function annualAmount(c: Ctx, def: IndicatorDef, id: number, key: number): number {
  if (key < 0) return NaN;
  const year = (key / 100) | 0;
  const t = targetOf(c, def, year);
  if (!t) return NaN;
  const own = valueAt(c, id, year - 1, 12);
  const last = Number.isNaN(own) ? c.publishedYearEnd(def, year - 1) : own;
  const month = key % 100;
  const period: ParsedPeriod = { kind: 'month', year, index: month, endMonth: month };
  const v = judgeTarget(t, { value: null, growth: null, measureUnit: def.measureUnit }, { period, cumulative: def.kind === 'flow', lastYear: Number.isNaN(last) ? null : last });
  return v.amount ?? NaN;
}

const STATUS_NEEDS_NUMBER: Bilingual = { zh: '任务编号应为数字，如 任务进度(12)', en: 'a task number must be a number, e.g. 任务进度(12)' };

function taskNo(a: Arg): number | Bilingual {
  const n = a.str !== null ? Number(a.str) : NaN;
  return Number.isInteger(n) && n > 0 ? n : STATUS_NEEDS_NUMBER;
}

/** 任务进度(n) / 任务状态(n): one field of task n as the checked unit reported it for the checked period. */
function taskField(field: 'progress' | 'status'): Spec {
  return {
    min: 1,
    max: 1,
    build: ([a]) => {
      const no = taskNo(a!);
      if (typeof no !== 'number') return no;
      return (c) => c.data.task(c.unit, no, c.year * 100 + c.month)?.[field] ?? NaN;
    },
  };
}

/**
 * AND (`decisive` 0) and OR (`decisive` 1) over 1–255 conditions, Excel's three-valued way: the first
 * condition that is `decisive` decides; otherwise a blank condition makes the result blank (NaN), and
 * with none blank the result is the other truth value.
 */
function logical(decisive: 0 | 1): Spec {
  return {
    min: 1,
    max: 255,
    build: (args) => {
      const fns = args.map((a) => a.fn);
      return (c) => {
        let blank = false;
        for (const f of fns) {
          const v = truth(f(c));
          if (v === decisive) return decisive;
          if (Number.isNaN(v)) blank = true;
        }
        return blank ? NaN : 1 - decisive;
      };
    },
  };
}

const SPECS: [string[], Spec][] = [
  [['SUM', '求和'], { min: 1, max: 255, build: blankSkipping(0, (a, v) => a + v) }],
  [['MIN', '最小值'], { min: 1, max: 255, build: blankSkipping(Infinity, (a, v) => Math.min(a, v)) }],
  [['MAX', '最大值'], { min: 1, max: 255, build: blankSkipping(-Infinity, (a, v) => Math.max(a, v)) }],
  [['ABS', '绝对值'], { min: 1, max: 1, build: unary(Math.abs) }],
  [['NOT', '非'], { min: 1, max: 1, build: unary((x) => (Number.isNaN(x) ? NaN : x === 0 ? 1 : 0)) }],
  [['ISBLANK', '为空'], { min: 1, max: 1, build: unary((x) => (Number.isNaN(x) ? 1 : 0)) }],
  [
    ['ROUND', '四舍五入'],
    {
      min: 1,
      max: 2,
      build: (args) => {
        const x = args[0]!.fn;
        const d = args[1]?.fn ?? (() => 0);
        return (c) => {
          const f = 10 ** Math.max(-10, Math.min(10, Math.trunc(d(c))));
          const v = x(c);
          return (Math.sign(v) * Math.round(Math.abs(v) * f + 1e-9)) / f;
        };
      },
    },
  ],
  [
    ['IF', '如果'],
    {
      min: 2,
      max: 3,
      build: (args) => {
        const [t, a, b] = [args[0]!.fn, args[1]!.fn, args[2]?.fn ?? (() => 0)];
        return (c) => {
          const x = t(c);
          return Number.isNaN(x) ? NaN : x !== 0 ? a(c) : b(c);
        };
      },
    },
  ],
  [['AND', '且'], logical(0)],
  [['OR', '或'], logical(1)],
  [['时间进度', 'TIMEPROGRESS'], { min: 0, max: 0, build: () => (c) => (c.month / 12) * 100 }],
  [
    ['目标', 'TARGET'],
    {
      min: 1,
      max: 1,
      needsRef: true,
      readsCell: false,
      build: ([a]) => {
        const { def, period } = a!.ref!;
        return (c) => {
          const k = period(c);
          const t = k < 0 ? undefined : targetOf(c, def, (k / 100) | 0);
          return t && t.value !== null ? t.value : NaN;
        };
      },
    },
  ],
  [
    ['全年目标数', 'ANNUALTARGET'],
    {
      min: 1,
      max: 1,
      needsRef: true,
      readsCell: false,
      build: ([a]) => {
        const { def, id, period } = a!.ref!;
        return (c) => annualAmount(c, def, id, period(c));
      },
    },
  ],
  [
    ['完成率', 'COMPLETION'],
    {
      min: 1,
      max: 1,
      needsRef: true,
      build: ([a]) => {
        const { def, id, period } = a!.ref!;
        const value = a!.fn;
        return (c) => {
          const amount = annualAmount(c, def, id, period(c));
          return amount === 0 || Number.isNaN(amount) ? NaN : (value(c) / amount) * 100;
        };
      },
    },
  ],
  [['任务进度', 'TASKPROGRESS'], taskField('progress')],
  [['任务状态', 'TASKSTATUS'], taskField('status')],
  [
    ['汇总', 'SUMUNITS'],
    {
      min: 1,
      max: 2,
      needsRef: true,
      build: (args) => {
        const { id, period } = args[0]!.ref!;
        // The sum of a period's own amounts is not kept per unit; 汇总 reads the field as entered (当期 reads the value).
        const off = Math.max(0, args[0]!.ref!.off);
        const section = args[1]?.str ?? null;
        return (c) => {
          const k = period(c);
          if (k < 0) return NaN;
          const units = section === null ? null : c.sectionUnits(section);
          let sum = NaN;
          const year = (k / 100) | 0;
          const pool = c.data.pool(off);
          for (const [unit, years] of c.data.byUnit) {
            if (units && !units.has(unit)) continue;
            const o = (years.get(year)?.[id] ?? 0) - 1;
            const v = o < 0 || !pool ? NaN : pool[o + (k % 100)]!;
            if (!Number.isNaN(v)) sum = Number.isNaN(sum) ? v : sum + v;
          }
          return sum;
        };
      },
    },
  ],
];

const TABLE = new Map<string, Spec>();
for (const [names, spec] of SPECS) for (const n of names) TABLE.set(n.toUpperCase(), spec);

export const FUNCTION_NAMES = SPECS.map(([names]) => names.join('/')).join('、');

/** The function of that name, or undefined (for any name outside the list, `constructor` included). */
export function lookupFunction(name: string): Spec | undefined {
  return TABLE.get(name.toUpperCase());
}
