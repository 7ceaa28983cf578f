/**
 * The store's rules, with no HTTP in sight: who may read and write what, three-way merge of pushes,
 * the workflow draft → submitted → approved / returned, and what goes into the audit trail.
 * Each operation takes a Principal and plain values and returns plain values or throws PlanbookError;
 * the HTTP layer only translates.
 */
import { PlanbookError } from '../model/errors';
import type { Finding } from '../model/finding';
import { canSubmit } from '../model/finding';
import type { Plan } from '../model/plan';
import { parsePeriod } from '../model/period';
import { emptyData, WORKFLOW_STATE_LABELS, type Submission, type SubmissionData, type SubmissionKey } from '../model/submission';
import { changedFields, mergeEdits } from '../sync/merge';
import type { PatchConflict, PatchOk, PatchRequest, PlanSummary } from '../sync/protocol';
import { requireAdmin, requireReviewer, requireUnitRead, requireUnitWrite } from './access';
import type { AuditDraft, AuditEntry, AuditQuery } from './audit-chain';
import type { Backend, ConfigName, Versioned } from './backend';
import type { Principal } from './users';
import { checkSubmissionSize, FORMS, type FormId } from './validate';
import { upgradeCatalog } from '../model/legacy-names';

/** The checks run on submit: (plan, submission, every other submission of the plan, to choose from) → findings. */
export type Checker = (plan: Plan, submission: Submission, history: Submission[]) => Finding[] | Promise<Finding[]>;

/** Turns an unknown value into a Plan or says everything wrong with it. */
export type PlanValidator = (x: unknown) => { ok: true; plan: Plan } | { ok: false; errors: { zh: string; en: string; path?: string }[] };

export interface ServiceOptions {
  backend: Backend;
  checker: Checker;
  validatePlan: PlanValidator;
  /** Problems with an uploaded catalog or rule set; none: it may be stored. */
  configProblems?: (name: ConfigName, value: unknown) => { zh: string; en: string }[] | Promise<{ zh: string; en: string }[]>;
  now?: () => Date;
}

export type PatchResult = { ok: true; body: PatchOk } | { ok: false; body: PatchConflict };

export type SubmitResult = { ok: true; submission: Submission; findings: Finding[] } | { ok: false; findings: Finding[] };

export class StoreService {
  readonly backend: Backend;
  private readonly checker: Checker;
  private readonly validatePlan: PlanValidator;
  private readonly now: () => Date;
  private readonly configProblems: NonNullable<ServiceOptions['configProblems']>;

  constructor(o: ServiceOptions) {
    this.configProblems = o.configProblems ?? (() => []);
    this.backend = o.backend;
    this.checker = o.checker;
    this.validatePlan = o.validatePlan;
    this.now = o.now ?? (() => new Date());
  }

  // ---- plans ---------------------------------------------------------------------------------------

  async importPlan(p: Principal, body: unknown): Promise<{ plan: PlanSummary; created: boolean }> {
    requireAdmin(p, { zh: '导入计划', en: 'import a plan' });
    const v = this.validatePlan(body);
    if (!v.ok) {
      const first = v.errors[0];
      throw new PlanbookError(
        'VALIDATION',
        {
          zh: `计划数据无效：${first ? `${first.path ?? ''} ${first.zh}` : ''}${v.errors.length > 1 ? `（另有 ${v.errors.length - 1} 处问题）` : ''}`,
          en: `Invalid plan: ${first ? `${first.path ?? ''} ${first.en}` : ''}${v.errors.length > 1 ? ` (and ${v.errors.length - 1} more)` : ''}`,
        },
        { problems: v.errors.slice(0, 100) },
      );
    }
    // A plan file's carried catalog and rules are for offline work; the store judges with its own.
    const plan: Plan = { ...v.plan };
    delete plan.carried;
    checkId(plan.id);
    const at = this.now().toISOString();
    return this.backend.updatePlan(plan.id, (cur) => {
      const next: Versioned<Plan> = { rev: (cur?.rev ?? 0) + 1, updatedAt: at, updatedBy: p.name, value: plan };
      return {
        next,
        audit: [{ action: 'plan-import', actor: p.name, plan: plan.id, rev: next.rev, detail: `${plan.units.length} units, ${plan.targets.length} targets, ${plan.tasks.length} tasks` }],
        result: { plan: { id: plan.id, name: plan.name, year: plan.year, rev: next.rev, units: plan.units.length, targets: plan.targets.length, tasks: plan.tasks.length, updatedAt: at }, created: !cur },
      };
    });
  }

