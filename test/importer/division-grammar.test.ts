import { strict as assert } from 'node:assert';
import { readEnumerator, numberingGaps } from '../../src/importer/enumerators';
import { trailingFieldGroups, fieldsIn, afterNames, headerKind, unitsOf, HAS_LABEL } from '../../src/importer/field-labels';
import { parseDeadline } from '../../src/importer/deadline';
import { splitList } from '../../src/importer/lists';
import { importDocuments } from '../../src/importer';

describe('importer grammar: enumerators', () => {
  const cases: [string, string | null, number | null, string][] = [
    ['一、扩大有效投资', 'cn-dun', 1, '扩大有效投资'],
    ['（十二）深化改革', 'cn-paren', 12, '深化改革'],
    ['12.推进…', 'num-dot', 12, '推进…'],
    ['3、推进…', 'num-dun', 3, '推进…'],
    ['(4)推进…', 'num-paren', 4, '推进…'],
    ['⑫推进…', 'circled', 12, '推进…'],
    ['第二部分重点工作', 'ordinal', 2, '重点工作'],
    ['第三，加快…', 'ordinal', 3, '加快…'],
    ['二是落实…', 'cn-shi', 2, '落实…'],
    ['★地区生产总值增长6%', 'bullet', null, '地区生产总值增长6%'],
    ['◆新建…', 'bullet', null, '新建…'],
  ];
  for (const [line, style, value, rest] of cases)
    it(`${line} → ${style} ${value}`, () => {
      const e = readEnumerator(line);
      assert.ok(e);
      assert.deepEqual([e.style, e.value, e.rest], [style, value, rest]);
    });
  for (const prose of ['2023年是开局之年', '1.5亿元用于…', '一批项目开工', '第二产业增加值增长5%', '十四五时期']) it(`${prose} has no enumerator`, () => assert.equal(readEnumerator(prose), null));
  it('finds where numbering skips', () =>
    assert.deepEqual(numberingGaps([1, 2, 4, 5, 8]), [
      [2, 4],
      [5, 8],
    ]));
});

describe('importer grammar: field labels wherever they stand', () => {
  it('a trailing square-bracket group, its unit name keeping its own brackets', () => {
    const g = trailingFieldGroups('抓好疫情防控工作。[牵头单位：区卫健局；责任单位：区疫情防控指挥部成员单位、各街办（新区）]');
    assert.ok(g);
    assert.equal(g.before, '抓好疫情防控工作。');
    assert.deepEqual(g.fields, [
      { kind: 'leadUnit', value: '区卫健局' },
      { kind: 'units', value: '区疫情防控指挥部成员单位、各街办（新区）' },
    ]);
  });
  it('【】 and （） groups in a row', () => {
    const g = trailingFieldGroups('建成驿站10家。【责任领导：王明】（牵头单位：区民政局；完成时限：2025年6月底）');
    assert.ok(g);
    assert.deepEqual(
      g.fields.map((f) => f.kind),
      ['leaders', 'leadUnit', 'deadline'],
    );
  });
  it('a bracket that is part of the text is not a field group', () => {
    assert.equal(trailingFieldGroups('推进“一网通办”（含移动端）'), null);
  });
  it('fields after the names: 由A牵头，B配合 / A、B牵头，C按职责分工负责', () => {
    assert.deepEqual(afterNames('由区城市管理局牵头，区自然资源局配合'), [
      { kind: 'leadUnit', value: '区城市管理局' },
      { kind: 'units', value: '区自然资源局' },
    ]);
    assert.deepEqual(afterNames('区发改局、区财政局牵头，各乡镇按职责分工负责'), [
      { kind: 'leadUnit', value: '区发改局、区财政局' },
      { kind: 'units', value: '各乡镇' },
    ]);
  });
  it('a deadline closing an after-names group without its label', () => {
    assert.deepEqual(afterNames('区发展改革委牵头，区统计局配合；2026年12月底'), [
      { kind: 'leadUnit', value: '区发展改革委' },
      { kind: 'units', value: '区统计局' },
      { kind: 'deadline', value: '2026年12月底' },
    ]);
  });
  it('prose with 牵头 is not read as units', () => {
    assert.deepEqual(afterNames('发挥龙头企业牵头作用'), []);
    assert.deepEqual(afterNames('企业牵头，高校参与'), []);
  });
  it('时限 inside a word of the text is not a label', () => {
    assert.equal(HAS_LABEL.test('压缩审批时限：由20个工作日压缩至10个'), false);
    assert.deepEqual(fieldsIn('时限：2025年6月底'), [{ kind: 'deadline', value: '2025年6月底' }]);
  });
  it('a group must start with its label', () => assert.deepEqual(fieldsIn('详见附件，牵头单位：区发改局'), []));
  it('table header cells map to fields through the same lexicon', () => {
    assert.deepEqual(['序号', '重点任务', '责任领导', '牵头单位', '配合单位', '时间节点', '责任人', '备注', '工作任务及目标'].map(headerKind), [
      'no',
      'text',
      'leaders',
      'leadUnit',
      'coUnits',
      'deadline',
      'persons',
      null,
      'text',
    ]);
  });
});

