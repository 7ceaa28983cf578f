/**
 * The engine's findings on the bench's figures (bench/rules-data.ts), held fixed while the engine is made
 * faster: the digests below were taken from the engine before this round's speed work (commit 2435b1c,
 * 4 MB of findings text each), so an optimisation that drops, adds, reorders or rewords one finding fails.
 * Two districts of generated figures, the default rules and the bench's 50 formulas, plus faults the
 * generator does not make (a percent typed as a fraction, a growth typed as a fraction, a blank, a
 * value 10^4 too small), checked once as one batch and once with the first half-year as history.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { checkFigures, loadDefaultCatalog, loadDefaultRules } from '../../src/rules';
import type { Finding } from '../../src/model/finding';
import type { Figure } from '../../src/model/submission';
import { generateFigures, seedPlan } from '../../bench/rules-data';
import { fiftyFormulas } from '../../bench/formulas';

const catalog = loadDefaultCatalog();
const rules = { ...loadDefaultRules(), formulas: fiftyFormulas(loadDefaultCatalog()) };
const plan = seedPlan();
const percentRows = new Set(catalog.indicators.filter((d) => d.measureUnit === '%').map((d) => d.name));

function faulty(): Figure[] {
  return generateFigures(plan, 2).map((f, i) => {
    const v = typeof f.value === 'number' ? f.value : null;
    if (v !== null && i % 997 === 5 && percentRows.has(f.indicator)) return { ...f, value: v / 100 };
    if (i % 1009 === 7 && typeof f.growth === 'number') return { ...f, growth: f.growth / 100 };
    if (i % 1019 === 11) return { ...f, value: null };
    if (v !== null && i % 1031 === 13) return { ...f, value: v / 10000 };
    return f;
  });
}

// The digests were taken from the engine before the speed work; they were retaken once when formula
// messages started rounding their numbers (左值63.14172 → 63.14, 0.0178 kept), after checking that every finding
// but its message text was unchanged.
function digest(found: Finding[]): { count: number; sha: string } {
  return { count: found.length, sha: createHash('sha256').update(JSON.stringify(found)).digest('hex').slice(0, 24) };
}

describe('the engine gives the same findings on the bench figures as before the speed work', () => {
  const figures = faulty();

  it('all twelve months in one check', () => {
    assert.deepEqual(digest(checkFigures({ plan, catalog, rules, figures })), { count: 2574, sha: '36865aecc6d3e40dfcc6a509' });
  });

  it('July to December checked, January to June as history', () => {
    const history = figures.filter((f) => f.period < '2023-07');
    const later = figures.filter((f) => f.period >= '2023-07');
    assert.deepEqual(digest(checkFigures({ plan, catalog, rules, figures: later, history })), { count: 1469, sha: '63099a19426c88f26b96b5d8' });
  });
});
