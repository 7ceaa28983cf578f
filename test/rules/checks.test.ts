/**
 * Every rule kind, as a table of cases: one input that makes it fire and one that keeps it quiet, on the
 * default catalog and rules (templates/catalog). Cases name the finding they expect by rule id and indicator.
 */
import { strict as assert } from 'node:assert';
import { checkFigures, loadDefaultCatalog, loadDefaultRules, RULE_KINDS, type RuleKind, type RuleSet } from '../../src/rules';
import type { Figure, TaskProgress } from '../../src/model/submission';
import type { Finding } from '../../src/model/finding';
import type { Plan } from '../../src/model/plan';
import { canSubmit } from '../../src/model/finding';
import { smallPlan, fig, prog, target, DEFAULT_TARGETS } from '../support/plans';

const catalog = loadDefaultCatalog();
const rules = loadDefaultRules();

interface Case {
  kind: RuleKind;
  name: string;
  figures?: Figure[];
  history?: Figure[];
  tasks?: TaskProgress[];
  taskHistory?: TaskProgress[];
  today?: string;
  plan?: Plan;
  /** The finding expected ([rule id, message numbers to check]); null: the rule must stay quiet. */
  fires: { rule: string; numbers?: Record<string, number> } | null;
}

const CASES: Case[] = [
  { kind: 'number', name: 'text in the value cell', figures: [fig('一般公共预算收入', '2023-06', '五十八')], fires: { rule: 'number' } },
  { kind: 'number', name: 'NaN as a number', figures: [fig('一般公共预算收入', '2023-06', NaN)], fires: { rule: 'number' } },
  { kind: 'number', name: 'Infinity', figures: [fig('一般公共预算收入', '2023-06', Infinity)], fires: { rule: 'number' } },
  { kind: 'number', name: 'text in the growth cell', figures: [fig('一般公共预算收入', '2023-06', 58.18, '约4%')], fires: { rule: 'number' } },
  { kind: 'number', name: 'a number as text is a number', figures: [fig('一般公共预算收入', '2023-06', '58.18', '4.1')], fires: null },
  { kind: 'precision', name: 'three decimals where two are published', figures: [fig('一般公共预算收入', '2023-06', 58.181)], fires: { rule: 'precision', numbers: { decimals: 2 } } },
  { kind: 'precision', name: 'two decimals', figures: [fig('一般公共预算收入', '2023-06', 58.18)], fires: null },
  { kind: 'required', name: 'empty value', figures: [fig('一般公共预算收入', '2023-06', null)], fires: { rule: 'required' } },
  { kind: 'required', name: 'blank text value', figures: [fig('一般公共预算收入', '2023-06', '  ')], fires: { rule: 'required' } },
  { kind: 'required', name: 'filled value', figures: [fig('一般公共预算收入', '2023-06', 1)], fires: null },
  {
    kind: 'unit-mixup',
    name: '万元 entered where 亿元 is asked (×10^4 the previous month)',
    history: [fig('一般公共预算收入', '2023-05', 50.12)],
    figures: [fig('一般公共预算收入', '2023-06', 581800)],
    fires: { rule: 'unit-mixup', numbers: { reference: 50.12 } },
  },
  {
    kind: 'unit-mixup',
    name: '元 mistaken the other way (÷10^4 the same period last year)',
    history: [fig('一般公共预算收入', '2022-06', 55.89)],
    figures: [fig('一般公共预算收入', '2023-06', 0.005818)],
    fires: { rule: 'unit-mixup', numbers: { reference: 55.89 } },
  },
  { kind: 'unit-mixup', name: 'a normal month', history: [fig('一般公共预算收入', '2023-05', 50.12), fig('一般公共预算收入', '2022-06', 55.89)], figures: [fig('一般公共预算收入', '2023-06', 58.18)], fires: null },
  {
    kind: 'cumulative',
    name: '1-6月 below 1-5月',
    history: [fig('社会消费品零售总额', '2023-05', 230)],
    figures: [fig('社会消费品零售总额', '2023-06', 225)],
    fires: { rule: 'cumulative-decrease', numbers: { value: 225, previous: 230 } },
  },
  { kind: 'cumulative', name: 'a rate may fall', history: [fig('登记失业率', '2023-05', 3.8)], figures: [fig('登记失业率', '2023-06', 3.66)], fires: null },
  { kind: 'cumulative', name: '1-6月 above 1-5月', history: [fig('社会消费品零售总额', '2023-05', 225)], figures: [fig('社会消费品零售总额', '2023-06', 269.8)], fires: null },
  {
    kind: 'growth-consistency',
    name: 'growth disagrees with value and base',
    figures: [fig('一般公共预算收入', '2023-06', 58.18, 6.0, { sameLastYear: 55.89 })],
    fires: { rule: 'growth-consistency', numbers: { growth: 6 } },
  },
  { kind: 'growth-consistency', name: 'growth agrees within rounding', figures: [fig('一般公共预算收入', '2023-06', 58.18, 4.1, { sameLastYear: 55.89 })], fires: null },
  {
    kind: 'growth-consistency',
    name: 'base taken from last year in the history',
    history: [fig('一般公共预算收入', '2022-06', 50)],
    figures: [fig('一般公共预算收入', '2023-06', 58.18, 4.1)],
    fires: { rule: 'growth-consistency' },
  },
  {
    kind: 'part-whole',
    name: '住宿餐饮业营业额 above 社会消费品零售总额',
    figures: [fig('社会消费品零售总额', '2023-06', 269.8), fig('住宿餐饮业营业额', '2023-06', 300)],
    fires: { rule: 'part-whole', numbers: { whole: 269.8 } },
  },
  { kind: 'part-whole', name: 'part within the whole', figures: [fig('社会消费品零售总额', '2023-06', 269.8), fig('住宿餐饮业营业额', '2023-06', 30.5)], fires: null },
  { kind: 'share-range', name: 'a rate above 100', figures: [fig('登记失业率', '2023-06', 120)], fires: { rule: 'share-range', numbers: { value: 120 } } },
  { kind: 'share-range', name: 'a share below 0', figures: [fig('接诉即办满意率', '2023-06', -1)], fires: { rule: 'share-range' } },
  { kind: 'share-range', name: 'a rate in range', figures: [fig('接诉即办满意率', '2023-06', 94.5)], fires: null },
  { kind: 'outlier', name: 'a rate jumping 50% in a month', history: [fig('登记失业率', '2023-05', 3.0)], figures: [fig('登记失业率', '2023-06', 4.5)], fires: { rule: 'outlier', numbers: { thresholdPct: 30 } } },
  { kind: 'outlier', name: 'a rate moving a little', history: [fig('登记失业率', '2023-05', 3.6)], figures: [fig('登记失业率', '2023-06', 3.66)], fires: null },
  {
    kind: 'outlier',
    name: 'a flow whose June is three times May (single months, not cumulative)',
    history: [fig('社会消费品零售总额', '2023-04', 100), fig('社会消费品零售总额', '2023-05', 150)],
    figures: [fig('社会消费品零售总额', '2023-06', 300)],
    fires: { rule: 'outlier', numbers: { value: 150, previous: 50 } },
  },
  {
    kind: 'outlier',
    name: 'a flow growing evenly',
    history: [fig('社会消费品零售总额', '2023-04', 100), fig('社会消费品零售总额', '2023-05', 150)],
    figures: [fig('社会消费品零售总额', '2023-06', 205)],
    fires: null,
  },
  { kind: 'target-approx', name: 'GDP +4.2% under 增长5%左右 with 0.5 tolerance', figures: [fig('地区生产总值', '2023-06', 600, 4.2)], fires: { rule: 'target-approx', numbers: { diffPoints: 4.2 - 5 } } },
  { kind: 'target-approx', name: 'GDP +4.6% within the tolerance', figures: [fig('地区生产总值', '2023-06', 600, 4.6)], fires: null },
  {
    kind: 'target-approx',
    name: 'a per-target tolerance of 1 point keeps +4.2% quiet',
    plan: smallPlan([target('地区生产总值', 'growth', 'approx', 5, '%', '增长5%左右', { tolerance: 1 })]),
    figures: [fig('地区生产总值', '2023-06', 600, 4.2)],
    fires: null,
  },
  { kind: 'target-floor', name: '一般公共预算收入 +2.5% under 增长3%', figures: [fig('一般公共预算收入', '2023-06', 58.18, 2.5)], fires: { rule: 'target-floor' } },
  { kind: 'target-floor', name: '一般公共预算收入 +3% meets 增长3%', figures: [fig('一般公共预算收入', '2023-06', 58.18, 3)], fires: null },
  { kind: 'target-floor', name: 'a rate under 95%以上', figures: [fig('应届高校毕业生就业率', '2023', 94)], fires: { rule: 'target-floor', numbers: { bound: 95 } } },
  { kind: 'target-floor', name: 'a rate above 95%以上', figures: [fig('应届高校毕业生就业率', '2023', 96.8)], fires: null },
  { kind: 'target-floor', name: 'year-end 固定资产投资 below 超千亿元', figures: [fig('全社会固定资产投资', '2023', 990)], fires: { rule: 'target-floor', numbers: { bound: 1000 } } },
  { kind: 'target-floor', name: '13245人 against 不少于1.5万人 at year end (units converted)', figures: [fig('促进城乡劳动力就业', '2023', 13245)], fires: { rule: 'target-floor', numbers: { bound: 15000 } } },
  { kind: 'target-floor', name: '2.2万人 meets 不少于1.5万人', figures: [fig('促进城乡劳动力就业', '2023', 22000)], fires: null },
  { kind: 'target-ceiling', name: '失业率 5.2% over 控制在5%以内', figures: [fig('登记失业率', '2023-06', 5.2)], fires: { rule: 'target-ceiling', numbers: { bound: 5 } } },
  { kind: 'target-ceiling', name: '失业率 3.66% within 5%', figures: [fig('登记失业率', '2023-06', 3.66)], fires: null },
  { kind: 'target-exact', name: '新设市场主体 off the exact number', figures: [fig('新设市场主体', '2023', 19000)], fires: { rule: 'target-exact', numbers: { bound: 20000 } } },
  { kind: 'target-exact', name: '新设市场主体 on the number', figures: [fig('新设市场主体', '2023', 20000)], fires: null },
  { kind: 'target-level', name: '固定资产投资 400亿 at June: 40% behind 50%', figures: [fig('全社会固定资产投资', '2023-06', 400)], fires: { rule: 'target-level', numbers: { completionPct: 40, timeProgressPct: 50 } } },
  { kind: 'target-level', name: '固定资产投资 600亿 at June: ahead', figures: [fig('全社会固定资产投资', '2023-06', 600)], fires: null },
  { kind: 'target-qualitative', name: '收入 falling under 稳步增长', figures: [fig('居民人均可支配收入', '2023-06', 27000, -0.5)], fires: { rule: 'target-qualitative' } },
  { kind: 'target-qualitative', name: '收入 +5.6%', figures: [fig('居民人均可支配收入', '2023-06', 28360, 5.6)], fires: null },
  { kind: 'target-external', name: '能耗: city number not yet set → info, no verdict', figures: [fig('万元地区生产总值能耗', '2023-06', 0.2)], fires: { rule: 'target-external' } },
  {
    kind: 'target-external',
    name: '能耗: once the city number is entered it is judged, no info',
    plan: smallPlan([target('万元地区生产总值能耗', 'level', 'external', 0.1, '吨标准煤/万元', '完成市里下达的节能任务')]),
    figures: [fig('万元地区生产总值能耗', '2023', 0.2)],
    fires: null,
  },
  { kind: 'task-overdue', name: 'task 3 (due 2023-06-30) in progress on 2023-07-10', tasks: [prog(3, '2023-06', '推进中', 80)], today: '2023-07-10', fires: { rule: 'task-overdue' } },
  { kind: 'task-overdue', name: 'task 3 done', tasks: [prog(3, '2023-06', '已完成', 100)], today: '2023-07-10', fires: null },
  { kind: 'task-overdue', name: 'task 3 before its deadline', tasks: [prog(3, '2023-06', '推进中', 80)], today: '2023-06-20', fires: null },
  {
    kind: 'task-regress',
    name: 'progress 60% → 50%',
    taskHistory: [prog(1, '2023-05', '推进中', 60)],
    tasks: [prog(1, '2023-06', '推进中', 50)],
    fires: { rule: 'task-regress', numbers: { progress: 50, previous: 60 } },
  },
  { kind: 'task-regress', name: 'progress 60% → 70%', taskHistory: [prog(1, '2023-05', '推进中', 60)], tasks: [prog(1, '2023-06', '推进中', 70)], fires: null },
  { kind: 'task-input', name: 'a status nobody knows', tasks: [prog(1, '2023-06', '差不多了')], fires: { rule: 'task-input' } },
  { kind: 'task-input', name: 'progress 120%', tasks: [prog(1, '2023-06', '推进中', 120)], fires: { rule: 'task-input' } },
  { kind: 'task-input', name: 'a task the plan does not have', tasks: [prog(999, '2023-06', '推进中')], fires: { rule: 'task-input' } },
  { kind: 'task-input', name: 'status by its English code and label', tasks: [prog(1, '2023-06', 'in-progress', 10), prog(2, '2023-06', 'Done', 100)], fires: null },
];

