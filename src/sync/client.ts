/**
 * The sync client used by the add-in and the CLI: pull, diff, push with three-way merge on the
 * server, conflicts with a resolve step, an offline queue, and the workflow and list calls. Pure:
 * the host gives it a transport (fetch in Node and the browser) and a queue storage, so the same
 * code runs in the task pane, the CLI and the tests.
 */
import type { Bilingual } from '../model/i18n';
import type { Finding } from '../model/finding';
import type { Submission, SubmissionData, SubmissionKey, WorkflowState } from '../model/submission';
import { diffData } from './diff';
import type { FieldConflict, FieldEdit, PatchConflict, PatchOk, PatchRequest, QueuedPush } from './protocol';
import { submissionUrl } from './protocol';
import { enqueue, type QueueStorage } from './queue';

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

/** The JSON error body of the server (PlanbookError.toJSON()). */
export interface RemoteError extends Bilingual {
  code: string;
  status: number;
  details?: unknown;
}

export interface Pulled {
  key: SubmissionKey;
  rev: number;
  state: WorkflowState;
  /** The values at rev: diff the edited copy against these. */
  base: SubmissionData;
  submission: Submission;
}

export type PushResult =
  | { kind: 'ok'; rev: number; submission: Submission; merged: string[] }
  | { kind: 'conflict'; rev: number; conflicts: FieldConflict[] }
  | { kind: 'queued'; id: string; waiting: number }
  | { kind: 'nothing' }
  | { kind: 'refused'; error: RemoteError };

export interface FlushReport {
  sent: { push: QueuedPush; result: PushResult }[];
  /** Still queued (the server is still out of reach). */
  waiting: number;
}

export type Choice = 'mine' | 'theirs';

export interface SubmissionState {
  unit: string;
  period: string;
  form: string;
  rev: number;
  state: WorkflowState;
  updatedAt: string;
  updatedBy: string;
  returnReason?: string;
}

export interface LookupQuery {
  kind: 'target' | 'actual' | 'progress';
  indicator: string;
  year?: number;
  period?: string;
}
export type LookupResult = { value: number | string | null; unit?: string } | { error: Bilingual };

export class RemoteFailure extends Error {
  constructor(readonly error: RemoteError) {
    super(`${error.zh} / ${error.en}`);
    this.name = 'RemoteFailure';
  }
}

export interface SyncClientOptions {
  /** e.g. https://localhost:3443 (no trailing slash). */
  baseUrl: string;
  token: string;
  transport: Transport;
  queue: QueueStorage;
  newId?: () => string;
  now?: () => Date;
}

const OFFLINE_STATUSES = new Set([502, 503, 504]);

export const OFFLINE_ERROR: RemoteError = {
  code: 'OFFLINE',
  status: 0,
  zh: '无法连接服务器；修改已保存在本机队列中，联网后自动发送',
  en: 'The server cannot be reached; changes are kept in the local queue and sent when it is back',
};

export class SyncClient {
  private readonly o: SyncClientOptions;
  private seq = 0;

  constructor(o: SyncClientOptions) {
    this.o = o;
  }

  private async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResponse> {
    const h: Record<string, string> = { authorization: `Bearer ${this.o.token}`, accept: 'application/json', ...headers };
    const req: HttpRequest = { method, url: this.o.baseUrl + path, headers: h };
    if (body !== undefined) {
      h['content-type'] = 'application/json';
      req.body = JSON.stringify(body);
    }
    return this.o.transport(req);
  }

  private static parse(res: HttpResponse): unknown {
    try {
      return res.body === '' ? null : (JSON.parse(res.body) as unknown);
    } catch {
      return null;
    }
  }

  private static errorOf(res: HttpResponse): RemoteError {
    const b = SyncClient.parse(res) as { error?: RemoteError } | null;
    if (b && b.error && typeof b.error.zh === 'string') return b.error;
    return { code: 'HTTP', status: res.status, zh: `服务器返回 ${res.status}`, en: `The server answered ${res.status}` };
  }

