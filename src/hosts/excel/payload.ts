/**
 * Cutting work into requests that stay under Excel on the web's 5 MB payload limit.
 * Pure arithmetic on shapes and byte counts, so it is tested without any Excel.
 */
import type { CellValue } from '../../template/port';

/** Excel on the web refuses a request or a response over 5 MB; we aim below it, since our byte count is an estimate of Excel's own encoding. */
export const PAYLOAD_LIMIT = 5 * 1024 * 1024;
export const DEFAULT_BUDGET = 4 * 1024 * 1024;

/**
 * What one cell costs in a read response when we cannot know its content beforehand: values and
 * formulas both come back, so twice a typical short string or number with JSON punctuation.
 */
export const DEFAULT_READ_BYTES_PER_CELL = 64;

const encoder = new TextEncoder();

export function jsonBytes(v: unknown): number {
  return encoder.encode(JSON.stringify(v)).length;
}

/** Bytes of each row of a block as JSON, so bands can be cut at row boundaries. */
export function rowBytes(rows: readonly (readonly (CellValue | string | null)[])[]): number[] {
  return rows.map((r) => jsonBytes(r) + 1);
}

/** Splits rows [0, n) into consecutive bands whose byte sum stays within budget (a single oversized row is a band of its own). */
export function bandsByBytes(sizes: readonly number[], budget: number): { start: number; end: number; bytes: number }[] {
  const out: { start: number; end: number; bytes: number }[] = [];
  let start = 0;
  let bytes = 0;
  sizes.forEach((b, i) => {
    if (i > start && bytes + b > budget) {
      out.push({ start, end: i, bytes });
      start = i;
      bytes = 0;
    }
    bytes += b;
  });
  if (sizes.length > start) out.push({ start, end: sizes.length, bytes });
  return out;
}

/** Packs items with a byte size into consecutive groups within budget, keeping their order. */
export function packInOrder<T>(items: readonly T[], size: (t: T) => number, budget: number): T[][] {
  const groups: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  for (const it of items) {
    const b = size(it);
    if (cur.length > 0 && bytes + b > budget) {
      groups.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(it);
    bytes += b;
  }
  if (cur.length > 0) groups.push(cur);
  return groups;
}

/**
 * Packs items into as few groups within budget as first-fit-decreasing finds, for reads, whose order
 * does not matter (each result goes back to its own slot): a one-row header then shares a request
 * with the table instead of taking one of its own.
 */
export function packFirstFit<T>(items: readonly T[], size: (t: T) => number, budget: number): T[][] {
  const bins: { items: T[]; bytes: number }[] = [];
  const sorted = items.map((it) => ({ it, b: size(it) })).sort((a, b) => b.b - a.b);
  for (const { it, b } of sorted) {
    const bin = bins.find((x) => x.bytes + b <= budget);
    if (bin) {
      bin.items.push(it);
      bin.bytes += b;
    } else bins.push({ items: [it], bytes: b });
  }
  return bins.map((x) => x.items);
}
