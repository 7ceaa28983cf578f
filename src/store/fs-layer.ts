/**
 * The few file operations the file backend needs, behind a port so tests can inject a failing disk
 * (ENOSPC, EIO) and check that a failed write is never acknowledged and leaves earlier state intact.
 */
import { promises as fsp } from 'node:fs';

export interface FileHandleLike {
  /** Writes all of data at the handle's position (the end, for an append handle). */
  writeAll(data: string): Promise<void>;
  datasync(): Promise<void>;
  truncate(len: number): Promise<void>;
  close(): Promise<void>;
}

export interface FsLayer {
  open(path: string, flags: 'a' | 'w' | 'wx'): Promise<FileHandleLike>;
  /** Throws with code ENOENT when the file does not exist. */
  readFile(path: string): Promise<string>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdirp(path: string): Promise<void>;
  readdir(path: string): Promise<{ name: string; dir: boolean }[]>;
  size(path: string): Promise<number>;
  /** fsync a directory so a rename or a new file in it survives a power cut. */
  syncDir(path: string): Promise<void>;
}

export const nodeFs: FsLayer = {
  async open(path, flags) {
    // 0600: the data folder's files (documents, journal, audit, users' token hashes) are the server's alone.
    const h = await fsp.open(path, flags, 0o600);
    return {
      writeAll: async (data) => {
        await h.writeFile(data, 'utf8');
      },
      datasync: () => h.datasync(),
      truncate: (len) => h.truncate(len),
      close: () => h.close(),
    };
  },
  readFile: (path) => fsp.readFile(path, 'utf8'),
  rename: (a, b) => fsp.rename(a, b),
  unlink: (p) => fsp.unlink(p),
  mkdirp: async (p) => {
    // 0700 for every folder it makes (the data folder itself included): other local users see nothing.
    await fsp.mkdir(p, { recursive: true, mode: 0o700 });
  },
  readdir: async (p) => (await fsp.readdir(p, { withFileTypes: true })).map((d) => ({ name: d.name, dir: d.isDirectory() })),
  size: async (p) => (await fsp.stat(p)).size,
  syncDir: async (p) => {
    const h = await fsp.open(p, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  },
};

/** Writes a whole file so that a crash leaves either the old or the new content: temp, fsync, rename, fsync dir. */
export async function writeFileDurable(fs: FsLayer, dir: string, name: string, content: string): Promise<void> {
  await replaceFile(fs, dir, name, content);
  await fs.syncDir(dir);
}

/**
 * writeFileDurable without the folder's fsync: the caller syncs each folder once after all its
 * renames (a checkpoint replaces many files; one fsync per folder instead of one per file). Until
 * that fsync the rename may not survive a power cut, so nothing may rely on the file before it.
 */
export async function replaceFile(fs: FsLayer, dir: string, name: string, content: string): Promise<void> {
  const tmp = `${dir}/.${name}.${process.pid}.${Date.now()}.tmp`;
  const h = await fs.open(tmp, 'w');
  try {
    await h.writeAll(content);
    await h.datasync();
  } catch (e) {
    // A full disk must not leave a temp file behind on every retry (issue 12: .tmp files piled up).
    await h.close().catch(() => undefined);
    await fs.unlink(tmp).catch(() => undefined);
    throw e;
  }
  await h.close();
  try {
    await fs.rename(tmp, `${dir}/${name}`);
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/**
 * Runs fn over items, at most `width` at a time, and settles only when every call has: the first
 * error is thrown after the others finished, so no write is still running when the caller retries.
 */
export async function eachLimited<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: { e: unknown } | null = null;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (e) {
        failed ??= { e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  if (failed) throw (failed as { e: unknown }).e;
}
