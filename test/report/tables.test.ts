/**
 * 重点任务进展情况表 on the 138 tasks imported from 003 with made-up progress at a fixed date,
 * the submissions table, and draft sentences for the other directions (behind, below target, falling).
 */
import { strict as assert } from 'node:assert';
import { seedPlan2023 } from '../support/seed-plan';
import { buildTaskProgressTables, buildSubmissionStatusTable, draftSentences, buildMainIndicatorsTable, type MainIndicatorRow } from '../../src/report';
import { loadDefaultCatalog } from '../../src/rules';
import type { TaskProgress } from '../../src/model/submission';
import { smallPlan, fig } from '../support/plans';

describe('task progress tables on the 138 tasks of 003', () => {
  const plan = seedPlan2023();
  // Made-up progress at 2023-10-15: tasks 1–40 done; 41–60 in progress; 61–70 reported 滞后; the rest not reported.
  // The lead unit reports; for tasks 41–45 another unit also reports 已完成, which must not override the lead unit.
  const progress: TaskProgress[] = [];
  for (const t of plan.tasks) {
    const status = t.no <= 40 ? '已完成' : t.no <= 60 ? '推进中' : t.no <= 70 ? '滞后' : null;
    if (status) progress.push({ orgUnit: t.units[0]!, taskNo: t.no, period: '2023-09', status, progress: t.no <= 40 ? 100 : 50, text: '', note: '' });
    if (t.no >= 41 && t.no <= 45 && t.units[1]) progress.push({ orgUnit: t.units[1], taskNo: t.no, period: '2023-09', status: '已完成', progress: 100, text: '', note: '' });
  }
  const today = '2023-10-15';
  const tables = buildTaskProgressTables(plan, progress, { today });
  const pastDue = plan.tasks.filter((t) => t.deadline !== null && t.deadline < today);

  it('the importer gives 138 tasks, some due before 2023-10-15', () => {
    assert.equal(plan.tasks.length, 138);
    assert.ok(pastDue.length > 0);
  });

  it('by section: counts add up to 138 and to the made-up statuses', () => {
    const rows = tables.bySection.rows;
    const sum = (k: 'total' | 'done' | 'onTrack' | 'delayed' | 'overdue' | 'noReport'): number => rows.reduce((a, r) => a + r[k], 0);
    assert.equal(sum('total'), 138);
    assert.equal(sum('done'), 40);
    for (const r of rows) assert.equal(r.total, r.done + r.onTrack + r.delayed + r.overdue + r.noReport);
    const expectedOverdue = pastDue.filter((t) => t.no > 40).length;
    assert.equal(sum('overdue'), expectedOverdue);
    assert.equal(sum('onTrack'), plan.tasks.filter((t) => t.no > 40 && t.no <= 60 && !pastDue.includes(t)).length);
    assert.equal(sum('delayed'), plan.tasks.filter((t) => t.no > 60 && t.no <= 70 && !pastDue.includes(t)).length);
    assert.equal(rows[0]!.name, '主要预期目标');
    assert.equal(rows[0]!.total, 8);
    assert.equal(rows[0]!.done, 8);
  });

  it('the overdue list holds exactly the past-due tasks that are not done, with their leaders and units', () => {
    const overdue = tables.overdue.rows;
    assert.deepEqual(
      overdue.map((r) => r.no),
      pastDue.filter((t) => t.no > 40).map((t) => t.no),
    );
    for (const r of overdue) {
      const t = plan.tasks.find((x) => x.no === r.no)!;
      assert.equal(r.leaders, t.leaders.join('、'));
      assert.equal(r.deadline, t.deadline);
    }
  });

  it('by leader and by unit count a task under each of its leaders and units', () => {
    const leaderTotal = tables.byLeader.rows.reduce((a, r) => a + r.total, 0);
    assert.equal(
      leaderTotal,
      plan.tasks.reduce((a, t) => a + t.leaders.length, 0),
    );
    const unitTotal = tables.byUnit.rows.reduce((a, r) => a + r.total, 0);
    assert.equal(
      unitTotal,
      plan.tasks.reduce((a, t) => a + t.units.length, 0),
    );
    const zheng = tables.byLeader.rows.find((r) => r.name === '郑皓')!;
    assert.equal(zheng.total, plan.tasks.filter((t) => t.leaders.includes('郑皓')).length);
  });

  it('the lead unit decides: a co-unit saying 已完成 does not make tasks 41–45 done', () => {
    const states = buildTaskProgressTables(plan, progress, { today: '2023-01-31' }).bySection.rows.reduce((a, r) => a + r.done, 0);
    assert.equal(states, 40);
  });

  it('progress after the report period is ignored', () => {
    const t = buildTaskProgressTables(plan, progress, { period: '2023-06', today });
    assert.equal(
      t.bySection.rows.reduce((a, r) => a + r.done, 0),
      0,
    );
  });
});

