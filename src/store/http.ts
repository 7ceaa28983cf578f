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
import type { ConfigName } from './backend';
import { systemClock, type Clock } from './clock';
import { FLOOD_QUIET_MS } from './flood-gate';
import { readBody } from './http-body';
import { Guard } from './http-guard';
import { lookup } from './lookup';
import { readScopeOf } from '../usecases/read-scope';
import { openApiDocument } from './openapi';
import { DEFAULT_AUTH_FAILURE_LIMIT, type RateLimit } from './rate-limit';
import { apiSecurityHeaders, isEncrypted } from './security-headers';
import type { StoreService } from './service';
import { resolveStatic, sendStatic, type StaticPolicy, type StaticRoot } from './static-files';
import { auditAnswer, auditPage, parseIfMatch, queryParam, segmentsOf } from './http-url';
export { parseIfMatch } from './http-url';
import type { Principal, UserStore } from './users';
import { parseEmpty, parseLookup, parsePatchRequest, parsePutBody, parseReason, type FormId } from './validate';
import { upgradeFieldPath, withOldLookupNames } from '../model/legacy-names';

export interface HttpOptions {
  service: StoreService;
  users: UserStore;
  rateLimit: RateLimit;
  /** Failed sign-ins per address (default DEFAULT_AUTH_FAILURE_LIMIT). */
  authFailureLimit?: RateLimit;
  /** The time of the rate limits and flood detection (tests drive it). */
  clock?: Clock;
  /** Quiet time that ends a flood of refusals (default FLOOD_QUIET_MS). */
  floodQuietMs?: number;
  staticRoots: StaticRoot[];
  /** What the pages' Content-Security-Policy allows besides their own inline blocks. */
  staticPolicy?: StaticPolicy;
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

const etag = (rev: number): string => `"${rev}"`;

/** A submission's state without its data, as the list answers it. */
function summariseSubmission(s: Submission): SubmissionSummary {
  return { orgUnit: s.orgUnit, period: s.period, form: s.form, rev: s.rev, state: s.state, updatedAt: s.updatedAt, updatedBy: s.updatedBy, returnReason: s.returnReason, judgedBy: s.judgedBy };
}

/** A 5xx in the kind's words: what happened to the caller's change and what to do, no internals. */
function withoutInternals(e: PlanbookError): PlanbookError {
  if (e.code === 'STORAGE') {
    return new PlanbookError('STORAGE', {
      zh: '存储写入失败，本次修改未保存，原有数据未受影响；请稍后重试，或告知管理员',
      en: 'Storage failed; this change was not saved and earlier data is intact; try again later or tell the administrator',
    });
  }
  if (e.code === 'UNAVAILABLE') return new PlanbookError('UNAVAILABLE', { zh: '服务暂不可用，未做任何修改；请稍后重试', en: 'The service is unavailable for now; nothing was changed; try again later' });
  return new PlanbookError(e.code);
}

export function createHandler(o: HttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const log = o.log ?? (() => undefined);
  const { service } = o;
  const guard = new Guard({
    service,
    users: o.users,
    rateLimit: o.rateLimit,
    authFailureLimit: o.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT,
    clock: o.clock ?? systemClock,
    floodQuietMs: o.floodQuietMs ?? FLOOD_QUIET_MS,
    log,
  });

  function keyFrom(seg: string[]): SubmissionKey {
    // ['api','plans',plan,'submissions',unit,period,form,...]
    return { plan: seg[2]!, orgUnit: seg[4]!, period: seg[5]!, form: seg[6]! };
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

    const admitted = await guard.admit(req, routeName);
    if (!admitted.ok) {
      const headers: Record<string, string> = admitted.retryAfter > 0 ? { 'Retry-After': String(admitted.retryAfter) } : {};
      return { status: admitted.error.status, body: admitted.error.toJSON(), headers };
    }
    const { principal: p, source } = admitted.who;
    try {
      return await routeAuthed(req, url, seg, method, p);
    } catch (e) {
      if (isPlanbookError(e) && (e.status === 403 || e.status === 401)) await guard.refused(source, p.name, `${e.status} ${routeName}: ${e.en}`);
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
      const page = auditPage(url);
      const plan = queryParam(url, 'plan');
      const entries = await service.exportAudit(p, { ...page, ...(plan ? { plan } : {}) });
      return auditAnswer(entries, page.limit);
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
      const results = await lookup({ backend: service.backend, plan, submissions: () => service.listSubmissions(p, plan.id), scope: readScopeOf(p) }, queries);
      return { status: 200, body: { results: withOldLookupNames(results) } };
    }
    if (n === 4 && seg[3] === 'submissions' && method === 'GET') {
      const period = queryParam(url, 'period');
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
      const page = auditPage(url);
      const asked = queryParam(url, 'field');
      // ?field=figures/X/base, as a client before the rename asks it
      const field = asked === undefined ? undefined : upgradeFieldPath(asked);
      return auditAnswer(await service.readAudit(p, key, { ...page, ...(field !== undefined ? { field } : {}) }), page.limit);
    }
    if (method !== 'POST') return null;
    if (action === 'check') {
      const { form } = await service.resolveKey(key);
      return { status: 200, body: await service.dryRun(p, key, parsePutBody(await readBody(req), form, key)) };
    }
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
    const own = `${isEncrypted(req) ? 'https' : 'http'}://${req.headers.host ?? ''}`;
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
      ...apiSecurityHeaders(isEncrypted(res.req)),
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
          if (file && (await sendStatic(res, file, req.method === 'HEAD', o.staticPolicy))) return;
        }
        const err = new PlanbookError('NOT_FOUND', { zh: `找不到 ${url.pathname}`, en: `Not found: ${url.pathname}` });
        send(res, { status: 404, body: err.toJSON() }, cors);
      } catch (e) {
        if (isPlanbookError(e)) {
          // Unread request bodies are drained so the connection stays usable.
          req.resume();
          if (e.status >= 500) {
            // The log keeps the whole story; the caller gets the kind's own words, never a
            // database's or a file system's text (issue 12: a NUL in a URL answered with PostgreSQL's error).
            log(`${req.method} ${url.pathname} → ${e.status} ${e.zh} / ${e.en}`);
            return send(res, { status: e.status, body: withoutInternals(e).toJSON() }, cors);
          }
          return send(res, { status: e.status, body: e.toJSON() }, cors);
        }
        log(`内部错误 / internal error: ${req.method} ${url.pathname} → 500 ${(e as Error)?.stack ?? String(e)}`);
        req.resume();
        send(res, { status: 500, body: new PlanbookError('INTERNAL').toJSON() }, cors);
      }
    })();
  };
}
