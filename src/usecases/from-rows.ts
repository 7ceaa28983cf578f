/**
 * Submissions from rows that carry no workflow of their own (the CLI's figures and task CSVs): one
 * submission per unit × period × form, in state 'submitted' — a file handed to the district counts
 * as sent, as `planbook report --plan` has always treated it. A row repeated for the same unit,
 * indicator and period keeps its first occurrence here (the checks report the duplicate).
 */
import { emptyData, type Figure, type Submission, type TaskProgress } from '../model/submission';

export function submissionsFromRows(plan: string, figures: readonly Figure[], tasks: readonly TaskProgress[] = []): Submission[] {
  const by = new Map<string, Submission>();
  const get = (unit: string, period: string, form: string): Submission => {
    const k = `${form}\u0001${unit}\u0001${period}`;
    let s = by.get(k);
    if (!s) by.set(k, (s = { plan, orgUnit: unit, period, form, rev: 0, state: 'submitted', data: emptyData(), updatedAt: '', updatedBy: '' }));
    return s;
  };
  for (const f of figures) {
    const s = get(f.orgUnit, f.period, 'indicators');
    if (!(f.indicator in s.data.figures)) s.data.figures[f.indicator] = { value: f.value, growth: f.growth, sameLastYear: f.sameLastYear, note: f.note };
  }
  for (const t of tasks) {
    const s = get(t.orgUnit, t.period, 'tasks');
    const no = String(t.taskNo);
    if (!(no in s.data.tasks)) s.data.tasks[no] = { status: t.status, progress: t.progress, text: t.text, note: t.note };
  }
  return [...by.values()];
}
