/**
 * Read-modify-write serialised per key: a task for a key starts after the previous task for the
 * same key settled (whether it succeeded or failed); tasks of different keys run concurrently, so
 * the file backend's writes to different documents still meet in one group commit.
 */
export class KeyQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs fn after every earlier task of `key`; answers fn's result or rejection. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    // The map holds only keys with work queued: the last task of a key removes it.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }
}
