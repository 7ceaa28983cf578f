/**
 * 重点任务进展情况表: where each numbered task stands at a period, counted by section, by lead leader and
 * by responsible unit, with the list of overdue tasks. A task's standing comes from its lead unit's
 * latest report (the first responsible unit is 牵头单位); another unit's report is used when the lead
 * unit has not reported.
 */
import type { Plan, Task, Period } from '../model/plan';
import type { TaskProgress, TaskStatus } from '../model/submission';
import { parseTaskStatus, TASK_STATUS_LABELS } from '../model/submission';
import { parsePeriod } from '../model/period';
import type { Bilingual } from '../model/i18n';
import { toNumber } from '../rules/values';
import { col, type Table, type Column } from './table';

/** done: 已完成; on-track: started or not yet due; delayed: reported 滞后 but not past the deadline; overdue: past the deadline and not done; no-report. */
export type TaskStanding = 'done' | 'on-track' | 'delayed' | 'overdue' | 'no-report';

export const TASK_STANDING_LABELS: Record<TaskStanding, Bilingual> = {
  done: { zh: '已完成', en: 'Done' },
  'on-track': { zh: '正常推进', en: 'On track' },
  delayed: { zh: '滞后', en: 'Delayed' },
  overdue: { zh: '逾期未完成', en: 'Overdue' },
  'no-report': { zh: '未报送', en: 'Not reported' },
};

export interface TaskReportOptions {
  /** Only progress reported at or before this period counts; default: all. */
  period?: Period;
  /** ISO date: a task past its deadline on this day and not done is overdue. Without it no task is overdue. */
  today?: string;
}

export interface TaskState {
  task: Task;
  standing: TaskStanding;
  status: TaskStatus | null;
  progress: number | null;
  reportedBy: string | null;
  period: string | null;
  text: string;
  note: string;
}

export function taskStates(plan: Plan, progress: TaskProgress[], opts: TaskReportOptions = {}): TaskState[] {
  const limit = opts.period ? parsePeriod(opts.period) : null;
  const limitKey = limit ? limit.year * 100 + limit.endMonth : Infinity;
  const latest = new Map<number, { tp: TaskProgress; key: number; lead: boolean }>();
  const byNo = new Map(plan.tasks.map((t) => [t.no, t] as const));
  for (const tp of progress) {
    const p = parsePeriod(tp.period);
    const task = byNo.get(tp.taskNo);
    if (!p || !task) continue;
    const key = p.year * 100 + p.endMonth;
    if (key > limitKey) continue;
    const lead = task.units[0] === tp.orgUnit;
    const cur = latest.get(tp.taskNo);
    // The lead unit's report wins; among equals the later period wins.
    if (!cur || (lead && !cur.lead) || (lead === cur.lead && key > cur.key)) latest.set(tp.taskNo, { tp, key, lead });
  }
  return plan.tasks.map((task) => {
    const hit = latest.get(task.no);
    const status = hit ? parseTaskStatus(hit.tp.status) : null;
    const pr = hit ? toNumber(hit.tp.progress, { percent: true }) : null;
    const pastDue = opts.today !== undefined && task.deadline !== null && task.deadline < opts.today;
    let standing: TaskStanding;
    if (status === 'done') standing = 'done';
    else if (pastDue) standing = 'overdue';
    else if (!hit) standing = 'no-report';
    else if (status === 'delayed') standing = 'delayed';
    else standing = 'on-track';
    return {
      task,
      standing,
      status,
      progress: pr !== null && !Number.isNaN(pr) ? pr : null,
      reportedBy: hit ? hit.tp.orgUnit : null,
      period: hit ? hit.tp.period : null,
      text: hit ? hit.tp.text : '',
      note: hit ? hit.tp.note : '',
    };
  });
}

export interface CountRow {
  [key: string]: string | number | null;
  name: string;
  total: number;
  done: number;
  onTrack: number;
  delayed: number;
  overdue: number;
  noReport: number;
}