  listPlans(): Promise<PlanSummary[]> {
    return this.backend.listPlans();
  }

  async getPlan(id: string): Promise<Versioned<Plan>> {
    const v = await this.backend.getPlan(id);
    if (!v) throw new PlanbookError('NOT_FOUND', { zh: `没有编号为“${id}”的计划`, en: `No plan with id "${id}"` });
    return v;
  }

  // ---- catalog and rules ------------------------------------------------------------------------

  async getConfig(name: ConfigName, fallback: () => unknown): Promise<Versioned<unknown>> {
    const v = await this.backend.getConfig(name);
    // A catalog stored before the rename answers under measureUnit.
    if (v && name === 'catalog') return { ...v, value: upgradeCatalog(v.value) };
    return v ?? { rev: 0, updatedAt: '', updatedBy: '', value: fallback() };
  }

  async putConfig(p: Principal, name: ConfigName, ifMatch: number | null, value: unknown): Promise<Versioned<unknown>> {
    requireAdmin(p, { zh: name === 'rules' ? '修改审核规则' : '修改指标目录', en: name === 'rules' ? 'edit the rules' : 'edit the indicator catalog' });
    if (ifMatch === null) throw new PlanbookError('PRECONDITION_REQUIRED');
    const problems = await this.configProblems(name, value);
    if (problems.length) {
      const first = problems[0]!;
      throw new PlanbookError('VALIDATION', { zh: `${name} 无效：${first.zh}`, en: `Invalid ${name}: ${first.en}` }, { problems: problems.slice(0, 100) });
    }
    const at = this.now().toISOString();
    return this.backend.updateConfig(name, (cur) => {
      const rev = cur?.rev ?? 0;
      if (rev !== ifMatch) throw staleError(rev);
      const next: Versioned<unknown> = { rev: rev + 1, updatedAt: at, updatedBy: p.name, value };
      return { next, audit: [{ action: 'config', actor: p.name, rev: next.rev, detail: name }], result: next };
    });
  }

  // ---- submissions --------------------------------------------------------------------------------

  /** Checks the key against the plan: the unit must be one of its units, the period a real period, the form known. */
  async resolveKey(key: SubmissionKey): Promise<{ plan: Plan; form: FormId }> {
    const v = await this.getPlan(key.plan);
    const plan = v.value;
    if (!plan.units.includes(key.orgUnit)) {
      throw new PlanbookError('NOT_FOUND', { zh: `计划“${plan.id}”中没有单位“${key.orgUnit}”`, en: `Plan "${plan.id}" has no unit "${key.orgUnit}"` });
    }
    if (!parsePeriod(key.period) || key.period.trim() !== key.period) {
      throw new PlanbookError('NOT_FOUND', {
        zh: `报告期“${key.period}”不存在（应如 2023、2023-H1、2023-Q2、2023-06）`,
        en: `The period "${key.period}" does not exist (use 2023, 2023-H1, 2023-Q2, 2023-06)`,
      });
    }
    if (!(FORMS as readonly string[]).includes(key.form)) {
      throw new PlanbookError('NOT_FOUND', { zh: `没有表“${key.form}”（应为 indicators 或 tasks）`, en: `No form "${key.form}" (use indicators or tasks)` });
    }
    return { plan, form: key.form as FormId };
  }

  async getSubmission(p: Principal, key: SubmissionKey): Promise<Submission> {
    await this.resolveKey(key);
    requireUnitRead(p, key.orgUnit);
    return (await this.backend.getSubmission(key)) ?? emptySubmission(key);
  }

  async listSubmissions(p: Principal, plan: string, period?: string): Promise<Submission[]> {
    await this.getPlan(plan);
    if (period !== undefined && !parsePeriod(period)) {
      throw new PlanbookError('VALIDATION', { zh: `报告期“${period}”不存在`, en: `The period "${period}" does not exist` });
    }
    const all = await this.backend.listSubmissions(plan, period);
    return all.filter((s) => p.role !== 'filler' || p.units.includes(s.orgUnit)).sort((a, b) => a.orgUnit.localeCompare(b.orgUnit) || a.period.localeCompare(b.period) || a.form.localeCompare(b.form));
  }

