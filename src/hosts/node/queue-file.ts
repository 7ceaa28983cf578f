/**
 * The offline queue in Node: a JSON file replaced atomically (temp file, fsync, rename, fsync dir),
 * so a crash while saving leaves the old queue or the new one, never half of either.
 */
import { promises as fsp } from 'node:fs';
import { basename, dirname } from 'node:path';
import { PlanbookError } from '../../model/errors';
import type { QueuedPush } from '../../sync/protocol';
import type { QueueStorage } from '../../sync/queue';
import { nodeFs, writeFileDurable } from '../../store/fs-layer';

export function fileQueue(path: string): QueueStorage {
  return {
    async load() {
      let text: string;
      try {
        text = await fsp.readFile(path, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw e;
      }
      try {
        const q = JSON.parse(text) as { queue?: QueuedPush[] };
        if (!Array.isArray(q.queue)) throw new Error('no queue array');
        return q.queue;
      } catch {
        throw new PlanbookError('BAD_REQUEST', {
          zh: `离线队列文件 ${path} 已损坏；请把它备份后删除，再重新推送`,
          en: `The offline queue file ${path} is damaged; back it up, delete it and push again`,
        });
      }
    },
    async save(queue) {
      await fsp.mkdir(dirname(path), { recursive: true });
      await writeFileDurable(nodeFs, dirname(path), basename(path), JSON.stringify({ queue }, null, 2) + '\n');
    },
  };
}