function run(c: Case): Finding[] {
  return checkFigures({ plan: c.plan ?? smallPlan(), catalog, rules, figures: c.figures ?? [], history: c.history, tasks: c.tasks, taskHistory: c.taskHistory, today: c.today });
}

describe('checks: every rule kind fires and stays quiet', () => {
  for (const c of CASES) {
    it(`${c.kind}: ${c.name} → ${c.fires ? c.fires.rule : 'quiet'}`, () => {
      const findings = run(c);
      const ofKind = findings.filter((f) => rules.rules.find((r) => r.id === f.rule)?.kind === c.kind);
      if (!c.fires) {
        assert.deepEqual(
          ofKind.map((f) => f.message.en),
          [],
        );
        return;
      }
      const hit = findings.find((f) => f.rule === c.fires!.rule);
      assert.ok(hit, `expected ${c.fires.rule}, got ${JSON.stringify(findings.map((f) => f.rule))}`);
      for (const [k, v] of Object.entries(c.fires.numbers ?? {})) {
        assert.ok(Math.abs((hit.numbers[k] ?? NaN) - v) < 1e-6, `${k}: ${hit.numbers[k]} ≠ ${v}`);
      }
      assert.ok(hit.message.zh.length > 10 && hit.message.en.length > 10);
    });
  }

  it('the table covers every rule kind both ways, and the default rules have an instance of every kind', () => {
    for (const k of RULE_KINDS) {
      assert.ok(
        CASES.some((c) => c.kind === k && c.fires),
        `no firing case for ${k}`,
      );
      assert.ok(
        CASES.some((c) => c.kind === k && !c.fires),
        `no quiet case for ${k}`,
      );
      assert.ok(
        rules.rules.some((r) => r.kind === k),
        `rules.json lacks ${k}`,
      );
    }
  });
});

