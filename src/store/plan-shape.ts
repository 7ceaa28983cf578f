/**
 * A structural check of an uploaded Plan, used until (and beside) the model's own validatePlan:
 * the fields the store relies on (id, year, units, targets, tasks, actuals) have the right types.
 */
import type { Plan } from '../model/plan';
import type { PlanValidator } from './service';

export const checkPlanShape: PlanValidator = (x) => {
  const errors: { path: string; zh: string; en: string }[] = [];
  const add = (path: string, zh: string, en: string): void => {
    if (errors.length < 100) errors.push({ path, zh, en });
  };
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return { ok: false, errors: [{ path: '', zh: '计划应为 JSON 对象', en: 'A plan must be a JSON object' }] };
  const p = x as Record<string, unknown>;
  if (p.schemaVersion !== 1) add('/schemaVersion', '应为 1', 'must be 1');
  if (typeof p.id !== 'string' || p.id === '') add('/id', '应为非空文字', 'must be non-empty text');
  if (typeof p.name !== 'string') add('/name', '应为文字', 'must be text');
  if (typeof p.year !== 'number' || !Number.isInteger(p.year)) add('/year', '应为年份整数', 'must be a year');
  for (const k of ['targets', 'tasks', 'actuals', 'goals', 'units', 'leaders', 'documents'] as const) {
    if (!Array.isArray(p[k])) add(`/${k}`, '应为数组', 'must be an array');
  }
  if (Array.isArray(p.units)) p.units.forEach((u, i) => typeof u !== 'string' && add(`/units/${i}`, '应为单位名称文字', 'must be a unit name'));
  if (Array.isArray(p.targets))
    p.targets.forEach((t, i) => {
      const r = t as Record<string, unknown> | null;
      if (!r || typeof r.indicator !== 'string' || typeof r.year !== 'number' || !(r.value === null || typeof r.value === 'number')) add(`/targets/${i}`, '目标应含 indicator、year、value', 'a target needs indicator, year and value');
    });
  if (Array.isArray(p.tasks))
    p.tasks.forEach((t, i) => {
      const r = t as Record<string, unknown> | null;
      if (!r || typeof r.no !== 'number' || typeof r.text !== 'string' || !Array.isArray(r.units)) add(`/tasks/${i}`, '任务应含 no、text、units', 'a task needs no, text and units');
    });
  return errors.length ? { ok: false, errors } : { ok: true, plan: x as Plan };
};