function counts(name: string): CountRow {
  return { name, total: 0, done: 0, onTrack: 0, delayed: 0, overdue: 0, noReport: 0 };
}

const FIELD: Record<TaskStanding, 'done' | 'onTrack' | 'delayed' | 'overdue' | 'noReport'> = {
  done: 'done',
  'on-track': 'onTrack',
  delayed: 'delayed',
  overdue: 'overdue',
  'no-report': 'noReport',
};

function countColumns(first: Column): Column[] {
  return [
    first,
    col('total', '任务数', 'Tasks', 'number'),
    col('done', '已完成', 'Done', 'number'),
    col('onTrack', '正常推进', 'On track', 'number'),
    col('delayed', '滞后', 'Delayed', 'number'),
    col('overdue', '逾期未完成', 'Overdue', 'number'),
    col('noReport', '未报送', 'Not reported', 'number'),
  ];
}

function tally(states: TaskState[], keys: (t: Task) => string[]): CountRow[] {
  const rows = new Map<string, CountRow>();
  for (const s of states) {
    for (const k of keys(s.task)) {
      let r = rows.get(k);
      if (!r) rows.set(k, (r = counts(k)));
      r.total++;
      r[FIELD[s.standing]]++;
    }
  }
  return [...rows.values()];
}

export interface OverdueRow {
  [key: string]: string | number | null;
  no: number;
  section: string;
  text: string;
  leaders: string;
  units: string;
  deadline: string | null;
  status: string | null;
  progress: number | null;
  reportedBy: string | null;
  note: string;
}

export interface TaskProgressTables {
  bySection: Table<CountRow>;
  byLeader: Table<CountRow>;
  byUnit: Table<CountRow>;
  overdue: Table<OverdueRow>;
}

export function buildTaskProgressTables(plan: Plan, progress: TaskProgress[], opts: TaskReportOptions = {}): TaskProgressTables {
  const states = taskStates(plan, progress, opts);
  const overdue: OverdueRow[] = states
    .filter((s) => s.standing === 'overdue')
    .map((s) => ({
      no: s.task.no,
      section: s.task.section,
      text: s.task.text,
      leaders: s.task.leaders.join('、'),
      units: s.task.units.join('、'),
      deadline: s.task.deadline,
      status: s.status,
      progress: s.progress,
      reportedBy: s.reportedBy,
      note: s.note,
    }));
  const statusLabels = TASK_STATUS_LABELS as Record<string, Bilingual>;
  return {
    bySection: { id: 'tasks-by-section', title: { zh: '重点任务进展情况表（按板块）', en: 'Key tasks by section' }, columns: countColumns(col('name', '板块', 'Section')), rows: tally(states, (t) => [t.section]) },
    byLeader: {
      id: 'tasks-by-leader',
      title: { zh: '重点任务进展情况表（按牵头领导）', en: 'Key tasks by lead leader' },
      columns: countColumns(col('name', '牵头领导', 'Lead leader')),
      rows: tally(states, (t) => t.leaders),
    },
    byUnit: {
      id: 'tasks-by-unit',
      title: { zh: '重点任务进展情况表（按责任单位）', en: 'Key tasks by responsible unit' },
      columns: countColumns(col('name', '责任单位', 'Responsible unit')),
      rows: tally(states, (t) => t.units),
    },
    overdue: {
      id: 'tasks-overdue',
      title: { zh: '逾期未完成任务清单', en: 'Overdue tasks' },
      columns: [
        col('no', '序号', 'No.', 'number'),
        col('section', '板块', 'Section'),
        col('text', '任务', 'Task'),
        col('leaders', '牵头领导', 'Lead leaders'),
        col('units', '责任单位', 'Responsible units'),
        col('deadline', '完成时限', 'Deadline'),
        col('status', '状态', 'Status', 'enum', { labels: statusLabels }),
        col('progress', '完成进度（%）', 'Progress (%)', 'percent'),
        col('reportedBy', '报送单位', 'Reported by'),
        col('note', '说明', 'Note'),
      ],
      rows: overdue,
    },
  };
}
