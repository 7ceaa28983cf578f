/**
 * The store calls the workbook commands make, through src/sync's client. The CLI keeps no offline
 * queue: the workbook itself holds the edits, so a push that cannot reach the server throws (the
 * client's bilingual "nothing was changed") and can simply be run again.
 */
import type { Plan } from '../model/plan';
import type { Submission, SubmissionKey } from '../model/submission';
import { PlanbookError } from '../model/errors';
import type { PatchConflict, PatchOk, PatchRequest } from '../sync/protocol';
import { SyncClient } from '../sync/client';
import { fetchTransport } from '../hosts/node/transport';

export type PatchOutcome = { ok: true; body: PatchOk } | { ok: false; conflict: PatchConflict };

export class StoreClient {
  readonly sync: SyncClient;

  constructor(
    readonly url: string,
    token: string,
  ) {
    if (!/^https?:\/\/[^/]/.test(url)) {
      throw new PlanbookError('BAD_REQUEST', { zh: `服务器地址应以 http:// 或 https:// 开头：${url}`, en: `The server URL must start with http:// or https://: ${url}` });
    }
    this.sync = new SyncClient({ baseUrl: url.replace(/\/+$/, ''), token, transport: fetchTransport() });
  }

  getPlan(id: string): Promise<Plan> {
    return this.sync.getPlan(id);
  }

  /** Every submission of a plan for a period that this token may read. */
  async submissions(plan: string, period: string): Promise<Submission[]> {
    const list = await this.sync.list(plan, period);
    const out: Submission[] = [];
    for (const s of list) out.push(await this.getSubmission({ plan, orgUnit: s.orgUnit, period: s.period, form: s.form }));
    return out;
  }

  async getSubmission(key: SubmissionKey): Promise<Submission> {
    return (await this.sync.pull(key)).submission;
  }

  async patch(key: SubmissionKey, req: PatchRequest): Promise<PatchOutcome> {
    const r = await this.sync.push(key, req.baseRev, req.edits);
    switch (r.kind) {
      case 'ok':
        return { ok: true, body: { rev: r.rev, submission: r.submission, merged: r.merged } };
      case 'conflict':
        return { ok: false, conflict: { rev: r.rev, conflicts: r.conflicts } };
      case 'refused':
        throw r.error;
      case 'queued':
      case 'nothing':
        // Without a queue nothing is queued, and the commands push only workbooks with edits.
        throw new Error(`push answered ${r.kind}`);
    }
  }
}
