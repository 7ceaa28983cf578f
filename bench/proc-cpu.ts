/**
 * Where the cores go during a bench window: CPU time of named processes (the servers, PostgreSQL's
 * postmaster and every child of it, the load generator) from /proc, and the whole machine's idle
 * time from /proc/stat. CPU time per push is robust to other work on a shared machine (it counts
 * only what these processes ran), where pushes/s is not. Linux only; elsewhere every figure is NaN.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on every common Linux). */
const TICKS = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** One process's /proc/PID/stat: its parent and its user + system CPU in ms; null once it has exited. */
function stat(pid: number): { ppid: number; cpuMs: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / TICKS };
  } catch {
    return null;
  }
}

/** Context switches of a process so far (voluntary: it waited for I/O, a lock or its event loop's next event; involuntary: preempted). */
function switches(pid: number): number {
  try {
    const m = /voluntary_ctxt_switches:\s+(\d+)\s+nonvoluntary_ctxt_switches:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) + Number(m[2]) : 0;
  } catch {
    return 0;
  }
}

/** A process and its children (one level: PostgreSQL's backends are the postmaster's children). */
export function withChildren(pid: number): number[] {
  const out = [pid];
  let names: string[] = [];
  try {
    names = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const n of names) {
    if (!/^\d+$/.test(n)) continue;
    if (stat(Number(n))?.ppid === pid) out.push(Number(n));
  }
  return out;
}

/** The postmaster's pid of a data folder (first line of postmaster.pid), or null. */
export function postmasterPid(dataDir: string): number | null {
  try {
    return Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

/** Total and idle CPU ms of the whole machine (all cores) so far, from /proc/stat's first line. */
function machine(): { totalMs: number; idleMs: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    return { totalMs: (total * 1000) / TICKS, idleMs: (((f[3] ?? 0) + (f[4] ?? 0)) * 1000) / TICKS };
  } catch {
    return { totalMs: NaN, idleMs: NaN };
  }
}

/** Groups of processes to account for, by label; `self` is this process (read with process.cpuUsage). */
export type Groups = Record<string, () => number[]>;

/** CPU ms per group over a window, and the machine's idle share of that window (0–1, all cores). */
export interface CpuWindow {
  ms: Record<string, number>;
  /** Context switches per group: each is a sleep and a wake-up, the cost a process pays per event when it is not saturated. */
  switches: Record<string, number>;
  idle: number;
}

/**
 * Starts a window: call the answer to end it. Pids are listed again at the end, so a backend that
 * started during the window counts from zero; one that exited during it is lost (the bench's pools
 * keep their connections, so none does).
 */
export function cpuWindow(groups: Groups): () => CpuWindow {
  const start = new Map<number, number>();
  const start2 = new Map<number, number>();
  for (const pids of Object.values(groups))
    for (const p of pids()) {
      start.set(p, stat(p)?.cpuMs ?? 0);
      start2.set(p, switches(p));
    }
  const self0 = process.cpuUsage();
  const m0 = machine();
  return () => {
    const ms: Record<string, number> = {};
    const sw: Record<string, number> = {};
    for (const [label, pids] of Object.entries(groups)) {
      let sum = 0;
      let n = 0;
      for (const p of pids()) {
        sum += (stat(p)?.cpuMs ?? 0) - (start.get(p) ?? 0);
        n += switches(p) - (start2.get(p) ?? 0);
      }
      ms[label] = sum;
      sw[label] = n;
    }
    const self = process.cpuUsage(self0);
    ms['client'] = (self.user + self.system) / 1000;
    const m1 = machine();
    return { ms, switches: sw, idle: (m1.idleMs - m0.idleMs) / (m1.totalMs - m0.totalMs) };
  };
}
