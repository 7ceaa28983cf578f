/**
 * F4.3 (tester): 适用单位 / 适用报表 / 适用报告期 were not checked, so a typo (区财政厅 for 区财政局, 13月)
 * made a rule that was quietly out of scope everywhere. Now a scope word that names nothing is refused
 * where the rule is written — the sheet (`planbook rules import`), the store's PUT /api/rules — with the
 * nearest word, as an unknown indicator is; and `planbook rules test` says when a rule took nothing.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readRuleRows, COLUMNS } from '../../../src/rules/formula/sheet';
import { planWords, scopeProblems } from '../../../src/rules/formula';
import { loadDefaultRules } from '../../../src/rules';
import { writeRulesWorkbook } from '../../../src/hosts/xlsx/rules-sheet';
import { cliIn } from '../../support/cli-run';
import { call, suiteServer } from '../../support/server';
import { catalog, plan, f, h1Figures } from './support';

const words = planWords(plan);
const rule = (units: string, forms: string, periods: string, formula = '[一般公共预算收入] > 100'): string[] => ['R1', formula, '强制性', '', '', units, forms, periods, ''];

function problemsOf(r: string[], withPlan = true) {
  return readRuleRows([[...COLUMNS], r], catalog, withPlan ? words : null);
}

describe('审核公式: scope words that name nothing are refused where the rule is written (F4.3)', () => {
  it('适用单位 not in the plan: refused with the nearest unit (区财政厅 → 区财政局)', () => {
    const { formulas, problems } = problemsOf(rule('区财政厅', '', ''));
    assert.equal(formulas.length, 0);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.column, '适用单位');
    assert.equal(problems[0]!.message.zh, '第2行“适用单位”列：计划中没有单位“区财政厅”，是否指“区财政局”？该规则对这个单位不会运行；请改为计划中的单位名称');
    assert.equal(problems[0]!.message.en, 'row 2, column 适用单位: the plan has no unit "区财政厅" (did you mean "区财政局"?); the rule would never run for it: use a unit name of the plan');
  });

  it('units of the plan, its forms by id or label and periods by kind, month or date are all taken', () => {
    const { formulas, problems } = problemsOf(rule('区财政局、区商务局', 'indicators、重点任务进展表', '月、季、6、12月、2023-06、2023-H1、年'));
    assert.deepEqual(problems, []);
    assert.equal(formulas.length, 1);
  });

  it('适用报表 and 适用报告期 are checked without a plan too (13月, 五季度, 2023-13, a form typo)', () => {
    const { problems } = problemsOf(rule('区财政厅', 'indicator', '13月、五季度、2023-13、月报'), false);
    assert.deepEqual(
      problems.map((p) => p.column),
      ['适用报表', '适用报告期', '适用报告期', '适用报告期'],
      'no plan: units are not checked',
    );
    assert.match(problems[0]!.message.en, /unknown form "indicator" \(did you mean "indicators"\?\)/);
    assert.match(problems[1]!.message.zh, /报告期“13月”不存在（月份应为1–12）/);
    assert.match(problems[2]!.message.en, /unknown period "五季度"/);
    assert.match(problems[3]!.message.en, /period "2023-13" cannot exist/);
  });

  it('a section of 汇总 or a task number the plan does not have is refused in the formula', () => {
    const sec = problemsOf(rule('', '', '', '汇总([新增就业], "主要预期目") > 0')).problems;
    assert.equal(sec.length, 1);
    assert.match(sec[0]!.message.en, /the plan has no section "主要预期目" \(did you mean "主要预期目标"\?\)/);
    const task = problemsOf(rule('', '', '', '任务进度(999) >= 0')).problems;
    assert.match(task[0]!.message.zh, /计划中没有第999项重点任务（共138项）/);
    assert.deepEqual(problemsOf(rule('', '', '', '汇总([新增就业], "主要预期目标") > 0')).problems, []);
  });

  it('a form may be written by its label', () => {
    assert.deepEqual(scopeProblems({ forms: ['任务表'], periods: ['2023-06'] }, words), []);
  });

  describe('planbook rules import / test (CLI)', () => {
    let dir = '';
    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'pb-scope-'));
      writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(plan));
      writeFileSync(
        path.join(dir, 'figures.csv'),
        ['填报单位,指标,报告期,数值,同比增长', ...[...h1Figures(), f('区财政局', '税收总额', '2023-06', 40)].map((x) => `${x.orgUnit},${x.indicator},${x.period},${x.value ?? ''},${x.growth ?? ''}`)].join('\n'),
      );
      await writeRulesWorkbook(path.join(dir, 'typo.xlsx'), [[...COLUMNS], ['S1', '[一般公共预算收入] > 100', '强制性', '', '', '区财政厅', '', '', '']]);
      await writeRulesWorkbook(path.join(dir, 'elsewhere.xlsx'), [[...COLUMNS], ['S2', '[一般公共预算收入] > 100', '强制性', '', '', '区水务局', '', '', '']]);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('import --plan refuses the typo with the nearest unit and writes nothing; without a plan it says units were not checked', async () => {
      let r = await cliIn(dir, 'rules', 'import', 'typo.xlsx', '-o', 'r.json', '--plan', 'plan.json');
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.err, /计划中没有单位“区财政厅”，是否指“区财政局”？/);
      assert.match(r.err, /the plan has no unit "区财政厅" \(did you mean "区财政局"\?\)/);
      assert.equal(existsSync(path.join(dir, 'r.json')), false);
      r = await cliIn(dir, 'rules', 'import', 'typo.xlsx', '-o', 'r.json');
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /适用单位、汇总的板块和任务编号未与计划核对.*--plan plan\.json/);
      assert.match(r.err, /add --plan plan\.json/);
    });

    it('rules test names the typo and says the rule judged nothing; a rule for a unit without figures says so too', async () => {
      let r = await cliIn(dir, 'rules', 'test', 'typo.xlsx', '--plan', 'plan.json', '--figures', 'figures.csv');
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /would find 0/);
      assert.match(r.out, /the plan has no unit "区财政厅" \(did you mean "区财政局"\?\)/);
      assert.match(r.out, /no unit and period of these figures is in this rule's scope/);
      assert.match(r.out, /这些数据中没有任何单位和报告期在该规则的适用范围内/);
      r = await cliIn(dir, 'rules', 'test', 'elsewhere.xlsx', '--plan', 'plan.json', '--figures', 'figures.csv');
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /no unit and period of these figures is in this rule's scope/);
      assert.doesNotMatch(r.out, /the plan has no unit/);
    });
  });

  describe("the store's PUT /api/rules (real HTTP, file backend)", function () {
    this.timeout(60_000);
    const s = suiteServer({ backend: 'file' });

    it('refuses a rule set whose formula scopes name no form or no possible period, storing nothing', async () => {
      const bad = (scope: Record<string, string[]>) => ({ ...loadDefaultRules(), planFormulas: { 'small-2023': [{ id: 'S', formula: '[一般公共预算收入] > 0', severity: 'error', ...scope }] } });
      const scopes: Record<string, string[]>[] = [{ forms: ['constructor'] }, { periods: ['toString'] }, { periods: ['13月'] }, { forms: ['indicator'] }];
      for (const scope of scopes) {
        const r = await call(s.url, s.tokens.admin, 'PUT', '/api/rules', bad(scope), { 'if-match': '"0"' });
        assert.equal(r.status, 422, JSON.stringify(scope));
        const text = JSON.stringify(r.body);
        assert.match(text, /nothing was stored/);
        assert.match(text, /本次未保存任何规则/);
      }
      // A 适用单位 the plan does not have is refused on PUT too, with the plan's nearest unit.
      const unitTypo = await call(s.url, s.tokens.admin, 'PUT', '/api/rules', bad({ units: ['区财政厅'] }), { 'if-match': '"0"' });
      assert.equal(unitTypo.status, 422, JSON.stringify(unitTypo.body));
      assert.match(JSON.stringify(unitTypo.body), /区财政厅.*区财政局/);
      // F6.5: formulas filed under a plan id the store does not have would never judge anything.
      const typo = { ...loadDefaultRules(), planFormulas: { small2023: [{ id: 'S', formula: '[一般公共预算收入] > 0', severity: 'error' }] } };
      const r = await call(s.url, s.tokens.admin, 'PUT', '/api/rules', typo, { 'if-match': '"0"' });
      assert.equal(r.status, 422);
      const error = r.body.error as { zh: string; en: string };
      assert.match(error.en, /Plan "small2023" does not exist, so its formulas would never run/);
      assert.match(error.zh, /计划“small2023”不存在/);
      // "__proto__" as a plan id: an own key refused like any plan the store lacks, never stored (sent as raw JSON text,
      // since an object literal's __proto__ would set the prototype instead).
      const proto = await call(s.url, s.tokens.admin, 'PUT', '/api/rules', JSON.parse(`{"version":"x","rules":[],"planFormulas":{"__proto__":[{"id":"P","formula":"[一般公共预算收入] > 0","severity":"error"}]}}`), {
        'if-match': '"0"',
      });
      assert.equal(proto.status, 422, JSON.stringify(proto.body));
      assert.match((proto.body.error as { en: string }).en, /Plan "__proto__" does not exist/);
      const ok = await call(s.url, s.tokens.admin, 'PUT', '/api/rules', bad({ forms: ['indicators'], periods: ['月'] }), { 'if-match': '"0"' });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
    });
  });
});
