/**
 * A token bucket per caller (per token, or per address before sign-in): `burst` requests at once,
 * refilled at `perSecond`. Buckets that have refilled completely carry no information and are
 * dropped, so a scan with many fake tokens cannot grow memory without bound.
 */
export interface RateLimit {
  burst: number;
  perSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 600, perSecond: 300 };

interface Bucket {
  tokens: number;
  at: number;
  /** Whether the refusal that opened the current run of refusals was recorded in the audit. */
  reported: boolean;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** true: go ahead; 'first': refused, and the first refusal since the caller was last allowed; 'again': refused again. */
  take(key: string): true | 'first' | 'again' {
    const now = this.clock();
    this.sweep(now);
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now, reported: false };
    b.tokens = Math.min(this.limit.burst, b.tokens + ((now - b.at) / 1000) * this.limit.perSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      b.reported = false;
      return true;
    }
    if (b.reported) return 'again';
    b.reported = true;
    return 'first';
  }

  retryAfterSeconds(key: string): number {
    const b = this.buckets.get(key);
    if (!b) return 0;
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond));
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 10_000) return;
    this.lastSweep = now;
    for (const [k, b] of this.buckets) if (b.tokens + ((now - b.at) / 1000) * this.limit.perSecond >= this.limit.burst) this.buckets.delete(k);
  }
}
