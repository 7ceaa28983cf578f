/**
 * What units fill in: figures and task progress, one submission document per unit × period × form.
 * Values are kept as entered (a number, text, or empty) so that the checks, not the transport,
 * decide what is wrong with a cell and say so in words a statistician understands.
 */
import type { Period } from './plan';
import type { Entered, FigureFields, SubmissionData, TaskFields } from './submission-schema';

// The data's shapes are declared once, as TypeBox schemas (submission-schema.ts); these are their types.
export type { Entered, FigureFields, SubmissionData, TaskFields } from './submission-schema';

/** A figure as the checks see it. */
export interface Figure {
  orgUnit: string;
  indicator: string;
  period: Period;
  /** 本月止累计 (or the level/rate for the period). */
  value: Entered;
  /** 同比增长 in %. */
  growth: Entered;
  /** 上年同期: the same period a year before, in the indicator's unit. */
  sameLastYear: Entered;
  /** 说明: the unit's explanation, which lets a warning pass. */
  note: string;
}

export type TaskStatus = 'not-started' | 'in-progress' | 'done' | 'delayed';

export const TASK_STATUS_LABELS: Record<TaskStatus, { zh: string; en: string }> = {
  'not-started': { zh: '未启动', en: 'Not started' },
  'in-progress': { zh: '推进中', en: 'In progress' },
  done: { zh: '已完成', en: 'Done' },
  delayed: { zh: '滞后', en: 'Delayed' },
};

/** Accepts the code or the Chinese label (what the drop-down in the workbook holds). */
export function parseTaskStatus(s: unknown): TaskStatus | null {
  if (typeof s !== 'string') return null;
  const t = s.trim();
  for (const [code, label] of Object.entries(TASK_STATUS_LABELS) as [TaskStatus, { zh: string; en: string }][]) {
    if (t === code || t === label.zh || t.toLowerCase() === label.en.toLowerCase()) return code;
  }
  return null;
}

export interface TaskProgress {
  orgUnit: string;
  taskNo: number;
  period: Period;
  /** As entered: a TaskStatus code, its Chinese label, or something the checks will flag. */
  status: string | null;
  /** 完成% */
  progress: Entered;
  /** 进展情况 */
  text: string;
  note: string;
}

export interface SubmissionKey {
  plan: string;
  orgUnit: string;
  period: Period;
  /** The form (表) id, e.g. 'indicators' (月度指标表) or 'tasks' (重点任务进展表). */
  form: string;
}

export type WorkflowState = 'draft' | 'submitted' | 'approved' | 'returned';

/** The one label of each workflow state (the pane, the CLI, the report tables and the store's messages say these words). */
export const WORKFLOW_STATE_LABELS: Record<WorkflowState, { zh: string; en: string }> = {
  draft: { zh: '填报中', en: 'Draft' },
  submitted: { zh: '已报送', en: 'Submitted' },
  approved: { zh: '已审核通过', en: 'Approved' },
  returned: { zh: '已退回', en: 'Returned' },
};

/** The forms (表) a unit fills, with their one label. */
export type FormId = 'indicators' | 'tasks';

export const FORM_LABELS: Record<FormId, { zh: string; en: string }> = {
  indicators: { zh: '月度指标表', en: 'indicators form' },
  tasks: { zh: '重点任务进展表', en: 'task progress form' },
};

export interface Submission extends SubmissionKey {
  rev: number;
  state: WorkflowState;
  data: SubmissionData;
  updatedAt: string;
  updatedBy: string;
  /** The reviewer's reason, set when returned. */
  returnReason?: string;
  /** Which rule set judged it at submit: the stored /api/rules revision (0: the shipped defaults) and its version. */
  judgedBy?: { rulesRev: number; rulesVersion: string };
}

/**
 * Field paths address one editable value: 'figures/地区生产总值/value', 'tasks/12/status'.
 * '/' is the separator because indicator names never contain it and may contain '.'.
 */
export type FieldPath = string;
export type FieldValue = Entered;

export function figurePath(indicator: string, field: keyof FigureFields): FieldPath {
  return `figures/${indicator}/${field}`;
}

export function taskPath(no: number | string, field: keyof TaskFields): FieldPath {
  return `tasks/${no}/${field}`;
}

export function emptyData(): SubmissionData {
  return { figures: {}, tasks: {} };
}