describe('submission status table', () => {
  const plan = seedPlan2023();
  it('lists every unit of the plan with what it owes and what is missing', () => {
    const t = buildSubmissionStatusTable(
      plan,
      [
        { plan: plan.id, orgUnit: '区财政局', period: '2023-06', form: 'indicators', state: 'approved', updatedAt: '2023-07-05T08:00:00Z' },
        { plan: plan.id, orgUnit: '区发展改革委', period: '2023-06', form: 'indicators', state: 'returned' },
        { plan: plan.id, orgUnit: '区发展改革委', period: '2023-06', form: 'tasks', state: 'submitted' },
        { plan: plan.id, orgUnit: '区商务局', period: '2023-05', form: 'indicators', state: 'approved' },
      ],
      '2023-06',
    );
    assert.equal(t.rows.length, plan.units.length);
    const row = (u: string) => t.rows.find((r) => r.orgUnit === u)!;
    assert.equal(row('区财政局').indicators, 'approved');
    assert.equal(row('区财政局').tasks, 'missing');
    assert.equal(row('区财政局').updatedAt, '2023-07-05T08:00:00Z');
    assert.equal(row('区发展改革委').missingZh, '月度指标表');
    assert.equal(row('区商务局').indicators, 'missing');
    // a unit only named on tasks owes no indicators form
    assert.equal(row('区委政法委').indicators, 'not-required');
    assert.equal(row('区委政法委').tasks, 'missing');
  });
});

describe('draft sentences in other directions', () => {
  const catalog = loadDefaultCatalog();
  const rows = buildMainIndicatorsTable({
    plan: smallPlan(),
    catalog,
    period: '2023-06',
    tolerance: 0.5,
    figures: [fig('地区生产总值', '2023-06', 580, 4.2), fig('一般公共预算收入', '2023-06', 40, -2.5), fig('一般公共预算收入', '2022', 90), fig('全社会固定资产投资', '2023-06', 450), fig('登记失业率', '2023-06', 5.3)],
  }).rows;
  const zh = draftSentences(rows).map((s) => s.zh);
  const row = (i: string): MainIndicatorRow => rows.find((r) => r.indicator === i)!;

  it('below the growth target', () => assert.ok(zh.includes('地区生产总值580亿元，同比增长4.2%，低于全年预期目标0.8个百分点'), zh.join('\n')));
  it('falling and behind time progress', () => {
    assert.equal(row('一般公共预算收入').completionPct, 43.1);
    assert.ok(zh.includes('一般公共预算收入40亿元，同比下降2.5%，完成全年任务的43.1%，低于时间进度6.9个百分点'), zh.join('\n'));
  });
  it('a level target: completion against time progress', () => assert.ok(zh.includes('全社会固定资产投资450亿元，完成全年任务的45%，低于时间进度5个百分点'), zh.join('\n')));
  it('over a ceiling', () => assert.ok(zh.includes('登记失业率5.3%，超出全年控制目标5%'), zh.join('\n')));
  it('English sentences say the same', () => {
    const en = draftSentences(rows).map((s) => s.en);
    assert.ok(en.includes('地区生产总值 580 亿元, up 4.2% year on year, 0.8 points below the annual target'), en.join('\n'));
  });
});

describe('主要经济指标完成情况表: which figure, which growth', () => {
  const catalog = loadDefaultCatalog();
  const plan = smallPlan();
  const row = (rows: MainIndicatorRow[], i: string): MainIndicatorRow => rows.find((r) => r.indicator === i)!;

  it('the responsible unit’s figure is the district’s, whatever the order', () => {
    const figures = [fig('一般公共预算收入', '2023-06', 1.5, 1, { orgUnit: '区商务局' }), fig('一般公共预算收入', '2023-06', 58.18, 4.1, { orgUnit: '区财政局' })];
    for (const f of [figures, figures.slice().reverse()]) {
      const r = row(buildMainIndicatorsTable({ plan, catalog, figures: f, period: '2023-06' }).rows, '一般公共预算收入');
      assert.equal(r.value, 58.18);
      assert.equal(r.source, '区财政局');
    }
  });

  it('growth is computed from 上年同期 or last year’s figure when not entered', () => {
    const fromBase = row(buildMainIndicatorsTable({ plan, catalog, figures: [fig('地区生产总值', '2023-06', 607.6, null, { sameLastYear: 577.6 })], period: '2023-06' }).rows, '地区生产总值');
    assert.equal(fromBase.growth, 5.2);
    assert.equal(fromBase.diffPoints, 0.2);
    const fromHistory = row(buildMainIndicatorsTable({ plan, catalog, figures: [fig('地区生产总值', '2023-06', 607.6), fig('地区生产总值', '2022-06', 577.6)], period: '2023-06' }).rows, '地区生产总值');
    assert.equal(fromHistory.growth, 5.2);
  });

  it('a text value is no data, not a zero', () => {
    const r = row(buildMainIndicatorsTable({ plan, catalog, figures: [fig('登记失业率', '2023-06', '三点六')], period: '2023-06' }).rows, '登记失业率');
    assert.equal(r.value, null);
    assert.equal(r.status, 'no-data');
  });

  it('without a period the latest period of the plan year is reported, ignoring last year', () => {
    const t = buildMainIndicatorsTable({ plan, catalog, figures: [fig('地区生产总值', '2023-03', 290, 2.8), fig('地区生产总值', '2023-06', 607.6, 5.2), fig('地区生产总值', '2022', 1200)] });
    const r = row(t.rows, '地区生产总值');
    assert.equal(r.period, '2023-06');
    assert.equal(r.timeProgressPct, 50);
  });
});
