/**
 * The store calls the workbook commands make, through src/sync's client. The CLI keeps no offline
 * queue: the workbook itself holds the edits, so a push that cannot reach the server is reported as
 * "nothing sent" and can simply be run again. Every failure becomes a bilingual PlanbookError.
 */
import type { Plan } from '../model/plan';
import type { Submission, SubmissionKey } from '../model/submission';
import { PlanbookError, ERROR_KINDS, type ErrorCode } from '../model/errors';
import type { PatchConflict, PatchOk, PatchRequest } from '../sync/protocol';
import { RemoteFailure, SyncClient, type RemoteError } from '../sync/client';
import { memoryQueue } from '../sync/queue';
import { fetchTransport } from '../hosts/node/transport';

export type PatchOutcome = { ok: true; body: PatchOk } | { ok: false; conflict: PatchConflict };

function toError(e: RemoteError, url: string): PlanbookError {
  if (e.code === 'OFFLINE') {
    return new PlanbookError('UNAVAILABLE', { zh: `无法连接服务器 ${url}，未做任何修改；稍后再试`, en: `Cannot reach the server ${url}; nothing was changed; try again later` });
  }
  const code = (e.code in ERROR_KINDS ? e.code : 'UNAVAILABLE') as ErrorCode;
  return new PlanbookError(code, { zh: `服务器拒绝：${e.zh}`, en: `The server refused: ${e.en}` }, e.details);
}

export class StoreClient {
  private readonly sync: SyncClient;

  constructor(
    readonly url: string,
    token: string,
  ) {
    if (!/^https?:\/\/[^/]/.test(url)) {
      throw new PlanbookError('BAD_REQUEST', { zh: `服务器地址应以 http:// 或 https:// 开头：${url}`, en: `The server URL must start with http:// or https://: ${url}` });
    }
    this.sync = new SyncClient({ baseUrl: url.replace(/\/+$/, ''), token, transport: fetchTransport(), queue: memoryQueue() });
  }

  private async call<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (e instanceof RemoteFailure) throw toError(e.error, this.url);
      throw e;
    }
  }

  getPlan(id: string): Promise<Plan> {
    return this.call(() => this.sync.getPlan<Plan>(id));
  }

  /** Every submission of a plan for a period that this token may read. */
  async submissions(plan: string, period: string): Promise<Submission[]> {
    const list = await this.call(() => this.sync.list(plan, period));
    const out: Submission[] = [];
    for (const s of list) out.push(await this.getSubmission({ plan, unit: s.unit, period: s.period, form: s.form }));
    return out;
  }

  async getSubmission(key: SubmissionKey): Promise<Submission> {
    return (await this.call(() => this.sync.pull(key))).submission;
  }

  async patch(key: SubmissionKey, req: PatchRequest): Promise<PatchOutcome> {
    const r = await this.call(() => this.sync.push(key, req.baseRev, req.edits));
    switch (r.kind) {
      case 'ok':
        return { ok: true, body: { rev: r.rev, submission: r.submission, merged: r.merged } };
      case 'conflict':
        return { ok: false, conflict: { rev: r.rev, conflicts: r.conflicts } };
      case 'refused':
        throw toError(r.error, this.url);
      case 'queued':
        throw toError({ code: 'OFFLINE', status: 0, zh: '', en: '' }, this.url);
      case 'nothing':
        throw new Error('push of no edits');
    }
  }
}
