import { strict as assert } from 'node:assert';
import { placeOf } from '../../src/importer/region';
import { importDocuments } from '../../src/importer';

describe('importer: the place a document is about, and documents of two places (newcomer report E17–E18)', () => {
  const cases: [string, string][] = [
    ['关于北京市通州区2023年国民经济和社会发展计划上半年执行情况的报告', '通州区'],
    ['关于青溪市2024年前三季度国民经济和社会发展计划执行情况的报告', '青溪市'],
    ['白沙旗2022年国民经济运行情况', '白沙旗'],
    ['广州市2023年政府工作报告', '广州市'],
    ['苏州市吴中区2020年重点工作分工方案', '吴中区'],
    ['2023年云溪县政府工作报告', '云溪县'],
    ['峨边彝族自治县2023年政府工作报告', '峨边彝族自治县'],
    ['延边州2021年国民经济和社会发展统计公报', '延边州'],
    ['锡林郭勒盟2022年国民经济和社会发展统计公报', '锡林郭勒盟'],
    ['2023年1-8月全区经济运行简况', ''],
    ['重点工作分工方案', ''],
  ];
  for (const [title, place] of cases) it(`${title} → ${place || '(none)'}`, () => assert.equal(placeOf(title), place));

  const division = (place: string, year: number): string =>
    `${place}${year}年重点工作任务分工方案\n一、经济发展\n1.新建产业园区2个。\n牵头领导：韩松\n责任单位：区发改局\n完成时限：${year}年12月底\n2.新增市场主体3000户。\n牵头领导：韩松\n责任单位：区市场监管局\n完成时限：${year}年10月底\n3.建成5G基站200个。\n牵头领导：韩松\n责任单位：区经信局\n完成时限：${year}年9月底`;
  const report = (place: string, year: number): string => `${place}${year}年政府工作报告\n${year}年全市经济社会发展的主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长5%。`;

  it('names the plan after the place, for 市/县/区/旗 alike', () => {
    assert.equal(importDocuments([{ id: 'a.txt', text: division('青溪区', 2025) }]).plan.name, '青溪区2025年计划');
    assert.equal(importDocuments([{ id: 'b.txt', text: report('白沙旗', 2025) }]).plan.name, '白沙旗2025年计划');
  });
  it('documents of one place merge without a word', () => {
    const r = importDocuments([
      { id: 'a.txt', text: division('青溪区', 2025) },
      { id: 'b.txt', text: report('青溪区', 2025) },
    ]);
    assert.deepEqual(r.problems, []);
  });
  it('documents of two places are merged (nothing lost) but said, in both languages, on the other place’s document', () => {
    const r = importDocuments([
      { id: 'a.txt', text: division('青溪区', 2025) },
      { id: 'b.txt', text: report('云溪市', 2025) },
    ]);
    assert.equal(r.plan.tasks.length, 3);
    assert.equal(r.plan.targets.length, 2);
    assert.equal(r.plan.name, '青溪区2025年计划');
    assert.deepEqual(
      r.problems.map((p) => [p.document, p.line, p.message.zh]),
      [['b.txt', null, '这些文档来自不同地区（青溪区、云溪市），已合并为一个计划；如不是同一地区的计划，请分开导入']],
    );
    assert.match(r.problems[0].message.en, /different places \(青溪区, 云溪市\)/);
  });
});