describe('importer grammar: unit lists', () => {
  it('a field that marks its lead, or names it with 牵头, gives the lead first', () => {
    assert.deepEqual(unitsOf('区财政局、区发改局（牵头）'), [['区发改局'], ['区财政局']]);
    assert.deepEqual(unitsOf('区发改局牵头，区财政局、区统计局配合'), [['区发改局'], ['区财政局', '区统计局']]);
    assert.deepEqual(unitsOf('区发改局、区财政局'), [[], ['区发改局', '区财政局']]);
  });
  it('role words are never part of a unit name; a collective (各镇街, 各镇（街道）, 各园区) is a unit', () => {
    assert.deepEqual(unitsOf('区科技局牵头、区人才办配合'), [['区科技局'], ['区人才办']]);
    assert.deepEqual(unitsOf('区住建局牵头，各镇街配合'), [['区住建局'], ['各镇街']]);
    assert.deepEqual(unitsOf('区教育局（牵头），各镇（街道）、园区管委会等'), [['区教育局'], ['各镇（街道）', '园区管委会']]);
    assert.deepEqual(unitsOf('区应急局、各园区参与'), [[], ['区应急局', '各园区']]);
    assert.deepEqual(unitsOf('区人社局负责'), [[], ['区人社局']]);
  });
  it('a trailing 等 is not a unit of its own', () => {
    assert.deepEqual(splitList('区国资委等'), ['区国资委']);
    assert.deepEqual(splitList('区财政局、区国资委等相关部门'), ['区财政局', '区国资委']);
  });
  it('names with their own brackets and 、 stay whole', () => {
    assert.deepEqual(splitList('市商务局、各县（市、区）人民政府'), ['市商务局', '各县（市、区）人民政府']);
  });
});

describe('importer: plan year of a division of work', () => {
  const body =
    '一、城市建设\n1.完成老旧小区综合整治20个。\n牵头领导：王强\n责任单位：区住房城乡建设委\n完成时限：DL1\n2.建成家园中心5个。\n牵头领导：王强\n责任单位：区民政局\n完成时限：DL2\n3.推进垃圾分类。\n牵头领导：李华\n责任单位：区城市管理委\n完成时限：长期';
  const doc = (title: string, dl1: string, dl2: string): string => `${title}\n${body.replace('DL1', dl1).replace('DL2', dl2)}`;
  it('the body states the year when the title does not (2023年全区经济社会发展主要预期目标)', () => {
    const r = importDocuments([{ id: 'a.txt', text: doc('区政府重点工作分工方案\n2023年全区经济社会发展主要预期目标已经区人大审议通过。', '10月底', '年底') }]);
    assert.equal(r.plan.year, 2023);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.plan.tasks.map((t) => t.deadline),
      ['2023-10-31', '2023-12-31', null],
    );
  });
  it('the deadlines state the year when nothing else does', () => {
    const r = importDocuments([{ id: 'b.txt', text: doc('区政府重点工作分工方案', '2026年10月底', '2026年12月底') }]);
    assert.equal(r.plan.year, 2026);
  });
  it('a title and deadlines that disagree: the title wins and a problem names both years', () => {
    const r = importDocuments([{ id: 'c.txt', text: doc('2024年区政府重点工作分工方案', '2025年10月底', '2025年12月底') }]);
    assert.equal(r.plan.year, 2024);
    const p = r.problems.filter((x) => /2024/.test(x.message.zh) && /2025/.test(x.message.zh));
    assert.equal(p.length, 1);
    assert.match(p[0].message.en, /2024.*2025/);
  });
});

describe('importer: a table with no 序号 column numbers its rows in order', () => {
  it('reads each row as an item', () => {
    const text = '2025年某县重点工作责任清单\n重点任务\t责任单位\t完成时限\n建成县城污水处理厂\t县住房和城乡建设局\t2025年9月底\n新建农村公路100公里\t县交通运输局、各乡镇人民政府等\t2025年11月底';
    const r = importDocuments([{ id: 't.txt', text }]);
    assert.deepEqual(
      r.plan.tasks.map((t) => [t.no, t.text, t.units, t.deadline]),
      [
        [1, '建成县城污水处理厂', ['县住房和城乡建设局'], '2025-09-30'],
        [2, '新建农村公路100公里', ['县交通运输局', '各乡镇人民政府'], '2025-11-30'],
      ],
    );
  });
});