  async putSubmission(p: Principal, key: SubmissionKey, ifMatch: number | null, data: SubmissionData): Promise<Submission> {
    await this.resolveKey(key);
    requireUnitWrite(p, key.orgUnit);
    if (ifMatch === null) throw new PlanbookError('PRECONDITION_REQUIRED');
    const at = this.now().toISOString();
    return this.backend.updateSubmission(key, (stored) => {
      const cur: StoredSubmission = stored ?? emptySubmission(key);
      if (cur.rev !== ifMatch) throw staleError(cur.rev);
      requireEditable(cur);
      const changes = changedFields(cur.data, data);
      if (changes.length === 0) return { next: null, audit: [], result: cur };
      checkSubmissionSize(data);
      const next: StoredSubmission = { ...cur, rev: cur.rev + 1, data, updatedAt: at, updatedBy: p.name, fieldRevs: bumpFieldRevs(cur, changes, cur.rev + 1) };
      return { next, audit: changes.map((c) => changeEntry(p, key, c, next)), result: next };
    });
  }

  async patchSubmission(p: Principal, key: SubmissionKey, req: PatchRequest): Promise<PatchResult> {
    await this.resolveKey(key);
    requireUnitWrite(p, key.orgUnit);
    const at = this.now().toISOString();
    return this.backend.updateSubmission<PatchResult>(key, (stored) => {
      const cur: StoredSubmission = stored ?? emptySubmission(key);
      if (req.baseRev > cur.rev) {
        throw new PlanbookError(
          'VALIDATION',
          {
            zh: `baseRev ${req.baseRev} 比服务器上的版本 ${cur.rev} 还新；请重新拉取`,
            en: `baseRev ${req.baseRev} is newer than the server's revision ${cur.rev}; pull again`,
          },
          { rev: cur.rev },
        );
      }
      const m = mergeEdits(cur.data, req.edits);
      // A submitted or approved form takes no change, conflicting or not: "ask the reviewer to return it"
      // is the answer that helps, not a conflict with someone else. A push of nothing new still answers ok.
      if (m.conflicts.length || m.applied.length) requireEditable(cur);
      if (m.conflicts.length) return { next: null, audit: [], result: { ok: false as const, body: { rev: cur.rev, conflicts: m.conflicts } } };
      if (m.applied.length === 0) return { next: null, audit: [], result: { ok: true as const, body: { rev: cur.rev, submission: cur, merged: othersSince(req, cur) } } };
      // The same limits as a PUT: a run of PATCHes must not grow a submission a PUT could not send.
      checkSubmissionSize(m.data);
      const next: StoredSubmission = { ...cur, rev: cur.rev + 1, data: m.data, updatedAt: at, updatedBy: p.name, fieldRevs: bumpFieldRevs(cur, m.applied, cur.rev + 1) };
      return {
        next,
        audit: m.applied.map((c) => changeEntry(p, key, c, next)),
        result: { ok: true as const, body: { rev: next.rev, submission: next, merged: othersSince(req, cur) } },
      };
    });
  }

  // ---- workflow -------------------------------------------------------------------------------------

  async submit(p: Principal, key: SubmissionKey, ifMatch: number | null): Promise<SubmitResult> {
    const { plan } = await this.resolveKey(key);
    requireUnitWrite(p, key.orgUnit);
    if (ifMatch === null) throw new PlanbookError('PRECONDITION_REQUIRED');
    const snapshot = (await this.backend.getSubmission(key)) ?? emptySubmission(key);
    if (snapshot.rev !== ifMatch) throw staleError(snapshot.rev);
    requireWritten(snapshot);
    requireState(snapshot, ['draft', 'returned'], { zh: '提交', en: 'submit' });
    // Every other submission of the plan: the checker (maySubmit) picks what it reads — the unit's history
    // window, its other form of the period, and for 汇总 the other units' submissions of the period.
    const history = (await this.backend.listSubmissions(key.plan)).filter((s) => !(s.orgUnit === key.orgUnit && s.form === key.form && s.period === key.period));
    // The rule set's revision is read before the check, so the submission names the rules that judged it (or older).
    const judgedBy = await this.rulesRevision();
    const findings = await this.checker(plan, snapshot, history);
    if (!canSubmit(findings)) return { ok: false, findings };
    const at = this.now().toISOString();
    return this.backend.updateSubmission(key, (stored) => {
      const cur = stored ?? emptySubmission(key);
      // Checked at ifMatch: if someone changed it meanwhile, the findings are for other figures.
      if (cur.rev !== ifMatch) throw staleError(cur.rev);
      requireState(cur, ['draft', 'returned'], { zh: '提交', en: 'submit' });
      const next: Submission = { ...cur, rev: cur.rev + 1, state: 'submitted', updatedAt: at, updatedBy: p.name, judgedBy };
      delete next.returnReason;
      return { next, audit: [stepEntry(p, key, 'submit', next)], result: { ok: true as const, submission: next, findings } };
    });
  }

