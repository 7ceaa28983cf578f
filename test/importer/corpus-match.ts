/**
 * Comparing what the importer read from a document with the table a person wrote by reading it
 * (../shared/corpus/README.md describes the format). Tolerant of indicator naming — the importer's
 * own normalisation, then the catalog's aliases, then one name inside the other when that is the
 * only candidate — and strict on numbers: a value, growth or unit that differs for the same
 * indicator and period is a wrong number, never a near match.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Actual, Target, Task } from '../../src/model/plan';
import { normaliseIndicator } from '../../src/importer/indicator-names';
import { indexCatalog, type Catalog } from '../../src/rules/catalog';

export interface ExpectedTask {
  no: number;
  leaders: string[];
  units: string[];
  deadline: string | null;
}
export interface ExpectedTarget {
  year: number;
  indicator: string;
  class: 'approx' | 'floor' | 'ceiling' | 'eq' | 'external' | 'grow';
  value: number | null;
  unit: string | null;
}
export interface ExpectedActual {
  indicator: string;
  period: string;
  value: number | null;
  unit: string | null;
  growth: number | null;
}
export interface ExpectedDocument {
  kind: 'division-plan' | 'report';
  tasks?: ExpectedTask[];
  targets?: ExpectedTarget[];
  actuals?: ExpectedActual[];
}

/** Counts of one kind of fact in one document. */
export interface Score {
  expected: number;
  extracted: number;
  /** Extracted facts whose key (indicator + year/period) is in the expected table; every extracted task. */
  keyed: number;
  exact: number;
  /** Keyed facts with a number (or unit, leader, unit name, deadline) that differs. */
  wrong: string[];
}

const catalog = indexCatalog(JSON.parse(readFileSync(path.resolve(__dirname, '../../templates/catalog/indicators.json'), 'utf8')) as Catalog);

/** The name two spellings of one indicator share: normalised, then the catalog's entry when there is one. */
export function canonical(name: string): string {
  const n = normaliseIndicator(name.replace(/[（(][A-Za-z]+[）)]/g, ''));
  return catalog.resolve(n)?.name ?? n;
}

/** The expected entry for an extracted name among candidates of the same period: equal, else the only one containing or contained. */
function findByName<T extends { indicator: string }>(name: string, candidates: T[]): T | undefined {
  const c = canonical(name);
  const same = candidates.filter((x) => canonical(x.indicator) === c);
  if (same.length) return same[0];
  const near = candidates.filter((x) => {
    const e = canonical(x.indicator);
    return Math.min(e.length, c.length) >= 4 && (e.includes(c) || c.includes(e));
  });
  return near.length === 1 ? near[0] : undefined;
}

function nul<T>(x: T | '' | undefined): T | null {
  return x === '' || x === undefined ? null : x;
}

/** A number that the extraction states and the table does not, or states differently. */
function differs(got: number | string | null, want: number | string | null): boolean {
  return got !== null && got !== want;
}

export function scoreTasks(got: Task[], want: ExpectedTask[]): Score {
  const s: Score = { expected: want.length, extracted: got.length, keyed: 0, exact: 0, wrong: [] };
  // The tables list every task a document has, so a task they do not list counts against precision.
  s.keyed = got.length;
  for (const t of got) {
    const w = want.find((x) => x.no === t.no);
    if (!w) {
      s.wrong.push(`task ${t.no}: not in the table (line ${t.source.line})`);
      continue;
    }
    const same = JSON.stringify([t.leaders, t.units, t.deadline]) === JSON.stringify([w.leaders, w.units, w.deadline]);
    if (same) s.exact++;
    else s.wrong.push(`task ${t.no}: ${JSON.stringify([t.leaders, t.units, t.deadline])} ≠ ${JSON.stringify([w.leaders, w.units, w.deadline])}`);
  }
  return s;
}

/** The class a target's measure and comparator fall in, as the corpus tables write it. */
export function targetClass(t: Target): ExpectedTarget['class'] {
  if (t.measure === 'qualitative') return 'grow';
  switch (t.comparator) {
    case 'approx':
      return 'approx';
    case 'gte':
    case 'gt':
      return 'floor';
    case 'lte':
    case 'lt':
      return 'ceiling';
    case 'external':
      return 'external';
    default:
      return 'eq';
  }
}

export function scoreTargets(got: Target[], want: ExpectedTarget[]): Score {
  const s: Score = { expected: want.length, extracted: got.length, keyed: 0, exact: 0, wrong: [] };
  const used = new Set<ExpectedTarget>();
  for (const t of got) {
    const w = findByName(
      t.indicator,
      want.filter((x) => x.year === t.year && !used.has(x)),
    );
    if (!w) continue;
    used.add(w);
    s.keyed++;
    const value = t.measure === 'qualitative' ? null : t.value;
    const unit = nul(t.measureUnit);
    if (targetClass(t) === w.class && value === w.value && unit === w.unit) s.exact++;
    else if (differs(value, w.value) || (value !== null && differs(unit, w.unit)))
      s.wrong.push(`target ${t.year} ${t.indicator}: ${targetClass(t)} ${value}${unit ?? ''} ≠ ${w.class} ${w.value}${w.unit ?? ''} (line ${t.source.line})`);
  }
  return s;
}

export function scoreActuals(got: Actual[], want: ExpectedActual[]): Score {
  const s: Score = { expected: want.length, extracted: got.length, keyed: 0, exact: 0, wrong: [] };
  const used = new Set<ExpectedActual>();
  for (const a of got) {
    const w = findByName(
      a.indicator,
      want.filter((x) => x.period === a.period && !used.has(x)),
    );
    if (!w) continue;
    used.add(w);
    s.keyed++;
    const unit = nul(a.measureUnit);
    if (a.value === w.value && unit === w.unit && a.growth === w.growth) s.exact++;
    else if (differs(a.value, w.value) || differs(a.growth, w.growth) || (a.value !== null && differs(unit, w.unit)))
      s.wrong.push(`actual ${a.period} ${a.indicator}: ${a.value}${unit ?? ''} ${a.growth ?? '–'}% ≠ ${w.value}${w.unit ?? ''} ${w.growth ?? '–'}% (line ${a.source.line})`);
  }
  return s;
}

/** "0.950 (19/20)"; "–" when there is nothing to divide. */
export function ratio(n: number, d: number): string {
  return d === 0 ? '    –      ' : `${(n / d).toFixed(3)} (${n}/${d})`;
}
