/**
 * A real PostgreSQL for the tests: initdb into a temporary folder, started on a free loopback port,
 * once per mocha run (the first test that asks starts it; a root `after` hook stops it and removes
 * the folder). initdb refuses to run as root, so as root the server runs as the `postgres` system
 * user (created if missing). If it cannot start, the tests that need it fail with the reason: no skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

interface Running {
  dir: string;
  port: number;
  url: (db: string) => string;
}

let running: Promise<Running> | null = null;
let stopper: (() => void) | null = null;
let counter = 0;

// A root hook (this module is loaded while mocha collects the files): stop the server after the whole run.
if (typeof after === 'function') {
  after(function () {
    this.timeout(60_000);
    if (stopper) {
      process.removeListener('exit', stopper);
      stopper();
      stopper = null;
      running = null;
    }
  });
}

function binDir(): string {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(base, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return join(which.stdout.trim(), '..');
  throw new Error('PostgreSQL binaries (initdb, pg_ctl) not found: install postgresql (scripts/setup-e2e.sh does) / 未找到 PostgreSQL');
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

function asUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  let id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0) {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  }
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function run(bin: string, args: string[], user: { uid: number; gid: number } | null): void {
  const r = spawnSync(join(binDir(), bin), args, { encoding: 'utf8', uid: user?.uid, gid: user?.gid, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`PostgreSQL ${bin} failed / 启动失败: ${r.error?.message ?? ''}\n${r.stdout}\n${r.stderr}`);
}

async function start(): Promise<Running> {
  const user = asUser();
  const dir = mkdtempSync(join(tmpdir(), 'planbook-pg-'));
  chmodSync(dir, 0o700);
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], user);
  const port = await freePort();
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=32MB`, 'start'], user);
  const r: Running = { dir, port, url: (db) => `postgres://postgres@127.0.0.1:${port}/${db}` };
  stopper = () => stopSync(r, user);
  process.once('exit', stopper);
  // Interrupted runs (Ctrl-C, a timeout's SIGTERM) skip 'exit' handlers: stop the cluster first.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      stopper?.();
      process.exit(130);
    });
  }
  return r;
}

function stopSync(r: Running, user: { uid: number; gid: number } | null): void {
  if (!existsSync(join(r.dir, 'data', 'postmaster.pid'))) {
    rmSync(r.dir, { recursive: true, force: true });
    return;
  }
  spawnSync(join(binDir(), 'pg_ctl'), ['-D', join(r.dir, 'data'), '-m', 'fast', '-w', 'stop'], { uid: user?.uid, gid: user?.gid, timeout: 60_000 });
  rmSync(r.dir, { recursive: true, force: true });
}

/** The running test PostgreSQL (started on first use). */
export function testPostgres(): Promise<Running> {
  running ??= start();
  return running;
}

/** A new, empty database on the test PostgreSQL; answers its connection URL. */
export async function freshDatabase(): Promise<string> {
  const pg = await testPostgres();
  const name = `pb_test_${process.pid}_${++counter}`;
  const c = new Client({ connectionString: pg.url('postgres') });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  return pg.url(name);
}
