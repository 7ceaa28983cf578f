/**
 * An index of the file backend's audit log (audit.ndjson), so a page of the trail costs reading
 * that page, not parsing the whole log (issue 12: every audit read parsed 52 MB on the event loop
 * and other users waited up to 2.4 s).
 *
 * The index follows the file as it grows: before each read it looks at the file's size and indexes
 * only the lines appended since, reading in 256 KB chunks with an await between them, so indexing a
 * large log for the first time never holds the event loop for more than one chunk's parse. Only
 * whole lines (ending in a newline) are indexed; a line still being written waits for the next read.
 * A log replaced or cut shorter (recovery rewrites it; a torn tail is cut) is indexed afresh.
 * It needs nothing from the writer: the log is append-only, and that is all it relies on.
 *
 * Per entry it keeps the byte offset and length of its line and its seq; per plan, per submission
 * and per field of a submission, the positions of its entries. A page is then a binary search for
 * `after` and positioned reads of at most `limit` lines.
 */
import { promises as fsp } from 'node:fs';
import { matches, type AuditEntry, type AuditQuery } from './audit-chain';
import { upgradeAuditEntry } from '../model/legacy-names';

const CHUNK = 256 * 1024;
/** Lines read in one positioned read at most (bytes), when a page's lines lie next to each other. */
const READ_SPAN = 4 * 1024 * 1024;

type Key = string;
const planKey = (plan: string): Key => `p\u0000${plan}`;
const subKey = (e: { plan?: string; orgUnit?: string; period?: string; form?: string }): Key => `s\u0000${e.plan}\u0000${e.orgUnit}\u0000${e.period}\u0000${e.form}`;
const fieldKey = (e: { plan?: string; orgUnit?: string; period?: string; form?: string; field?: string }): Key => `${subKey(e)}\u0000${e.field}`;

export class AuditIndex {
  private offsets: number[] = [];
  private lengths: number[] = [];
  private seqs: number[] = [];
  private byKey = new Map<Key, number[]>();
  /** Bytes indexed: the end of the last whole line seen. */
  private indexed = 0;
  private ino = -1;
  private catching: Promise<void> | null = null;

  constructor(private readonly path: string) {}

  /** Entries matching q, oldest first, after q.after, at most q.limit (all when absent). */
  async read(q: AuditQuery): Promise<AuditEntry[]> {
    await this.catchUp();
    const positions = this.candidates(q);
    let from = 0;
    if (q.after !== undefined) from = this.firstAfter(positions, q.after);
    const out: AuditEntry[] = [];
    const limit = q.limit ?? Infinity;
    let fh: fsp.FileHandle;
    try {
      fh = await fsp.open(this.path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    try {
      let i = from;
      while (i < positions.length && out.length < limit) {
        // Lines next to each other in the file are read together, up to READ_SPAN bytes.
        const first = positions.at(i);
        let j = i;
        const want = Math.min(positions.length, i + (limit - out.length));
        while (j + 1 < want && positions.at(j + 1) === positions.at(j) + 1 && this.end(positions.at(j + 1)) - this.offsets[first]! <= READ_SPAN) j++;
        const start = this.offsets[first]!;
        const end = this.end(positions.at(j));
        const buf = Buffer.alloc(end - start);
        await fh.read(buf, 0, buf.length, start);
        for (let k = i; k <= j; k++) {
          const pos = positions.at(k);
          const line = buf.toString('utf8', this.offsets[pos]! - start, this.offsets[pos]! - start + this.lengths[pos]!);
          try {
            const e = upgradeAuditEntry(JSON.parse(line) as AuditEntry);
            if (matches(e, q) && out.length < limit) out.push(e);
          } catch {
            // Changed since it was indexed (only a tamperer rewrites in place): verify names it.
          }
        }
        i = j + 1;
      }
    } finally {
      await fh.close();
    }
    return out;
  }

  private end(pos: number): number {
    return this.offsets[pos]! + this.lengths[pos]!;
  }

  /** Positions (in file order) of the entries the query can match, from the narrowest index that covers it. */
  private candidates(q: AuditQuery): Positions {
    const sub = q.plan !== undefined && q.orgUnit !== undefined && q.period !== undefined && q.form !== undefined;
    if (sub && q.field !== undefined) return listPositions(this.byKey.get(fieldKey(q)));
    if (sub) return listPositions(this.byKey.get(subKey(q)));
    if (q.plan !== undefined) return listPositions(this.byKey.get(planKey(q.plan)));
    return this.everyPosition;
  }

  /** 0…n-1 for the whole trail, as a view (a page reads only its own positions; nothing is built). */
  private get everyPosition(): Positions {
    return { length: this.seqs.length, at: (i) => i };
  }

  /** The first index into positions whose entry's seq is greater than after (seqs grow along the file). */
  private firstAfter(positions: Positions, after: number): number {
    let lo = 0;
    let hi = positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.seqs[positions.at(mid)]! <= after) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Indexes what was appended since the last read; one catch-up at a time, shared by concurrent readers. */
  private catchUp(): Promise<void> {
    this.catching ??= this.index().finally(() => {
      this.catching = null;
    });
    return this.catching;
  }

  private async index(): Promise<void> {
    let st;
    try {
      st = await fsp.stat(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      this.reset(-1);
      return;
    }
    if (st.ino !== this.ino || st.size < this.indexed) this.reset(st.ino);
    if (st.size === this.indexed) return;
    const fh = await fsp.open(this.path, 'r');
    try {
      let pos = this.indexed;
      let carry = Buffer.alloc(0);
      while (pos < st.size) {
        const buf = Buffer.alloc(Math.min(CHUNK, st.size - pos));
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) break;
        const data = carry.length ? Buffer.concat([carry, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
        const base = pos - carry.length;
        let lineStart = 0;
        for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, lineStart)) {
          if (nl > lineStart) this.add(data.toString('utf8', lineStart, nl), base + lineStart, nl - lineStart);
          lineStart = nl + 1;
        }
        this.indexed = base + lineStart;
        carry = Buffer.from(data.subarray(lineStart));
        pos += bytesRead;
      }
    } finally {
      await fh.close();
    }
  }

  private add(line: string, offset: number, length: number): void {
    let e: AuditEntry;
    try {
      e = upgradeAuditEntry(JSON.parse(line) as AuditEntry);
    } catch {
      return; // a damaged line: readers skip it, verify names it
    }
    const pos = this.seqs.length;
    this.offsets.push(offset);
    this.lengths.push(length);
    this.seqs.push(e.seq);
    const keys = e.plan === undefined ? [] : [planKey(e.plan)];
    if (e.orgUnit !== undefined && e.period !== undefined && e.form !== undefined) {
      keys.push(subKey(e));
      if (e.field !== undefined) keys.push(fieldKey(e));
    }
    for (const k of keys) {
      const list = this.byKey.get(k);
      if (list) list.push(pos);
      else this.byKey.set(k, [pos]);
    }
  }

  private reset(ino: number): void {
    this.offsets = [];
    this.lengths = [];
    this.seqs = [];
    this.byKey = new Map();
    this.indexed = 0;
    this.ino = ino;
  }
}

/** Positions of entries in file order: an index's list, or every position. */
interface Positions {
  readonly length: number;
  at(i: number): number;
}

function listPositions(list: readonly number[] | undefined): Positions {
  const l = list ?? [];
  return { length: l.length, at: (i) => l[i]! };
}
