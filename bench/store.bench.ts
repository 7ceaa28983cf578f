/**
 * Store throughput: 50 concurrent clients on loopback, each PATCHing its own submission as fast as
 * the server answers, against the file backend (fsync before every acknowledgement, group commit),
 * the postgres backend (a transaction with a row lock per push, synchronous commit), and json-server
 * 0.17 (the "shared JSON store" people reach for; it writes db.json without fsync) as the reference.
 * PostgreSQL runs behind one and then two planbook processes on one database (the clients split
 * between them). Every server runs in its own process, so the clients' work is not charged to it. Prints pushes/s,
 * p50/p99 latency and ratios to json-server, and last the same load against a server that does no
 * work: the most this one client process can send on this machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileUserStore } from '../src/store/file-users';
import { PgBackend } from '../src/store/pg-backend';
import { smallPlan } from '../test/support/server';
import { freshDatabase, testPostgres } from '../test/support/postgres';
import { cpuWindow, postmasterPid, withChildren, type CpuWindow, type Groups } from './proc-cpu';

const CLIENTS = 50;
const cores = availableParallelism();
const WARMUP_MS = 1000;
const MEASURE_MS = 5000;
const ROOT = join(__dirname, '..');

/**
 * The load generator's PATCH: node:http over a keep-alive agent with one socket per client.
 * fetch (undici) spent so much CPU per request that the one client process, not the servers,
 * set the ceiling (about 2,600 pushes/s against a server doing nothing); the same requests here
 * cost the client far less, for every server alike.
 */
const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

