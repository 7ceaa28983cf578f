/**
 * The figures the checks read, with every number typed as text read once by the one reader
 * (values.ts), field by field: a growth and a task's progress are in percent points, so "4%" is 4; a
 * value or 上年同期 may carry a % only when its indicator is measured in % (城镇调查失业率 "5.5%").
 * The store keeps what was typed; the checks, like the report (reported.ts readFigure), see the number.
 * Text that is no number stays as typed, so the `number` check names it ("4%" as a value in 亿元).
 */
import type { Plan } from '../model/plan';
import type { Entered, Figure, TaskProgress } from '../model/submission';
import { indexCatalog, type Catalog } from './catalog';
import { indicatorMeasureUnit } from './published';
import { toNumber } from './values';

/** `v` as a number when it is text the one reader reads as one in this field; otherwise `v` itself. */
function read(v: Entered, percent: boolean): Entered {
  if (typeof v !== 'string') return v;
  const n = toNumber(v, { percent });
  return n === null || Number.isNaN(n) ? v : n;
}

/** The figures with their numeric text read (the same objects when nothing is text: the checks' hot path allocates nothing). */
export function readEnteredFigures(plan: Pick<Plan, 'targets'>, catalog: Catalog, figures: readonly Figure[]): Figure[] {
  if (!figures.some((f) => typeof f.value === 'string' || typeof f.growth === 'string' || typeof f.sameLastYear === 'string')) return figures as Figure[];
  const cat = indexCatalog(catalog);
  return figures.map((f) => {
    if (typeof f.value !== 'string' && typeof f.growth !== 'string' && typeof f.sameLastYear !== 'string') return f;
    const pct = indicatorMeasureUnit(cat, plan, f.indicator) === '%';
    return { ...f, value: read(f.value, pct), growth: read(f.growth, true), sameLastYear: read(f.sameLastYear, pct) };
  });
}

/** Task progress with its numeric text read: progress is a percentage (完成%), so "45%" is 45. */
export function readEnteredTasks(tasks: readonly TaskProgress[]): TaskProgress[] {
  return tasks.map((t) => (typeof t.progress === 'string' ? { ...t, progress: read(t.progress, true) } : t));
}
