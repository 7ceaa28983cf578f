/**
 * The one client of the store's HTTP API, used by the task pane, the custom functions and the CLI:
 * who am I, plans, pull, diff, push with three-way merge on the server, conflicts with a resolve
 * step, an offline queue, lookups, and the workflow and list calls. Pure: the host gives it a
 * transport (fetch in Node and the browser) and, if it keeps unsent pushes, a queue storage, so
 * the same code runs in the pane, the functions, the CLI and the tests.
 * Every failure is a bilingual PlanbookError (remote-errors.ts); a push's outcomes are values.
 */
import { PlanbookError } from '../model/errors';
import type { Finding } from '../model/finding';
import type { Bilingual } from '../model/i18n';
import type { Plan } from '../model/plan';
import type { Submission, SubmissionData, SubmissionKey, WorkflowState } from '../model/submission';
import { diffData } from './diff';
import type { FieldConflict, FieldEdit, LookupAnswer, LookupQuery, PatchConflict, PatchOk, PatchRequest, PlanSummary, Principal, QueuedPush, SubmissionSummary } from './protocol';
import { submissionUrl } from './protocol';
import { upgradeLookupAnswer } from '../model/legacy-names';
import { enqueue, type QueueStorage } from './queue';
import { notPlanbook, refusal, unreachable } from './remote-errors';
import { validateCatalog, type Catalog } from '../rules/catalog';
import { validateRuleSet, type RuleSet } from '../rules/ruleset';
import type { AtRev } from '../usecases/carried';

