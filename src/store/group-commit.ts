/**
 * The group-commit loop of the file backend: writes that arrive while a batch is being written wait
 * together and become the next batch (one journal record, one fdatasync). Work that needs the
 * journal quiet — a segment rotation — runs between two batches, so a steady stream of writes can
 * never starve a checkpoint, and no batch is in flight while it runs.
 */
export class GroupCommit<P> {
  private pending: P[] = [];
  private readonly between: (() => Promise<void>)[] = [];
  private flushing = false;

  /** writeBatch settles every item of its batch itself (answers or refuses each); it must not throw. */
  constructor(private readonly writeBatch: (batch: P[]) => Promise<void>) {}

  /** Queues an item for the next batch. */
  submit(item: P): void {
    this.pending.push(item);
    if (!this.flushing) void this.flush();
  }

  /** Runs fn between two batches, with no batch in flight; settles with fn. */
  exclusive(fn: () => Promise<void>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.between.push(() => fn().then(resolve, reject));
      if (!this.flushing) void this.flush();
    });
  }

  /** True while anything is queued or being written. */
  get busy(): boolean {
    return this.flushing || this.pending.length > 0 || this.between.length > 0;
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length || this.between.length) {
        for (const job of this.between.splice(0)) await job();
        if (!this.pending.length) continue;
        const batch = this.pending;
        this.pending = [];
        await this.writeBatch(batch);
      }
    } finally {
      this.flushing = false;
    }
  }
}
