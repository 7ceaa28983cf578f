/**
 * The task kinds of the built-in checks (task-input, task-overdue, task-regress): each task report of
 * the check against the plan's task, its deadline and the unit's earlier progress on it.
 */
import type { Task } from '../model/plan';
import type { TaskProgress } from '../model/submission';
import { taskPath, parseTaskStatus, TASK_STATUS_LABELS } from '../model/submission';
import type { Finding, FindingSubject } from '../model/finding';
import type { ParsedPeriod } from '../model/period';
import type { RuleDef } from './ruleset';
import { message, type MessageId, type MsgParams } from './messages';
import { toNumber } from './values';
import type { Compiled } from './check-compile';
import { makeFinding, rawText } from './finding-build';
import type { CheckInput } from './engine';

/** The task checks of `input.tasks`, with `input.taskHistory` as earlier progress and `input.today` for overdue tasks; appends to `out`. */
export function checkTasks(input: CheckInput, c: Compiled, period: (p: string) => ParsedPeriod | null, out: Finding[]): void {
  const byNo = new Map<number, Task>();
  for (const t of input.plan.tasks) byNo.set(t.no, t);
  const inputRules = c.taskRules['task-input'] ?? [];
  const overdueRules = c.taskRules['task-overdue'] ?? [];
  const regressRules = c.taskRules['task-regress'] ?? [];
  // Earlier progress per unit and task, as [period order key, progress].
  const earlier = new Map<string, [number, number][]>();
  const remember = (tp: TaskProgress): void => {
    const p = period(tp.period);
    const v = toNumber(tp.progress);
    if (!p || v === null || Number.isNaN(v)) return;
    const key = `${tp.orgUnit}\u0001${tp.taskNo}`;
    let list = earlier.get(key);
    if (!list) earlier.set(key, (list = []));
    list.push([p.year * 100 + p.endMonth, v]);
  };
  for (const tp of input.taskHistory ?? []) remember(tp);
  for (const tp of input.tasks ?? []) remember(tp);

  for (const tp of input.tasks ?? []) {
    const noted = typeof tp.note === 'string' && tp.note.trim() !== '';
    const subject: FindingSubject = { kind: 'task', orgUnit: tp.orgUnit, taskNo: tp.taskNo, period: tp.period };
    const emit = (r: RuleDef, id: MessageId, params: MsgParams, field: 'status' | 'progress', numbers: Record<string, number | null>): void => {
      out.push(makeFinding(r.id, r.severity, subject, taskPath(tp.taskNo, field), message(id, { taskNo: tp.taskNo, period: tp.period, ...params }), numbers, noted));
    };
    const task = Number.isInteger(tp.taskNo) ? byNo.get(tp.taskNo) : undefined;
    if (!task) {
      for (const r of inputRules) emit(r, 'task-unknown', { raw: String(tp.taskNo) }, 'status', {});
      continue;
    }
    const p = period(tp.period);
    if (!p) {
      out.push(makeFinding('bad-period', 'error', subject, taskPath(tp.taskNo, 'status'), message('bad-period', { indicator: `第${tp.taskNo}项任务 / task ${tp.taskNo}`, period: String(tp.period) }), {}, false));
      continue;
    }
    const status = parseTaskStatus(tp.status);
    const rawStatus = tp.status === null || tp.status === undefined ? '' : String(tp.status).trim();
    if (!status) for (const r of inputRules) emit(r, rawStatus === '' ? 'task-status-empty' : 'task-status', { raw: rawStatus }, 'status', {});
    const v = toNumber(tp.progress);
    if (v !== null && (Number.isNaN(v) || v < 0 || v > 100)) for (const r of inputRules) emit(r, 'task-progress', { raw: rawText(tp.progress) }, 'progress', {});

    if (input.today && task.deadline && task.deadline < input.today && status !== 'done') {
      const label = status ? `${TASK_STATUS_LABELS[status].zh}` : rawStatus || '未填写';
      for (const r of overdueRules) emit(r, 'task-overdue', { deadline: task.deadline, status: label }, 'status', { taskNo: tp.taskNo });
    }
    if (v !== null && !Number.isNaN(v) && regressRules.length > 0) {
      const here = p.year * 100 + p.endMonth;
      let best = -1;
      let prevV = NaN;
      for (const [k, pv] of earlier.get(`${tp.orgUnit}\u0001${tp.taskNo}`) ?? []) {
        if (k < here && k > best) {
          best = k;
          prevV = pv;
        }
      }
      if (!Number.isNaN(prevV) && v < prevV) for (const r of regressRules) emit(r, 'task-regress', { value: v, other: prevV }, 'progress', { progress: v, previous: prevV });
    }
  }
}
