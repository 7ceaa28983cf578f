/**
 * Properties of the checks engine: the order of the figures does not change the findings (the engine
 * keeps one-entry caches that must not depend on order), and a figure counts the same whether it comes
 * as input or as history.
 */
import { strict as assert } from 'node:assert';
import { checkFigures, loadDefaultCatalog, loadDefaultRules } from '../../src/rules';
import type { Figure } from '../../src/model/submission';
import type { Finding } from '../../src/model/finding';
import { smallPlan } from '../support/plans';

const catalog = loadDefaultCatalog();
const rules = loadDefaultRules();

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Three units × 12 months × the first 20 catalog indicators, with a few planted mistakes of every sort. */
function dataset(): Figure[] {
  const rand = rng(7);
  const out: Figure[] = [];
  for (const unit of ['区财政局', '区商务局', '区发展改革委']) {
    for (const d of catalog.indicators.slice(0, 20)) {
      let cum = 0;
      for (let m = 1; m <= 12; m++) {
        cum = d.kind === 'flow' ? cum + 100 * (0.9 + rand() * 0.2) : 3 + rand();
        let value: number | string | null = Number(cum.toFixed(d.decimals));
        const x = rand();
        if (x < 0.02) value = value * 10000;
        else if (x < 0.04) value = 'n/a';
        else if (x < 0.06) value = null;
        else if (x < 0.08 && d.kind === 'flow') value = Number((cum * 0.5).toFixed(d.decimals));
        const base = Number((cum / 1.05).toFixed(d.decimals));
        out.push({ orgUnit: unit, indicator: d.name, period: `2023-${String(m).padStart(2, '0')}`, value, growth: rand() < 0.05 ? 9.9 : 5, sameLastYear: base, note: rand() < 0.1 ? '已核实' : '' });
      }
    }
  }
  return out;
}

const key = (f: Finding): string => JSON.stringify([f.rule, f.subject, f.field, f.message, f.numbers, f.explained]);

describe('checks engine: properties', () => {
  const figures = dataset();
  const base = checkFigures({ plan: smallPlan(), catalog, rules, figures, today: '2023-12-20' }).map(key).sort();

  it('the dataset has findings of several kinds to compare', () => {
    const kinds = new Set(base.map((k) => (JSON.parse(k) as [string])[0]));
    for (const k of ['unit-mixup', 'number', 'required', 'cumulative-decrease', 'growth-consistency']) assert.ok(kinds.has(k), k);
  });

  for (const seed of [1, 2, 3]) {
    it(`shuffling the figures (seed ${seed}) gives the same findings`, () => {
      const rand = rng(seed);
      const shuffled = figures.slice();
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      assert.deepEqual(checkFigures({ plan: smallPlan(), catalog, rules, figures: shuffled, today: '2023-12-20' }).map(key).sort(), base);
    });
  }

  it('checking month by month with earlier months as history finds what one bulk check finds', () => {
    const monthly: string[] = [];
    for (let m = 1; m <= 12; m++) {
      const p = `2023-${String(m).padStart(2, '0')}`;
      const now = figures.filter((f) => f.period === p);
      const history = figures.filter((f) => f.period < p);
      monthly.push(...checkFigures({ plan: smallPlan(), catalog, rules, figures: now, history, today: '2023-12-20' }).map(key));
    }
    assert.deepEqual(monthly.sort(), base);
  });
});
