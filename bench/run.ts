/**
 * `npm run bench [name...]`: runs every bench/*.bench.ts (or the named ones) one after the other and
 * prints their figures. Benchmarks, not tests, hold the speed goals: timings flake on shared machines.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

interface BenchModule {
  run(): Promise<void>;
}

async function mainBench(): Promise<void> {
  const wanted = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()
    .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)));
  for (const f of files) {
    console.log(`\n=== ${f.replace('.bench.ts', '')}`);
    const mod = (await import(join(__dirname, f))) as BenchModule;
    await mod.run();
  }
}

mainBench().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