  /** Sends and returns the parsed body of a 2xx answer, or throws RemoteFailure. */
  private async json<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    let res: HttpResponse;
    try {
      res = await this.request(method, path, body, headers);
    } catch {
      throw new RemoteFailure(OFFLINE_ERROR);
    }
    if (res.status < 200 || res.status > 299) throw new RemoteFailure(SyncClient.errorOf(res));
    return SyncClient.parse(res) as T;
  }

  async pull(key: SubmissionKey): Promise<Pulled> {
    const s = await this.json<Submission>('GET', submissionUrl(key));
    return { key, rev: s.rev, state: s.state, base: s.data, submission: s };
  }

  /** The edits that turn the pulled base into the edited copy. */
  diff(pulled: Pulled, edited: SubmissionData): FieldEdit[] {
    return diffData(pulled.base, edited);
  }

  /**
   * Pushes edits against baseRev. Pushes wait behind anything already queued, so the server sees
   * them in the order they were made; if the server is out of reach, the push is queued.
   */
  async push(key: SubmissionKey, baseRev: number, edits: FieldEdit[]): Promise<PushResult> {
    if (edits.length === 0) return { kind: 'nothing' };
    const request: PatchRequest = { baseRev, edits };
    const queued = await this.o.queue.load();
    if (queued.length) {
      const f = await this.flush();
      if (f.waiting > 0) return this.enqueue(key, request);
    }
    return (await this.send(key, request)) ?? this.enqueue(key, request);
  }

  /** Sends one patch; null when the server cannot be reached. */
  private async send(key: SubmissionKey, request: PatchRequest): Promise<PushResult | null> {
    let res: HttpResponse;
    try {
      res = await this.request('PATCH', submissionUrl(key), request);
    } catch {
      return null;
    }
    // A gateway error or a store that cannot write now (STORAGE, UNAVAILABLE): keep the push and retry later.
    if (OFFLINE_STATUSES.has(res.status)) return null;
    if (res.status === 200) {
      const ok = SyncClient.parse(res) as PatchOk;
      return { kind: 'ok', rev: ok.rev, submission: ok.submission, merged: ok.merged };
    }
    const err = SyncClient.errorOf(res);
    if (res.status === 409 && err.code === 'CONFLICT') {
      const c = err.details as PatchConflict;
      return { kind: 'conflict', rev: c.rev, conflicts: c.conflicts };
    }
    return { kind: 'refused', error: err };
  }

  private async enqueue(key: SubmissionKey, request: PatchRequest): Promise<PushResult> {
    const id = this.o.newId?.() ?? `${Date.now().toString(36)}-${(++this.seq).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const next = enqueue(await this.o.queue.load(), { id, key, request, queuedAt: (this.o.now?.() ?? new Date()).toISOString() });
    await this.o.queue.save(next);
    return { kind: 'queued', id, waiting: next.length };
  }

  /**
   * Sends queued pushes in order. Stops at the first one the server cannot take yet (offline) and
   * keeps it and the rest; a push that conflicts or is refused leaves the queue and is reported,
   * for the user to resolve.
   */
  async flush(): Promise<FlushReport> {
    const sent: FlushReport['sent'] = [];
    let queue = await this.o.queue.load();
    while (queue.length) {
      const head = queue[0]!;
      const result = await this.send(head.key, head.request);
      if (result === null) break;
      sent.push({ push: head, result });
      queue = queue.slice(1);
      await this.o.queue.save(queue);
    }
    return { sent, waiting: queue.length };
  }

  pending(): Promise<QueuedPush[]> {
    return this.o.queue.load();
  }

  /**
   * The edits that carry out the user's choice per conflicting field: 'mine' writes my value over
   * theirs (based on theirs, so it applies cleanly at the new revision), 'theirs' drops my edit.
   * Push the answer against the conflict's rev. A field without a choice keeps theirs.
   */
  static resolve(conflicts: readonly FieldConflict[], choices: Record<string, Choice>): FieldEdit[] {
    return conflicts.filter((c) => choices[c.field] === 'mine').map((c) => ({ field: c.field, base: c.theirs, value: c.yours }));
  }

  /** Re-pushes after a conflict: the user's choices, plus the edits of the push that did not conflict. */
  async resolveAndPush(key: SubmissionKey, conflict: { rev: number; conflicts: FieldConflict[] }, original: readonly FieldEdit[], choices: Record<string, Choice>): Promise<PushResult> {
    const conflicted = new Set(conflict.conflicts.map((c) => c.field));
    const rest = original.filter((e) => !conflicted.has(e.field));
    return this.push(key, conflict.rev, [...rest, ...SyncClient.resolve(conflict.conflicts, choices)]);
  }

  // ---- workflow and lists ----------------------------------------------------------------------

  async submit(key: SubmissionKey, rev: number): Promise<{ ok: true; submission: Submission; findings: Finding[] } | { ok: false; findings: Finding[]; error: RemoteError }> {
    let res: HttpResponse;
    try {
      res = await this.request('POST', submissionUrl(key) + '/submit', undefined, { 'if-match': `"${rev}"` });
    } catch {
      throw new RemoteFailure(OFFLINE_ERROR);
    }
    if (res.status === 200) {
      const b = SyncClient.parse(res) as { submission: Submission; findings: Finding[] };
      return { ok: true, submission: b.submission, findings: b.findings };
    }
    const err = SyncClient.errorOf(res);
    if (err.code === 'CHECK_FAILED') return { ok: false, findings: (err.details as { findings: Finding[] }).findings, error: err };
    throw new RemoteFailure(err);
  }

  approve(key: SubmissionKey, rev: number): Promise<Submission> {
    return this.json<Submission>('POST', submissionUrl(key) + '/approve', undefined, { 'if-match': `"${rev}"` });
  }

  returnSubmission(key: SubmissionKey, rev: number, reason: string): Promise<Submission> {
    return this.json<Submission>('POST', submissionUrl(key) + '/return', { reason }, { 'if-match': `"${rev}"` });
  }

  async list(plan: string, period?: string): Promise<SubmissionState[]> {
    const q = period ? `?period=${encodeURIComponent(period)}` : '';
    return (await this.json<{ submissions: SubmissionState[] }>('GET', `/api/plans/${encodeURIComponent(plan)}/submissions${q}`)).submissions;
  }

  async lookup(plan: string, queries: LookupQuery[]): Promise<LookupResult[]> {
    return (await this.json<{ results: LookupResult[] }>('POST', `/api/plans/${encodeURIComponent(plan)}/lookup`, { queries })).results;
  }

  async plans(): Promise<{ id: string; name: string; year: number; rev: number }[]> {
    return (await this.json<{ plans: { id: string; name: string; year: number; rev: number }[] }>('GET', '/api/plans')).plans;
  }

  getPlan<P = unknown>(id: string): Promise<P> {
    return this.json<P>('GET', `/api/plans/${encodeURIComponent(id)}`);
  }

  async audit(key: SubmissionKey, field?: string): Promise<unknown[]> {
    const q = field ? `?field=${encodeURIComponent(field)}` : '';
    return (await this.json<{ entries: unknown[] }>('GET', submissionUrl(key) + '/audit' + q)).entries;
  }
}
