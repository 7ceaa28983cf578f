/**
 * Starts a real store server on a free loopback port for a test, with a temporary data folder (or a
 * fresh PostgreSQL database), users admin / reviewer / filler (区财政局) / filler2 (区商务局), and a plan.
 *
 *   const s = await startTestServer({ backend: 'file' });
 *   await fetch(`${s.url}/api/plans`, { headers: { authorization: `Bearer ${s.tokens.admin}` } });
 *   await s.stop();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan } from '../../src/model/plan';
import type { Checker } from '../../src/store/service';
import { startServer, type RunningServer } from '../../src/store/server';
import type { FsLayer } from '../../src/store/fs-layer';
import type { RateLimit } from '../../src/store/rate-limit';
import type { Clock } from '../../src/store/clock';
import { freshDatabase } from './postgres';

export interface TestServerOptions {
  backend?: 'file' | 'postgres';
  /** The plan to import first: 'small' (default, hand-made: 区财政局, 区商务局 …), a Plan, or null for none. */
  plan?: 'small' | Plan | null;
  checker?: Checker;
  rateLimit?: RateLimit;
  /** Failed sign-ins allowed per address (default: as many as rateLimit, so tests that do not flood are not limited). */
  authFailureLimit?: RateLimit;
  /** Drives the rate limits and flood detection (test/support/clock.ts). */
  clock?: Clock;
  /** Reuse a data folder (file) or database (postgres) — e.g. to restart on the same data. */
  dataDir?: string;
  databaseUrl?: string;
  fs?: FsLayer;
  /** Extra users to make: name → role and units. */
  users?: Record<string, { role: 'filler' | 'reviewer' | 'admin'; units?: string[] }>;
  allowOrigins?: string[];
  port?: number;
}

export interface TestServer {
  url: string;
  dataDir: string;
  databaseUrl?: string;
  /** Tokens by user name: admin, reviewer, filler (区财政局), filler2 (区商务局), plus any extra users. */
  tokens: Record<string, string> & { admin: string; reviewer: string; filler: string; filler2: string };
  plan: Plan | null;
  server: RunningServer;
  /** Stops the server; removes the temporary folder unless keepData. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export const FILLER_UNIT = '区财政局';
export const FILLER2_UNIT = '区商务局';

/** A small plan in the shape the importer produces, for tests that do not need the seeds. */
export function smallPlan(id = 'small-2023'): Plan {
  const src = { document: 'hand-made', line: 1 };
  return {
    schemaVersion: 1,
    id,
    name: '测试计划 2023',
    year: 2023,
    targets: [
      {
        year: 2023,
        indicator: '地区生产总值',
        measure: 'growth',
        comparator: 'approx',
        value: 5,
        measureUnit: '%',
        text: '增长5%左右',
        leaders: [],
        units: ['区发展改革委', '区统计局'],
        deadline: '2023-12-31',
        source: src,
        tolerance: 0.5,
      },
      { year: 2023, indicator: '一般公共预算收入', measure: 'growth', comparator: 'gte', value: 3, measureUnit: '%', text: '增长3%', leaders: [], units: [FILLER_UNIT], deadline: '2023-12-31', source: src, amount: 92.1 },
      { year: 2023, indicator: '社会消费品零售总额', measure: 'growth', comparator: 'gte', value: 4, measureUnit: '%', text: '增长4%', leaders: [], units: [FILLER2_UNIT], deadline: '2023-12-31', source: src },
    ],
    tasks: [
      { year: 2023, no: 1, section: '主要预期目标', text: '地区生产总值增长5%左右', leaders: [], units: ['区发展改革委'], deadline: '2023-12-31', source: src },
      { year: 2023, no: 2, section: '主要预期目标', text: '一般公共预算收入增长3%', leaders: [], units: [FILLER_UNIT], deadline: '2023-12-31', source: src },
    ],
    actuals: [
      { indicator: '一般公共预算收入', period: '2023-H1', value: 58.18, measureUnit: '亿元', growth: null, status: 'final', text: '一般公共预算收入58.18亿元', source: src },
      { indicator: '一般公共预算收入', period: '2022', value: 89.46, measureUnit: '亿元', growth: null, status: 'final', text: '', source: src },
    ],
    goals: [],
    units: ['区发展改革委', '区统计局', FILLER_UNIT, FILLER2_UNIT],
    leaders: [],
    documents: [{ id: 'hand-made', title: '手工测试计划', date: null, kind: 'division-of-work' }],
  };
}

/**
 * A response body as parsed JSON. Typed loosely on purpose: tests assert its shape field by field,
 * and a wrong shape fails those assertions rather than the compiler.
 */
export type Json = any;

/** An authenticated JSON request; answers status, headers and the parsed body. */
export async function call(url: string, token: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: Json }> {
  const h: Record<string, string> = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    h['content-type'] ??= 'application/json';
  }
  const r = await fetch(url + path, { method, headers: h, body: payload });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // not JSON (a static file): keep the text
  }
  return { status: r.status, headers: r.headers, body: parsed };
}

