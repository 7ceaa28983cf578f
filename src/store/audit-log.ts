/**
 * The file backend's audit trail, `audit.ndjson`: one chained entry per line, appended after the
 * journal made the same entries durable. It is not fsynced per batch — the journal holds the
 * entries until a checkpoint fsyncs the log and retires the segment — so after a crash the log may
 * lack its newest entries (restored here from the journal) or end in a torn line (cut off here: the
 * journal has that entry whole). A damaged line anywhere else is not a crash and is left exactly as
 * it is, for `audit verify` to name.
 */
import { join } from 'node:path';
import { GENESIS, type AuditEntry } from './audit-chain';
import { writeFileDurable, type FileHandleLike, type FsLayer } from './fs-layer';
import { upgradeAuditEntry } from '../model/legacy-names';

export const AUDIT_FILE = 'audit.ndjson';

export interface ParsedLog {
  text: string;
  entries: AuditEntry[];
  /** Lines that do not parse, 1-based, with nothing after them only if `tornTail`. */
  bad: number[];
  /** Length (in characters) of the text up to the end of the last whole entry before the first bad line. */
  keep: number;
}

/** Reads and parses audit.ndjson (an absent file is an empty log). */
export async function readAuditLog(fs: FsLayer, dir: string): Promise<ParsedLog> {
  let text = '';
  try {
    text = await fs.readFile(join(dir, AUDIT_FILE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const entries: AuditEntry[] = [];
  const bad: number[] = [];
  const lines = text.split('\n');
  let keep = 0;
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    offset += line.length + 1;
    if (line === '') continue;
    try {
      entries.push(upgradeAuditEntry(JSON.parse(line) as AuditEntry));
      if (bad.length === 0) keep = Math.min(offset, text.length);
    } catch {
      bad.push(i + 1);
    }
  }
  if (bad.length === 0) keep = text.length;
  return { text, entries, bad, keep };
}

export class AuditLog {
  private handle: FileHandleLike | null = null;
  private size = 0;
  last = { seq: 0, hash: GENESIS };

  constructor(
    private readonly fs: FsLayer,
    private readonly dir: string,
  ) {}

  /**
   * Brings the log up to date with the journal and opens it for appending (unless readOnly):
   * a torn last line is cut, entries the journal holds beyond the log's end are appended.
   * Answers the parsed log as it now stands.
   */
  async recover(fromJournal: readonly AuditEntry[], readOnly: boolean): Promise<ParsedLog> {
    const log = await readAuditLog(this.fs, this.dir);
    // Only the last line can be torn by a crash (appends); a bad line with entries after it is damage.
    const tornOnly = log.bad.length === 1 && isLastLine(log);
    const good = tornOnly ? log.text.slice(0, log.keep) : log.text;
    const tail = log.entries[log.entries.length - 1];
    const lastSeq = tail?.seq ?? 0;
    const missing = fromJournal.filter((e) => e.seq > lastSeq).sort((a, b) => a.seq - b.seq);
    const add = missing.map((e) => JSON.stringify(e) + '\n').join('');
    const text = good + (good === '' || good.endsWith('\n') ? '' : '\n') + add;
    if (!readOnly) {
      if (text !== log.text) await writeFileDurable(this.fs, this.dir, AUDIT_FILE, text);
      this.size = Buffer.byteLength(text);
      this.handle = await this.fs.open(join(this.dir, AUDIT_FILE), 'a');
    }
    const entries = [...log.entries, ...missing];
    const end = entries[entries.length - 1];
    this.last = end ? { seq: end.seq, hash: end.hash } : { seq: 0, hash: GENESIS };
    return { text, entries, bad: tornOnly ? [] : log.bad, keep: text.length };
  }

  /** Appends lines; on failure cuts the log back and rethrows (the journal still holds the entries). */
  async append(lines: string): Promise<void> {
    if (!this.handle) return;
    try {
      await this.handle.writeAll(lines);
      this.size += Buffer.byteLength(lines);
    } catch (e) {
      await this.handle.truncate(this.size).catch(() => undefined);
      throw e;
    }
  }

  async datasync(): Promise<void> {
    await this.handle?.datasync();
  }

  async close(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = null;
  }
}

function isLastLine(log: ParsedLog): boolean {
  const lines = log.text.split('\n');
  let last = lines.length - 1;
  while (last > 0 && lines[last] === '') last--;
  return log.bad[0] === last + 1;
}