  /**
   * What submit would say of `data` now, nothing stored (POST …/check): the pane's Check and `planbook
   * check/push --server` ask this, so a verdict that reads other units (汇总) or their history is the
   * submit's, not one built from what the caller may read.
   */
  async dryRun(p: Principal, key: SubmissionKey, data: SubmissionData): Promise<{ findings: Finding[]; mayGoUp: boolean }> {
    const { plan } = await this.resolveKey(key);
    requireUnitWrite(p, key.orgUnit);
    const stored = (await this.backend.getSubmission(key)) ?? emptySubmission(key);
    const history = (await this.backend.listSubmissions(key.plan)).filter((s) => !(s.orgUnit === key.orgUnit && s.form === key.form && s.period === key.period));
    const findings = await this.checker(plan, { ...stored, data }, history);
    return { findings, mayGoUp: canSubmit(findings) };
  }

  /** The stored rule set's revision and version (revision 0: nothing stored, the shipped defaults judge). */
  private async rulesRevision(): Promise<{ rulesRev: number; rulesVersion: string }> {
    const v = await this.backend.getConfig('rules');
    const version = (v?.value as { version?: unknown } | undefined)?.version;
    return { rulesRev: v?.rev ?? 0, rulesVersion: typeof version === 'string' ? version : v ? '' : 'default' };
  }

  async approve(p: Principal, key: SubmissionKey, ifMatch: number | null): Promise<Submission> {
    await this.resolveKey(key);
    requireReviewer(p, { zh: '审核通过', en: 'approve' });
    return this.step(p, key, ifMatch, ['submitted'], { zh: '审核通过', en: 'approve' }, (cur) => ({ ...cur, state: 'approved' }), 'approve');
  }

  async returnSubmission(p: Principal, key: SubmissionKey, ifMatch: number | null, reason: string): Promise<Submission> {
    await this.resolveKey(key);
    requireReviewer(p, { zh: '退回', en: 'return a submission' });
    return this.step(p, key, ifMatch, ['submitted', 'approved'], { zh: '退回', en: 'return' }, (cur) => ({ ...cur, state: 'returned', returnReason: reason }), 'return', reason);
  }

  private async step(
    p: Principal,
    key: SubmissionKey,
    ifMatch: number | null,
    from: Submission['state'][],
    what: { zh: string; en: string },
    change: (cur: Submission) => Submission,
    action: 'approve' | 'return',
    detail?: string,
  ): Promise<Submission> {
    if (ifMatch === null) throw new PlanbookError('PRECONDITION_REQUIRED');
    const at = this.now().toISOString();
    return this.backend.updateSubmission(key, (stored) => {
      const cur = stored ?? emptySubmission(key);
      if (cur.rev !== ifMatch) throw staleError(cur.rev);
      requireState(cur, from, what);
      const next: Submission = { ...change(cur), rev: cur.rev + 1, updatedAt: at, updatedBy: p.name };
      return { next, audit: [stepEntry(p, key, action, next, detail)], result: next };
    });
  }

  // ---- audit ----------------------------------------------------------------------------------------

