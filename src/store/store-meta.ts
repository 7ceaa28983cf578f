/**
 * The file store's metadata, `checkpoint.json`: rewritten (temp, fsync, rename, fsync folder) by
 * every checkpoint, after the audit log is fsynced. It holds the signed anchor of the audit chain —
 * the last entry the checkpoint made durable — so that cutting entries off the end of
 * `audit.ndjson`, or rewriting one and recomputing every hash after it, no longer passes for a
 * shorter or different but well-formed chain: the signed head names the sequence number and hash
 * the log must still contain, and only the key outside the data folder can sign another.
 */
import { join } from 'node:path';
import type { Anchor } from './audit-key';
import { writeFileDurable, type FsLayer } from './fs-layer';

export const META_FILE = 'checkpoint.json';

export interface StoreMeta {
  /** 2: framed journal segments (`.journal`) and a signed anchor. */
  format: 2;
  /** When the checkpoint was written (ISO 8601). */
  at: string;
  /** The journal segments numbered at or below this were retired by this checkpoint. */
  retired: number;
  anchor: Anchor;
}

/** Reads checkpoint.json; null when there is none yet (a new folder, or one made before anchors). Throws on a damaged file. */
export async function readMeta(fs: FsLayer, dir: string): Promise<StoreMeta | null> {
  let text: string;
  try {
    text = await fs.readFile(join(dir, META_FILE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const m = JSON.parse(text) as StoreMeta;
  if (!m || typeof m !== 'object' || !m.anchor || typeof m.anchor.seq !== 'number') throw new Error(`${META_FILE} has no anchor`);
  return m;
}

export async function writeMeta(fs: FsLayer, dir: string, meta: StoreMeta): Promise<void> {
  await writeFileDurable(fs, dir, META_FILE, JSON.stringify(meta, null, 2) + '\n');
}
