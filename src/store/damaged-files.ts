/**
 * The files of a file store's folder that the start reads, and what to do when one of them does not
 * parse (tester findings F3.1–F3.3). The start reads, besides the journal and audit.ndjson (checked
 * record by record in recovery.ts and audit-proof.ts):
 *  - every document under submissions/, plans/ and config/ (one JSON document each);
 *  - checkpoint.json, the signed anchor of the audit chain (store-meta.ts);
 *  - users.json, the users and their token hashes (file-users.ts);
 * and LOCK, which holds only a process id and is taken over when stale (data-lock.ts). The signing
 * key lives outside the folder (audit-key.ts). A damaged one of these stops the start naming it and
 * `planbook store repair`; `audit verify` names it; repair offers each a way back (file-remedies.ts).
 */
import { join } from 'node:path';
import { PlanbookError } from '../model/errors';
import type { FsLayer } from './fs-layer';
import { parseUsersFile } from './file-users';
import type { LoadedDocs } from './recovery';
import { fromSafeName } from './safe-name';
import { META_FILE, readMeta } from './store-meta';
import type { SubmissionKey } from '../model/submission';

export type DamagedKind = 'submission' | 'plan' | 'config' | 'checkpoint' | 'users' | 'other';

export interface DamagedFile {
  /** Relative to the data folder. */
  path: string;
  kind: DamagedKind;
  /** What is wrong with it, in both languages (never the parser's English inside the Chinese). */
  why: { zh: string; en: string };
}

/** What a document file's path names: a submission's key, a plan's id or a config's name. */
export type PathDoc = { kind: 'submission'; key: SubmissionKey } | { kind: 'plan'; id: string } | { kind: 'config'; name: string };

/** The document a path under the trees names (submissions/<plan>/<unit>/<period>/<form>.json …), or null. */
export function docOfPath(rp: string): PathDoc | null {
  const p = rp
    .replace(/\.json$/, '')
    .split('/')
    .map(fromSafeName);
  if (p[0] === 'submissions' && p.length === 5) return { kind: 'submission', key: { plan: p[1]!, orgUnit: p[2]!, period: p[3]!, form: p[4]! } };
  if (p[0] === 'plans' && p.length === 2) return { kind: 'plan', id: p[1]! };
  if (p[0] === 'config' && p.length === 2) return { kind: 'config', name: p[1]! };
  return null;
}

const NOT_JSON = { zh: '无法解析（不是完整的 JSON）', en: 'does not parse (not whole JSON)' };

/** Every damaged file the start reads (see the file comment), data files first. Reads only. */
export async function findDamagedFiles(fs: FsLayer, dir: string, loaded: LoadedDocs): Promise<DamagedFile[]> {
  const out: DamagedFile[] = loaded.damaged.map((path) => ({ path, kind: docOfPath(path)?.kind ?? 'other', why: NOT_JSON }));
  try {
    await readMeta(fs, dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === undefined) out.push({ path: META_FILE, kind: 'checkpoint', why: { zh: '无法解析或缺少签名锚点', en: 'does not parse or has no signed anchor' } });
    else throw e;
  }
  let users: string | null = null;
  try {
    users = await fs.readFile(join(dir, 'users.json'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (users !== null) {
    try {
      parseUsersFile(users, dir);
    } catch {
      out.push({ path: 'users.json', kind: 'users', why: { zh: '无法解析或不是用户列表，无法核对任何令牌', en: 'does not parse or is not a list of users, so no token can be checked' } });
    }
  }
  return out;
}

/**
 * The error that stops a start on damaged files: one bilingual line naming the first (and how many
 * more), with what to do. `details.files` lists them all.
 */
export function damagedFilesError(dir: string, files: readonly DamagedFile[]): PlanbookError {
  const f = files[0]!;
  const more = files.length > 1 ? { zh: `（另有 ${files.length - 1} 个文件损坏）`, en: ` (and ${files.length - 1} more damaged files)` } : { zh: '', en: '' };
  return new PlanbookError(
    'STORAGE',
    {
      zh: `数据文件已损坏：${f.path} ${f.why.zh}${more.zh}。未启动，未改动任何文件。请从备份恢复该文件，或运行 planbook store repair --data ${dir} 查看可行的处理（由审计日志重建、从日志恢复，或接受损失并记入审计日志）`,
      en: `A data file is damaged: ${f.path} ${f.why.en}${more.en}. The server did not start and changed no file. Restore it from a backup, or run planbook store repair --data ${dir} to see the ways back (rebuild from the audit trail, restore from the journal, or accept the loss on record in the audit)`,
    },
    { files },
  );
}
