/**
 * The pane's behaviour, with no DOM: state, and the actions the buttons call. The view renders the
 * state; tests call the actions directly against the fake Excel host and a real store server.
 * Every action catches its failure and turns it into a bilingual message that says what to do next;
 * nothing in the workbook or the queue is dropped on a failure.
 */
import { PlanbookError, isPlanbookError } from '../model/errors';
import { canSubmit, type Finding } from '../model/finding';
import type { Bilingual, Lang } from '../model/i18n';
import type { Plan } from '../model/plan';
import { parsePeriod } from '../model/period';
import type { FieldPath, Submission, SubmissionKey } from '../model/submission';
import type { PatchConflict, PatchRequest, PlanSummary, Principal, SubmissionSummary } from '../sync/protocol';
import { SyncClient, type PushResult } from '../sync/client';
import { parseSpec, type TemplateSpec, type WorkbookIdentity } from '../template';
import type { Transport } from '../hosts/browser/transport';
import { loadConnection, localQueue, saveConnection, type KeyValueStore } from '../hosts/browser/local-storage';
import { normaliseServer } from './server-address';
import { cellOf, checkForm, currentIdentity, explain, pendingPush, pullForm, rebaseForm, resolveConflict, type FormHost, type Keep } from './form-session';
import { NOTICES } from './messages';
import { actionHost, type HostMemo } from './action-host';
import { configNote, offlineConfig, type ConfigInUse } from '../usecases/carried';
import { bundledCopy } from '../usecases/bundled-copy';
import type { Table } from '../report';
import { maySubmit } from '../usecases/may-submit';
import { formInputs } from '../usecases/form-inputs';
import { districtReport } from '../usecases/district-report';
import { heldSources, type Sources } from '../usecases/sources';
import { syncSources } from '../sync/sources';
import type { ChartSpec, InsertedReport } from '../hosts/excel/report-sheets';
import { FUNCTIONS_SETTINGS_KEY } from '../functions/settings';
import indicatorsSpec from '../../templates/indicators.spec.json';
import tasksSpec from '../../templates/tasks.spec.json';

export const SPECS: ReadonlyMap<string, TemplateSpec> = new Map([indicatorsSpec, tasksSpec].map((j) => parseSpec(j)).map((s) => [s.id, s]));
export { FUNCTIONS_SETTINGS_KEY };

export interface PaneEnv {
  transport: Transport;
  storage: KeyValueStore;
  host: FormHost;
  lang: Lang;
  /** The template workbook as base64, or null when it cannot be had. */
  fetchTemplate(file: string): Promise<string | null>;
  /** Where the add-in was loaded from: the default server address. */
  defaultServer: string;
  /** Writes report tables into the workbook as sheets with a chart. */
  insertReport(tables: Table[], charts: ChartSpec[], lang: Lang): Promise<InsertedReport>;
}

export interface ConflictView {
  key: SubmissionKey;
  original: PatchRequest;
  conflict: PatchConflict;
  keep: Map<FieldPath, Keep>;
}

export interface PaneState {
  lang: Lang;
  busy: Bilingual | null;
  error: Bilingual | null;
  notice: Bilingual | null;
  server: string;
  remember: boolean;
  me: Principal | null;
  plans: PlanSummary[];
  planId: string;
  plan: Plan | null;
  orgUnit: string;
  period: string;
  form: string;
  submission: Submission | null;
  findings: Finding[];
  conflict: ConflictView | null;
  queued: number;
  review: SubmissionSummary[] | null;
}

const BUSY = {
  connect: { zh: '正在连接…', en: 'Connecting…' },
  pull: { zh: '正在拉取…', en: 'Pulling…' },
  check: { zh: '正在审核…', en: 'Checking…' },
  push: { zh: '正在推送…', en: 'Pushing…' },
  submit: { zh: '正在上报…', en: 'Submitting…' },
  review: { zh: '正在读取各单位状态…', en: 'Loading the units’ states…' },
  report: { zh: '正在生成报表…', en: 'Building the report…' },
} as const;

