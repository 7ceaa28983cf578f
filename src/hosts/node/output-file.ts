/**
 * Every file the CLI writes goes through here: one rule for an existing file (kept unless --force,
 * as `fill` has always done, so an export never replaces the statistician's own workbook or plan),
 * one atomic write (temp file beside the target, then rename), and one bilingual sentence for each
 * way the file system can refuse (missing folder, no permission, disk full, a folder given as file).
 * The messages name the path the user asked for, never the temp file.
 */
import { rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PlanbookError } from '../../model/errors';

export interface OutputOptions {
  /** Replace an existing file (the user gave --force, or the command rewrites its own input by design). */
  force?: boolean;
}

/** The flag a user adds to replace an existing file; named in the refusal. */
export const FORCE_FLAG = '--force';

/** The --force option for a command's parseArgs table. */
export const FORCE_OPTION = { force: { type: 'boolean' } } as const;

/** The help line of --force, the same in every command. */
export const FORCE_HELP = '  --force          覆盖已存在的输出文件（默认不覆盖）/ overwrite an existing output file (by default it is kept)';

function bad(zh: string, en: string): PlanbookError {
  // BAD_REQUEST: the CLI answers it with exit 3 (bad input), not 4 (server), as the output path is the user's to fix.
  return new PlanbookError('BAD_REQUEST', { zh, en });
}

/**
 * Refuses before any work is done: an existing output without `force`, a folder given as the file,
 * or a folder that does not exist. Throws PlanbookError BAD_REQUEST (exit 3); resolves when the path is free to write.
 */
export async function checkOutputFree(file: string, opts: OutputOptions = {}): Promise<void> {
  const st = await stat(file).catch(() => null);
  if (st?.isDirectory()) {
    throw bad(`${file} 是文件夹，不是文件；请在 -o 后写出文件名（如 ${file}/输出.xlsx）`, `${file} is a folder, not a file; give a file name after -o (such as ${file}/output.xlsx)`);
  }
  if (st && !opts.force) {
    throw bad(`${file} 已存在，未覆盖（其中可能有您的内容）；换一个输出路径，或加 ${FORCE_FLAG} 覆盖`, `${file} exists and was kept (it may hold your work); choose another output or add ${FORCE_FLAG} to overwrite`);
  }
  const dir = dirname(file);
  const dst = await stat(dir).catch(() => null);
  if (!dst) throw bad(`文件夹不存在：${dir}；请先建好该文件夹，或换一个输出路径（${file}）`, `the folder does not exist: ${dir}; create it first or choose another output (${file})`);
  if (!dst.isDirectory()) throw bad(`${dir} 不是文件夹，无法在其中写入 ${file}；请换一个输出路径`, `${dir} is not a folder, so ${file} cannot be written in it; choose another output`);
}

/** The file system's refusal as a sentence in both languages, naming `file` (what the user asked for). */
export function outputError(e: unknown, file: string): PlanbookError {
  if (e instanceof PlanbookError) return e;
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  const dir = dirname(file);
  switch (code) {
    case 'ENOENT':
      return bad(`文件夹不存在：${dir}；请先建好该文件夹，或换一个输出路径（${file}）`, `the folder does not exist: ${dir}; create it first or choose another output (${file})`);
    case 'ENOTDIR':
      return bad(`${file} 的路径中有一段不是文件夹；请换一个输出路径`, `part of the path ${file} is not a folder; choose another output`);
    case 'EISDIR':
      return bad(`${file} 是文件夹，不是文件；请在 -o 后写出文件名`, `${file} is a folder, not a file; give a file name after -o`);
    case 'EACCES':
    case 'EPERM':
      return bad(`没有权限写入 ${file}（文件夹 ${dir} 或文件本身只读）；请换一个有写权限的文件夹`, `no permission to write ${file} (the folder ${dir} or the file is read-only); choose a folder you can write to`);
    case 'EROFS':
      return bad(`${file} 所在的磁盘只读，无法写入；请换一个输出路径`, `the disk holding ${file} is read-only; choose another output`);
    case 'ENOSPC':
    case 'EDQUOT':
      return bad(`磁盘已满，未能写入 ${file}（原有文件未受影响）；请腾出空间或换一个磁盘`, `the disk is full; ${file} was not written (any earlier file is intact); free some space or choose another disk`);
    case 'ENAMETOOLONG':
      return bad(`文件名过长：${file}；请用短一些的名字`, `the file name is too long: ${file}; use a shorter one`);
    default: {
      const m = code || (e instanceof Error ? e.message : String(e));
      return bad(`无法写入 ${file}（${m}）；请检查路径和权限`, `cannot write ${file} (${m}); check the path and permissions`);
    }
  }
}

/**
 * Writes `data` to `file` (an absolute path) under the rule above: refused when it exists and `force` is
 * not set; written beside and renamed, so a failed write never leaves half a file where a good one was.
 * Throws PlanbookError BAD_REQUEST (exit 3) with a bilingual sentence for every refusal.
 */
export async function writeOutputFile(file: string, data: string | Uint8Array, opts: OutputOptions = {}): Promise<void> {
  await checkOutputFree(file, opts);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw outputError(e, file);
  }
}
