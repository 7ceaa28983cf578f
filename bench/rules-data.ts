/**
 * The figures `npm run bench rules` checks, shared with the test that holds the engine's findings on them
 * fixed (test/rules/bench-findings.test.ts): deterministic, so runs and code versions are comparable.
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { importDocuments } from '../src/importer';
import { indexCatalog, loadDefaultCatalog, type IndicatorDef } from '../src/rules';
import { compilePlanScales, expectedSize, type PlanScales } from '../src/rules/plan-scale';
import type { Figure } from '../src/model/submission';
import type { Plan } from '../src/model/plan';

const SEEDS = path.resolve(__dirname, '../../shared/seeds');

/** The plan of seed 003 (73 units, 2023 targets). */
export function seedPlan(): Plan {
  const file = readdirSync(SEEDS).find((f) => f.startsWith('003'))!;
  return importDocuments([{ id: file, text: readFileSync(path.join(SEEDS, file), 'utf8') }]).plan;
}

/** A cheap deterministic generator so runs are comparable. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/**
 * A district's monthly amount (a flow) or level of an indicator, as a district reports it: a little ahead
 * of the plan's own size of it (an annual target amount, a level target, a published figure:
 * rules/plan-scale.ts) when the plan knows one, else around the geometric middle of the catalog's typical
 * range (a flow's yearly range spread over 12 months), else 100–200. Sizes no real district reports (a
 * 人均可支配收入 of 150 元 a month, 粮食产量 of 2,000 万吨 a year) trip the catalog's magnitude check on
 * every unit's first month and the plan's targets on every month.
 */
function typicalSize(ind: IndicatorDef, scales: PlanScales, rand: () => number): number {
  const planned = expectedSize(scales, ind, 2023, 12);
  if (planned) return (ind.kind === 'flow' ? planned.size / 12 : planned.size) * (1.02 + rand() * 0.1);
  const spread = 0.5 + rand();
  const mag = ind.magnitude;
  if (!mag) return 100 + spread * 100;
  const middle = Math.sqrt(mag[0] * mag[1]);
  return (ind.kind === 'flow' ? middle / 12 : middle) * spread;
}

/**
 * `districts` × `units` × 12 months of 2023 × every catalog indicator: cumulative values with consistent
 * growth and base, 0.1% unit mix-ups (×10^4) and 0.1% text cells. Sizes as a district reports them
 * (typicalSize); a part's monthly amount is a tenth of its whole's.
 */
export function generateFigures(plan: Plan, districts: number): Figure[] {
  const catalog = loadDefaultCatalog();
  const units = plan.units;
  const scales = compilePlanScales(plan, indexCatalog(catalog));
  const rand = rng(42);
  const out: Figure[] = [];
  const periods = Array.from({ length: 12 }, (_, i) => `2023-${String(i + 1).padStart(2, '0')}`);
  for (let dist = 0; dist < districts; dist++) {
    for (const u of units) {
      const unit = districts > 1 ? `D${dist}·${u}` : u;
      // A part's monthly amount is a tenth of its whole's, so parts stay within wholes (catalog order lists wholes first).
      const monthlyOf = new Map<string, number>();
      for (const ind of catalog.indicators) {
        const parentMonthly = ind.parent ? monthlyOf.get(ind.parent) : undefined;
        const monthly = parentMonthly !== undefined ? parentMonthly * 0.1 : typicalSize(ind, scales, rand);
        monthlyOf.set(ind.name, monthly);
        const level = ind.kind !== 'flow';
        let cur = level ? (ind.measureUnit === '%' ? 2 + rand() * 2 : monthly) : 0;
        for (let m = 0; m < 12; m++) {
          cur = level ? cur * (1 + (rand() - 0.5) * 0.02) : cur + monthly * (0.97 + rand() * 0.06);
          const exact = Number(cur.toFixed(ind.decimals));
          const base = Number((exact / (1 + (5 + rand() * 2) / 100)).toFixed(ind.decimals));
          const growth = Math.round((exact / base - 1) * 1000) / 10;
          let value: number | string = exact;
          const x = rand();
          if (x < 0.001)
            value = exact * 10000; // 亿元 entered as 万元
          else if (x < 0.002) value = `约${exact}`; // text in a number cell
          out.push({ orgUnit: unit, indicator: ind.name, period: periods[m]!, value, growth, sameLastYear: base, note: '' });
        }
      }
    }
  }
  return out;
}