export async function startTestServer(o: TestServerOptions = {}): Promise<TestServer> {
  const backend = o.backend ?? 'file';
  const ownDir = o.dataDir === undefined;
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'planbook-store-'));
  let databaseUrl = o.databaseUrl;
  if (backend === 'postgres' && !databaseUrl) {
    databaseUrl = await freshDatabase();
  }
  let server: RunningServer;
  try {
    server = await startServer({
      backend,
      dataDir,
      databaseUrl,
      checker: o.checker,
      rateLimit: o.rateLimit ?? { burst: 100_000, perSecond: 100_000 },
      authFailureLimit: o.authFailureLimit ?? o.rateLimit ?? { burst: 100_000, perSecond: 100_000 },
      ...(o.clock ? { clock: o.clock } : {}),
      fs: o.fs,
      allowOrigins: o.allowOrigins,
      port: o.port,
      log: () => undefined,
    });
  } catch (e) {
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const tokens: Record<string, string> = {};
  const wanted: Record<string, { role: 'filler' | 'reviewer' | 'admin'; units?: string[] }> = {
    admin: { role: 'admin' },
    reviewer: { role: 'reviewer' },
    filler: { role: 'filler', units: [FILLER_UNIT] },
    filler2: { role: 'filler', units: [FILLER2_UNIT] },
    ...(o.users ?? {}),
  };
  const existing = new Set((await server.users.list()).filter((u) => !u.revokedAt).map((u) => u.name));
  for (const [name, u] of Object.entries(wanted)) {
    if (existing.has(name)) await server.users.revoke(name);
    tokens[name] = await server.users.add(name, u.role, u.units ?? []);
  }
  let plan: Plan | null = null;
  const want = o.plan === undefined ? 'small' : o.plan;
  if (want !== null) {
    plan = want === 'small' ? smallPlan() : want;
    const r = await call(server.url, tokens.admin!, 'POST', '/api/plans', plan);
    if (r.status !== 201 && r.status !== 200) throw new Error(`test plan import failed: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return {
    url: server.url,
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    tokens: tokens as TestServer['tokens'],
    plan,
    server,
    async stop(opts) {
      await server.close();
      if (ownDir && !opts?.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One test server for the enclosing `describe`: started in its `before`, stopped in its `after`. The
 * answer stands for the running server (its url, tokens, plan …) from `before` on, so a suite writes
 * `const s = suiteServer({ backend: 'file' })` instead of the same seven lines of hooks each time.
 * Reading it outside a test or hook (before it started) throws.
 */
export function suiteServer(o: TestServerOptions = {}): TestServer {
  let running: TestServer | null = null;
  before(async () => {
    running = await startTestServer(o);
  });
  after(async () => {
    await running?.stop();
    running = null;
  });
  return new Proxy({} as TestServer, {
    get(_target, key) {
      if (!running) throw new Error(`suiteServer: the test server is not running (read .${String(key)} inside a test or hook)`);
      return Reflect.get(running, key) as unknown;
    },
  });
}
