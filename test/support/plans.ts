/**
 * Small hand-made plans and figures for unit tests of the checks and reports: a few targets of each
 * kind in DOMAIN.md, written as the importer writes them (measure, comparator, value, unit).
 */
import type { Plan, Target, Task, Comparator, Measure } from '../../src/model/plan';
import type { Figure, TaskProgress, Entered } from '../../src/model/submission';

const SRC = { document: 'test', line: 1 };

export function target(indicator: string, measure: Measure, comparator: Comparator, value: number | null, unit: string, text: string, extra: Partial<Target> = {}): Target {
  return { year: 2023, indicator, measure, comparator, value, measureUnit: unit, text, leaders: ['郑皓'], units: ['区发展改革委'], deadline: '2023-12-31', source: SRC, ...extra };
}

export function task(no: number, section: string, leaders: string[], units: string[], deadline: string | null): Task {
  return { year: 2023, no, section, text: `任务${no}`, leaders, units, deadline, source: SRC };
}

export function smallPlan(targets: Target[] = DEFAULT_TARGETS, tasks: Task[] = DEFAULT_TASKS): Plan {
  return {
    schemaVersion: 1,
    id: 'test-2023',
    name: '测试计划',
    year: 2023,
    targets,
    tasks,
    actuals: [],
    goals: [],
    units: [...new Set([...targets.flatMap((t) => t.units), ...tasks.flatMap((t) => t.units)])],
    leaders: [...new Set([...targets.flatMap((t) => t.leaders), ...tasks.flatMap((t) => t.leaders)])],
    documents: [],
  };
}

export const DEFAULT_TARGETS: Target[] = [
  target('地区生产总值', 'growth', 'approx', 5, '%', '增长5%左右'),
  target('一般公共预算收入', 'growth', 'gte', 3, '%', '增长3%', { units: ['区财政局'] }),
  target('全社会固定资产投资', 'level', 'gt', 1000, '亿元', '超千亿元'),
  target('居民人均可支配收入', 'qualitative', 'gt', 0, '', '稳步增长', { units: ['区人力社保局'] }),
  target('登记失业率', 'rate', 'lte', 5, '%', '控制在5%以内', { units: ['区人力社保局'] }),
  target('应届高校毕业生就业率', 'rate', 'gte', 95, '%', '95%以上', { units: ['区人力社保局'] }),
  target('促进城乡劳动力就业', 'level', 'gte', 1.5, '万人', '不少于1.5万人', { units: ['区人力社保局'] }),
  target('万元地区生产总值能耗', 'level', 'external', null, '', '完成市里下达的节能任务'),
  target('新设市场主体', 'level', 'eq', 20000, '户', '新设市场主体2万户', { units: ['区市场监管局'] }),
];

export const DEFAULT_TASKS: Task[] = [
  task(1, '主要预期目标', ['郑皓'], ['区发展改革委'], '2023-12-31'),
  task(2, '聚焦民生', ['董明慧', '郑皓'], ['区人力社保局', '区财政局'], '2023-09-30'),
  task(3, '聚焦民生', ['董明慧'], ['区人力社保局'], '2023-06-30'),
];

export function fig(indicator: string, period: string, value: Entered, growth: Entered = null, extra: Partial<Figure> = {}): Figure {
  return { orgUnit: '区发展改革委', indicator, period, value, growth, sameLastYear: null, note: '', ...extra };
}

export function prog(taskNo: number, period: string, status: string | null, progress: Entered = null, extra: Partial<TaskProgress> = {}): TaskProgress {
  return { orgUnit: '区人力社保局', taskNo, period, status, progress, text: '', note: '', ...extra };
}