describe('importer grammar: deadlines as divisions of work write them', () => {
  const cases: [string, string | null | false][] = [
    ['2024年6月底前完成', '2024-06-30'],
    ['年底前', '2024-12-31'],
    ['2024年9月至12月', '2024-12-31'],
    ['9—10月', '2024-10-31'],
    ['2024年12月31日前', '2024-12-31'],
    ['长期坚持', null],
    ['持续推进', null],
    ['每季度', null],
    ['2024年12月底（长期坚持）', '2024-12-31'],
    ['2024年9月（持续推进）', '2024-09-30'],
    ['2024年12月底（视情况）', false],
    ['分阶段推进', false],
  ];
  for (const [raw, want] of cases)
    it(`${raw} → ${want}`, () => {
      const r = parseDeadline(raw, 2024);
      if (want === false) assert.equal(r.ok, false);
      else assert.deepEqual(r, { ok: true, date: want });
    });
});

describe('importer: leaders written with their titles, in a table with other header words', () => {
  it('keeps the name and drops the title', () => {
    const text =
      '2025年红岭区重点工作任务分工方案\n序号\t工作任务\t区级领导\t牵头单位\t责任单位（部门）\t完成时限\n1\t新建5G基站300个\t王明副区长\t区经信局\t区通信发展办\t2025年10月底前\n2\t完成老旧小区改造20个\t李华（常务副区长）\t区住建局\t各街道\t2025年12月底';
    const r = importDocuments([{ id: 'g.txt', text }]);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.plan.tasks.map((t) => [t.no, t.leaders, t.units, t.deadline]),
      [
        [1, ['王明'], ['区经信局', '区通信发展办'], '2025-10-31'],
        [2, ['李华'], ['区住建局', '各街道'], '2025-12-31'],
      ],
    );
  });
});

describe('importer: a table whose last row leaves its last columns empty', () => {
  it('reads the last row as a task; only a row missing what every other row has is cut off', () => {
    const text = '2025年某区重点工作任务分工表\n序号\t重点任务\t牵头单位\t配合单位\t完成时限\t备注\n1\t建成区档案馆新馆\t区档案馆\t区住建局\t2025年10月底\n2\t新增公共停车位2000个\t区城管局\t各街道办事处\t2025年12月底';
    const r = importDocuments([{ id: 'e.txt', text }]);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.plan.tasks.map((t) => t.no),
      [1, 2],
    );
    const cut = importDocuments([{ id: 'c.txt', text: text.replace(/\t各街道办事处\t2025年12月底$/, '') }]);
    assert.deepEqual(
      cut.plan.tasks.map((t) => t.no),
      [1],
    );
    assert.ok(cut.problems.some((p) => p.line === 4 && /不全/.test(p.message.zh)));
  });
});

describe('importer: a table row with no number and no section', () => {
  it('is said with its line, not read as a task', () => {
    const text = '2025年某区重点工作任务分工表\n序号\t重点任务\t牵头单位\t完成时限\n1\t建成区档案馆新馆\t区档案馆\t2025年10月底\n同步建设档案数字化平台\t区档案馆\t2025年12月底';
    const r = importDocuments([{ id: 'n.txt', text }]);
    assert.deepEqual(
      r.plan.tasks.map((t) => t.no),
      [1],
    );
    assert.deepEqual(
      r.problems.map((p) => p.line),
      [4],
    );
    assert.match(r.problems[0].message.zh, /同步建设档案数字化平台/);
  });
});

describe('importer: a plan year the title and the deadlines disagree on', () => {
  it('says so in both languages, in plain English grammar', () => {
    const text =
      '青溪区2024年重点工作任务分工方案\n1.新增城镇就业1万人。牵头领导：林海；牵头单位：区人社局；完成时限：2023年12月底\n2.完成棚户区改造500户。牵头领导：林海；牵头单位：区住建局；完成时限：2023年10月\n3.建设停车场5处。牵头领导：何静；牵头单位：区城管局；完成时限：2023年9月底';
    const r = importDocuments([{ id: 'y.txt', text }]);
    assert.equal(r.plan.year, 2024);
    assert.deepEqual(
      r.problems.map((p) => p.message),
      [
        {
          zh: '计划年度不一致：标题为2024年，完成时限为2023年；按2024年导入，如有误请用 --year 指定',
          en: 'The plan year is not consistent: 2024 according to the title, 2023 according to the deadlines; imported as 2024, give --year if that is wrong',
        },
      ],
    );
  });
});
