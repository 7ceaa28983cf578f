/**
 * A full disk must not pile up files (issue 12: a full disk left `.tmp` files and empty journal
 * segments behind every second). Checkpoints fail while the disk is full; afterwards no temp file is
 * left in the data folder, the journal has not grown a segment per attempt, and the acknowledged
 * write is still there once space returns.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFs, type FsLayer } from '../../src/store/fs-layer';
import { call, startTestServer } from '../support/server';

const SUB = encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('store on a full disk (file)', function () {
  this.timeout(60_000);

  it('failed checkpoints leave no temp file and no empty segments behind, and the write survives', async () => {
    let full = false;
    const enospc = (): never => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    // Only the checkpoint's temp files meet the full disk: the journal keeps taking the write.
    const disk: FsLayer = {
      ...nodeFs,
      async open(path, flags) {
        const h = await nodeFs.open(path, flags);
        if (!path.endsWith('.tmp')) return h;
        return {
          ...h,
          writeAll: async (data) => {
            if (full) {
              await h.writeAll(data.slice(0, Math.floor(data.length / 2)));
              enospc();
            }
            await h.writeAll(data);
          },
        };
      },
    };
    const s = await startTestServer({ fs: disk });
    try {
      full = true;
      const r = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: 0, edits: [{ field: 'figures/一般公共预算收入/value', base: null, value: 58.18 }] });
      assert.equal(r.status, 200);
      const backend = s.server.backend as unknown as { checkpoint(): Promise<void> };
      let failures = 0;
      for (let i = 0; i < 10; i++) await backend.checkpoint().catch(() => failures++);
      assert.ok(failures >= 1, 'the checkpoints met the full disk');
      const files = filesUnder(s.dataDir);
      assert.deepEqual(
        files.filter((f) => f.endsWith('.tmp')),
        [],
      );
      const segments = files.filter((f) => f.includes(`${join('journal', '')}`));
      assert.ok(segments.length <= 2, `after ${failures} failed checkpoints: ${segments.length} journal segment files`);
      full = false;
      await backend.checkpoint();
      assert.equal((await call(s.url, s.tokens.filler, 'GET', SUB)).body.data.figures['一般公共预算收入'].value, 58.18);
    } finally {
      await s.stop();
    }
  });
});