describe('checks: bad input is a finding, and the other findings survive', () => {
  it('unknown indicator, period 2023-13, text, NaN and Infinity together with a real error', () => {
    const findings = checkFigures({
      plan: smallPlan(),
      catalog,
      rules,
      figures: [
        fig('不存在的指标', '2023-06', 1),
        fig('地区生产总值', '2023-13', 600, 5),
        fig('一般公共预算收入', '2023-06', 'N/A'),
        fig('税收总额', '2023-06', NaN),
        fig('社会消费品零售总额', '2023-06', Infinity),
        fig('登记失业率', '2023-06', 5.2),
      ],
    });
    const rulesFired = findings.map((f) => f.rule);
    assert.deepEqual(rulesFired, ['unknown-indicator', 'bad-period', 'number', 'number', 'number', 'target-ceiling']);
    assert.match(findings[1]!.message.zh, /2023-13/);
    assert.match(findings[1]!.message.en, /2023-13/);
    assert.equal(canSubmit(findings), false);
  });

  it('a rule naming a missing indicator is an info finding, and the rule still checks the indicators it can', () => {
    const custom: RuleSet = { version: 'x', rules: [{ id: 'strict-share', kind: 'share-range', severity: 'error', indicators: ['不存在的比率', '登记失业率'], params: { min: 0, max: 10 } }] };
    const findings = checkFigures({ plan: smallPlan(), catalog, rules: custom, figures: [fig('登记失业率', '2023-06', 12)] });
    assert.deepEqual(
      findings.map((f) => [f.rule, f.severity]),
      [
        ['strict-share', 'info'],
        ['strict-share', 'error'],
      ],
    );
    assert.match(findings[0]!.message.zh, /不存在的比率/);
  });

  it('"no verdict yet" for a city-set target is said once per unit, not every month', () => {
    const figures = ['2023-04', '2023-05', '2023-06'].flatMap((p) => [fig('万元地区生产总值能耗', p, 0.2), fig('万元地区生产总值能耗', p, 0.3, null, { orgUnit: '区生态环境局' })]);
    const found = checkFigures({ plan: smallPlan(), catalog, rules, figures });
    assert.deepEqual(
      found.map((f) => [f.rule, f.severity, f.subject.orgUnit]),
      [
        ['target-external', 'info', '区发展改革委'],
        ['target-external', 'info', '区生态环境局'],
      ],
    );
    assert.equal(canSubmit(found), true);
  });

  it('a figure entered twice is an error', () => {
    const findings = checkFigures({ plan: smallPlan(), catalog, rules, figures: [fig('税收总额', '2023-06', 1), fig('税收总额', '2023-H1', 1)] });
    assert.deepEqual(
      findings.map((f) => f.rule),
      ['duplicate'],
    );
  });

  it('task progress with a period that does not exist', () => {
    const findings = checkFigures({ plan: smallPlan(), catalog, rules, figures: [], tasks: [prog(1, '2023-Q5', '推进中')] });
    assert.deepEqual(
      findings.map((f) => f.rule),
      ['bad-period'],
    );
  });

  it('does not mutate its input', () => {
    const figures = [fig('一般公共预算收入', '2023-06', 58.181, 4.1, { sameLastYear: 55.89 })];
    const copy = JSON.parse(JSON.stringify(figures)) as unknown;
    checkFigures({ plan: smallPlan(), catalog, rules, figures });
    assert.deepEqual(figures, copy);
  });
});

