/**
 * Gathers the custom-function calls that arrive within a few milliseconds (Excel recalculating a
 * sheet calls each cell's function separately) into one POST /api/plans/{plan}/lookup, and hands
 * each caller its own answer. One bad cell gets its own error; the others still get values.
 */
import type { Bilingual } from '../model/i18n';
import type { LookupAnswer, LookupQuery } from '../sync/protocol';

/** Sends one batch; resolves with one answer per query, in order. */
export type SendBatch = (queries: LookupQuery[]) => Promise<LookupAnswer[]>;

interface Waiting {
  query: LookupQuery;
  resolve: (a: LookupAnswer) => void;
}

export interface BatcherOptions {
  /** How long to wait for more calls before sending (ms). */
  delayMs?: number;
  /** The most queries in one request; more go in further requests. */
  maxBatch?: number;
}

export class LookupBatcher {
  private waiting: Waiting[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Requests sent, for tests and benchmarks. */
  requests = 0;

  constructor(
    private readonly send: SendBatch,
    private readonly options: BatcherOptions = {},
  ) {}

  ask(query: LookupQuery): Promise<LookupAnswer> {
    return new Promise((resolve) => {
      this.waiting.push({ query, resolve });
      if (this.timer === null) this.timer = setTimeout(() => void this.flush(), this.options.delayMs ?? 15);
    });
  }

  private async flush(): Promise<void> {
    this.timer = null;
    const all = this.waiting;
    this.waiting = [];
    const max = this.options.maxBatch ?? 500;
    for (let i = 0; i < all.length; i += max) {
      const batch = all.slice(i, i + max);
      this.requests++;
      let answers: LookupAnswer[];
      try {
        answers = await this.send(batch.map((w) => w.query));
      } catch (e) {
        const err = errorOf(e);
        batch.forEach((w) => w.resolve({ error: err }));
        continue;
      }
      batch.forEach((w, j) => w.resolve(answers[j] ?? { error: { zh: '服务器没有回答这一项', en: 'The server gave no answer for this item' } }));
    }
  }
}

function errorOf(e: unknown): Bilingual {
  if (typeof e === 'object' && e !== null && 'zh' in e && 'en' in e) {
    const o = e as { zh: unknown; en: unknown };
    if (typeof o.zh === 'string' && typeof o.en === 'string') return { zh: o.zh, en: o.en };
  }
  return { zh: '查询失败：请打开 planbook 任务窗格检查连接', en: 'Lookup failed: open the planbook pane and check the connection' };
}
