/**
 * The write-ahead journal of the file backend: numbered segments in `journal/`, each a sequence of
 * framed records (journal-format.ts). One append is one group commit: one write, one fdatasync;
 * the caller answers its writers only after append resolves. A failed append is cut back off the
 * segment so the next frame starts clean; if even that fails the journal is poisoned and refuses
 * appends until a restart (a torn frame can then only be the segment's last).
 *
 * Segments are retired only by `retire`, which the checkpointer calls after the documents and the
 * audit log they cover are durable in their own files.
 */
import { join } from 'node:path';
import { FRAMED, LEGACY, segmentName, segmentNumber } from './journal-format';
import type { FileHandleLike, FsLayer } from './fs-layer';

export class Journal {
  private segNo = 0;
  private seg: FileHandleLike | null = null;
  private size = 0;
  /** Set when a failed append could not be undone. */
  poisoned: unknown = null;

  constructor(
    private readonly fs: FsLayer,
    private readonly dir: string,
  ) {}

  get folder(): string {
    return join(this.dir, 'journal');
  }

  /** The number of the segment now being written. */
  get current(): number {
    return this.segNo;
  }

  /** Whether nothing is written in the current segment (a checkpoint then keeps it rather than open another empty one). */
  get empty(): boolean {
    return this.seg !== null && this.size === 0;
  }

  /** Segment files, oldest first (framed and legacy alike). */
  async segments(): Promise<string[]> {
    return (await this.fs.readdir(this.folder))
      .filter((d) => !d.dir && (FRAMED.test(d.name) || LEGACY.test(d.name)))
      .map((d) => d.name)
      .sort((a, b) => segmentNumber(a) - segmentNumber(b) || a.localeCompare(b));
  }

  /** Starts a new segment after every existing one; the previous segment is closed. */
  async rotate(after?: number): Promise<void> {
    if (after !== undefined) this.segNo = Math.max(this.segNo, after);
    this.segNo += 1;
    const h = await this.fs.open(join(this.folder, segmentName(this.segNo)), 'wx');
    await this.fs.syncDir(this.folder);
    const old = this.seg;
    this.seg = h;
    this.size = 0;
    await old?.close();
  }

  /**
   * Appends framed text and makes it durable. Throws the disk's error when it fails; the segment is
   * then as it was before the call (or the journal poisoned, if cutting it back failed too).
   */
  async append(text: string): Promise<void> {
    const seg = this.seg;
    if (!seg) throw new Error('journal not open');
    try {
      await seg.writeAll(text);
      await seg.datasync();
    } catch (e) {
      try {
        await seg.truncate(this.size);
      } catch (e2) {
        this.poisoned = e2;
      }
      throw e;
    }
    this.size += Buffer.byteLength(text);
  }

  /**
   * Deletes the segments numbered at or below `upTo`. Only for segments whose every record is applied
   * and checkpointed: the caller must have made the documents and the audit log durable first.
   */
  async retire(upTo: number): Promise<void> {
    for (const name of await this.segments()) if (segmentNumber(name) <= upTo) await this.fs.unlink(join(this.folder, name));
    await this.fs.syncDir(this.folder);
  }

  async close(): Promise<void> {
    await this.seg?.close().catch(() => undefined);
    this.seg = null;
  }
}