  /** A page of one submission's (or one field's) audit entries, oldest first: `after` a seq, at most `limit`. */
  async readAudit(p: Principal, key: SubmissionKey, page: { field?: string; after?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    await this.resolveKey(key);
    requireUnitRead(p, key.orgUnit);
    const q: AuditQuery = { plan: key.plan, orgUnit: key.orgUnit, period: key.period, form: key.form, ...page };
    return this.backend.readAudit(q);
  }

  async exportAudit(p: Principal, q: AuditQuery): Promise<AuditEntry[]> {
    if (p.role === 'filler') requireReviewer(p, { zh: '导出审计日志', en: 'export the audit log' });
    return this.backend.readAudit(q);
  }

  record(drafts: AuditDraft[]): Promise<void> {
    return this.backend.appendAudit(drafts);
  }
}

export function emptySubmission(key: SubmissionKey): Submission {
  return { plan: key.plan, orgUnit: key.orgUnit, period: key.period, form: key.form, rev: 0, state: 'draft', data: emptyData(), updatedAt: '', updatedBy: '' };
}

export function staleError(rev: number): PlanbookError {
  return new PlanbookError('REV_MISMATCH', { zh: `数据已被他人更新（当前版本 ${rev}），请先拉取最新版本`, en: `The data changed since you read it (now revision ${rev}); pull the latest revision first` }, { rev });
}

/**
 * A form never written (revision 0: the store answers it as an empty draft) cannot be submitted:
 * a submit of nothing is never meant, and an empty form would go up "complete" when no rule
 * requires a figure. Refused as WORKFLOW (409) with what to do, for the pane, the CLI and raw HTTP alike.
 */
function requireWritten(cur: Submission): void {
  if (cur.rev > 0) return;
  throw new PlanbookError(
    'WORKFLOW',
    {
      zh: '服务器上还没有这份报表的数据，不能上报：请先填写报表并推送（任务窗格“推送”或 planbook push），再上报',
      en: 'The store holds nothing for this form yet, so it cannot be submitted: fill in the form and push it first (Push in the task pane, or planbook push), then submit',
    },
    { state: cur.state, rev: cur.rev },
  );
}

function requireEditable(cur: Submission): void {
  if (cur.state === 'submitted' || cur.state === 'approved') {
    throw new PlanbookError(
      'WORKFLOW',
      {
        // The state's one label (model/submission.ts), so the refusal names the state the pane and the CLI show.
        zh: `${WORKFLOW_STATE_LABELS[cur.state].zh}的报表不能修改；如需修改，请审核人退回`,
        en: `${cur.state === 'submitted' ? 'A' : 'An'} ${WORKFLOW_STATE_LABELS[cur.state].en.toLowerCase()} report is read-only; ask the reviewer to return it`,
      },
      { state: cur.state, rev: cur.rev },
    );
  }
}

const STATE_ZH: Record<Submission['state'], string> = {
  draft: WORKFLOW_STATE_LABELS.draft.zh,
  submitted: WORKFLOW_STATE_LABELS.submitted.zh,
  approved: WORKFLOW_STATE_LABELS.approved.zh,
  returned: WORKFLOW_STATE_LABELS.returned.zh,
};

function requireState(cur: Submission, from: Submission['state'][], what: { zh: string; en: string }): void {
  if (!from.includes(cur.state)) {
    throw new PlanbookError('WORKFLOW', { zh: `报表处于“${STATE_ZH[cur.state]}”状态，不能${what.zh}`, en: `The report is ${cur.state}; cannot ${what.en} it` }, { state: cur.state, rev: cur.rev });
  }
}

function changeEntry(p: Principal, key: SubmissionKey, c: { field: string; old: unknown; value: unknown }, next: Submission): AuditDraft {
  return {
    action: 'change',
    actor: p.name,
    plan: key.plan,
    orgUnit: key.orgUnit,
    period: key.period,
    form: key.form,
    field: c.field,
    old: c.old as AuditDraft['old'],
    new: c.value as AuditDraft['new'],
    rev: next.rev,
    state: next.state,
  };
}

function stepEntry(p: Principal, key: SubmissionKey, action: 'submit' | 'approve' | 'return', next: Submission, detail?: string): AuditDraft {
  const d: AuditDraft = { action, actor: p.name, plan: key.plan, orgUnit: key.orgUnit, period: key.period, form: key.form, rev: next.rev, state: next.state };
  if (detail !== undefined) d.detail = detail;
  return d;
}

/**
 * A submission as stored: the model's Submission plus, per field, the revision that last changed it.
 * That is what lets a push report which fields others changed since its base (PatchOk.merged)
 * without keeping every old revision. Clients may ignore it.
 */
export type StoredSubmission = Submission & { fieldRevs?: Record<string, number> };

function bumpFieldRevs(cur: StoredSubmission, changed: { field: string }[], rev: number): Record<string, number> {
  const out = { ...(cur.fieldRevs ?? {}) };
  for (const c of changed) out[c.field] = rev;
  return out;
}

/** Fields others changed after the client's base that the client did not edit: they arrive with the merge. */
function othersSince(req: PatchRequest, cur: StoredSubmission): string[] {
  if (req.baseRev >= cur.rev) return [];
  const mine = new Set(req.edits.map((e) => e.field));
  return Object.entries(cur.fieldRevs ?? {})
    .filter(([f, r]) => r > req.baseRev && !mine.has(f))
    .map(([f]) => f)
    .sort();
}

function checkId(id: string): void {
  if (!/^[\p{L}\p{N}_-]{1,80}$/u.test(id)) {
    throw new PlanbookError('VALIDATION', {
      zh: `计划编号“${id.slice(0, 80)}”无效：只能用字母、数字、汉字、_ 和 -`,
      en: `Invalid plan id "${id.slice(0, 80)}": letters, digits, Chinese characters, _ and - only`,
    });
  }
}
