import { strict as assert } from 'node:assert';
import { importDocuments } from '../../src/importer';
import type { Task } from '../../src/model/plan';
import { seed, expected } from './seeds';

interface ExpectedTask {
  no: number;
  line: number;
  section: string;
  text: string;
  leaders: string[];
  units: string[];
  deadline: string;
}

describe('importer: division of work (003, 重点工作分工方案)', () => {
  const doc = seed('003');
  const { plan, problems } = importDocuments([doc]);
  const want = expected<ExpectedTask[]>('003-tasks.json');

  it('reads the document as a 2023 division of work with no problems', () => {
    assert.equal(plan.documents[0].kind, 'division-of-work');
    assert.equal(plan.documents[0].date, '2023-01-17');
    assert.equal(plan.year, 2023);
    assert.deepEqual(problems, []);
  });

  it('finds all 138 numbered items, in order', () => {
    assert.equal(want.length, 138);
    assert.deepEqual(
      plan.tasks.map((t) => t.no),
      want.map((t) => t.no),
    );
  });

  for (const w of want) {
    it(`item ${w.no}: leaders, units, deadline, section, text and line`, () => {
      const t = plan.tasks.find((x: Task) => x.no === w.no);
      assert.ok(t, `task ${w.no} missing`);
      assert.deepEqual(t.leaders, w.leaders);
      assert.deepEqual(t.units, w.units);
      assert.equal(t.deadline, w.deadline);
      assert.equal(t.section, w.section);
      assert.equal(t.text, w.text);
      assert.equal(t.year, 2023);
      assert.deepEqual(t.source, { document: doc.id, line: w.line });
    });
  }

  it('has seven sections, in document order', () => {
    const sections = plan.tasks.map((t) => t.section).filter((s, i, all) => all.indexOf(s) === i);
    assert.deepEqual(sections, [
      '主要预期目标',
      '聚焦规划体系落地，开启副中心建设新征程',
      '聚焦产业集群打造，培育壮大经济发展新动能',
      '聚焦共建共治共享，奋力拓展城市治理新局面',
      '聚焦绿色低碳发展，努力取得生态文明建设新成效',
      '聚焦民生保障基础，扎实推动民生福祉再上新台阶',
      '聚焦全面深化改革，持续释放开放发展新活力',
    ]);
  });

  it('collects the 73 distinct responsible units and the leaders', () => {
    assert.equal(plan.units.length, 73);
    assert.ok(plan.units.includes('区城市管理委（区城管执法局）'));
    assert.ok(plan.units.includes('区“两区”办'));
    assert.ok(plan.leaders.includes('董明慧'));
    assert.ok(plan.leaders.every((l) => !l.includes('、')));
  });

  describe('items 1–8 are also the 2023 main targets', () => {
    const cases: [number, string, string, string, number | null, string][] = [
      [1, '地区生产总值', 'growth', 'approx', 5, '%'],
      [2, '一般公共预算收入', 'growth', 'gte', 3, '%'],
      [3, '全社会固定资产投资', 'level', 'gt', 1000, '亿元'],
      [4, '社会消费品零售总额', 'growth', 'approx', 5, '%'],
      [5, '居民人均可支配收入', 'qualitative', 'gt', 0, ''],
      [6, '登记失业率', 'rate', 'lte', 5, '%'],
      [7, '万元地区生产总值能耗', 'level', 'external', null, ''],
      [8, '大气污染物和水污染物排放', 'level', 'external', null, ''],
    ];
    it('exactly eight targets, one per item', () => {
      assert.deepEqual(
        plan.targets.map((t) => t.taskNo),
        [1, 2, 3, 4, 5, 6, 7, 8],
      );
    });
    for (const [no, indicator, measure, comparator, value, unit] of cases) {
      it(`item ${no}: ${indicator} ${measure} ${comparator} ${value ?? ''}${unit}`, () => {
        const t = plan.targets.find((x) => x.taskNo === no);
        const w = want.find((x) => x.no === no)!;
        assert.ok(t);
        assert.equal(t.year, 2023);
        assert.equal(t.indicator, indicator);
        assert.equal(t.measure, measure);
        assert.equal(t.comparator, comparator);
        assert.equal(t.value, value);
        assert.equal(t.measureUnit, unit);
        assert.deepEqual(t.leaders, w.leaders);
        assert.deepEqual(t.units, w.units);
        assert.equal(t.deadline, w.deadline);
        assert.equal(t.source.line, w.line);
      });
    }
  });
});
