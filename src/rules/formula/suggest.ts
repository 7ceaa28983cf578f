/**
 * "Did you mean": the catalog name or alias nearest to a misspelt indicator, by edit distance
 * (Levenshtein over characters, so one missing 值 in 规模以上工业增加 is one edit).
 */
import type { Catalog } from '../catalog';
import { normaliseName } from '../catalog';

/** Edit distance between two strings, stopping early once it exceeds `limit` (returns limit + 1 then). */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (cur[j]! < rowMin) rowMin = cur[j]!;
    }
    if (rowMin > limit) return limit + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/**
 * The catalog's canonical name nearest to `name` (searching names and aliases), or null when nothing
 * is within a third of the name's length (at least 2 edits): a guess further off would mislead.
 */
export function suggestIndicator(catalog: Catalog, name: string): string | null {
  const n = normaliseName(name);
  const limit = Math.max(2, Math.floor(n.length / 3));
  let best: string | null = null;
  let bestD = limit + 1;
  for (const d of catalog.indicators) {
    for (const cand of [d.name, ...d.aliases]) {
      const dist = editDistance(n, normaliseName(cand), bestD - 1 < limit ? bestD - 1 : limit);
      if (dist < bestD) {
        bestD = dist;
        best = d.name;
      }
    }
  }
  return best;
}

/**
 * The word of `candidates` nearest to `word` (unit names, sections, scope words), or null when none is
 * within a third of the word's length (at least 2 edits), by the same measure as suggestIndicator.
 */
export function nearestWord(word: string, candidates: readonly string[]): string | null {
  const w = word.trim();
  const limit = Math.max(2, Math.floor(w.length / 3));
  let best: string | null = null;
  let bestD = limit + 1;
  for (const c of candidates) {
    const d = editDistance(w.toLowerCase(), c.toLowerCase(), bestD - 1);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}
