/** Spawns and stops the child store server of child-server.ts. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface Child {
  proc: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

const ROOT = join(__dirname, '..', '..');

/** Starts a server process on dataDir; rejects with its stderr if it exits before it is ready. */
export function spawnServer(dataDir: string, databaseUrl?: string): Promise<Child> {
  const proc = spawn(process.execPath, ['-r', 'tsx/cjs', join(__dirname, 'child-server.ts'), dataDir, ...(databaseUrl ? [databaseUrl] : [])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((ok) => proc.once('exit', (code) => ok(code)));
  return new Promise((ok, fail) => {
    let out = '';
    let err = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) ok({ proc, url: m[1]!, exited });
    });
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    void exited.then((code) => fail(new Error(`server exited (${code}) before it was ready: ${err}`)));
  });
}

export async function killHard(c: Child): Promise<void> {
  c.proc.kill('SIGKILL');
  await c.exited;
}
