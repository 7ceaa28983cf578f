/**
 * The SIGKILL loop both backends' crash tests run: a server process is started, concurrent writers
 * push to it, and it is killed after a random *number* of acknowledged writes (never after a time:
 * on a busy machine a time window may hold no write at all, and no test may depend on the
 * machine's speed). Before each round and at the end, every writer's stored value must lie between
 * its last acknowledged and its last sent value: an acknowledged write is never lost.
 */
import assert from 'node:assert/strict';
import { call } from '../support/server';
import { killHard, type Child } from './child';

export interface KillLoop {
  /** How many servers to start and kill, and how many writers push to each. */
  rounds: number;
  clients: number;
  /** The seed of the kill points (a linear congruential sequence, so a failure replays). */
  seed: number;
  tokenFor(i: number): string;
  /** Writer i's submission path; writer i writes figures/指标i/value there. */
  keyFor(i: number): string;
  /** Starts a server on the store under test. */
  start(): Promise<Child>;
}

/**
 * Runs the loop; answers the number of acknowledged writes and `check(url)`, which asserts the
 * stored values against what was acknowledged (an unacknowledged write that landed becomes the floor).
 */
export async function runKillLoop(o: KillLoop): Promise<{ totalAcked: number; check(url: string): Promise<void> }> {
  const acked = new Array<number>(o.clients).fill(0);
  const sent = new Array<number>(o.clients).fill(0);
  let totalAcked = 0;
  let seed = o.seed;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const check = async (url: string): Promise<void> => {
    for (let i = 0; i < o.clients; i++) {
      const r = await call(url, o.tokenFor(i), 'GET', o.keyFor(i));
      assert.equal(r.status, 200);
      const v = r.body.data.figures[`指标${i}`]?.value ?? 0;
      assert.ok(v >= acked[i]! && v <= sent[i]!, `client ${i}: stored ${v}, acknowledged ${acked[i]}, sent ${sent[i]}`);
      acked[i] = v;
      sent[i] = v;
    }
  };
  for (let round = 0; round < o.rounds; round++) {
    const c = await o.start();
    await check(c.url);
    let stop = false;
    const target = 2 + Math.floor(rand() * 24);
    let roundAcked = 0;
    let reached: () => void = () => undefined;
    const ackedThisRound = new Promise<void>((r) => (reached = r));
    const workers = Array.from({ length: o.clients }, async (_, i) => {
      while (!stop) {
        const v = sent[i]! + 1;
        sent[i] = v;
        try {
          const r = await call(c.url, o.tokenFor(i), 'PATCH', o.keyFor(i), { baseRev: 0, edits: [{ field: `figures/指标${i}/value`, base: acked[i] === 0 ? null : acked[i], value: v }] });
          if (r.status === 200) {
            acked[i] = v;
            totalAcked++;
            if (++roundAcked >= target) reached();
          } else if (r.status === 409) {
            // Our base was an unacknowledged value that landed before the kill: take the server's word.
            acked[i] = r.body.error.details.conflicts[0].theirs as number;
          } else throw new Error(`unexpected ${r.status} ${JSON.stringify(r.body)}`);
        } catch (e) {
          if ((e as Error).message.startsWith('unexpected')) throw e;
          reached(); // a worker that lost its connection must not leave the round waiting
          return; // the connection died with the server
        }
      }
    });
    await ackedThisRound;
    await killHard(c);
    stop = true;
    await Promise.all(workers);
    assert.ok(roundAcked >= target, `round ${round}: ${roundAcked} of ${target} writes acknowledged before the kill`);
  }
  return { totalAcked, check };
}
