/**
 * F-E (tester): PUT /api/rules checks a 审核公式's fields as `rules import` does — `units` as a plain string,
 * unknown fields (a raw `"__proto__"` key included), a message placeholder that does not exist, a formula
 * reaching for `.constructor` — each a 422 naming the rule and the field, nothing stored; and what is stored
 * comes back from `rules export` → `rules import` as the same rules with the same findings. Real HTTP, file backend.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { loadDefaultRules, validateRuleSet } from '../../../src/rules';
import { writeRulesWorkbook } from '../../../src/hosts/xlsx/rules-sheet';
import { COLUMNS } from '../../../src/rules/formula/sheet';
import { captureIO } from '../../support/capture-io';
import { call, startTestServer, type TestServer } from '../../support/server';

const PLAN = 'small-2023';

describe('审核公式: PUT /api/rules checks every field as rules import does (F-E)', function () {
  this.timeout(60_000);
  let s: TestServer;
  let dir = '';
  before(async () => {
    s = await startTestServer({ backend: 'file' });
    dir = mkdtempSync(path.join(tmpdir(), 'pb-fields-'));
  });
  after(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** PUT with the plan's formulas written as raw JSON text, so a `"__proto__"` key goes over the wire as typed. */
  const putRaw = (formulasJson: string, rev = 0): ReturnType<typeof call> => {
    const base = JSON.stringify({ ...loadDefaultRules(), version: 'fields' });
    return call(s.url, s.tokens.admin, 'PUT', '/api/rules', `${base.slice(0, -1)},"planFormulas":{"${PLAN}":${formulasJson}}}`, { 'if-match': `"${rev}"` });
  };

  const refusals: [string, string, RegExp, RegExp][] = [
    ['units as a plain string', '{"id":"X2","formula":"[地区生产总值] < 0","severity":"error","units":"区发展改革委"}', /审核公式“X2”的适用单位（units）应为/, /Formula rule "X2": units must be an array/],
    ['forms as a number', '{"id":"X3","formula":"[地区生产总值] < 0","severity":"error","forms":1}', /审核公式“X3”的适用报表（forms）应为/, /Formula rule "X3": forms must be an array/],
    ['an unknown field', '{"id":"X4","formula":"[地区生产总值] < 0","severity":"error","scope":"all"}', /审核公式“X4”含未知字段 scope/, /Formula rule "X4" has unknown field\(s\) scope/],
    ['a raw __proto__ key', '{"id":"X5","formula":"[地区生产总值] < 0","severity":"error","__proto__":{"polluted":1}}', /审核公式“X5”含未知字段 __proto__/, /Formula rule "X5" has unknown field\(s\) __proto__/],
    [
      'a placeholder that does not exist',
      '{"id":"X6","formula":"[地区生产总值] < 0","severity":"error","message":{"zh":"{__proto__}","en":"x"}}',
      /审核公式“X6”：提示信息中的 \{__proto__\} 不是可用的占位符/,
      /Formula rule "X6": \{__proto__\} in the message is not a placeholder/,
    ],
    [
      'a message with an extra key',
      '{"id":"X7","formula":"[地区生产总值] < 0","severity":"error","message":{"zh":"a","fr":"b"}}',
      /审核公式“X7”的提示信息（message）应为/,
      /Formula rule "X7": message must be \{zh, en\}/,
    ],
    [
      'a formula reaching for .constructor',
      '{"id":"X1","formula":"[地区生产总值].constructor.constructor(\\"return process\\")() = 1","severity":"error"}',
      /审核公式“X1”.*第22个字符处：“\.”后只能是字段名（值、同比增长、上年同期），不能是“c”/,
      /Check "X1".*at character 22: only a field name .* may follow "\.", not "c"/,
    ],
  ];
  for (const [what, rule, zh, en] of refusals) {
    it(`refuses ${what}: 422 naming the rule and field, nothing stored`, async () => {
      const r = await putRaw(`[${rule}]`);
      assert.equal(r.status, 422, JSON.stringify(r.body));
      const msg = r.body.error as { zh: string; en: string };
      assert.match(msg.zh, zh);
      assert.match(msg.en, en);
      assert.equal((await call(s.url, s.tokens.admin, 'GET', '/api/rules')).body.rev, 0, 'nothing stored');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  }

  it('a placeholder that does not exist is refused by rules import too, naming the row and column', async () => {
    await writeRulesWorkbook(path.join(dir, 'bad.xlsx'), [[...COLUMNS], ['X6', '[地区生产总值] < 0', '强制性', '{左直}超过', '', '', '', '', '']]);
    const io = captureIO(dir);
    assert.equal(await main(['rules', 'import', 'bad.xlsx', '-o', 'bad.json'], io), 1);
    assert.match(io.stderr.join('\n'), /第2行“提示信息”列：提示信息中的 \{左直\} 不是可用的占位符/);
  });

  it('a good rule set with every field stores, and export → import gives it back field for field', async () => {
    const good = [
      {
        id: 'G1',
        formula: '[地区生产总值] < 0',
        severity: 'error',
        units: ['区发展改革委', '区统计局'],
        forms: ['indicators'],
        periods: ['月', '2023-06'],
        message: { zh: '地区生产总值{左值}为负', en: 'GDP {left} is negative' },
        tolerance: 0.5,
      },
      { id: 'G2', formula: '[一般公共预算收入] <= 全年目标数([一般公共预算收入])', severity: 'warning' },
    ];
    const r = await putRaw(JSON.stringify(good));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const io = captureIO(dir);
    const e = await main(['rules', 'export', '-o', 'exp.xlsx', '--server', s.url, '--token', s.tokens.admin, '--plan-id', PLAN], io);
    assert.equal(e, 0, io.stderr.join('\n'));
    const io2 = captureIO(dir);
    assert.equal(await main(['rules', 'import', 'exp.xlsx', '-o', 'again.json', '--plan-id', PLAN], io2), 0, io2.stderr.join('\n'));
    const again = validateRuleSet(JSON.parse(readFileSync(path.join(dir, 'again.json'), 'utf8'))).ruleSet!;
    assert.deepEqual(again.planFormulas?.[PLAN], good);
  });
});
