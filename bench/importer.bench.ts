/**
 * Importer speed: all five seeds imported 100 times (documents/s, MB/s), and linearity — one seed
 * repeated 1×, 4× and 16× in a single document, where the time per KB should stay about the same;
 * then the same per file format, files read from disk (importer-formats.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { importDocuments, type SourceDocument } from '../src/importer';
import { runFormats } from './importer-formats';

const SEEDS = path.resolve(__dirname, '../../shared/seeds');

function seeds(): SourceDocument[] {
  return readdirSync(SEEDS)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ id: f, text: readFileSync(path.join(SEEDS, f), 'utf8') }));
}

function bytes(docs: SourceDocument[]): number {
  return docs.reduce((n, d) => n + Buffer.byteLength(d.text, 'utf8'), 0);
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/**
 * Fastest of several runs: on a shared two-core machine other work only ever adds time, so the
 * minimum is the best estimate of the importer's own cost; the median is printed beside it.
 */
function best(runs: number, fn: () => void): { min: number; median: number } {
  fn();
  const ts = Array.from({ length: runs }, () => time(fn)).sort((a, b) => a - b);
  return { min: ts[0], median: ts[Math.floor(ts.length / 2)] };
}

export async function run(): Promise<void> {
  const docs = seeds();
  const size = bytes(docs);
  importDocuments(docs); // warm up the JIT and the regular expressions
  const rounds = 100;
  const ms = time(() => {
    for (let i = 0; i < rounds; i++) importDocuments(docs);
  });
  const n = docs.length * rounds;
  console.log(
    `all ${docs.length} seeds × ${rounds}: ${ms.toFixed(0)} ms — ${((n / ms) * 1000).toFixed(0)} documents/s, ${((size * rounds) / 1024 / 1024 / (ms / 1000)).toFixed(2)} MB/s (${(size / 1024).toFixed(0)} KB per round)`,
  );

  // Linearity: the narrative report (002) and the division of work (003), each repeated.
  for (const prefix of ['002', '003']) {
    const d = docs.find((x) => x.id.startsWith(prefix));
    if (!d) continue;
    const perKb: number[] = [];
    for (const k of [1, 4, 16]) {
      const big: SourceDocument = { id: d.id, text: Array.from({ length: k }, () => d.text).join('\n') };
      const kb = bytes([big]) / 1024;
      const { min: t, median } = best(7, () => importDocuments([big]));
      perKb.push(t / kb);
      console.log(`  ${prefix} × ${String(k).padStart(2)}: ${kb.toFixed(0).padStart(5)} KB in ${t.toFixed(1).padStart(7)} ms (median ${median.toFixed(1)}) — ${((t / kb) * 1000).toFixed(1)} µs/KB`);
    }
    console.log(`  ${prefix} per-KB time ratio 16×/1×: ${(perKb[2] / perKb[0]).toFixed(2)} (1.00 = linear)`);
  }
  await runFormats();
}
