/**
 * The store's HTTP API as the pane uses it, over an injected transport. Every failure becomes a
 * PlanbookError carrying the server's own bilingual message, or, when the server cannot be reached,
 * an UNAVAILABLE error that says what to check; callers never see a raw status or a stack.
 */
import { ERROR_KINDS, PlanbookError, type ErrorCode } from '../model/errors';
import type { Finding } from '../model/finding';
import type { Plan } from '../model/plan';
import type { Submission, SubmissionKey, WorkflowState } from '../model/submission';
import { submissionUrl, type PatchConflict, type PatchOk, type PatchRequest } from '../sync/protocol';
import { NetworkError, type Transport } from '../hosts/browser/transport';

export type Role = 'filler' | 'reviewer' | 'admin';

export interface Principal {
  name: string;
  role: Role;
  units: string[];
}

export interface PlanSummary {
  id: string;
  name: string;
  year: number;
}

export interface SubmissionSummary {
  unit: string;
  period: string;
  form: string;
  rev: number;
  state: WorkflowState;
  updatedAt: string;
  updatedBy: string;
  returnReason?: string;
}

export type LookupQuery = { kind: 'target'; indicator: string; year: number } | { kind: 'actual' | 'progress'; indicator: string; period: string };
export type LookupAnswer = { value: number | string | null; unit?: string } | { error: { zh: string; en: string } };

export type PushAnswer = { ok: true; body: PatchOk } | { ok: false; conflict: PatchConflict };
export type SubmitAnswer = { ok: true; submission: Submission; findings: Finding[] } | { ok: false; findings: Finding[]; error: PlanbookError };

