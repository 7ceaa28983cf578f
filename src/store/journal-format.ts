/**
 * How a journal segment holds its records, and how a segment is read back.
 *
 * One frame per group commit (one `write` + one `fdatasync`), one line each:
 *
 *     pbj1 <byte length of JSON> <CRC-32 of the JSON's UTF-8 bytes, 8 hex digits> <JSON>\n
 *
 * The JSON is a JournalRecord. JSON.stringify escapes every newline inside strings, so a frame's
 * only newline is its last byte and a damaged byte can never hide the start of the next frame. A
 * frame is acknowledged only after its fdatasync, so only the *last* frame of the *last* segment can
 * be torn by a crash (a write cut short: the segment does not end in a newline). Any other frame
 * that fails its length or checksum is damage, which recovery must not guess about.
 *
 * Segments written before frames existed (`NNNNNNNN.ndjson`, one bare JSON record per line, a torn
 * line possible only at the end) are still read, with the same rule: only the last line may be torn.
 */
import { crc32 } from 'node:zlib';
import type { AuditEntry } from './audit-chain';

export type Doc = { rev: number };

/** What one group commit wrote: the documents as they now are, and the audit entries sealed with them. */
export interface JournalRecord {
  docs: { path: string; doc: Doc }[];
  audit: AuditEntry[];
}

export const FRAMED = /^\d{8}\.journal$/;
export const LEGACY = /^\d{8}\.ndjson$/;

export function segmentName(n: number): string {
  return `${String(n).padStart(8, '0')}.journal`;
}

export function segmentNumber(name: string): number {
  return Number(name.slice(0, 8));
}

/** Frames a record's JSON text (already serialised: the caller splices audit lines in). */
export function frame(json: string): string {
  const bytes = Buffer.from(json, 'utf8');
  return `pbj1 ${bytes.length} ${crc32(bytes).toString(16).padStart(8, '0')} ${json}\n`;
}

/** A frame that cannot be trusted, named so an operator can find it: segment, 1-based record, byte offset. */
export interface Damage {
  segment: string;
  record: number;
  offset: number;
  /** Why the frame cannot be trusted (English; the audit's repair entries quote it). */
  reason: string;
  /** The same in Chinese, for the Chinese half of every message (F3.7). */
  reasonZh: string;
}

type Why = { zh: string; en: string };

export interface SegmentScan {
  segment: string;
  /** Good records, in order, with their 1-based record number in the segment. */
  records: { no: number; rec: JournalRecord }[];
  /** Frames that fail their length, checksum or JSON and are not a torn tail. */
  damage: Damage[];
  /** A torn last frame (never acknowledged), dropped: its offset and length in bytes. */
  torn: { record: number; offset: number; bytes: number } | null;
  /** The segment's length in bytes. */
  bytes: number;
}

/**
 * Reads one segment's text. `last` says whether this is the newest segment, the only one whose last
 * frame may be torn. Never throws: damage is returned for the caller to decide.
 */
export function scanSegment(segment: string, text: string, last: boolean): SegmentScan {
  const legacy = LEGACY.test(segment);
  const out: SegmentScan = { segment, records: [], damage: [], torn: null, bytes: Buffer.byteLength(text, 'utf8') };
  const lines = text.split('\n');
  // A segment that does not end in a newline ends in a cut-off frame; split leaves it as the last piece.
  const endsClean = text.endsWith('\n') || text.length === 0;
  let lastLine = lines.length - 1;
  while (lastLine > 0 && lines[lastLine] === '') lastLine--;
  let offset = 0;
  let no = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const at = offset;
    offset += Buffer.byteLength(line, 'utf8') + 1;
    if (i === lines.length - 1 && line === '') break; // after the final newline
    if (line === '' && legacy) continue; // old segments began each batch with a newline
    no++;
    const isTail = i === lines.length - 1 && !endsClean;
    const parsed = legacy ? parseLegacy(line) : parseFrame(line);
    if (!('en' in parsed)) {
      out.records.push({ no, rec: parsed });
      continue;
    }
    const tornTail = last && (legacy ? i === lastLine : isTail);
    if (tornTail) out.torn = { record: no, offset: at, bytes: Buffer.byteLength(line, 'utf8') };
    else out.damage.push({ segment, record: no, offset: at, reason: parsed.en, reasonZh: parsed.zh });
  }
  return out;
}

function parseFrame(line: string): JournalRecord | Why {
  const m = /^pbj1 (\d{1,10}) ([0-9a-f]{8}) /.exec(line);
  if (!m) return { zh: '没有记录头', en: 'no frame header' };
  const json = Buffer.from(line.slice(m[0].length), 'utf8');
  if (json.length !== Number(m[1])) return { zh: `长度为 ${json.length} 字节，记录头写的是 ${m[1]}`, en: `length ${json.length} bytes, frame says ${m[1]}` };
  if (crc32(json).toString(16).padStart(8, '0') !== m[2]) return { zh: '校验和不符', en: 'checksum mismatch' };
  try {
    return JSON.parse(json.toString('utf8')) as JournalRecord;
  } catch {
    return { zh: '校验和相符但 JSON 无法解析', en: 'checksum matches but JSON does not parse' };
  }
}

function parseLegacy(line: string): JournalRecord | Why {
  try {
    return JSON.parse(line) as JournalRecord;
  } catch {
    return { zh: '不是有效的 JSON', en: 'not valid JSON' };
  }
}