/** A stored catalog or rule set the server sent; one that does not validate is the server's fault, said in both languages. */
function configOf<T>(name: string, value: unknown, check: (v: unknown) => T | null): T {
  const v = check(value);
  if (v === null) throw new PlanbookError('STORAGE', { zh: `服务器返回的${name === 'rules' ? '审核规则' : '指标目录'}无效`, en: `The server sent an invalid ${name}` });
  return v;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends one request. Throws when the server cannot be reached at all (that is what "offline" means). */
export type Transport = (req: HttpRequest) => Promise<HttpResponse>;

export interface Pulled {
  key: SubmissionKey;
  rev: number;
  state: WorkflowState;
  /** The values at rev: diff the edited copy against these. */
  pulled: SubmissionData;
  submission: Submission;
}

export type PushResult =
  | { kind: 'ok'; rev: number; submission: Submission; merged: string[] }
  | { kind: 'conflict'; rev: number; conflicts: FieldConflict[] }
  | { kind: 'queued'; id: string; waiting: number }
  | { kind: 'nothing' }
  | { kind: 'refused'; error: PlanbookError };

export interface FlushReport {
  sent: { push: QueuedPush; result: PushResult }[];
  /** Still queued (the server is still out of reach). */
  waiting: number;
}

export type Choice = 'mine' | 'theirs';

export type SubmitResult = { ok: true; submission: Submission; findings: Finding[] } | { ok: false; findings: Finding[]; error: PlanbookError };

export interface SyncClientOptions {
  /** e.g. https://localhost:3443 (no trailing slash). */
  baseUrl: string;
  token: string;
  transport: Transport;
  /**
   * Where pushes wait while the server is out of reach. Without one (the CLI: the workbook is its
   * own record) a push that cannot be sent throws instead of queueing.
   */
  queue?: QueueStorage;
  /** The words for a refused token, naming where this host's user enters a new one; else the server's words. */
  tokenRefused?: Bilingual;
  newId?: () => string;
  now?: () => Date;
}

/** A gateway error or a store that cannot write now (STORAGE, UNAVAILABLE): the push is kept and retried. */
const OFFLINE_STATUSES = new Set([502, 503, 504]);

/** A push the server did not take, for a reason that may pass: queue it, or (without a queue) report it. */
interface Unsent {
  kind: 'unsent';
  error: PlanbookError;
}

/** An answer with its body read: JSON, null for none, or undefined for a body that is not JSON. */
interface Answer {
  status: number;
  body: unknown;
}

export class SyncClient {
  private readonly o: SyncClientOptions;
  private seq = 0;

  constructor(o: SyncClientOptions) {
    this.o = o;
  }

  get server(): string {
    return this.o.baseUrl;
  }

  /** Sends one request; undefined when the server cannot be reached. */
  private async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer | undefined> {
    const h: Record<string, string> = { authorization: `Bearer ${this.o.token}`, accept: 'application/json', ...headers };
    const req: HttpRequest = { method, url: this.o.baseUrl + path, headers: h };
    if (body !== undefined) {
      h['content-type'] = 'application/json';
      req.body = JSON.stringify(body);
    }
    let res: HttpResponse;
    try {
      res = await this.o.transport(req);
    } catch (e) {
      // A transport says PlanbookError for a failure that waiting will not cure (an untrusted
      // certificate): that is not "offline", so nothing may be queued for later on its account.
      if (e instanceof PlanbookError) throw e;
      return undefined;
    }
    try {
      return { status: res.status, body: res.body === '' ? null : (JSON.parse(res.body) as unknown) };
    } catch {
      return { status: res.status, body: undefined };
    }
  }

  private unreachable(): PlanbookError {
    return unreachable(this.o.baseUrl, this.o.queue !== undefined);
  }

  /** Sends and returns the body of a 2xx answer; anything else throws a PlanbookError. */
  private async answered(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer> {
    const a = await this.request(method, path, body, headers);
    if (!a) throw this.unreachable();
    if (a.body === undefined) throw notPlanbook(this.o.baseUrl, a.status);
    return a;
  }

  private async json<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const a = await this.answered(method, path, body, headers);
    if (a.status < 200 || a.status > 299) throw refusal(a.status, a.body, this.o.tokenRefused);
    return a.body as T;
  }

  /** The signed-in user: what the token stands for. */
  me(): Promise<Principal> {
    return this.json<Principal>('GET', '/api/me');
  }

  async plans(): Promise<PlanSummary[]> {
    return (await this.json<{ plans: PlanSummary[] }>('GET', '/api/plans')).plans;
  }

  getPlan(id: string): Promise<Plan> {
    return this.json<Plan>('GET', `/api/plans/${encodeURIComponent(id)}`);
  }

  async pull(key: SubmissionKey): Promise<Pulled> {
    const s = await this.json<Submission>('GET', submissionUrl(key));
    return { key, rev: s.rev, state: s.state, pulled: s.data, submission: s };
  }

  /** The edits that turn the pulled base into the edited copy. */
  diff(pulled: Pulled, edited: SubmissionData): FieldEdit[] {
    return diffData(pulled.pulled, edited);
  }

  /**
   * Pushes edits against baseRev. Pushes wait behind anything already queued, so the server sees
   * them in the order they were made; if the server is out of reach, the push is queued.
   */
  async push(key: SubmissionKey, baseRev: number, edits: FieldEdit[]): Promise<PushResult> {
    if (edits.length === 0) return { kind: 'nothing' };
    const request: PatchRequest = { baseRev, edits };
    const queue = this.o.queue;
    if (!queue) {
      const r = await this.send(key, request);
      if (r.kind === 'unsent') throw r.error;
      return r;
    }
    if ((await queue.load()).length) {
      const f = await this.flush();
      if (f.waiting > 0) return this.enqueue(queue, key, request);
    }
    const r = await this.send(key, request);
    return r.kind === 'unsent' ? this.enqueue(queue, key, request) : r;
  }

  private async send(key: SubmissionKey, request: PatchRequest): Promise<PushResult | Unsent> {
    const a = await this.request('PATCH', submissionUrl(key), request);
    if (!a) return { kind: 'unsent', error: this.unreachable() };
    if (OFFLINE_STATUSES.has(a.status)) return { kind: 'unsent', error: a.body === undefined ? this.unreachable() : refusal(a.status, a.body) };
    // A proxy's or portal's page instead of the store's answer: the store never saw the push.
    if (a.body === undefined) return { kind: 'unsent', error: notPlanbook(this.o.baseUrl, a.status) };
    if (a.status === 200) {
      const ok = a.body as PatchOk;
      return { kind: 'ok', rev: ok.rev, submission: ok.submission, merged: ok.merged };
    }
    const error = refusal(a.status, a.body, this.o.tokenRefused);
    const c = error.details as PatchConflict | undefined;
    if (a.status === 409 && error.code === 'CONFLICT' && c && Array.isArray(c.conflicts)) return { kind: 'conflict', rev: c.rev, conflicts: c.conflicts };
    return { kind: 'refused', error };
  }

  private async enqueue(queue: QueueStorage, key: SubmissionKey, request: PatchRequest): Promise<PushResult> {
    const id = this.o.newId?.() ?? `${Date.now().toString(36)}-${(++this.seq).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const next = enqueue(await queue.load(), { id, key, request, queuedAt: (this.o.now?.() ?? new Date()).toISOString() });
    await queue.save(next);
    return { kind: 'queued', id, waiting: next.length };
  }

  /**
   * Sends queued pushes in order. Stops at the first one the server cannot take yet (offline) and
   * keeps it and the rest; a push that conflicts or is refused leaves the queue and is reported,
   * for the user to resolve.
   */
  async flush(): Promise<FlushReport> {
    const storage = this.o.queue;
    if (!storage) return { sent: [], waiting: 0 };
    const sent: FlushReport['sent'] = [];
    let queue = await storage.load();
    while (queue.length) {
      const head = queue[0]!;
      const result = await this.send(head.key, head.request);
      if (result.kind === 'unsent') break;
      sent.push({ push: head, result });
      queue = queue.slice(1);
      await storage.save(queue);
    }
    return { sent, waiting: queue.length };
  }

  async pending(): Promise<QueuedPush[]> {
    return this.o.queue ? this.o.queue.load() : [];
  }

  /**
   * The edits that carry out the user's choice per conflicting field: 'mine' writes my value over
   * theirs (based on theirs, so it applies cleanly at the new revision), 'theirs' drops my edit.
   * Push the answer against the conflict's rev. A field without a choice keeps theirs.
   */
  static resolve(conflicts: readonly FieldConflict[], choices: Record<string, Choice>): FieldEdit[] {
    return conflicts.filter((c) => choices[c.field] === 'mine').map((c) => ({ field: c.field, pulled: c.theirs, value: c.yours }));
  }

  /** Re-pushes after a conflict: the user's choices, plus the edits of the push that did not conflict. */
  async resolveAndPush(key: SubmissionKey, conflict: { rev: number; conflicts: FieldConflict[] }, original: readonly FieldEdit[], choices: Record<string, Choice>): Promise<PushResult> {
    const conflicted = new Set(conflict.conflicts.map((c) => c.field));
    const rest = original.filter((e) => !conflicted.has(e.field));
    return this.push(key, conflict.rev, [...rest, ...SyncClient.resolve(conflict.conflicts, choices)]);
  }

  // ---- workflow, lists and lookups --------------------------------------------------------------

  /** Runs the server's checks and submits; refused checks come back as findings, not as a throw. */
  async submit(key: SubmissionKey, rev: number): Promise<SubmitResult> {
    const a = await this.answered('POST', submissionUrl(key) + '/submit', undefined, { 'if-match': `"${rev}"` });
    if (a.status >= 200 && a.status < 300) {
      const b = a.body as { submission: Submission; findings?: Finding[] };
      return { ok: true, submission: b.submission, findings: b.findings ?? [] };
    }
    const error = refusal(a.status, a.body, this.o.tokenRefused);
    const findings = (error.details as { findings?: Finding[] } | undefined)?.findings;
    if (error.code === 'CHECK_FAILED' && Array.isArray(findings)) return { ok: false, findings, error };
    throw error;
  }

  /** What submit would say of `data` now (POST …/check), nothing stored; null when the server predates the route. */
  async dryRun(key: SubmissionKey, data: Submission['data']): Promise<{ findings: Finding[]; mayGoUp: boolean } | null> {
    const a = await this.answered('POST', submissionUrl(key) + '/check', { data });
    if (a.status === 404 || a.status === 405) return null;
    if (a.status < 200 || a.status > 299) throw refusal(a.status, a.body, this.o.tokenRefused);
    return a.body as { findings: Finding[]; mayGoUp: boolean };
  }

  approve(key: SubmissionKey, rev: number): Promise<Submission> {
    return this.json<Submission>('POST', submissionUrl(key) + '/approve', undefined, { 'if-match': `"${rev}"` });
  }

  returnSubmission(key: SubmissionKey, rev: number, reason: string): Promise<Submission> {
    return this.json<Submission>('POST', submissionUrl(key) + '/return', { reason }, { 'if-match': `"${rev}"` });
  }

  /** The plan's catalog as the store holds it (GET /api/catalog): the one the server's checks use. */
  async catalog(): Promise<Catalog> {
    return (await this.catalogAt()).value;
  }

  /** The catalog with its store revision (0: the bundled defaults the store was seeded with), for a workbook to carry. */
  async catalogAt(): Promise<AtRev<Catalog>> {
    const body = await this.json<{ rev?: unknown; value: unknown }>('GET', '/api/catalog');
    const value = configOf('catalog', body.value, (v) => {
      const r = validateCatalog(v);
      return r.problems.length === 0 ? r.catalog : null;
    });
    return { rev: typeof body.rev === 'number' ? body.rev : 0, value };
  }

  /** The rule set as the store holds it (GET /api/rules). */
  async rules(): Promise<RuleSet> {
    return (await this.rulesAt()).value;
  }

  /** The rule set with its store revision, for a workbook to carry. */
  async rulesAt(): Promise<AtRev<RuleSet>> {
    const body = await this.json<{ rev?: unknown; value: unknown }>('GET', '/api/rules');
    const value = configOf('rules', body.value, (v) => {
      const r = validateRuleSet(v);
      return r.problems.length === 0 ? r.ruleSet : null;
    });
    return { rev: typeof body.rev === 'number' ? body.rev : 0, value };
  }

  async list(plan: string, period?: string): Promise<SubmissionSummary[]> {
    const q = period ? `?period=${encodeURIComponent(period)}` : '';
    return (await this.json<{ submissions: SubmissionSummary[] }>('GET', `/api/plans/${encodeURIComponent(plan)}/submissions${q}`)).submissions;
  }

  /** The custom functions' values, one answer per query, in one round trip. */
  async lookup(plan: string, queries: LookupQuery[]): Promise<LookupAnswer[]> {
    return (await this.json<{ results: LookupAnswer[] }>('POST', `/api/plans/${encodeURIComponent(plan)}/lookup`, { queries })).results.map(upgradeLookupAnswer);
  }

  /** A submission's (or one field's) audit entries, oldest first, gathered page by page (the server answers at most 10 000 at a time). */
  async audit(key: SubmissionKey, field?: string): Promise<unknown[]> {
    const out: unknown[] = [];
    let after: number | null = 0;
    while (after !== null) {
      const q: string = `?after=${after}&limit=10000${field ? `&field=${encodeURIComponent(field)}` : ''}`;
      const page: { entries: unknown[]; next?: number | null } = await this.json('GET', submissionUrl(key) + '/audit' + q);
      out.push(...page.entries);
      after = page.next ?? null;
    }
    return out;
  }
}
