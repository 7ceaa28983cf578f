/**
 * May this submission go up? The one answer for the pane's Check, `planbook check` on a workbook,
 * `planbook push`, and the store's submit (issue 10): the same plan, catalog and rules (from Sources),
 * the same history window, the same checks (src/rules checkSubmission) and canSubmit.
 *
 * The history window: every other submission of the same unit and form in the period's year and
 * the year before that was submitted or approved — the figures that count in the district's report
 * (counted-figures.ts). A draft or a returned form is work in progress: it may still change, the
 * report never shows it, and a check comparing with it would judge this month against a figure that
 * was never reported (a stray July draft of 30 made September's outlier "1574%"). The checks look
 * no further back: the previous periods of the year (cumulative, outlier), the same period and the
 * year-end of last year (unit mix-up, growth, annual amounts). With the whole window, the outlier
 * rule of a 1-N月累计 flow compares the period's own amount per month with the previous period's own
 * amount whenever the period before that is known, and with the average to date only at the start
 * of the series — never one or the other depending on which caller fetched what. When the plan has
 * 审核公式, the unit's other form of the same period comes too: what formulas across forms read; when
 * one sums over units (汇总), every other unit's submissions of the period come as well.
 */
import { canSubmit } from '../model/finding';
import type { Finding } from '../model/finding';
import { parsePeriod } from '../model/period';
import { submissionFigures, submissionTasks, type Figure, type Submission } from '../model/submission';
import { checkSubmission, formulasFor } from '../rules';
import { readsOtherUnits } from '../rules/formula/cross-unit';
import { COUNTED_STATES } from './counted-figures';
import type { SubmissionHead, Sources } from './sources';

/** Whether `h` lies in the history window of `s` (see the module comment): same unit and form, another period of this year or last, submitted or approved. */
export function inHistoryWindow(s: Pick<Submission, 'orgUnit' | 'form' | 'period'>, h: Pick<SubmissionHead, 'orgUnit' | 'form' | 'period' | 'state'>): boolean {
  if (h.orgUnit !== s.orgUnit || h.form !== s.form || h.period === s.period || !COUNTED_STATES.has(h.state)) return false;
  const p = parsePeriod(s.period);
  const q = parsePeriod(h.period);
  return !!p && !!q && (q.year === p.year || q.year === p.year - 1);
}

export interface SubmitVerdict {
  findings: Finding[];
  /** canSubmit(findings): no errors, every warning explained. */
  mayGoUp: boolean;
}

/** The figures the checks compare `s` with, chosen from `candidates` by the history window. */
export function historyFigures(s: Submission, candidates: readonly Submission[]): Figure[] {
  return candidates.filter((h) => inHistoryWindow(s, h)).flatMap((h) => submissionFigures(h));
}

/**
 * Checks one submission as the store will on submit. `submission` is what is checked (a workbook's
 * figures, or the stored snapshot); its own stored copy is never part of its history.
 */
export async function maySubmit(src: Sources, submission: Submission): Promise<SubmitVerdict> {
  // A client of the store asks the store: the submit's verdict, with the units and history the caller may not read (tester F2.8).
  const judged = src.judge ? await src.judge(submission) : null;
  if (judged) return { findings: judged, mayGoUp: canSubmit(judged) };
  const [plan, catalog, rules, candidates] = await Promise.all([
    src.plan(),
    src.catalog(),
    src.rules(),
    src.submissions({ form: submission.form, orgUnit: submission.orgUnit, which: (h) => inHistoryWindow(submission, h) }),
  ]);
  const formulas = formulasFor(rules, plan.id);
  const other = formulas.length > 0 ? await otherForm(src, submission) : [];
  const units = readsOtherUnits(formulas) ? await otherUnits(src, submission) : [];
  const history = [...historyFigures(submission, candidates), ...[...other, ...units].flatMap((s) => submissionFigures(s))];
  const findings = checkSubmission(
    plan,
    catalog,
    rules,
    submission,
    history,
    src.today(),
    other.flatMap((s) => submissionTasks(s)),
  );
  return { findings, mayGoUp: canSubmit(findings) };
}

/**
 * Every other unit's submissions of the same period, both forms, whatever their state: what 汇总([X]) sums
 * besides the checked unit's own figure — the same submissions `planbook rules test --server` evaluates, so a
 * cross-unit rule fires on submit where the test run showed it firing. Fetched only when a formula sums units.
 */
async function otherUnits(src: Sources, s: Submission): Promise<Submission[]> {
  const which = (h: SubmissionHead): boolean => h.period === s.period && h.orgUnit !== s.orgUnit;
  const [ind, tasks] = await Promise.all([src.submissions({ form: 'indicators', which }), src.submissions({ form: 'tasks', which })]);
  return [...ind, ...tasks];
}

/**
 * The unit's other form of the same period (its tasks when the indicators are checked, and the other way
 * round), whatever its state: what a 审核公式 across forms reads (任务进度(2) >= 完成率([一般公共预算收入]) - 30).
 * Fetched only when the rule set has formulas for the plan.
 */
async function otherForm(src: Sources, s: Submission): Promise<Submission[]> {
  const form = s.form === 'indicators' ? 'tasks' : s.form === 'tasks' ? 'indicators' : null;
  return form ? src.submissions({ form, orgUnit: s.orgUnit, which: (h) => h.period === s.period }) : [];
}
