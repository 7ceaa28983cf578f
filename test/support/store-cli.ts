/**
 * The store's operator commands (`audit verify`, `store repair`, …) run in this process, and an audit
 * key of the suite's own: what the fault and damaged-file tests share.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';
import { KEY_ENV } from '../../src/store/audit-key';

export interface HereRun {
  code: number;
  out: string;
  err: string;
}

/** `planbook …argv` run by the CLI's own main in this process (no files of a working folder are read). */
export function cliHere(argv: readonly string[]): Promise<HereRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: '/', env: {} };
  return main([...argv], io).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

/** The audit key file of a suite; `file` is set once its `before` ran. */
export interface AuditKey {
  file: string;
}

/**
 * A fresh audit key (HMAC) file for the enclosing `describe`, named to the servers it starts through the
 * key's environment variable, which is put back afterwards. Call inside a `describe`.
 */
export function useAuditKey(key: AuditKey): void {
  let dir = '';
  let saved: string | undefined;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'planbook-key-'));
    key.file = join(dir, 'audit.key');
    saved = process.env[KEY_ENV];
    process.env[KEY_ENV] = key.file;
  });
  after(() => {
    if (saved === undefined) delete process.env[KEY_ENV];
    else process.env[KEY_ENV] = saved;
    rmSync(dir, { recursive: true, force: true });
  });
}

/** `audit verify` and `store repair` of a data folder with the suite's key. */
export function storeCommands(key: AuditKey): { verify(dir: string): Promise<HereRun>; repair(dir: string, ...more: string[]): Promise<HereRun> } {
  return {
    verify: (dir) => cliHere(['audit', 'verify', '--data', dir, '--audit-key', key.file]),
    repair: (dir, ...more) => cliHere(['store', 'repair', '--data', dir, '--audit-key', key.file, ...more]),
  };
}
