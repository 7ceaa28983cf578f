import { strict as assert } from 'node:assert';
import { normaliseText, cleanLine, lineAt } from '../../src/importer/normalize';
import { parseDeadline } from '../../src/importer/deadline';
import { classifyDocument } from '../../src/importer/classify';
import { importDocuments } from '../../src/importer';
import { seed } from './seeds';

describe('importer: text normaliser', () => {
  const cases: [string, string][] = [
    ['2020 年国民经济和社会 社会发展计划执行情况', '2020年国民经济和社会发展计划执行情况'],
    ['步解决。**四是**城乡协调', '步解决。四是城乡协调'],
    ['[bookmark: _GoBack]（二）对照主导功能', '（二）对照主导功能'],
    ['增长５％左右', '增长5%左右'],
    ['保持每年千亿以上投资强度,坚持任务项目化', '保持每年千亿以上投资强度，坚持任务项目化'],
    ['牵头领导:郑皓', '牵头领导：郑皓'],
    ['总投资1,000亿元', '总投资1000亿元'],
    ['M102(支)线', 'M102（支）线'],
    ['通州区人民政府区长  郑 皓', '通州区人民政府区长郑皓'],
  ];
  for (const [raw, want] of cases) it(`${raw} → ${want}`, () => assert.equal(cleanLine(raw), want));

  it('joins a sentence broken over lines and drops the phrase repeated across the break, keeping original lines', () => {
    const t = normaliseText('受区人民政府委托，现将2020年国民经济和社会\n社会发展计划执行情况提请审议，\n\n并请区政协各位委员提出意见。\n（一）疫情防控');
    assert.equal(t.lines.length, 2);
    assert.equal(t.lines[0].text, '受区人民政府委托，现将2020年国民经济和社会发展计划执行情况提请审议，并请区政协各位委员提出意见。');
    assert.equal(lineAt(t.lines[0], t.lines[0].text.indexOf('并请')), 4);
    assert.equal(t.lines[1].line, 5);
  });

  it('does not join a heading, a field line or a numbered item to what follows', () => {
    const t = normaliseText('2024年工作的总体思路和主要任务\n2024年是京津冀协同发展战略实施十周年。\n牵头领导：郑皓\n责任单位：区发展改革委\n9.不断完善规划体系');
    assert.equal(t.lines.length, 5);
  });
});

describe('importer: deadlines', () => {
  const cases: [string, string | null | 'bad'][] = [
    ['2023年12月底', '2023-12-31'],
    ['2023年10月底', '2023-10-31'],
    ['2023年6月', '2023-06-30'],
    ['2024年2月底', '2024-02-29'],
    ['2023年第三季度', '2023-09-30'],
    ['2023年三季度末', '2023-09-30'],
    ['2023年上半年', '2023-06-30'],
    ['2023年底前', '2023-12-31'],
    ['年底', '2023-12-31'],
    ['2023年6月30日', '2023-06-30'],
    ['2023年—2025年', '2025-12-31'],
    ['长期', null],
    ['持续推进', null],
    ['2023年13月底', 'bad'],
    ['尽快', 'bad'],
    ['', 'bad'],
  ];
  for (const [raw, want] of cases) {
    it(`${raw || '(empty)'} → ${want}`, () => {
      const r = parseDeadline(raw, 2023);
      if (want === 'bad') return assert.equal(r.ok, false);
      assert.deepEqual(r, { ok: true, date: want });
    });
  }
});

describe('importer: document kinds', () => {
  const cases: [string, string][] = [
    ['000', 'midyear-report'],
    ['001', 'plan-report'],
    ['002', 'work-report'],
    ['003', 'division-of-work'],
    ['004', 'multi-year'],
  ];
  for (const [prefix, kind] of cases) {
    it(`${prefix} is a ${kind}`, () => assert.equal(classifyDocument(normaliseText(seed(prefix).text)).kind, kind));
  }
  it('a news article that mentions 政府工作报告 in passing yields no data and a problem', () => {
    const text = '新华社北京3月5日电 今天上午，十四届全国人大二次会议在人民大会堂开幕。\n代表们认真审议政府工作报告，大家表示很受鼓舞，全年经济增长5.2%。\n会议期间天气晴朗，气温达到15度。';
    const r = importDocuments([{ id: 'news.txt', text }]);
    assert.deepEqual([r.plan.tasks, r.plan.targets, r.plan.actuals, r.plan.goals], [[], [], [], []]);
    assert.ok(r.problems.length >= 1);
    assert.ok(r.problems.every((p) => p.document === 'news.txt'));
    assert.ok(r.problems.some((p) => /未读到任何|不像是计划类文档/.test(p.message.zh) && /no task|not look like a plan/.test(p.message.en)));
  });
  it('a release titled …经济运行情况 / …经济运行简况 is a bulletin; a report on it, or a mention in prose, is not', () => {
    const kind = (t: string): string => classifyDocument(normaliseText(t)).kind;
    assert.equal(kind('临江区2023年前三季度经济运行情况\n前三季度，全区地区生产总值520.3亿元，同比增长5.1%。'), 'bulletin');
    assert.equal(kind('2024年1-5月经济运行简况\n1-5月，社会消费品零售总额80.2亿元，增长4.0%。'), 'bulletin');
    assert.equal(kind('关于临江区2023年前三季度国民经济和社会发展计划执行情况的报告\n一、前三季度计划执行情况\n地区生产总值增长5.1%。'), 'midyear-report');
    assert.equal(kind('区长主持召开会议，听取一季度经济运行情况汇报。\n会议要求各部门狠抓落实。'), 'unknown');
  });
  it('says which kinds it reads, statistical releases among them, when a text is none of them', () => {
    const r = importDocuments([{ id: 'x.txt', text: '会议纪要\n会议听取了有关情况汇报。' }]);
    assert.ok(r.problems.some((p) => /统计公报或经济运行情况/.test(p.message.zh) && /statistical bulletin or release of figures/.test(p.message.en)));
  });
  it('an English text is unknown', () => {
    assert.equal(classifyDocument(normaliseText('The quick brown fox jumps over the lazy dog.\nAnother line.')).kind, 'unknown');
  });
});