describe('checks: warnings pass with an explanation, errors do not', () => {
  it('a 说明 explains a warning and the submission may go up', () => {
    const f = checkFigures({ plan: smallPlan(), catalog, rules, figures: [fig('地区生产总值', '2023-06', 600, 4.2, { note: '受疫情影响' })] });
    assert.equal(f.length, 1);
    assert.equal(f[0]!.explained, true);
    assert.equal(canSubmit(f), true);
  });
  it('a 说明 does not explain an error away', () => {
    const f = checkFigures({ plan: smallPlan(), catalog, rules, figures: [fig('登记失业率', '2023-06', 120, null, { note: '确实如此' })] });
    assert.equal(
      f.some((x) => x.severity === 'error' && !x.explained),
      true,
    );
    assert.equal(canSubmit(f), false);
  });
});

describe('rules are data: a district adds a rule without code', () => {
  it('a stricter outlier threshold for one indicator replaces the catch-all for it only', () => {
    const district: RuleSet = {
      version: '2023.1-tongzhou',
      rules: [...rules.rules, { id: 'outlier-unemployment', kind: 'outlier', severity: 'warning', indicators: ['城镇登记失业率'], params: { thresholdPct: 10 } }],
    };
    const history = [fig('登记失业率', '2023-05', 3.0), fig('接诉即办满意率', '2023-05', 90)];
    const figures = [fig('登记失业率', '2023-06', 3.4), fig('接诉即办满意率', '2023-06', 100)];
    const found = checkFigures({ plan: smallPlan([]), catalog, rules: district, figures, history });
    assert.deepEqual(
      found.map((f) => [f.rule, f.subject.kind === 'figure' ? f.subject.indicator : '']),
      [['outlier-unemployment', '登记失业率']],
    );
    // with the default rules 13% is within the 30% threshold
    assert.deepEqual(checkFigures({ plan: smallPlan([]), catalog, rules, figures, history }), []);
  });

  it('a rule with severity error blocks what a warning would not', () => {
    const strict: RuleSet = { version: 'x', rules: rules.rules.map((r) => (r.kind === 'target-approx' ? { ...r, severity: 'error' as const } : r)) };
    const f = checkFigures({ plan: smallPlan(DEFAULT_TARGETS), catalog, rules: strict, figures: [fig('地区生产总值', '2023-06', 600, 4.2, { note: '说明' })] });
    assert.equal(canSubmit(f), false);
  });
});
