/**
 * Starts a store: opens the backend, wires the service, and listens over HTTP or HTTPS.
 * Used by `planbook serve`, by test/support/server.ts and by the benchmark.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { existsSync, readFileSync, promises as fsp } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Backend } from './backend';
import { FileBackend } from './file-backend';
import { FileUserStore } from './file-users';
import { PgBackend } from './pg-backend';
import { PlanbookError } from '../model/errors';
import type { FsLayer } from './fs-layer';
import { answerClientError } from './client-error';
import type { Clock } from './clock';
import { createHandler } from './http';
import { cspHash, type StaticPolicy } from './static-files';
import { startupError } from './startup-errors';
import { validatePlan } from '../model/validate-plan';
import { configProblems, DEFAULT_CONFIG, rulesChecker } from './rules-checker';
import { DEFAULT_RATE_LIMIT, type RateLimit } from './rate-limit';
import { StoreService, type Checker, type PlanValidator } from './service';
import type { StaticRoot } from './static-files';
import type { UserStore } from './users';

export interface ServerOptions {
  port?: number;
  host?: string;
  backend?: 'file' | 'postgres';
  /** Data folder (file backend; also where a development certificate is kept). */
  dataDir?: string;
  databaseUrl?: string;
  /** PEM certificate and key for HTTPS; absent: plain HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  checker?: Checker;
  validatePlan?: PlanValidator;
  rateLimit?: RateLimit;
  /** Failed sign-ins allowed per address (default DEFAULT_AUTH_FAILURE_LIMIT). */
  authFailureLimit?: RateLimit;
  /** The time of rate limits and flood detection; tests drive it. */
  clock?: Clock;
  /** Quiet time that ends a flood of refusals (default 60 s). */
  floodQuietMs?: number;
  allowOrigins?: string[];
  /** Root of the planbook checkout/installation (for dist/addin and node_modules/@microsoft/office-js). */
  appRoot?: string;
  /** Test hook: the file layer of the file backend. */
  fs?: FsLayer;
  checkpointMs?: number;
  /** The audit signing key's file, outside the data folder (audit-key.ts for the default). */
  auditKeyFile?: string;
  defaults?: { catalog: () => unknown; rules: () => unknown };
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  backend: Backend;
  users: UserStore;
  service: StoreService;
  close(): Promise<void>;
}

export async function openBackend(o: Pick<ServerOptions, 'backend' | 'dataDir' | 'databaseUrl' | 'fs' | 'checkpointMs' | 'log' | 'auditKeyFile'>): Promise<{ backend: Backend; users: UserStore }> {
  if (o.backend === 'postgres') {
    if (!o.databaseUrl) {
      throw new PlanbookError('BAD_REQUEST', { zh: 'postgres 后端需要 --database-url', en: 'The postgres backend needs --database-url' });
    }
    const b = await PgBackend.open({ url: o.databaseUrl, log: o.log, auditKeyFile: o.auditKeyFile, serve: true });
    return { backend: b, users: b.users };
  }
  const dir = resolve(o.dataDir ?? '.data');
  const backend = await FileBackend.open({ dir, fs: o.fs, checkpointMs: o.checkpointMs, log: o.log, ...(o.auditKeyFile ? { auditKeyFile: o.auditKeyFile } : {}) });
  return { backend, users: new FileUserStore(dir) };
}

/**
 * Opens the backend and listens. A failure to start (port in use, a full disk, a folder it may not
 * read) is thrown as a bilingual PlanbookError (startup-errors.ts), never a raw errno.
 */
export async function startServer(o: ServerOptions = {}): Promise<RunningServer> {
  const log = o.log ?? ((l: string) => process.stderr.write(l + '\n'));
  let opened: Awaited<ReturnType<typeof openBackend>>;
  try {
    opened = await openBackend({ ...o, log });
  } catch (e) {
    throw startupError(e, { stage: 'data', dir: resolve(o.dataDir ?? '.data') });
  }
  const { backend, users } = opened;
  const service = new StoreService({ backend, checker: o.checker ?? rulesChecker(backend), validatePlan: o.validatePlan ?? validatePlan, configProblems: configProblems(backend) });
  const appRoot = o.appRoot ?? resolve(__dirname, '..', '..');
  const staticRoots: StaticRoot[] = [
    { prefix: '/office-js/', dir: join(appRoot, 'node_modules', '@microsoft', 'office-js', 'dist') },
    { prefix: '/', dir: join(appRoot, 'dist', 'addin') },
  ];
  const handler = createHandler({
    service,
    users,
    rateLimit: o.rateLimit ?? DEFAULT_RATE_LIMIT,
    ...(o.authFailureLimit ? { authFailureLimit: o.authFailureLimit } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.floodQuietMs !== undefined ? { floodQuietMs: o.floodQuietMs } : {}),
    staticRoots,
    staticPolicy: paneStylePolicy(appRoot),
    allowOrigins: o.allowOrigins ?? [],
    defaults: o.defaults ?? DEFAULT_CONFIG,
    log,
  });
  const server: Server = o.tls ? createHttpsServer({ cert: o.tls.cert, key: o.tls.key }, handler) : createHttpServer(handler);
  // Node's own 400/408/431 (malformed request, slow headers, oversized headers) in JSON, both languages.
  server.on('clientError', answerClientError);
  server.keepAliveTimeout = 5000;
  // A client that trickles its headers or body (slowloris) is cut off rather than holding a socket.
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;
  const host = o.host ?? '127.0.0.1';
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(o.port ?? 0, host, () => ok());
    });
  } catch (e) {
    await backend.close();
    await users.close();
    throw startupError(e, { stage: 'listen', host, port: o.port ?? 0 });
  }
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? 'localhost' : host;
  return {
    url: `${o.tls ? 'https' : 'http'}://${shownHost}:${port}`,
    port,
    backend,
    users,
    service,
    async close() {
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
      await backend.close();
      await users.close();
    },
  };
}

/**
 * The task pane puts its stylesheet (src/taskpane/taskpane.css, bundled as text) into a <style>
 * element; the pages' CSP allows exactly that text by its hash. Without the source file (an install
 * without src/), the pane shows unstyled rather than the policy being loosened.
 */
function paneStylePolicy(appRoot: string): StaticPolicy {
  const css = join(appRoot, 'src', 'taskpane', 'taskpane.css');
  return { styleHashes: existsSync(css) ? [cspHash(readFileSync(css, 'utf8'))] : [] };
}

export async function readTls(cert: string, key: string): Promise<{ cert: Buffer; key: Buffer }> {
  return { cert: await fsp.readFile(cert), key: await fsp.readFile(key) };
}
