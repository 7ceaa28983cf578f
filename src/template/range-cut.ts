/**
 * Ranges answered from larger ranges read in the same request or action: Check reads the whole
 * table for read-back and, for annotate, the marked columns inside it; those are cut from the table
 * rather than read (and sent over the wire) twice.
 */
import { parseRange, type RangeData, type RangeRef } from './port';

type Box = ReturnType<typeof parseRange>;

const within = (a: Box, b: Box): boolean => a.top >= b.top && a.bottom <= b.bottom && a.left >= b.left && a.right <= b.right;

/** Whether `outer`'s data can answer `inner`: same sheet, covering it, with details (and notes) when `inner` asks. */
export function covers(outer: RangeRef, inner: RangeRef): boolean {
  return outer.sheet === inner.sheet && (!inner.details || outer.details === true) && (!(inner.details && inner.notes) || outer.notes === true) && within(parseRange(inner.address), parseRange(outer.address));
}

/** The part of `data` (read at `outer`, which covers `inner`) that lies at `inner`. */
export function cutRange(data: RangeData, outer: RangeRef, inner: RangeRef): RangeData {
  const o = parseRange(outer.address);
  const i = parseRange(inner.address);
  const cut = <T>(grid: T[][]): T[][] => grid.slice(i.top - o.top, i.bottom - o.top + 1).map((row) => row.slice(i.left - o.left, i.right - o.left + 1));
  const out: RangeData = { values: cut(data.values), formulas: cut(data.formulas) };
  const d = data.details;
  if (inner.details && d) {
    out.details = { formats: cut(d.formats), texts: cut(d.texts), merges: cut(d.merges), fills: cut(d.fills) };
    if (inner.notes && d.notes) out.details.notes = cut(d.notes);
  }
  return out;
}

/** The refs that must really be read: those not covered by another of the list (of equal ones, the first). */
export function outermost(refs: readonly RangeRef[]): RangeRef[] {
  return refs.filter((r, i) => !refs.some((o, j) => j !== i && covers(o, r) && (!covers(r, o) || j < i)));
}

/**
 * Reads `refs` through `read`, asking only for the outermost ones and cutting the rest from them;
 * results in request order, as WorkbookPort.read promises.
 */
export async function readCovered(refs: readonly RangeRef[], read: (refs: RangeRef[]) => Promise<RangeData[]>): Promise<RangeData[]> {
  const ask = outermost(refs);
  if (ask.length === refs.length) return read([...refs]);
  const got = await read(ask);
  return refs.map((r) => {
    const i = ask.indexOf(r);
    if (i >= 0) return got[i]!;
    const j = ask.findIndex((o) => covers(o, r));
    return cutRange(got[j]!, ask[j]!, r);
  });
}
