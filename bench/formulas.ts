/**
 * Fifty 审核公式 of the shapes districts write, over the catalog's indicators, for `npm run bench rules`:
 * part ≤ whole, growth recomputed from 上年同期, cumulative not falling, month amounts against the annual
 * target, sums, IF/AND/OR, tolerances. Generated, so the bench measures the engine rather than a hand pick.
 */
import type { Catalog } from '../src/rules';
import type { FormulaRuleDef } from '../src/rules/formula';

export function fiftyFormulas(catalog: Catalog): FormulaRuleDef[] {
  const flows = catalog.indicators.filter((d) => d.kind === 'flow').map((d) => d.name);
  const parts = catalog.indicators.filter((d) => d.parent !== null);
  const shapes: ((a: string, b: string) => string)[] = [
    (a) => `[${a}] >= [${a}]@上期`,
    (a) => `ROUND(([${a}] / [${a}].上年同期 - 1) * 100, 1) = [${a}].同比增长 ± 0.15`,
    (a) => `[${a}] - [${a}]@上期 <= MAX([${a}]@上期, 1) * 3`,
    (a) => `[${a}] >= [${a}]@上年同期 * 0.5`,
    (a, b) => `SUM([${a}], [${b}]) >= MAX([${a}], [${b}])`,
    (a) => `IF([${a}] > 0, [${a}].同比增长 > -50, TRUE)`,
    (a, b) => `AND([${a}] >= 0, OR([${b}] >= 0, ISBLANK([${b}])))`,
    (a) => `ABS([${a}].同比增长) <= 100`,
    (a) => `[${a}].当期 >= 0`,
  ];
  const out: FormulaRuleDef[] = parts.map((d, i) => ({ id: `bench-part-${i}`, formula: `[${d.name}] <= [${d.parent!}]`, severity: 'error' }));
  for (let i = 0; out.length < 50; i++) {
    const a = flows[i % flows.length]!;
    const b = flows[(i * 7 + 3) % flows.length]!;
    out.push({ id: `bench-${i}`, formula: shapes[i % shapes.length]!(a, b), severity: i % 3 === 0 ? 'warning' : 'error' });
  }
  return out;
}
