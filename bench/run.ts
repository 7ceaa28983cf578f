/**
 * `npm run bench [name...]`: runs every bench/*.bench.ts (or the named ones) and prints their figures.
 * Benchmarks, not tests, hold the speed goals: timings flake on shared machines.
 * Each benchmark runs in its own Node process, so the peak memory one reports is its own and not
 * the high-water mark of the benchmarks before it.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

interface BenchModule {
  run(): Promise<void>;
}

async function runOne(file: string): Promise<void> {
  // require, not import(): this child runs under tsx's CommonJS hook, which import() of a .ts file bypasses.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const mod = require(join(__dirname, file)) as BenchModule;
  await mod.run();
}

function runAll(wanted: string[]): number {
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()
    .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)));
  if (files.length === 0) {
    console.error(`没有这个基准测试 / no such benchmark: ${wanted.join(' ')}`);
    return 2;
  }
  let failed = 0;
  for (const f of files) {
    console.log(`\n=== ${f.replace('.bench.ts', '')}`);
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', __filename, '--one', f], { stdio: 'inherit' });
    if (r.status !== 0) failed++;
  }
  return failed ? 1 : 0;
}

const args = process.argv.slice(2);
if (args[0] === '--one' && args[1]) {
  runOne(args[1]).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
} else {
  process.exitCode = runAll(args);
}
