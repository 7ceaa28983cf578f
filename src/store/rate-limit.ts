/**
 * A token bucket per caller (per token, or per address before sign-in): `burst` requests at once,
 * refilled at `perSecond`. Buckets that have refilled completely carry no information and are
 * dropped, so a scan with many fake tokens cannot grow memory without bound.
 */
import { systemClock, type Clock } from './clock';

export interface RateLimit {
  burst: number;
  perSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 600, perSecond: 300 };

/**
 * Failed sign-ins (no token, unknown or revoked token) per address: a person who mistypes a token
 * retries a few times; a scan rotating bogus tokens would otherwise get a fresh bucket per token.
 */
export const DEFAULT_AUTH_FAILURE_LIMIT: RateLimit = { burst: 20, perSecond: 1 };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Takes one request from key's bucket: true when allowed, false when refused (the bucket is empty). */
  take(key: string): boolean {
    const b = this.refilled(key);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Whether key's bucket is empty now, without taking from it. */
  exhausted(key: string): boolean {
    return this.refilled(key).tokens < 1;
  }

  /** Seconds until key may send again (at least 1), for Retry-After. */
  retryAfterSeconds(key: string): number {
    const b = this.buckets.get(key);
    if (!b) return 1;
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond));
  }

  private refilled(key: string): Bucket {
    const now = this.clock.now();
    this.sweep(now);
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: this.limit.burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.limit.burst, b.tokens + ((now - b.at) / 1000) * this.limit.perSecond);
    b.at = now;
    return b;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 10_000) return;
    this.lastSweep = now;
    for (const [k, b] of this.buckets) if (b.tokens + ((now - b.at) / 1000) * this.limit.perSecond >= this.limit.burst) this.buckets.delete(k);
  }
}
