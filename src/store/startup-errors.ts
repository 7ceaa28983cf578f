/**
 * Why a server could not start, in one bilingual line and without a stack trace (issue 12: a full
 * disk or a port in use printed "internal error, please report" and a trace). The errors are the
 * operating system's (errno codes of listen, mkdir, open, write); each gets what it means for the
 * operator and what to do.
 */
import { isPlanbookError, PlanbookError } from '../model/errors';

/** Where start-up failed: binding the address, or opening the data folder / database. */
export type StartupStage = { stage: 'listen'; host: string; port: number } | { stage: 'data'; dir: string };

/** A start-up failure as a PlanbookError (a PlanbookError passes unchanged: it already speaks both languages). */
export function startupError(e: unknown, where: StartupStage): PlanbookError {
  if (isPlanbookError(e)) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  const path = (e as NodeJS.ErrnoException | undefined)?.path;
  if (where.stage === 'listen') {
    const at = `${where.host}:${where.port}`;
    if (code === 'EADDRINUSE')
      return new PlanbookError('UNAVAILABLE', {
        zh: `无法启动：端口 ${at} 已被其他程序占用；请停止该程序或用 --port 换一个端口`,
        en: `Cannot start: ${at} is already in use; stop the other program or choose another --port`,
      });
    if (code === 'EACCES' || code === 'EPERM')
      return new PlanbookError('UNAVAILABLE', {
        zh: `无法启动：没有权限监听 ${at}（1024 以下的端口需要管理员权限）；请用 --port 换一个端口`,
        en: `Cannot start: no permission to listen on ${at} (ports below 1024 need privileges); choose another --port`,
      });
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      return new PlanbookError('UNAVAILABLE', { zh: `无法启动：本机没有地址 ${where.host}；请检查 --host`, en: `Cannot start: this machine has no address ${where.host}; check --host` });
    return new PlanbookError('UNAVAILABLE', { zh: `无法启动：监听 ${at} 失败（${code || '未知原因'}）`, en: `Cannot start: listening on ${at} failed (${code || 'unknown reason'})` });
  }
  const what = path ?? where.dir;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new PlanbookError('STORAGE', {
      zh: `无法启动：磁盘已满（${what}）；请腾出空间后再启动，已有数据未受影响`,
      en: `Cannot start: the disk is full (${what}); free some space and start again; existing data is intact`,
    });
  if (code === 'EACCES' || code === 'EPERM')
    return new PlanbookError('STORAGE', {
      zh: `无法启动：没有权限读写数据目录 ${what}；请检查该目录的所有者和权限`,
      en: `Cannot start: no permission to read or write the data folder ${what}; check its owner and permissions`,
    });
  if (code === 'EROFS') return new PlanbookError('STORAGE', { zh: `无法启动：数据目录 ${what} 在只读文件系统上`, en: `Cannot start: the data folder ${what} is on a read-only file system` });
  if (code === 'ENOTDIR' || code === 'EEXIST') return new PlanbookError('STORAGE', { zh: `无法启动：${what} 不是目录；请用 --data 指定一个目录`, en: `Cannot start: ${what} is not a folder; give a folder with --data` });
  if (code === 'EIO') return new PlanbookError('STORAGE', { zh: `无法启动：读写 ${what} 时磁盘出错（EIO）；请检查磁盘`, en: `Cannot start: the disk failed while reading or writing ${what} (EIO); check the disk` });
  const msg = e instanceof Error ? e.message.split('\n')[0]!.slice(0, 200) : String(e).slice(0, 200);
  return new PlanbookError('STORAGE', { zh: `无法启动：打开数据目录 ${where.dir} 失败（${code || msg}）`, en: `Cannot start: opening the data folder ${where.dir} failed (${code || msg})` });
}

/** The one line a command prints for a start-up failure. */
export function startupLine(e: PlanbookError): string {
  return `${e.zh.replace(/\s*\n\s*/g, ' ')} / ${e.en.replace(/\s*\n\s*/g, ' ')}`;
}