/** 'http://host:3000/' or 'host:3000' → 'http://host:3000'; refuses what is not an http(s) address. */
export function normaliseServer(input: string): string {
  let s = input.trim();
  if (s.includes('://') && !/^https?:\/\/[^/]/i.test(s)) throw badAddress(input);
  s = s.replace(/\/+$/, '');
  if (s !== '' && !/^https?:\/\//i.test(s)) s = `https://${s}`;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw badAddress(input);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/i.test(u.hostname)) throw badAddress(input);
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

function badAddress(input: string): PlanbookError {
  return new PlanbookError('BAD_REQUEST', {
    zh: `服务器地址“${input}”无效：请填写形如 https://planbook.example.gov.cn 的地址`,
    en: `"${input}" is not a server address: enter one like https://planbook.example.gov.cn`,
  });
}

export function unreachable(server: string): PlanbookError {
  return new PlanbookError('UNAVAILABLE', {
    zh: `无法连接服务器 ${server}：请检查地址和网络；未推送的修改已保存在本机队列中，恢复连接后会自动发送`,
    en: `Cannot reach the server ${server}: check the address and the network; unpushed edits are kept in this computer's queue and sent when the connection is back`,
  });
}

/** Advice for a refused token, the same wherever the refusal comes from. */
function tokenRefused(): PlanbookError {
  return new PlanbookError('UNAUTHENTICATED', {
    zh: '令牌无效、已过期或已被吊销：请向管理员申请新令牌，在“连接”处重新输入；未推送的修改仍保留在本机',
    en: 'The token is invalid, expired or revoked: ask your administrator for a new one and enter it under Connect; unpushed edits stay on this computer',
  });
}

/** The sync client's error (the server's JSON error body, or its offline marker) as a PlanbookError. */
export function remoteError(e: { code: string; status: number; zh: string; en: string; details?: unknown }): PlanbookError {
  if (e.code === 'UNAUTHENTICATED' || e.status === 401) return tokenRefused();
  const code: ErrorCode = isCode(e.code) ? e.code : e.status >= 500 || e.status === 0 ? 'UNAVAILABLE' : 'BAD_REQUEST';
  return new PlanbookError(code, { zh: e.zh, en: e.en }, e.details);
}

function isCode(c: unknown): c is ErrorCode {
  return typeof c === 'string' && c in ERROR_KINDS;
}

export class StoreClient {
  constructor(
    readonly server: string,
    private readonly token: string,
    private readonly transport: Transport,
  ) {}

  private async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
    let res;
    try {
      res = await this.transport({
        method,
        url: `${this.server}${path}`,
        headers: { Accept: 'application/json', Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      if (e instanceof NetworkError) throw unreachable(this.server);
      throw e;
    }
    let json: unknown = null;
    try {
      json = res.body === '' ? null : JSON.parse(res.body);
    } catch {
      // A proxy's HTML error page, or not a planbook server at all.
      throw new PlanbookError('UNAVAILABLE', {
        zh: `${this.server} 的回答不是 planbook 服务器的格式（HTTP ${res.status}）：请检查服务器地址`,
        en: `${this.server} did not answer like a planbook server (HTTP ${res.status}): check the server address`,
      });
    }
    return { status: res.status, json };
  }

  /** The server's error body as a PlanbookError (its code, its words), with advice for the common cases. */
  private fail(status: number, json: unknown): PlanbookError {
    const err = (json as { error?: { code?: unknown; zh?: unknown; en?: unknown; details?: unknown } } | null)?.error;
    const code: ErrorCode = isCode(err?.code) ? err.code : status === 401 ? 'UNAUTHENTICATED' : status >= 500 ? 'UNAVAILABLE' : 'BAD_REQUEST';
    if (code === 'UNAUTHENTICATED') return tokenRefused();
    const zh = typeof err?.zh === 'string' ? err.zh : ERROR_KINDS[code].zh;
    const en = typeof err?.en === 'string' ? err.en : ERROR_KINDS[code].en;
    return new PlanbookError(code, { zh, en }, err?.details);
  }

  private async ok<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const { status, json } = await this.call(method, path, body, headers);
    if (status < 200 || status > 299) throw this.fail(status, json);
    return json as T;
  }

  me(): Promise<Principal> {
    return this.ok('GET', '/api/me');
  }

  async plans(): Promise<PlanSummary[]> {
    return (await this.ok<{ plans: PlanSummary[] }>('GET', '/api/plans')).plans;
  }

  plan(id: string): Promise<Plan> {
    return this.ok('GET', `/api/plans/${encodeURIComponent(id)}`);
  }

  submission(key: SubmissionKey): Promise<Submission> {
    return this.ok('GET', submissionUrl(key));
  }

  async list(plan: string, period: string): Promise<SubmissionSummary[]> {
    return (await this.ok<{ submissions: SubmissionSummary[] }>('GET', `/api/plans/${encodeURIComponent(plan)}/submissions?period=${encodeURIComponent(period)}`)).submissions;
  }

  async push(key: SubmissionKey, req: PatchRequest): Promise<PushAnswer> {
    const { status, json } = await this.call('PATCH', submissionUrl(key), req);
    if (status >= 200 && status < 300) return { ok: true, body: json as PatchOk };
    if (status === 409) {
      const details = (json as { error?: { details?: PatchConflict } }).error?.details;
      if (details && Array.isArray(details.conflicts)) return { ok: false, conflict: details };
    }
    throw this.fail(status, json);
  }

  async submit(key: SubmissionKey, rev: number): Promise<SubmitAnswer> {
    const { status, json } = await this.call('POST', `${submissionUrl(key)}/submit`, {}, { 'If-Match': `"${rev}"` });
    if (status >= 200 && status < 300) {
      const b = json as { submission: Submission; findings: Finding[] };
      return { ok: true, submission: b.submission, findings: b.findings ?? [] };
    }
    const error = this.fail(status, json);
    const findings = (error.details as { findings?: Finding[] } | undefined)?.findings;
    if (error.code === 'CHECK_FAILED' && Array.isArray(findings)) return { ok: false, findings, error };
    throw error;
  }

  approve(key: SubmissionKey, rev: number): Promise<Submission> {
    return this.ok('POST', `${submissionUrl(key)}/approve`, {}, { 'If-Match': `"${rev}"` });
  }

  returnSubmission(key: SubmissionKey, rev: number, reason: string): Promise<Submission> {
    return this.ok('POST', `${submissionUrl(key)}/return`, { reason }, { 'If-Match': `"${rev}"` });
  }

  async lookup(plan: string, queries: LookupQuery[]): Promise<LookupAnswer[]> {
    return (await this.ok<{ results: LookupAnswer[] }>('POST', `/api/plans/${encodeURIComponent(plan)}/lookup`, { queries })).results;
  }
}