/** Every field of a submission's data as path → value (for diffs and merges). */
export function flattenData(data: SubmissionData): Map<FieldPath, FieldValue> {
  const out = new Map<FieldPath, FieldValue>();
  for (const [ind, f] of Object.entries(data.figures)) {
    for (const k of ['value', 'growth', 'sameLastYear', 'note'] as const) out.set(figurePath(ind, k), f[k]);
  }
  for (const [no, t] of Object.entries(data.tasks)) {
    for (const k of ['status', 'progress', 'text', 'note'] as const) out.set(taskPath(no, k), t[k]);
  }
  return out;
}

const FIGURE_FIELDS = new Set(['value', 'growth', 'sameLastYear', 'note']);
const TASK_FIELDS = new Set(['status', 'progress', 'text', 'note']);

export interface ParsedPath {
  group: 'figures' | 'tasks';
  key: string;
  field: string;
}

export function parseFieldPath(path: string): ParsedPath | null {
  const parts = path.split('/');
  if (parts.length !== 3 || parts[1] === '') return null;
  const [group, key, field] = parts as [string, string, string];
  if (group === 'figures' && FIGURE_FIELDS.has(field)) return { group, key, field };
  if (group === 'tasks' && TASK_FIELDS.has(field)) return { group, key, field };
  return null;
}

export function getField(data: SubmissionData, path: FieldPath): FieldValue | undefined {
  const p = parseFieldPath(path);
  if (!p) return undefined;
  const rec = p.group === 'figures' ? data.figures[p.key] : data.tasks[p.key];
  if (!rec) return undefined;
  return (rec as unknown as Record<string, FieldValue>)[p.field];
}

/** Returns a new SubmissionData with one field set; the input is not mutated. */
export function setField(data: SubmissionData, path: FieldPath, value: FieldValue): SubmissionData {
  return setFields(data, [[path, value]]);
}

/** Text fields hold strings, status a string or null, numbers what was entered. */
function coerce(field: string, value: FieldValue): FieldValue {
  if (field === 'note' || field === 'text') return String(value ?? '');
  if (field === 'status') return value === null ? null : String(value);
  return value;
}

/**
 * Returns a new SubmissionData with many fields set; the input is not mutated. The maps and each
 * touched record are copied once, not once per field: reading back a 5,000-row form sets 20,000
 * fields, and copying the whole map per field made that quadratic (tens of seconds).
 */
export function setFields(data: SubmissionData, entries: Iterable<readonly [FieldPath, FieldValue]>): SubmissionData {
  const figures: Record<string, FigureFields> = { ...data.figures };
  const tasks: Record<string, TaskFields> = { ...data.tasks };
  const copied = new Set<string>();
  for (const [path, value] of entries) {
    const p = parseFieldPath(path);
    if (!p) throw new Error(`bad field path ${path}`);
    const id = `${p.group}/${p.key}`;
    if (p.group === 'figures') {
      if (!copied.has(id)) {
        figures[p.key] = { ...(figures[p.key] ?? { value: null, growth: null, sameLastYear: null, note: '' }) };
        copied.add(id);
      }
      (figures[p.key] as unknown as Record<string, FieldValue>)[p.field] = coerce(p.field, value);
    } else {
      if (!copied.has(id)) {
        tasks[p.key] = { ...(tasks[p.key] ?? { status: null, progress: null, text: '', note: '' }) };
        copied.add(id);
      }
      (tasks[p.key] as unknown as Record<string, FieldValue>)[p.field] = coerce(p.field, value);
    }
  }
  return { figures, tasks };
}

/** The figures of a submission as the checks see them. */
export function submissionFigures(s: SubmissionKey & { data: SubmissionData }): Figure[] {
  return Object.entries(s.data.figures).map(([indicator, f]) => ({
    orgUnit: s.orgUnit,
    indicator,
    period: s.period,
    value: f.value,
    growth: f.growth,
    sameLastYear: f.sameLastYear,
    note: f.note,
  }));
}

export function submissionTasks(s: SubmissionKey & { data: SubmissionData }): TaskProgress[] {
  return Object.entries(s.data.tasks).map(([no, t]) => ({
    orgUnit: s.orgUnit,
    taskNo: Number(no),
    period: s.period,
    status: t.status,
    progress: t.progress,
    text: t.text,
    note: t.note,
  }));
}