function patch(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request(url, { method: 'PATCH', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode ?? 0));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

interface Result {
  name: string;
  pushes: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU ms of each process group (servers, postgres, client) during the measured window, and the machine's idle share. */
  cpu: CpuWindow;
}

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

async function waitUntilUp(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

/** Starts a server process; resolves once its output matches `ready` (at once when null). */
function startProcess(cmd: string, args: string[], ready: RegExp | null): Promise<{ proc: ChildProcess; stop(): Promise<void> }> {
  const proc = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((ok) => proc.once('exit', () => ok()));
  return new Promise((ok, fail) => {
    if (!ready) ok({ proc, stop: async () => void (proc.kill('SIGTERM'), await exited) });
    let seen = '';
    const onData = (d: Buffer): void => {
      seen += d.toString();
      if (ready?.test(seen)) ok({ proc, stop: async () => void (proc.kill('SIGTERM'), await exited) });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    void exited.then(() => fail(new Error(`${cmd} exited before it was ready:\n${seen}`)));
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Runs the load: `push(i, n)` sends client i's n-th push and resolves true when acknowledged. */
async function load(name: string, groups: Groups, push: (client: number, n: number) => Promise<boolean>): Promise<Result> {
  const lat: number[] = [];
  let errors = 0;
  let measuring = false;
  let stop = false;
  const workers = Array.from({ length: CLIENTS }, async (_, i) => {
    let n = 0;
    while (!stop) {
      const t0 = performance.now();
      const ok = await push(i, ++n).catch(() => false);
      if (!measuring) continue;
      if (ok) lat.push(performance.now() - t0);
      else errors++;
    }
  });
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  measuring = true;
  const t0 = performance.now();
  const endCpu = cpuWindow(groups);
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  const cpu = endCpu();
  measuring = false;
  const elapsed = (performance.now() - t0) / 1000;
  stop = true;
  await Promise.all(workers);
  lat.sort((a, b) => a - b);
  return { name, pushes: lat.length, perSecond: lat.length / elapsed, p50: percentile(lat, 50), p99: percentile(lat, 99), errors, cpu };
}

const KEY_UNITS = ['区发展改革委', '区统计局', '区财政局', '区商务局'];
/** Client i's own submission: 4 units × 13 months = 52 distinct documents for 50 clients. */
function keyPath(i: number): string {
  const unit = KEY_UNITS[i % 4]!;
  const m = Math.floor(i / 4);
  const period = m < 12 ? `2023-${String(m + 1).padStart(2, '0')}` : `2024-0${m - 11}`;
  return encodeURI(`/api/plans/small-2023/submissions/${unit}/${period}/indicators`);
}

/** The load against one or more servers of one store: client i talks to urls[i % urls.length]. */
async function storeLoad(name: string, urls: string[], token: string, groups: Groups): Promise<Result> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const r = await fetch(`${urls[0]}/api/plans`, { method: 'POST', headers, body: JSON.stringify(smallPlan()) });
  if (r.status !== 201) throw new Error(`plan import: ${r.status} ${await r.text()}`);
  const last = new Array<number | null>(CLIENTS).fill(null);
  return load(name, groups, async (i, n) => {
    const status = await patch(urls[i % urls.length]! + keyPath(i), headers, JSON.stringify({ baseRev: 0, edits: [{ field: `figures/指标${i}/value`, base: last[i], value: n }] }));
    if (status === 200) last[i] = n;
    return status === 200;
  });
}

async function fileBackend(): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'planbook-bench-'));
  try {
    const token = await new FileUserStore(dir).add('bench', 'admin', []);
    const port = await freePort();
    const s = await startProcess(process.execPath, ['-r', 'tsx/cjs', 'src/cli/main.ts', 'serve', '--port', String(port), '--data', dir, '--rate-limit', '1000000'], /listening/);
    try {
      return await storeLoad('planbook file (fsync, group commit)', [`http://127.0.0.1:${port}`], token, { server: () => [s.proc.pid ?? 0] });
    } finally {
      await s.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** PostgreSQL behind `servers` planbook processes on one database; the clients spread over them. */
async function pgBackend(servers: number): Promise<Result> {
  const dbUrl = await freshDatabase();
  const b = await PgBackend.open({ url: dbUrl });
  const token = await b.users.add('bench', 'admin', []);
  await b.close();
  const procs: { proc: ChildProcess; stop(): Promise<void> }[] = [];
  const pm = postmasterPid(join((await testPostgres()).dir, 'data'));
  try {
    const urls: string[] = [];
    for (let k = 0; k < servers; k++) {
      const port = await freePort();
      procs.push(await startProcess(process.execPath, ['-r', 'tsx/cjs', 'src/cli/main.ts', 'serve', '--port', String(port), '--backend', 'postgres', '--database-url', dbUrl, '--rate-limit', '1000000'], /listening/));
      urls.push(`http://127.0.0.1:${port}`);
    }
    return await storeLoad(`planbook postgres, ${servers} server${servers > 1 ? 's' : ''} on one database`, urls, token, {
      server: () => procs.map((p) => p.proc.pid ?? 0),
      postgres: () => (pm ? withChildren(pm) : []),
    });
  } finally {
    for (const p of procs) await p.stop();
  }
}

async function jsonServer(): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'planbook-bench-js-'));
  try {
    const db = join(dir, 'db.json');
    writeFileSync(db, JSON.stringify({ submissions: Array.from({ length: CLIENTS }, (_, i) => ({ id: i + 1, rev: 0, figures: {} })) }));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // --quiet: no log line per request, as the planbook servers write none either.
    const s = await startProcess(process.execPath, [join(ROOT, 'node_modules', 'json-server', 'lib', 'cli', 'bin.js'), '--quiet', '--port', String(port), '--host', '127.0.0.1', db], null);
    try {
      await waitUntilUp(`${url}/submissions/1`);
      return await load('json-server 0.17 (no fsync)', { server: () => [s.proc.pid ?? 0] }, async (i, n) => {
        const status = await patch(`${url}/submissions/${i + 1}`, { 'content-type': 'application/json' }, JSON.stringify({ rev: n, figures: { [`指标${i}`]: { value: n } } }));
        return status === 200;
      });
    } finally {
      await s.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The ceiling: the same 50 client loops against a server that does nothing but read the body and
 * answer a planbook-sized 200. The client is one Node process on a 2-core machine, so past this
 * rate the bench measures the client, not the server; read the other rows against it.
 */
async function nullServer(): Promise<Result> {
  const answer = JSON.stringify({
    rev: 1,
    submission: {
      plan: 'small-2023',
      unit: '区财政局',
      period: '2023-01',
      form: 'indicators',
      rev: 1,
      state: 'draft',
      data: { figures: { 指标1: { value: 1, growth: null, base: null, note: '' } }, tasks: {} },
      updatedAt: new Date().toISOString(),
      updatedBy: 'bench',
      fieldRevs: { 'figures/指标1/value': 1 },
    },
    merged: [],
  });
  const src = `const a = ${JSON.stringify(answer)}; const s = require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(a), 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ETag: '"1"' }); res.end(a); }); }); s.keepAliveTimeout = 5000; s.listen(Number(process.argv[1]), '127.0.0.1', () => console.log('listening'));`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const s = await startProcess(process.execPath, ['-e', src, String(port)], /listening/);
  try {
    const headers = { authorization: 'Bearer pb_0000000000000000000000000000000000000000000', 'content-type': 'application/json' };
    return await load("no server work (the client's ceiling)", { server: () => [s.proc.pid ?? 0] }, async (i, n) => {
      const status = await patch(url + keyPath(i), headers, JSON.stringify({ baseRev: 0, edits: [{ field: `figures/指标${i}/value`, base: n - 1, value: n }] }));
      return status === 200;
    });
  } finally {
    await s.stop();
  }
}

function row(r: Result, ref: Result | null): string {
  const ratio = ref ? `  ×${(r.perSecond / ref.perSecond).toFixed(2)} json-server throughput, p99 ×${(r.p99 / ref.p99).toFixed(2)}` : '';
  const per = (label: string): string => (r.cpu.ms[label] === undefined ? '' : ` ${label} ${(r.cpu.ms[label]! / Math.max(1, r.pushes)).toFixed(3)}`);
  const cpu = `\n${''.padEnd(42)} CPU ms per push:${per('server')}${per('postgres')}${per('client')}; context switches per push: server ${((r.cpu.switches['server'] ?? NaN) / Math.max(1, r.pushes)).toFixed(1)}${r.cpu.switches['postgres'] === undefined ? '' : `, postgres ${(r.cpu.switches['postgres'] / Math.max(1, r.pushes)).toFixed(1)}`}; machine idle ${(r.cpu.idle * 100).toFixed(0)}% of ${cores} cores`;
  return `${r.name.padEnd(42)} ${r.perSecond.toFixed(0).padStart(6)} pushes/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   errors ${r.errors}${ratio}${cpu}`;
}

export async function run(): Promise<void> {
  // The machine's load before the run: on a shared machine other work takes the cores too, so read the figures with it.
  console.log(
    `${CLIENTS} concurrent clients on loopback, ${WARMUP_MS} ms warm-up, ${MEASURE_MS} ms measured; each server in its own process; load average before ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  // STORE_BENCH=pg1,pg2 runs only those rows (a quicker loop while working on one backend); the default is all five.
  const only = (process.env['STORE_BENCH'] ?? '').split(',').filter(Boolean);
  const want = (k: string): boolean => only.length === 0 || only.includes(k);
  const js = want('json') ? await jsonServer() : null;
  if (js) console.log(row(js, null));
  const file = want('file') ? await fileBackend() : null;
  if (file) console.log(row(file, js));
  const pg1 = want('pg1') ? await pgBackend(1) : null;
  if (pg1) console.log(row(pg1, js));
  const pg2 = want('pg2') ? await pgBackend(2) : null;
  if (pg2) console.log(row(pg2, js));
  if (want('null')) console.log(row(await nullServer(), js));
  if (file && pg1 && pg2)
    console.log(
      `postgres / file: 1 server ×${(pg1.perSecond / file.perSecond).toFixed(2)} pushes/s (p99 ${pg1.p99.toFixed(1)} ms), 2 servers ×${(pg2.perSecond / file.perSecond).toFixed(2)} (p99 ${pg2.p99.toFixed(1)} ms); 2 servers / 1: ×${(pg2.perSecond / pg1.perSecond).toFixed(2)}`,
    );
  agent.destroy();
  // The test PostgreSQL started for this run stops with the process (test/support/postgres.ts).
}
