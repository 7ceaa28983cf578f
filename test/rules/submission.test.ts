/**
 * checkSubmission: one unit's submission (the store's and the add-in's shape) with its history, giving
 * findings whose field paths point back at the submission's cells.
 */
import { strict as assert } from 'node:assert';
import { checkSubmission, loadDefaultCatalog, loadDefaultRules } from '../../src/rules';
import type { Submission } from '../../src/model/submission';
import { getField } from '../../src/model/submission';
import { canSubmit } from '../../src/model/finding';
import { smallPlan, fig, target } from '../support/plans';

const catalog = loadDefaultCatalog();
const rules = loadDefaultRules();

function submission(figures: Submission['data']['figures'], tasks: Submission['data']['tasks'] = {}): Submission {
  return { plan: 'test-2023', orgUnit: '区财政局', period: '2023-06', form: 'indicators', rev: 3, state: 'draft', data: { figures, tasks }, updatedAt: '2023-07-03T08:00:00Z', updatedBy: 'filler' };
}

describe('checkSubmission', () => {
  it('checks figures against the history and points at the cell', () => {
    const s = submission({ 一般公共预算收入: { value: 581800, growth: 4.1, sameLastYear: null, note: '' }, 税收总额: { value: 158.9, growth: 19.9, sameLastYear: null, note: '' } });
    const history = [fig('一般公共预算收入', '2023-05', 50.12, null, { orgUnit: '区财政局' }), fig('一般公共预算收入', '2023-05', 1, null, { orgUnit: '区商务局' })];
    const f = checkSubmission(smallPlan(), catalog, rules, s, history);
    assert.deepEqual(
      f.map((x) => x.rule),
      ['unit-mixup'],
    );
    assert.equal(f[0]!.field, 'figures/一般公共预算收入/value');
    assert.equal(getField(s.data, f[0]!.field!), 581800);
    assert.deepEqual(f[0]!.subject, { kind: 'figure', orgUnit: '区财政局', indicator: '一般公共预算收入', period: '2023-06' });
  });

  it('checks task progress with today, and a clean submission may go up', () => {
    const plan = smallPlan();
    const late = submission({}, { '2': { status: '推进中', progress: 70, text: '', note: '' } });
    const f = checkSubmission(plan, catalog, rules, late, [], '2023-10-08');
    assert.deepEqual(
      f.map((x) => [x.rule, x.field]),
      [['task-overdue', 'tasks/2/status']],
    );
    assert.equal(canSubmit(f), false);
    const explained = submission({}, { '2': { status: '推进中', progress: 70, text: '', note: '征地手续延后，预计11月完成' } });
    assert.equal(canSubmit(checkSubmission(plan, catalog, rules, explained, [], '2023-10-08')), true);
  });

  it('regression: a plan edited in place is checked as edited (no stale compiled rules)', () => {
    const plan = smallPlan([target('一般公共预算收入', 'growth', 'gte', 3, '%', '增长3%')]);
    const s = submission({ 一般公共预算收入: { value: 58.18, growth: 4.1, sameLastYear: null, note: '' } });
    assert.deepEqual(checkSubmission(plan, catalog, rules, s, []), []);
    plan.targets[0]!.value = 5;
    assert.deepEqual(
      checkSubmission(plan, catalog, rules, s, []).map((x) => x.rule),
      ['target-floor'],
    );
  });
});

describe('checkSubmission: required figures missing altogether (opt-in)', () => {
  const plan = smallPlan();
  const optIn = { version: 'x', rules: [...rules.rules.filter((r) => r.kind !== 'required'), { id: 'required', kind: 'required' as const, severity: 'error' as const, indicators: '*' as const, params: { missing: 1 } }] };
  const s = (unit: string, period: string, figures: Submission['data']['figures']): Submission => ({ ...submission(figures), orgUnit: unit, period });

  it('off by default: the shipped rules do not ask for absent rows', () => {
    assert.deepEqual(checkSubmission(plan, catalog, rules, s('区财政局', '2023-06', {}), []), []);
  });

  it('with "missing": 1 the responsible unit must report its target indicators due that period', () => {
    const f = checkSubmission(plan, catalog, optIn, s('区人力社保局', '2023-05', {}), []);
    // 登记失业率 and 促进城乡劳动力就业 are monthly; 居民人均可支配收入 is quarterly (not due in May); 应届毕业生就业率 is yearly.
    assert.deepEqual(f.map((x) => (x.subject.kind === 'figure' ? x.subject.indicator : '')).sort(), ['促进城乡劳动力就业', '登记失业率'].sort());
    assert.equal(f[0]!.severity, 'error');
    const june = checkSubmission(plan, catalog, optIn, s('区人力社保局', '2023-06', { 城镇登记失业率: { value: 3.66, growth: null, sameLastYear: null, note: '' } }), []);
    assert.deepEqual(june.map((x) => (x.subject.kind === 'figure' ? x.subject.indicator : '')).sort(), ['促进城乡劳动力就业', '居民人均可支配收入'].sort());
  });

  it('a task form owes no figures', () => {
    assert.deepEqual(checkSubmission(plan, catalog, optIn, { ...s('区人力社保局', '2023-06', {}), form: 'tasks' }, []), []);
  });
});
