/**
 * The few store calls the workbook commands make (plan, submission, patch), over fetch. Every failure
 * becomes a bilingual PlanbookError saying whether the server refused or could not be reached.
 * Replace with src/sync's client once it lands; the wire format is src/sync/protocol.ts either way.
 */
import type { Plan } from '../model/plan';
import type { Submission, SubmissionKey } from '../model/submission';
import { PlanbookError, type ErrorCode, ERROR_KINDS } from '../model/errors';
import { submissionUrl, type PatchConflict, type PatchOk, type PatchRequest } from '../sync/protocol';

export type PatchOutcome = { ok: true; body: PatchOk } | { ok: false; conflict: PatchConflict };

interface ErrorBody {
  error?: { code?: string; zh?: string; en?: string; details?: unknown };
}

export class StoreClient {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {
    if (!/^https?:\/\//.test(url)) {
      throw new PlanbookError('BAD_REQUEST', { zh: `服务器地址应以 http:// 或 https:// 开头：${url}`, en: `The server URL must start with http:// or https://: ${url}` });
    }
  }

  private async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    let r: Response;
    try {
      r = await fetch(this.url.replace(/\/$/, '') + path, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      const m = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
      throw new PlanbookError('UNAVAILABLE', { zh: `无法连接服务器 ${this.url}（${m}），未做任何修改`, en: `Cannot reach the server ${this.url} (${m}); nothing was changed` });
    }
    const text = await r.text();
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: r.status, json };
  }

  private fail(status: number, json: unknown): PlanbookError {
    const e = (json as ErrorBody | null)?.error;
    const code = (e?.code && e.code in ERROR_KINDS ? e.code : 'UNAVAILABLE') as ErrorCode;
    const zh = e?.zh ?? `服务器返回 ${status}`;
    const en = e?.en ?? `The server answered ${status}`;
    return new PlanbookError(code, { zh: `服务器拒绝：${zh}`, en: `The server refused: ${en}` }, e?.details);
  }

  async getPlan(id: string): Promise<Plan> {
    const { status, json } = await this.call('GET', `/api/plans/${encodeURIComponent(id)}`);
    if (status !== 200) throw this.fail(status, json);
    return json as Plan;
  }

  async getSubmission(key: SubmissionKey): Promise<Submission> {
    const { status, json } = await this.call('GET', submissionUrl(key));
    if (status !== 200) throw this.fail(status, json);
    return json as Submission;
  }

  async patch(key: SubmissionKey, req: PatchRequest): Promise<PatchOutcome> {
    const { status, json } = await this.call('PATCH', submissionUrl(key), req);
    if (status === 200) return { ok: true, body: json as PatchOk };
    const details = (json as ErrorBody | null)?.error?.details as PatchConflict | undefined;
    if (status === 409 && details && Array.isArray(details.conflicts)) return { ok: false, conflict: details };
    throw this.fail(status, json);
  }
}
