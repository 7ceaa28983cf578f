/**
 * The HTTP face of the store, on Node's own `http` module: the API is a dozen routes, and owning
 * the request loop keeps body limits, strict parsing and the JSON error body in plain sight with no
 * framework defaults to audit (and no extra dependency to vet for a government intranet).
 * Routes parse and validate, call StoreService, and map results to status codes; every error leaves
 * as PlanbookError.toJSON(), in zh-CN and English.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PlanbookError, isPlanbookError } from '../model/errors';
import type { Submission, SubmissionKey } from '../model/submission';
import type { SubmissionSummary } from '../sync/protocol';
import type { AuditDraft } from './audit-chain';
import type { ConfigName } from './backend';
import { lookup } from './lookup';
import { openApiDocument } from './openapi';
import { RateLimiter, type RateLimit } from './rate-limit';
import type { StoreService } from './service';
import { resolveStatic, sendStatic, type StaticRoot } from './static-files';
import { hashToken, toPrincipal, type Principal, type UserStore } from './users';
import { LIMITS, parseEmpty, parseLookup, parsePatchRequest, parsePutBody, parseReason, type FormId } from './validate';

export interface HttpOptions {
  service: StoreService;
  users: UserStore;
  rateLimit: RateLimit;
  staticRoots: StaticRoot[];
  /** Origins allowed by CORS besides the server's own. */
  allowOrigins: string[];
  /** Defaults for GET /api/catalog and /api/rules before an admin stores its own. */
  defaults: { catalog: () => unknown; rules: () => unknown };
  log?: (line: string) => void;
}

type Json = unknown;

interface Answer {
  status: number;
  body: Json;
  headers?: Record<string, string>;
}

const segmentsOf = (pathname: string): string[] => {
  const parts = pathname.split('/').slice(1);
  return parts.map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new PlanbookError('BAD_REQUEST', { zh: `地址中有无效的编码：${s.slice(0, 60)}`, en: `Badly encoded URL segment: ${s.slice(0, 60)}` });
    }
  });
};

/** Parses If-Match: "3", W/"3" or 3. A missing header is null (→ 428 where required). */
export function parseIfMatch(h: string | undefined): number | null {
  if (h === undefined) return null;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(h);
  if (!m) {
    throw new PlanbookError('BAD_REQUEST', { zh: `If-Match 应为版本号，如 "3"；收到 ${h.slice(0, 40)}`, en: `If-Match must be a revision such as "3"; got ${h.slice(0, 40)}` });
  }
  return Number(m[1]);
}

/**
 * Reads and parses a JSON body. Plain 'data'/'end' listeners rather than `for await`: the async
 * iterator costs a promise per chunk and showed up at ~6% of the server's CPU under load.
 */
function readBody(req: IncomingMessage): Promise<unknown> {
  const len = req.headers['content-length'];
  if (len !== undefined && Number(len) > LIMITS.bodyBytes) return Promise.reject(tooLarge());
  const cutOff = (): PlanbookError => new PlanbookError('BAD_REQUEST', { zh: '请求在正文传完之前中断', en: 'The request was cut off before its body ended' });
  // A client that went away while the route was busy (e.g. awaiting the plan) would never send 'end'.
  if (req.destroyed) return Promise.reject(cutOff());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      reject(e);
    };
    req.on('data', (b: Buffer) => {
      if (settled) return;
      size += b.length;
      if (size > LIMITS.bodyBytes) {
        fail(tooLarge());
        // As the async iterator did on an early exit: stop reading an oversized body at once.
        req.destroy();
        return;
      }
      chunks.push(b);
    });
    req.on('error', fail);
    // 'close' also follows every normal 'end': build the error (a stack trace each) only when it is one.
    req.on('close', () => {
      if (!settled) fail(cutOff());
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      try {
        resolve(parseJsonBody(req, chunks, size));
      } catch (e) {
        reject(e);
      }
    });
  });
}

function parseJsonBody(req: IncomingMessage, chunks: Buffer[], size: number): unknown {
  if (size === 0) return undefined;
  const ct = (req.headers['content-type'] ?? '').toLowerCase();
  if (!ct.startsWith('application/json')) {
    throw new PlanbookError('UNSUPPORTED_MEDIA', { zh: '请求内容类型应为 application/json', en: 'The request body must be application/json' });
  }
  const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new PlanbookError('BAD_JSON', {
      zh: `请求内容不是有效的 JSON：${(e as Error).message}`,
      en: `The request body is not valid JSON: ${(e as Error).message}`,
    });
  }
}

