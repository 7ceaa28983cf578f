/**
 * The catalog covers every indicator the importer finds in the seeds: the 2023 and 2024 targets, the
 * actual figures of 000/001/002 and the five-year goals of 004. A new seed indicator fails here first.
 */
import { strict as assert } from 'node:assert';
import { importDocuments } from '../../src/importer';
import { seedText } from '../support/seed-plan';
import { indexCatalog, loadDefaultCatalog } from '../../src/rules';

describe('indicator catalog: covers the seeds', () => {
  const result = importDocuments(['000', '001', '002', '003', '004'].map(seedText));
  const cat = indexCatalog(loadDefaultCatalog());

  it('the importer finds targets, actuals and goals to cover', () => {
    assert.ok(result.plan.targets.length >= 8);
    assert.ok(result.plan.actuals.length >= 50);
    assert.ok(result.plan.goals.length >= 5);
  });

  for (const [what, names] of [
    ['targets', result.plan.targets.map((t) => t.indicator)],
    ['actual figures', result.plan.actuals.map((a) => a.indicator)],
    ['five-year goals', result.plan.goals.map((g) => g.indicator)],
  ] as const) {
    it(`every indicator of the ${what} is in the catalog (by name or alias)`, () => {
      const missing = [...new Set(names)].filter((n) => !cat.resolve(n));
      assert.deepEqual(missing, []);
    });
  }

  it('the units of measure agree with the documents where they can be converted', () => {
    // An actual stated in 万人 may be kept in 人 in the catalog, but never in a unit of another kind (亿元 vs 人).
    const clash = result.plan.actuals.filter((a) => {
      const d = cat.resolve(a.indicator)!;
      if (a.measureUnit === '' || d.measureUnit === a.measureUnit) return false;
      const strip = (u: string): string => u.replace(/^(万亿|亿|千万|百万|十万|万|千|百)/, '');
      return strip(a.measureUnit) !== strip(d.measureUnit);
    });
    assert.deepEqual(
      clash.map((a) => `${a.indicator}: ${a.measureUnit} vs ${cat.resolve(a.indicator)!.measureUnit}`),
      [],
    );
  });

  it('names are unique across names and aliases', () => {
    const seen = new Map<string, string>();
    for (const d of loadDefaultCatalog().indicators) {
      for (const n of [d.name, ...d.aliases]) {
        assert.ok(!seen.has(n) || seen.get(n) === d.name, `${n} names both ${seen.get(n)} and ${d.name}`);
        seen.set(n, d.name);
      }
    }
  });
});
