/**
 * Every finding message exists in zh-CN and English, says what is wrong with the numbers, and says what to do.
 */
import { strict as assert } from 'node:assert';
import { MESSAGES, RULE_KINDS, validateRuleSet, validateCatalog, loadDefaultCatalog } from '../../src/rules';
import type { MsgParams } from '../../src/rules/messages';

const FULL: MsgParams = {
  indicator: '一般公共预算收入',
  period: '2023-06',
  measureUnit: '亿元',
  raw: '五十八',
  field: '数值',
  value: 58.18,
  other: 55.89,
  ratio: 10001,
  growth: 4.1,
  computed: 4.09,
  diff: -1.8,
  bound: 4.5,
  target: '增长5%左右',
  parent: '社会消费品零售总额',
  decimals: 2,
  min: 0,
  max: 100,
  threshold: 30,
  completion: 40,
  timeProgress: 50,
  taskNo: 12,
  deadline: '2023-06-30',
  status: '推进中',
  rule: 'outlier-x',
  row: 7,
  shown: 4.1,
  reason: { zh: '没有填写指标名称', en: 'no indicator name' },
};

const HAN = /[\u4e00-\u9fff]/;
// What-to-do words: every message tells the user what to do next (or, for info, what will happen).
const ACTION_ZH = /请|暂不/;
const ACTION_EN = /\b(check|enter|choose|round|fix|push|correct|keep|make|ask|explain|write|give)\b|no verdict/i;

describe('messages: both languages, numbers and what to do', () => {
  for (const [id, build] of Object.entries(MESSAGES)) {
    it(id, () => {
      const m = build(FULL);
      assert.ok(HAN.test(m.zh), `zh has no Chinese: ${m.zh}`);
      assert.ok(m.en.length > 20 && m.en !== m.zh);
      // The English text carries Chinese only inside the names it quotes (indicator, target, status labels).
      const stripped = m.en.replace(/一般公共预算收入|社会消费品零售总额|增长5%左右|五十八|推进中|未启动|已完成|滞后|元\/万元\/亿元|亿元|没有填写指标名称/g, '');
      assert.ok(!HAN.test(stripped), `en has untranslated Chinese: ${m.en}`);
      assert.ok(ACTION_ZH.test(m.zh), `zh says nothing to do: ${m.zh}`);
      assert.ok(ACTION_EN.test(m.en), `en says nothing to do: ${m.en}`);
      assert.ok(!m.zh.includes('undefined') && !m.en.includes('undefined') && !m.en.includes('NaN'));
    });
  }

  it('numbers appear in both languages', () => {
    for (const id of ['cumulative', 'growth-consistency', 'part-whole', 'target-level', 'unit-mixup'] as const) {
      const m = MESSAGES[id](FULL);
      for (const n of id === 'target-level' ? ['40', '50'] : ['58.18', '55.89']) {
        assert.ok(m.zh.includes(n) && m.en.includes(n), `${id}: ${n} missing\n${m.zh}\n${m.en}`);
      }
    }
  });
});

describe('rules and catalog files: validation with every problem listed', () => {
  it('the default catalog covers the seeds indicators with their aliases', () => {
    const c = loadDefaultCatalog();
    const names = new Set(c.indicators.flatMap((d) => [d.name, ...d.aliases]));
    for (const n of [
      '地区生产总值',
      '一般公共预算收入',
      '固定资产投资',
      '全社会固定资产投资',
      '社会消费品零售总额',
      '住宿餐饮业营业额',
      '人均可支配收入',
      '居民人均可支配收入',
      '登记失业率',
      '城镇登记失业率',
      '万元地区生产总值能耗',
      '能耗强度',
      '大气污染物和水污染物排放',
      '税收总额',
      '规模以上工业总产值',
      '实际利用外资',
      '新设市场主体',
    ]) {
      assert.ok(names.has(n), n);
    }
    assert.equal(c.indicators.find((d) => d.name === '住宿餐饮业营业额')!.parent, '社会消费品零售总额');
  });

  it('a rules file with several mistakes reports them all and keeps the good rules', () => {
    const r = validateRuleSet({
      rules: [
        { id: 'a', kind: 'outlier', severity: 'warning' },
        { id: 'b', kind: 'no-such-kind', severity: 'warning' },
        { id: 'a', kind: 'number', severity: 'loud' },
        { kind: 'number', severity: 'error', params: { ratio: 'big' } },
      ],
    });
    assert.equal(r.ruleSet!.rules.length, 1);
    const en = r.problems.map((p) => p.en).join('\n');
    for (const s of ['no version', 'unknown kind "no-such-kind"', 'severity must be', 'Rule 4 has no id', 'parameter ratio must be a number']) assert.ok(en.includes(s), `${s} in\n${en}`);
    assert.equal(
      r.problems.every((p) => HAN.test(p.zh)),
      true,
    );
  });

  it('rules that are not an object with a rules array', () => {
    for (const bad of [null, 42, 'x', { rules: 'no' }]) assert.equal(validateRuleSet(bad).ruleSet, null);
  });

  it('a catalog entry without a name or with a bad kind is reported', () => {
    const r = validateCatalog({ version: '1', indicators: [{ name: '' }, { name: 'x', kind: 'stock' }, { name: 'y', kind: 'flow', unit: '亿元' }] });
    assert.equal(r.problems.length, 2);
    assert.equal(r.catalog!.indicators.length, 2);
  });

  it('every rule kind has a message', () => {
    const ids = new Set(Object.keys(MESSAGES));
    for (const k of RULE_KINDS) {
      const id = k === 'task-input' ? 'task-status' : k;
      assert.ok(ids.has(id), k);
    }
  });
});
