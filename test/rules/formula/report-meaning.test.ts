/**
 * F-D (tester): 全年目标数 and 完成率 of a growth target mean what the district report's row means — the
 * annual amount derived from last year's base, the unit's own year-end figure or else the one the plan's
 * documents publish — so a rule is not silently blank in a unit's first year on the store.
 */
import { strict as assert } from 'node:assert';
import { checkFigures } from '../../../src/rules';
import { mainIndicatorRows } from '../../../src/report';
import type { Figure } from '../../../src/model/submission';
import type { FormulaRuleDef } from '../../../src/rules/formula';
import { importDocuments } from '../../../src/importer';
import { seedText } from '../../support/seed-plan';
import { catalog, f } from './support';

/** The plan as `planbook import` makes it of all five seeds: 002 publishes 2023's revenue with its growth, so 2022's base. */
const plan = importDocuments(['000', '001', '002', '003', '004'].map(seedText)).plan;

const figures: Figure[] = [f('区财政局', '一般公共预算收入', '2023-06', 58.2)];

/** Findings of rule 'f' with no history at all: the unit never entered 2022. */
function found(formula: string, extra: Partial<FormulaRuleDef> = {}): string[] {
  const out = checkFigures({ plan, catalog, rules: { version: 'test', rules: [], formulas: [{ id: 'f', formula, severity: 'error', ...extra }] }, figures, history: [] });
  return out.filter((x) => x.rule === 'f').map((x) => `${x.severity} ${x.subject.orgUnit} ${x.message.en}`);
}

describe('审核公式 全年目标数 and 完成率 equal the district report row (F-D)', () => {
  const row = mainIndicatorRows({ plan, catalog, figures, period: '2023-06' }).find((r) => r.indicator === '一般公共预算收入');

  it('the report derives the amount from the published 2022 base', () => {
    assert.ok(row && row.amount !== null && row.completionPct !== null, 'report row with an amount');
    assert.ok(Math.abs(row.amount - 92.14) < 0.05, `amount ${row.amount}`);
  });

  it('全年目标数 and 完成率 are not blank without the unit’s own 2022 figure, and equal the row', () => {
    assert.deepEqual(found('NOT(ISBLANK(全年目标数([一般公共预算收入])))'), []);
    assert.deepEqual(found('NOT(ISBLANK(完成率([一般公共预算收入])))'), []);
    assert.deepEqual(found(`ROUND(全年目标数([一般公共预算收入]), 2) = ${row!.amount}`), []);
    assert.deepEqual(found(`ROUND(完成率([一般公共预算收入]), 1) = ${row!.completionPct}`), []);
  });

  it('the tester’s rule fires: 58.2 > 0.55 × the annual amount', () => {
    assert.equal(found('[一般公共预算收入] <= 全年目标数([一般公共预算收入]) * 0.55').length, 1);
    assert.deepEqual(found('[一般公共预算收入] <= 全年目标数([一般公共预算收入]) * 0.7'), []);
  });

  it('the unit’s own year-end figure, when it entered one, still comes first', () => {
    const out = checkFigures({
      plan,
      catalog,
      rules: { version: 'test', rules: [], formulas: [{ id: 'f', formula: 'ROUND(全年目标数([一般公共预算收入]), 2) = 103', severity: 'error' }] },
      figures,
      history: [f('区财政局', '一般公共预算收入', '2022', 100)],
    });
    assert.deepEqual(
      out.filter((x) => x.rule === 'f'),
      [],
    );
  });
});