const COMPLETION_CHART: ChartSpec = {
  table: 'main-indicators',
  category: 'indicator',
  series: ['completionPct', 'timeProgressPct'],
  title: { zh: '完成全年目标与时间进度（%）', en: 'Completion of the annual target against time progress (%)' },
};

export class PaneController {
  state: PaneState;
  /** The store's client: every call, the ordered offline queue (in localStorage) and its replay. */
  private client: SyncClient | null = null;
  private token = '';
  private listeners: (() => void)[] = [];

  constructor(private readonly env: PaneEnv) {
    this.host = actionHost(env.host);
    const saved = loadConnection(env.storage);
    this.token = saved?.token ?? '';
    this.state = {
      lang: env.lang,
      busy: null,
      error: null,
      notice: null,
      server: saved?.server ?? env.defaultServer,
      remember: saved?.remember ?? false,
      me: null,
      plans: [],
      planId: '',
      plan: null,
      orgUnit: '',
      period: '',
      form: 'indicators',
      submission: null,
      findings: [],
      conflict: null,
      queued: 0,
      review: null,
    };
  }

  /** The token as typed last, so the connect form can show it is there (never rendered as text). */
  get hasToken(): boolean {
    return this.token !== '';
  }

  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  private set(patch: Partial<PaneState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  /** The workbook for the action under way: read once until the action writes (action-host.ts). */
  private host: FormHost;
  /** Where the workbook's identity was last seen, so the next action reads it with the description. */
  private readonly memo: HostMemo = {};

  /** Runs one action: busy while it runs, its failure turned into a message; returns whether it succeeded. */
  private async act(busy: Bilingual, fn: () => Promise<void>): Promise<boolean> {
    this.set({ busy, error: null, notice: null });
    this.host = actionHost(this.env.host, this.memo);
    try {
      await fn();
      return true;
    } catch (e) {
      this.set({ error: messageOf(e) });
      if (isPlanbookError(e) && e.code === 'UNAUTHENTICATED') this.set({ me: null });
      return false;
    } finally {
      this.set({ busy: null });
    }
  }

  private need(): SyncClient {
    if (!this.client) throw new PlanbookError('UNAUTHENTICATED', { zh: '请先连接服务器', en: 'Connect to the server first' });
    return this.client;
  }

  private get key(): SubmissionKey {
    return { plan: this.state.planId, orgUnit: this.state.orgUnit, period: this.state.period, form: this.state.form };
  }

  private get spec(): TemplateSpec {
    const s = SPECS.get(this.state.form);
    if (!s) throw new PlanbookError('VALIDATION', { zh: `没有报表 ${this.state.form}`, en: `No form ${this.state.form}` });
    return s;
  }

  setLang(lang: Lang): void {
    this.set({ lang });
  }

  choose(patch: Partial<Pick<PaneState, 'orgUnit' | 'period' | 'form'>>): void {
    this.set({ ...patch, findings: [], review: null });
  }

  async connect(serverInput: string, token: string, remember: boolean): Promise<boolean> {
    return this.act(BUSY.connect, async () => {
      const server = normaliseServer(serverInput);
      if (token.trim() === '') throw new PlanbookError('UNAUTHENTICATED', { zh: '请填写令牌（由管理员用 planbook user add 生成）', en: 'Enter your token (your administrator makes one with planbook user add)' });
      const client = new SyncClient({ baseUrl: server, token: token.trim(), transport: this.env.transport, queue: localQueue(this.env.storage, server), tokenRefused: NOTICES.tokenRefused });
      const me = await client.me();
      const plans = await client.plans();
      this.client = client;
      this.token = token.trim();
      saveConnection(this.env.storage, { server, token: this.token, remember });
      const queued = (await client.pending()).length;
      this.set({ server, remember, me, plans, queued, notice: NOTICES.connected(me.name), orgUnit: me.units[0] ?? this.state.orgUnit });
      if (plans.length === 1) await this.loadPlan(plans[0]!.id);
      this.saveFunctionSettings();
    }).then(async (ok) => {
      if (ok && this.state.queued > 0) await this.flushQueue();
      return ok;
    });
  }

  disconnect(): void {
    this.client = null;
    this.token = '';
    saveConnection(this.env.storage, { server: this.state.server, token: '', remember: false });
    this.env.storage.removeItem(FUNCTIONS_SETTINGS_KEY);
    this.set({ me: null, plans: [], plan: null, planId: '', review: null, findings: [], conflict: null });
  }

  private saveFunctionSettings(): void {
    if (this.state.remember && this.state.planId) {
      this.env.storage.setItem(FUNCTIONS_SETTINGS_KEY, JSON.stringify({ server: this.state.server, token: this.token, plan: this.state.planId }));
    } else {
      this.env.storage.removeItem(FUNCTIONS_SETTINGS_KEY);
    }
  }

  async choosePlan(id: string): Promise<boolean> {
    return this.act(BUSY.connect, () => this.loadPlan(id));
  }

  private async loadPlan(id: string): Promise<void> {
    const plan = await this.need().getPlan(id);
    const units = this.unitsFor(plan);
    const unit = units.includes(this.state.orgUnit) ? this.state.orgUnit : (units[0] ?? '');
    this.set({ plan, planId: id, orgUnit: unit, period: this.state.period || `${plan.year}-06`, findings: [], review: null });
    this.saveFunctionSettings();
  }

  /** Fillers choose among their own units; reviewers and admins among all the plan's units. */
  unitsFor(plan: Plan | null = this.state.plan): string[] {
    const me = this.state.me;
    if (!me) return [];
    if (me.role === 'filler') return me.units;
    return plan ? plan.units : [];
  }

  periodsFor(plan: Plan | null = this.state.plan): string[] {
    if (!plan) return [];
    const y = plan.year;
    return [...Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`), `${y}-Q1`, `${y}-Q2`, `${y}-Q3`, `${y}-Q4`, `${y}-H1`, `${y}-H2`, `${y}`];
  }

  async pull(): Promise<boolean> {
    return this.act(BUSY.pull, async () => {
      const client = this.need();
      if (!this.state.plan) throw new PlanbookError('VALIDATION', { zh: '请先选择计划', en: 'Choose a plan first' });
      if (!parsePeriod(this.state.period)) throw new PlanbookError('VALIDATION', { zh: `报告期无效：${this.state.period}`, en: `Not a period: ${this.state.period}` });
      const key = this.key;
      const spec = this.spec;
      const [submission, templateBase64] = await Promise.all([client.pull(key).then((p) => p.submission), this.env.fetchTemplate(spec.file)]);
      const inputs = await formInputs(syncSources(client, key.plan, { plan: this.state.plan }), key, { stored: submission });
      const r = await pullForm(this.host, { key, inputs, submission, spec, templateBase64 }, SPECS);
      if (!r.ok) {
        this.set({ error: NOTICES.unpushed(r.unpushed.length) });
        return;
      }
      this.set({ submission, findings: [], conflict: null, notice: NOTICES.pulled(r.rows) });
    });
  }

  /** The form the workbook holds, checked against what the pane has chosen. */
  private async workbookSpec(): Promise<TemplateSpec> {
    const id = await currentIdentity(this.host);
    if (!id) throw new PlanbookError('BAD_WORKBOOK', NOTICES.notFilledHere);
    const spec = SPECS.get(id.template);
    if (!spec) throw new PlanbookError('BAD_WORKBOOK', { zh: `未知的报表模板 ${id.template}`, en: `Unknown template ${id.template}` });
    return spec;
  }

  /**
   * The pane's Sources for a plan when the server cannot be reached (or the pane is not connected):
   * the plan the pane or the workbook holds, the catalog and rules the workbook carries (refreshed by
   * each pull), else the bundled ones, and no history. Connected, Check uses syncSources: the store's.
   */
  private offlineSources(planId: string, workbook: WorkbookIdentity): { src: Sources; config: ConfigInUse } | null {
    const plan = this.state.plan && this.state.plan.id === planId ? this.state.plan : workbook.checkPlan;
    if (!plan) return null;
    const config = offlineConfig([{ origin: 'workbook', copy: workbook.carried }], bundledCopy);
    const src = heldSources({ plan, catalog: config.catalog.value, rules: config.rules.value, submissions: [], revisions: { catalog: config.catalog.rev, rules: config.rules.rev } });
    return { src, config };
  }

  async check(): Promise<boolean> {
    return this.act(BUSY.check, async () => {
      const spec = await this.workbookSpec();
      let offline: ConfigInUse | null = null;
      const judge = async (s: Submission, workbook: WorkbookIdentity): Promise<Finding[]> => {
        if (this.client) {
          try {
            return (await maySubmit(syncSources(this.client, s.plan, { plan: this.state.plan ?? undefined }), s)).findings;
          } catch (e) {
            // Out of reach: the workbook's own copy judges, and the notice says so.
            if (!isPlanbookError(e) || e.code !== 'UNAVAILABLE') throw e;
          }
        }
        const o = this.offlineSources(s.plan, workbook);
        if (!o) return [];
        offline = o.config;
        return (await maySubmit(o.src, s)).findings;
      };
      const { findings } = await checkForm(this.host, spec, judge, this.state.lang);
      const errors = findings.filter((f) => f.severity === 'error').length;
      const warnings = findings.filter((f) => f.severity === 'warning' && !f.explained).length;
      const done = NOTICES.checked(canSubmit(findings), errors, warnings);
      const used: ConfigInUse | null = offline;
      this.set({ findings, notice: used ? NOTICES.checkedOffline(done, configNote(used)) : done });
    });
  }

  async selectFinding(index: number): Promise<boolean> {
    const f = this.state.findings[index];
    if (!f) return false;
    return this.act(BUSY.check, async () => {
      const cell = await cellOf(this.host, await this.workbookSpec(), f);
      if (cell) await this.host.select(cell);
    });
  }

  async explainFinding(index: number, text: string): Promise<boolean> {
    const f = this.state.findings[index];
    if (!f) return false;
    if (text.trim() === '') {
      this.set({ error: NOTICES.needExplanation });
      return false;
    }
    const ok = await this.act(BUSY.check, async () => {
      const cell = await explain(this.host, await this.workbookSpec(), f, text.trim());
      this.set({ notice: NOTICES.explainedSaved(cell.address) });
    });
    if (ok) {
      const notice = this.state.notice;
      await this.check();
      if (!this.state.error) this.set({ notice });
    }
    return ok;
  }

  async push(): Promise<boolean> {
    return this.act(BUSY.push, async () => {
      const client = this.need();
      const spec = await this.workbookSpec();
      const { read, request } = await pendingPush(this.host, spec);
      if (request.edits.length === 0) {
        this.set({ notice: NOTICES.nothingToPush });
        return;
      }
      await this.send(client, read.key, request);
    });
  }

  /** Sends one push through the sync client (which first replays anything queued, in order). */
  private async send(client: SyncClient, key: SubmissionKey, request: PatchRequest, discard: ReadonlySet<FieldPath> = new Set()): Promise<void> {
    // The sync client replays the queue first and drops what the server refuses: never let a stale token do that.
    if ((await client.pending()).length > 0)
      await client.me().catch((e: unknown) => {
        if (isPlanbookError(e) && e.code === 'UNAVAILABLE') return; // offline: the push will queue behind them
        throw e;
      });
    const result = await client.push(key, request.baseRev, request.edits);
    await this.settle(client, key, request, result, discard);
    this.set({ queued: (await client.pending()).length });
  }

  /** What a push's outcome does to the pane and the workbook. */
  private async settle(client: SyncClient, key: SubmissionKey, request: PatchRequest, result: PushResult, discard: ReadonlySet<FieldPath>): Promise<void> {
    switch (result.kind) {
      case 'ok':
        await this.rebase(client, key, discard);
        this.set({ conflict: null, notice: NOTICES.pushed(result.rev, result.merged.length) });
        return;
      case 'conflict': {
        const keep = new Map<FieldPath, Keep>(result.conflicts.map((c) => [c.field, 'yours']));
        const conflict: PatchConflict = { rev: result.rev, conflicts: result.conflicts };
        this.set({ conflict: { key, original: request, conflict, keep } });
        return;
      }
      case 'queued':
        this.set({ notice: NOTICES.queuedOffline });
        return;
      case 'nothing':
        this.set({ notice: NOTICES.nothingToPush });
        return;
      case 'refused':
        throw result.error;
    }
  }

  /** After a push the server holds the workbook's values: pull them back as the new base (one write, or a rebuild when the identity outgrew its rows). */
  private async rebase(client: SyncClient, key: SubmissionKey, discard: ReadonlySet<FieldPath> = new Set()): Promise<void> {
    const id = await currentIdentity(this.host);
    if (!id || id.plan !== key.plan || id.orgUnit !== key.orgUnit || id.period !== key.period || id.form !== key.form) return;
    const { submission } = await client.pull(key);
    const spec = SPECS.get(id.template) ?? this.spec;
    // The form stays as it is: only its base (and cells the server has otherwise) are rewritten.
    const quick = await rebaseForm(this.host, spec, submission, discard);
    if (quick.ok) {
      this.set({ submission });
      return;
    }
    if ('unpushed' in quick) {
      this.set({ error: NOTICES.unpushed(quick.unpushed.length) });
      return;
    }
    const plan = this.state.plan && this.state.plan.id === key.plan ? this.state.plan : await client.getPlan(key.plan);
    const inputs = await formInputs(syncSources(client, key.plan, { plan }), key, { stored: submission });
    const r = await pullForm(this.host, { key, inputs, submission, spec, templateBase64: await this.env.fetchTemplate(spec.file), discard }, SPECS);
    if (r.ok) this.set({ submission });
    else this.set({ error: NOTICES.unpushed(r.unpushed.length) });
  }

  keepSide(field: FieldPath, side: Keep): void {
    const c = this.state.conflict;
    if (!c) return;
    const keep = new Map(c.keep);
    keep.set(field, side);
    this.set({ conflict: { ...c, keep } });
  }

  cancelConflict(): void {
    this.set({ conflict: null });
  }

  async pushResolution(): Promise<boolean> {
    const c = this.state.conflict;
    if (!c) return false;
    return this.act(BUSY.push, async () => {
      const request = resolveConflict(c.original, c.conflict.conflicts, c.conflict.rev, c.keep);
      const theirs = new Set(c.conflict.conflicts.filter((x) => (c.keep.get(x.field) ?? 'theirs') === 'theirs').map((x) => x.field));
      this.set({ conflict: null });
      if (request.edits.length === 0) {
        await this.rebase(this.need(), c.key, theirs);
        this.set({ notice: NOTICES.nothingToPush });
        return;
      }
      await this.send(this.need(), c.key, request, theirs);
    });
  }

  /**
   * Sends queued pushes in order. Asks who we are first: a push the server refuses leaves the sync
   * client's queue, so with an expired token nothing is tried and the queue stays whole.
   */
  async flushQueue(): Promise<boolean> {
    return this.act(BUSY.push, async () => {
      const client = this.need();
      await client.me();
      const report = await client.flush();
      this.set({ queued: report.waiting });
      let sent = 0;
      for (const { push, result } of report.sent) {
        if (result.kind === 'ok') sent++;
        await this.settle(client, push.key, push.request, result, new Set());
      }
      if (report.waiting > 0) this.set({ notice: NOTICES.queuedOffline });
      else if (sent > 0 && !this.state.conflict) this.set({ notice: NOTICES.queueSent(sent) });
    });
  }

  /** Called by a timer and when the browser comes back online: replays the queue if there is one and nothing else runs. */
  async autoRetry(): Promise<void> {
    if (this.state.queued === 0 || this.state.busy || this.state.conflict || !this.client) return;
    const before = this.state.queued;
    const ok = await this.flushQueue();
    // A failed background retry is not the user's doing: keep the pane quiet unless something changed.
    if (!ok && this.state.queued === before) this.set({ error: null });
  }

  async submit(): Promise<boolean> {
    return this.act(BUSY.submit, async () => {
      const client = this.need();
      const spec = await this.workbookSpec();
      const { read, request } = await pendingPush(this.host, spec);
      if (request.edits.length > 0) {
        await this.send(client, read.key, request);
        if (this.state.conflict || this.state.queued > 0) return;
      }
      const current = await client.pull(read.key);
      const r = await client.submit(read.key, current.rev);
      if (!r.ok) {
        this.set({ findings: r.findings, error: NOTICES.submitRefused });
        return;
      }
      this.set({ submission: r.submission, notice: NOTICES.submitted });
    });
  }

  async loadReview(): Promise<boolean> {
    return this.act(BUSY.review, async () => {
      const list = await this.need().list(this.state.planId, this.state.period);
      this.set({ review: list });
    });
  }

  /** The district's tables for the chosen period, from every unit's figures, as sheets with a chart. */
  async insertReport(): Promise<boolean> {
    return this.act(BUSY.report, async () => {
      const client = this.need();
      const plan = this.state.plan;
      if (!plan) throw new PlanbookError('VALIDATION', { zh: '请先选择计划', en: 'Choose a plan first' });
      const period = this.state.period;
      // The same district report as `planbook report --server`: the use case decides what counts.
      const report = await districtReport(syncSources(client, plan.id, { plan, me: this.state.me ?? undefined }), { period });
      const tables: Table[] = [report.main, report.status];
      const r = await this.env.insertReport(tables, [COMPLETION_CHART], this.state.lang);
      // A filler's report is not the district's: the notice naming the 无权查看 rows stays beside the inserted sheets.
      const done = NOTICES.reportInserted(r.sheets);
      this.set({ notice: report.notices.reduce((a, n) => ({ zh: `${a.zh}${n.zh}`, en: `${a.en} ${n.en}` }), done) });
    });
  }

  async approve(unit: string, form: string): Promise<boolean> {
    return this.act(BUSY.review, async () => {
      const client = this.need();
      const key = { plan: this.state.planId, orgUnit: unit, period: this.state.period, form };
      const cur = await client.pull(key);
      await client.approve(key, cur.rev);
      this.set({ review: await client.list(this.state.planId, this.state.period), notice: NOTICES.approved(unit) });
    });
  }

  async returnSubmission(unit: string, form: string, reason: string): Promise<boolean> {
    if (reason.trim() === '') {
      this.set({ error: NOTICES.needReason });
      return false;
    }
    return this.act(BUSY.review, async () => {
      const client = this.need();
      const key = { plan: this.state.planId, orgUnit: unit, period: this.state.period, form };
      const cur = await client.pull(key);
      await client.returnSubmission(key, cur.rev, reason.trim());
      this.set({ review: await client.list(this.state.planId, this.state.period), notice: NOTICES.returned(unit) });
    });
  }
}

/** Any failure as words for the user: planbook errors carry theirs; anything else says what to try. */
export function messageOf(e: unknown): Bilingual {
  if (isPlanbookError(e)) return { zh: e.zh, en: e.en };
  const text = e instanceof Error ? e.message : String(e);
  return { zh: `出现意外错误：${text}。请重试；若仍失败，请关闭并重新打开任务窗格。`, en: `Something unexpected failed: ${text}. Try again; if it keeps failing, close and reopen the pane.` };
}
