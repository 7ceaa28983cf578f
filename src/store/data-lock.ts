/**
 * One server per data folder: two processes appending to the same journal would interleave and
 * corrupt it. The LOCK file holds the owner's pid; a lock whose process is gone (SIGKILL, power cut)
 * is stale and taken over, so a crash never blocks a restart.
 */
import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { PlanbookError } from '../model/errors';

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireLock(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, 'LOCK');
  const info: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const h = await fsp.open(path, 'wx', 0o600);
      await h.writeFile(JSON.stringify(info) + '\n');
      await h.sync();
      await h.close();
      return async () => {
        await fsp.unlink(path).catch(() => undefined);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner: LockInfo | null = null;
    try {
      owner = JSON.parse(await fsp.readFile(path, 'utf8')) as LockInfo;
    } catch {
      owner = null; // a lock torn by a crash while it was written: nobody owns it
    }
    if (owner && owner.pid !== process.pid && owner.host === hostname() && alive(owner.pid)) {
      throw new PlanbookError('UNAVAILABLE', {
        zh: `数据目录 ${dir} 正被另一个 planbook 服务（进程 ${owner.pid}，${owner.startedAt} 启动）使用；同一目录只能有一个服务`,
        en: `The data folder ${dir} is in use by another planbook server (pid ${owner.pid}, started ${owner.startedAt}); one server per folder`,
      });
    }
    if (owner && owner.host !== hostname()) {
      throw new PlanbookError('UNAVAILABLE', {
        zh: `数据目录 ${dir} 被主机 ${owner.host} 上的服务锁定；确认该服务已停止后删除 ${path}`,
        en: `The data folder ${dir} is locked by a server on host ${owner.host}; once it is stopped, delete ${path}`,
      });
    }
    await fsp.unlink(path).catch(() => undefined); // stale
  }
  throw new PlanbookError('UNAVAILABLE', { zh: `无法锁定数据目录 ${dir}`, en: `Could not lock the data folder ${dir}` });
}
