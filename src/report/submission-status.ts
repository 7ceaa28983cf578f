/**
 * 报送情况表: for each unit of the plan, which forms it owes (月度指标表 when it is responsible for a
 * target, 重点任务进展表 when it is responsible for a task), what state each is in, and what is missing.
 */
import type { Plan, Period } from '../model/plan';
import { FORM_LABELS, WORKFLOW_STATE_LABELS, type WorkflowState, type SubmissionKey } from '../model/submission';
import { asHeading, type Bilingual } from '../model/i18n';
import { col, type Table } from './table';

/** 'hidden': a form the caller may not read the state of (a filler looking at another unit), never shown as missing. */
export type FormState = WorkflowState | 'missing' | 'not-required' | 'hidden';

export const FORM_STATE_LABELS: Record<FormState, Bilingual> = {
  ...WORKFLOW_STATE_LABELS,
  missing: { zh: '未报送', en: 'Missing' },
  'not-required': { zh: '无需报送', en: 'Not required' },
  hidden: { zh: '无权查看', en: 'Not readable' },
};

export const FORMS: Record<string, Bilingual> = FORM_LABELS;

export type SubmissionState = SubmissionKey & { state: WorkflowState; updatedAt?: string };

export interface SubmissionStatusRow {
  [key: string]: string | number | null;
  orgUnit: string;
  indicators: FormState;
  tasks: FormState;
  missingZh: string;
  missingEn: string;
  updatedAt: string | null;
}

/** Forms each unit owes, from the plan: units named on targets owe indicators, units named on tasks owe task progress. */
export function expectedForms(plan: Plan): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (u: string, form: string): void => {
    let s = out.get(u);
    if (!s) out.set(u, (s = new Set()));
    s.add(form);
  };
  for (const u of plan.units) out.set(u, out.get(u) ?? new Set());
  for (const t of plan.targets) if (t.year === plan.year) for (const u of t.units) add(u, 'indicators');
  for (const t of plan.tasks) for (const u of t.units) add(u, 'tasks');
  return out;
}

/**
 * `readable`: whether the caller may read a unit's submissions (default every unit); a form owed by a
 * unit it may not read is 'hidden', since its absence from `submissions` says nothing.
 */
export function buildSubmissionStatusTable(plan: Plan, submissions: SubmissionState[], period: Period, readable: (orgUnit: string) => boolean = () => true): Table<SubmissionStatusRow> {
  const expected = expectedForms(plan);
  const got = new Map<string, SubmissionState>();
  for (const s of submissions) if (s.period === period && (s.plan === plan.id || s.plan === '')) got.set(`${s.orgUnit}\u0001${s.form}`, s);
  const rows: SubmissionStatusRow[] = [];
  const units = [...expected.keys(), ...new Set(submissions.filter((s) => s.period === period && !expected.has(s.orgUnit)).map((s) => s.orgUnit))];
  for (const unit of units) {
    const owes = expected.get(unit) ?? new Set<string>();
    const state = (form: string): FormState => {
      const s = got.get(`${unit}\u0001${form}`);
      if (s) return s.state;
      if (!owes.has(form)) return 'not-required';
      return readable(unit) ? 'missing' : 'hidden';
    };
    const ind = state('indicators');
    const tasks = state('tasks');
    const missing = (['indicators', 'tasks'] as const).filter((f) => (f === 'indicators' ? ind : tasks) === 'missing' || (f === 'indicators' ? ind : tasks) === 'returned');
    const times = ['indicators', 'tasks'].map((f) => got.get(`${unit}\u0001${f}`)?.updatedAt).filter((x): x is string => typeof x === 'string');
    rows.push({
      orgUnit: unit,
      indicators: ind,
      tasks,
      missingZh: missing.map((f) => FORMS[f]!.zh).join('、'),
      missingEn: missing.map((f) => FORMS[f]!.en).join(', '),
      updatedAt: times.length ? times.sort()[times.length - 1]! : null,
    });
  }
  return {
    id: 'submission-status',
    title: { zh: `报送情况表（${period}）`, en: `Submissions (${period})` },
    columns: [
      col('orgUnit', '填报单位', 'Unit'),
      col('indicators', FORMS.indicators!.zh, asHeading(FORMS.indicators!).en, 'enum', { labels: FORM_STATE_LABELS }),
      col('tasks', FORMS.tasks!.zh, asHeading(FORMS.tasks!).en, 'enum', { labels: FORM_STATE_LABELS }),
      col('missingZh', '尚缺（含退回待重报）', 'Still missing (zh)'),
      col('missingEn', '尚缺（英文）', 'Still missing (incl. returned)'),
      col('updatedAt', '最后更新', 'Last update'),
    ],
    rows,
  };
}
