/**
 * The door of every API request, before any route runs: the caller's rate limit, sign-in, and the
 * audit of refusals, with costs bounded per caller (issue 12).
 *  - Each token (or, without one, each address) has a bucket of requests (RateLimit).
 *  - Failed sign-ins (no token, unknown or revoked token) also take from their address's bucket of
 *    failures; once it is empty the address gets 429 for unknown tokens before any lookup, so a
 *    flood rotating bogus tokens is limited too. Tokens that signed in since the start still pass.
 *  - Refusals (401, 403, 429) are audited once per flood per source (flood-gate.ts): the token for
 *    a token that signed in, the address otherwise.
 */
import type { IncomingMessage } from 'node:http';
import { PlanbookError } from '../model/errors';
import type { Clock } from './clock';
import { FloodGate } from './flood-gate';
import { RateLimiter, type RateLimit } from './rate-limit';
import type { StoreService } from './service';
import { hashToken, toPrincipal, type Principal, type UserStore } from './users';

export interface GuardOptions {
  service: StoreService;
  users: UserStore;
  rateLimit: RateLimit;
  authFailureLimit: RateLimit;
  clock: Clock;
  floodQuietMs: number;
  log: (line: string) => void;
}

/** Who is asking: the principal and the source its refusals are counted under. */
export interface Admitted {
  principal: Principal;
  /** `t:<token hash>`: a flood of 403s is one source per token. */
  source: string;
}

export type Admission = { ok: true; who: Admitted } | { ok: false; error: PlanbookError; retryAfter: number };

export class Guard {
  private readonly limiter: RateLimiter;
  private readonly failures: RateLimiter;
  private readonly floods: FloodGate;
  /** Token hashes that signed in since the start (a sign-in is audited once per token and start). */
  private readonly seen = new Set<string>();

  constructor(private readonly o: GuardOptions) {
    this.limiter = new RateLimiter(o.rateLimit, o.clock);
    this.failures = new RateLimiter(o.authFailureLimit, o.clock);
    this.floods = new FloodGate(o.floodQuietMs, o.clock);
  }

  /** Limits, then signs in. A refusal is answered (and audited once per flood), never thrown. */
  async admit(req: IncomingMessage, routeName: string): Promise<Admission> {
    const hash = bearerHash(req);
    const address = `a:${req.socket.remoteAddress ?? ''}`;
    // Limit before authenticating, so a flood of bad tokens costs neither lookups nor audit writes.
    // A header that is not a bearer token is limited per address, like no header at all.
    const bucket = hash !== null ? `t:${hash}` : address;
    const known = hash !== null && this.seen.has(hash);
    // Refusals of a token not (yet) known to be real count against the address: a bogus token is
    // no better a source than no token, and rotating bogus tokens must stay one flood.
    if (!this.limiter.take(bucket)) return this.limited(known ? bucket : address, routeName, this.limiter.retryAfterSeconds(bucket));
    if (!known && this.failures.exhausted(address)) return this.limited(address, routeName, this.failures.retryAfterSeconds(address));

    const user = hash === null ? null : await this.o.users.findByTokenHash(hash);
    if (!user) {
      this.failures.take(address);
      const why = hash === null ? 'no token' : `unknown or revoked token ${hash.slice(0, 8)}`;
      await this.refused(address, '-', `401 ${why}: ${routeName}`);
      const error =
        hash === null
          ? new PlanbookError('UNAUTHENTICATED', { zh: '缺少令牌：请在 Authorization 头中带上 Bearer 令牌', en: 'No token: send Authorization: Bearer <token>' })
          : new PlanbookError('UNAUTHENTICATED', { zh: '令牌无效或已被吊销', en: 'The token is invalid or has been revoked' });
      return { ok: false, error, retryAfter: 0 };
    }
    if (!this.seen.has(hash!)) {
      this.seen.add(hash!);
      await this.o.service.record([{ action: 'signin', actor: user.name, detail: `${user.role}${user.units.length ? ' ' + user.units.join(',') : ''}` }]);
    }
    return { ok: true, who: { principal: toPrincipal(user), source: `t:${hash!}` } };
  }

  private async limited(source: string, routeName: string, retryAfter: number): Promise<Admission> {
    await this.refused(source, '-', `429 rate limited: ${routeName}`);
    return { ok: false, error: new PlanbookError('RATE_LIMITED'), retryAfter };
  }

  /**
   * Audits a refusal if it opens a flood of its kind from its source; later refusals of the same
   * flood are only counted, and the count goes into the source's next flood entry.
   */
  async refused(source: string, actor: string, detail: string): Promise<void> {
    const v = this.floods.refuse(source);
    if (!v.record) return;
    const tail = v.unrecordedBefore > 0 ? ` (previous flood from this source: ${v.unrecordedBefore} more refusals not recorded one by one)` : '';
    await this.o.service.record([{ action: 'refusal', actor, detail: detail + tail }]).catch((e: unknown) => this.o.log(`拒绝记录写入审计失败 / audit of a refusal failed: ${String(e)}`));
  }
}

/** The Authorization header's bearer token, hashed once per request for the rate limiter and the user lookup. */
function bearerHash(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m ? hashToken(m[1]!) : null;
}
