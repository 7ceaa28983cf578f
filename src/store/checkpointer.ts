/**
 * Writes the file backend's changed documents out as readable files, so journal segments can be
 * retired. Each file is replaced whole (temp file, fsync, rename) and each folder fsynced once after
 * its renames. The order that makes retiring safe is the backend's (file-backend.ts `checkpoint`):
 * rotate the journal between batches, write the documents, fsync the audit log, write the signed
 * anchor (checkpoint.json), and only then delete the segments at or below the rotation.
 */
import { basename, dirname, join } from 'node:path';
import { eachLimited, replaceFile, type FsLayer } from './fs-layer';
import type { Doc } from './journal-format';

/**
 * Files written at once. Under 50 writers one file after another took ~8% of the server's CPU; two
 * at once overlap their fsyncs (the file system commits them together), more would fill libuv's
 * four threads and make the journal's own write and fdatasync wait behind them.
 */
const WIDTH = 2;

export class DocWriter {
  /** Document folders known to exist (made or seen by this process), so a checkpoint skips their mkdir. */
  private readonly madeDirs = new Set<string>();

  constructor(
    private readonly fs: FsLayer,
    private readonly dir: string,
  ) {}

  /**
   * Writes the documents named in `dirty` (taken out of the set) from `docs`. On failure the names go
   * back into `dirty` for the next checkpoint (the journal still covers them) and the error is thrown.
   */
  async writeDirty(docs: ReadonlyMap<string, Doc>, dirty: Set<string>): Promise<void> {
    const paths = [...dirty];
    dirty.clear();
    const dirs = new Set<string>();
    try {
      await eachLimited(paths, WIDTH, async (p) => {
        const doc = docs.get(p);
        if (!doc) return;
        const full = join(this.dir, p);
        const folder = dirname(full);
        if (!this.madeDirs.has(folder)) {
          await this.fs.mkdirp(folder);
          this.madeDirs.add(folder);
        }
        await replaceFile(this.fs, folder, basename(full), JSON.stringify(doc, null, 2) + '\n');
        dirs.add(folder);
      });
      await eachLimited([...dirs], WIDTH, (d) => this.fs.syncDir(d));
    } catch (e) {
      for (const p of paths) dirty.add(p);
      this.madeDirs.clear(); // in case a folder went away: make them again next time
      throw e;
    }
  }
}