function tooLarge(): PlanbookError {
  return new PlanbookError('TOO_LARGE', {
    zh: `请求内容超过 ${LIMITS.bodyBytes / 1024 / 1024} MB 的上限`,
    en: `The request body is over the ${LIMITS.bodyBytes / 1024 / 1024} MB limit`,
  });
}

const etag = (rev: number): string => `"${rev}"`;

/** A submission's state without its data, as the list answers it. */
function summariseSubmission(s: Submission): SubmissionSummary {
  return { unit: s.unit, period: s.period, form: s.form, rev: s.rev, state: s.state, updatedAt: s.updatedAt, updatedBy: s.updatedBy, returnReason: s.returnReason, judgedBy: s.judgedBy };
}

function limiterAllows(l: RateLimiter, key: string): boolean {
  return l.take(key) === true;
}

export function createHandler(o: HttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const limiter = new RateLimiter(o.rateLimit);
  // Refusals of unknown tokens are audited, but a scan with many random tokens must not flood the
  // trail: at most a burst of 20, then one a second, per address.
  const refusalAudit = new RateLimiter({ burst: 20, perSecond: 1 });
  const seen = new Set<string>(); // token hashes that signed in since start
  const log = o.log ?? (() => undefined);
  const { service } = o;

  /** The Authorization header's bearer token, hashed once per request for the rate limiter and the user lookup. */
  function bearerHash(req: IncomingMessage): string | null {
    const h = req.headers.authorization;
    const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
    return m ? hashToken(m[1]!) : null;
  }

  async function authenticate(req: IncomingMessage, route: string, hash: string | null): Promise<Principal> {
    if (hash === null) {
      if (limiterAllows(refusalAudit, req.socket.remoteAddress ?? '')) await refuse({ action: 'refusal', actor: '-', detail: `401 no token: ${route}` });
      throw new PlanbookError('UNAUTHENTICATED', { zh: '缺少令牌：请在 Authorization 头中带上 Bearer 令牌', en: 'No token: send Authorization: Bearer <token>' });
    }
    const user = await o.users.findByTokenHash(hash);
    if (!user) {
      if (limiterAllows(refusalAudit, req.socket.remoteAddress ?? '')) await refuse({ action: 'refusal', actor: '-', detail: `401 unknown or revoked token ${hash.slice(0, 8)}: ${route}` });
      throw new PlanbookError('UNAUTHENTICATED', { zh: '令牌无效或已被吊销', en: 'The token is invalid or has been revoked' });
    }
    if (!seen.has(hash)) {
      seen.add(hash);
      await service.record([{ action: 'signin', actor: user.name, detail: `${user.role}${user.units.length ? ' ' + user.units.join(',') : ''}` }]);
    }
    return toPrincipal(user);
  }

  async function refuse(d: AuditDraft): Promise<void> {
    await service.record([d]).catch((e: unknown) => log(`拒绝记录写入审计失败 / audit of a refusal failed: ${String(e)}`));
  }

  function keyFrom(seg: string[]): SubmissionKey {
    // ['api','plans',plan,'submissions',unit,period,form,...]
    return { plan: seg[2]!, unit: seg[4]!, period: seg[5]!, form: seg[6]! };
  }

  async function route(req: IncomingMessage, url: URL): Promise<Answer | null> {
    const seg = segmentsOf(url.pathname);
    const method = req.method ?? 'GET';
    if (seg[0] !== 'api') return null;
    const routeName = `${method} ${url.pathname}`;
    if (seg.length === 2 && seg[1] === 'health' && method === 'GET') {
      return { status: 200, body: { ok: true, backend: service.backend.kind, time: new Date().toISOString() } };
    }
    if (seg.length === 2 && seg[1] === 'openapi.json' && method === 'GET') return { status: 200, body: openApiDocument() };

    // Limit before authenticating, so a flood of bad tokens costs neither lookups nor audit writes.
    // The bucket is the token's hash (the same one the lookup uses, so it is computed once); a header
    // that is not a bearer token is limited per address, like no header at all.
    const tokenHash = bearerHash(req);
    const bucket = tokenHash !== null ? `t:${tokenHash}` : `a:${req.socket.remoteAddress ?? ''}`;
    const limited = limiter.take(bucket);
    if (limited !== true) {
      if (limited === 'first') await refuse({ action: 'refusal', actor: '-', detail: `429 rate limited: ${routeName}` });
      const err = new PlanbookError('RATE_LIMITED');
      return { status: 429, body: err.toJSON(), headers: { 'Retry-After': String(limiter.retryAfterSeconds(bucket)) } };
    }
    const p = await authenticate(req, routeName, tokenHash);

    try {
      return await routeAuthed(req, url, seg, method, p);
    } catch (e) {
      if (isPlanbookError(e) && (e.status === 403 || e.status === 401)) await refuse({ action: 'refusal', actor: p.name, detail: `${e.status} ${routeName}: ${e.en}` });
      throw e;
    }
  }

  async function routeAuthed(req: IncomingMessage, url: URL, seg: string[], method: string, p: Principal): Promise<Answer | null> {
    const n = seg.length;
    if (n === 2 && seg[1] === 'me' && method === 'GET') return { status: 200, body: p };
    if (n === 2 && (seg[1] === 'catalog' || seg[1] === 'rules')) {
      const name = seg[1] as ConfigName;
      if (method === 'GET') {
        const v = await service.getConfig(name, o.defaults[name]);
        return { status: 200, body: v, headers: { ETag: etag(v.rev) } };
      }
      if (method === 'PUT') {
        const body = await readBody(req);
        if (typeof body !== 'object' || body === null) throw new PlanbookError('BAD_REQUEST', { zh: `${name} 应为 JSON 对象或数组`, en: `${name} must be a JSON object or array` });
        const v = await service.putConfig(p, name, parseIfMatch(req.headers['if-match']), body);
        return { status: 200, body: v, headers: { ETag: etag(v.rev) } };
      }
    }
    if (n === 2 && seg[1] === 'audit' && method === 'GET') {
      // Paged, oldest first: ?after=<seq>&limit=<n> (at most 10 000); `next` is the seq to continue after.
      const q: { plan?: string; after?: number; limit: number } = { limit: 1000 };
      const plan = url.searchParams.get('plan');
      if (plan) q.plan = plan;
      for (const k of ['after', 'limit'] as const) {
        const v = url.searchParams.get(k);
        if (v === null) continue;
        if (!/^\d{1,15}$/.test(v) || (k === 'limit' && (Number(v) < 1 || Number(v) > 10_000))) {
          throw new PlanbookError('VALIDATION', { zh: `参数 ${k} 应为${k === 'limit' ? ' 1–10000 的' : '非负'}整数`, en: `${k} must be a${k === 'limit' ? 'n integer from 1 to 10000' : ' non-negative integer'}` });
        }
        q[k] = Number(v);
      }
      const entries = await service.exportAudit(p, q);
      const last = entries[entries.length - 1];
      return { status: 200, body: { entries, next: entries.length === q.limit && last ? last.seq : null } };
    }
    if (seg[1] !== 'plans') return null;
    if (n === 2) {
      if (method === 'GET') return { status: 200, body: { plans: await service.listPlans() } };
      if (method === 'POST') {
        if (p.role !== 'admin') await service.importPlan(p, null); // refuse before reading a large body
        const r = await service.importPlan(p, await readBody(req));
        return { status: r.created ? 201 : 200, body: r.plan, headers: { ETag: etag(r.plan.rev) } };
      }
    }
    if (n === 3 && method === 'GET') {
      const v = await service.getPlan(seg[2]!);
      return { status: 200, body: v.value, headers: { ETag: etag(v.rev) } };
    }
    if (n === 4 && seg[3] === 'lookup' && method === 'POST') {
      const queries = parseLookup(await readBody(req));
      const plan = (await service.getPlan(seg[2]!)).value;
      const results = await lookup({ backend: service.backend, plan, submissions: () => service.listSubmissions(p, plan.id) }, queries);
      return { status: 200, body: { results } };
    }
    if (n === 4 && seg[3] === 'submissions' && method === 'GET') {
      const period = url.searchParams.get('period') ?? undefined;
      const list = await service.listSubmissions(p, seg[2]!, period);
      return {
        status: 200,
        body: { submissions: list.map(summariseSubmission) },
      };
    }
    if (seg[3] !== 'submissions' || n < 7 || n > 8) return null;
    const key = keyFrom(seg);
    if (n === 7) {
      if (method === 'GET') {
        const s = await service.getSubmission(p, key);
        return { status: 200, body: s, headers: { ETag: etag(s.rev) } };
      }
      if (method === 'PUT') {
        const { form } = await service.resolveKey(key);
        const ifMatch = parseIfMatch(req.headers['if-match']);
        const data = parsePutBody(await readBody(req), form, key);
        const s = await service.putSubmission(p, key, ifMatch, data);
        return { status: 200, body: s, headers: { ETag: etag(s.rev) } };
      }
      if (method === 'PATCH') {
        const { form } = await service.resolveKey(key);
        const patch = parsePatchRequest(await readBody(req), form as FormId);
        const r = await service.patchSubmission(p, key, patch);
        if (r.ok) return { status: 200, body: r.body, headers: { ETag: etag(r.body.rev) } };
        const err = new PlanbookError(
          'CONFLICT',
          {
            zh: `${r.body.conflicts.length} 个字段与他人的修改冲突，本次推送未保存任何修改；请逐项选择保留哪一方`,
            en: `${r.body.conflicts.length} field(s) conflict with someone else's change; nothing was saved; choose which side to keep for each`,
          },
          r.body,
        );
        return { status: 409, body: err.toJSON(), headers: { ETag: etag(r.body.rev) } };
      }
      return null;
    }
    const action = seg[7];
    if (action === 'audit' && method === 'GET') {
      const field = url.searchParams.get('field') ?? undefined;
      return { status: 200, body: { entries: await service.readAudit(p, key, field) } };
    }
    if (method !== 'POST') return null;
    const ifMatch = parseIfMatch(req.headers['if-match']);
    if (action === 'submit') {
      parseEmpty(await readBody(req));
      const r = await service.submit(p, key, ifMatch);
      if (r.ok) return { status: 200, body: { submission: r.submission, findings: r.findings }, headers: { ETag: etag(r.submission.rev) } };
      const err = new PlanbookError('CHECK_FAILED', undefined, { findings: r.findings });
      return { status: 422, body: err.toJSON() };
    }
    if (action === 'approve') {
      parseEmpty(await readBody(req));
      const s = await service.approve(p, key, ifMatch);
      return { status: 200, body: s, headers: { ETag: etag(s.rev) } };
    }
    if (action === 'return') {
      const reason = parseReason(await readBody(req));
      const s = await service.returnSubmission(p, key, ifMatch, reason);
      return { status: 200, body: s, headers: { ETag: etag(s.rev) } };
    }
    return null;
  }

  function corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (!origin) return {};
    const own = `${(req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${req.headers.host ?? ''}`;
    if (origin !== own && !o.allowOrigins.includes(origin)) return {};
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Headers': 'Authorization, Content-Type, If-Match',
      'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, OPTIONS',
      'Access-Control-Expose-Headers': 'ETag, Retry-After',
      Vary: 'Origin',
    };
  }

  function send(res: ServerResponse, a: Answer, extra: Record<string, string>): void {
    const body = JSON.stringify(a.body);
    res.writeHead(a.status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...extra,
      ...(a.headers ?? {}),
    });
    res.end(body);
  }

  return (req, res) => {
    const cors = corsHeaders(req);
    void (async () => {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://localhost');
      } catch {
        return send(res, { status: 400, body: new PlanbookError('BAD_REQUEST').toJSON() }, cors);
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors);
        return res.end();
      }
      try {
        const a = await route(req, url);
        if (a) return send(res, a, cors);
        if (url.pathname.startsWith('/api/')) {
          const err = new PlanbookError('NOT_FOUND', { zh: `没有这个接口：${req.method} ${url.pathname}`, en: `No such endpoint: ${req.method} ${url.pathname}` });
          return send(res, { status: 404, body: err.toJSON() }, cors);
        }
        if (req.method === 'GET' || req.method === 'HEAD') {
          const file = resolveStatic(o.staticRoots, url.pathname);
          if (file && (await sendStatic(res, file, req.method === 'HEAD'))) return;
        }
        const err = new PlanbookError('NOT_FOUND', { zh: `找不到 ${url.pathname}`, en: `Not found: ${url.pathname}` });
        send(res, { status: 404, body: err.toJSON() }, cors);
      } catch (e) {
        if (isPlanbookError(e)) {
          if (e.status >= 500) log(`${req.method} ${url.pathname} → ${e.status} ${e.zh} / ${e.en}`);
          // Unread request bodies are drained so the connection stays usable.
          req.resume();
          return send(res, { status: e.status, body: e.toJSON() }, cors);
        }
        log(`内部错误 / internal error: ${req.method} ${url.pathname} → 500 ${(e as Error)?.stack ?? String(e)}`);
        req.resume();
        send(res, { status: 500, body: new PlanbookError('INTERNAL').toJSON() }, cors);
      }
    })();
  };
}
