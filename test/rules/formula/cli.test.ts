/**
 * `planbook rules import | export | test` in-process, on real .xlsx files (written by ExcelJS and, for the
 * round trip, re-saved by LibreOffice Calc as a district's desk would), the seed-003 plan and the H1 figures.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { checkFigures, validateRuleSet } from '../../../src/rules';
import { writeRulesWorkbook } from '../../../src/hosts/xlsx/rules-sheet';
import { COLUMNS } from '../../../src/rules/formula/sheet';
import { captureIO } from '../../support/capture-io';
import { FIXTURES_DIR } from '../../support/seed-plan';
import { catalog, plan, h1Figures, lastYear, f } from './support';

const ROWS: string[][] = [
  [...COLUMNS],
  ['GY-01', '[高技术制造业增加值] ≤ [规模以上工业增加值]', '强制性', '高技术制造业增加值{左值}亿元大于规模以上工业增加值{右值}亿元', 'High-tech {left} exceeds industry {right}', '', '', '', ''],
  ['TZ-01', '[全社会固定资产投资] - [全社会固定资产投资]@上期 <= 全年目标数([全社会固定资产投资]) * 0.3', '强制性', '', '', '区发展改革委', '', '月', ''],
  ['ZS-01', '[招商引资到位资金] >= [招商引资到位资金]@上年同期 * 0.8', '核实性', '招商引资到位资金不足上年同期八成，请说明', '', '区商务局、区发展改革委', 'indicators', '', ''],
  ['CZ-01', '[税收总额] >= [金融业税收]', '强制性', '', '', '', '', '', ''],
  ['SR-01', '[一般公共预算收入].同比增长 = ROUND(([一般公共预算收入] / [一般公共预算收入]@上年同期 - 1) * 100, 1)', '核实性', '', '', '', '', '', '0.15'],
];

const FIGURES = [...h1Figures(), f('区经济和信息化局', '规模以上工业增加值', '2023-06', 120.5), f('区经济和信息化局', '高技术制造业增加值', '2023-06', 130.2), f('区商务局', '招商引资到位资金', '2023-06', 30)];
const HISTORY = [...lastYear(), f('区商务局', '招商引资到位资金', '2022-06', 40), f('区财政局', '一般公共预算收入', '2022-06', 55.89)];

describe('planbook rules', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pb-rules-'));
    writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(plan));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (...args: string[]) => {
    const io = captureIO(dir);
    const code = await main(['rules', ...args], io);
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  };
  const findingsWith = (rulesFile: string) => {
    const { ruleSet } = validateRuleSet(JSON.parse(readFileSync(path.join(dir, rulesFile), 'utf8')));
    return checkFigures({ plan, catalog, rules: ruleSet!, figures: FIGURES, history: HISTORY });
  };

  it('import: the sheet becomes rules.json beside the built-in rules, and the rules judge the figures', async () => {
    await writeRulesWorkbook(path.join(dir, '审核公式.xlsx'), ROWS);
    const r = await run('import', '审核公式.xlsx', '-o', 'rules.json', '--version', '2023.2');
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(readFileSync(path.join(dir, 'rules.json'), 'utf8'));
    assert.equal(json.version, '2023.2');
    assert.equal(json.formulas.length, 5);
    assert.ok(json.rules.length >= 19, 'the built-in rules are kept');
    assert.deepEqual(json.formulas[2], {
      id: 'ZS-01',
      formula: '[招商引资到位资金] >= [招商引资到位资金]@上年同期 * 0.8',
      severity: 'warning',
      message: { zh: '招商引资到位资金不足上年同期八成，请说明' },
      units: ['区商务局', '区发展改革委'],
      forms: ['indicators'],
    });
    const fired = new Set(findingsWith('rules.json').map((x) => x.rule));
    assert.ok(fired.has('GY-01') && fired.has('ZS-01'));
    assert.ok(!fired.has('CZ-01') && !fired.has('SR-01'), '158.9 ≥ 15.6; 58.18 / 55.89 − 1 = 4.1%');
  });

  it('import: every bad row is reported by row, column and character in both languages, and nothing is written', async () => {
    const bad = ROWS.map((r) => [...r]);
    bad[1]![1] = '[高技术制造业增加值] <= [规模以上工业增加]';
    bad[2]![2] = '必须';
    bad[4]![1] = '([税收总额] >= [金融业税收]';
    await writeRulesWorkbook(path.join(dir, 'bad.xlsx'), bad);
    const r = await run('import', 'bad.xlsx', '-o', 'bad.json');
    assert.equal(r.code, 1);
    assert.ok(!existsSync(path.join(dir, 'bad.json')));
    assert.match(r.err, /第2行“公式”列第16个字符处：未知指标“规模以上工业增加”，是否指 规模以上工业增加值？/);
    assert.match(r.err, /row 2, column 公式, character 16: unknown indicator "规模以上工业增加", did you mean 规模以上工业增加值\?/);
    assert.match(r.err, /第3行“类型”列：类型“必须”应为 强制性、核实性 或 提示/);
    assert.match(r.err, /row 5, column 公式, character \d+: a "\(" is not closed/);
    assert.match(r.err, /3 处错误/);
  });

  it('export then import gives the same rules and the same findings, also after LibreOffice re-saves the sheet', async function () {
    this.timeout(120_000);
    const e = await run('export', '--rules', 'rules.json', '-o', 'exported.xlsx');
    assert.equal(e.code, 0, e.err);
    const i = await run('import', 'exported.xlsx', '-o', 'again.json', '--version', '2023.2');
    assert.equal(i.code, 0, i.err);
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'again.json'), 'utf8')), JSON.parse(readFileSync(path.join(dir, 'rules.json'), 'utf8')));
    assert.deepEqual(findingsWith('again.json'), findingsWith('rules.json'));

    const lo = path.join(dir, 'lo');
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', lo, path.join(dir, 'exported.xlsx')], {
      stdio: 'ignore',
      timeout: 110_000,
    });
    assert.deepEqual(readdirSync(lo), ['exported.xlsx']);
    const l = await run('import', path.join('lo', 'exported.xlsx'), '-o', 'lo.json', '--version', '2023.2');
    assert.equal(l.code, 0, l.err);
    assert.deepEqual(findingsWith('lo.json'), findingsWith('rules.json'));
  });

  it('export of a plan that has none writes just the header', async () => {
    const e = await run('export', '--rules', 'rules.json', '--plan-id', 'nope', '-o', 'empty.xlsx');
    assert.equal(e.code, 0);
    assert.match(e.out, /exported 0 formula rule/);
  });

  it('test: what each new or changed rule would find, beside its current version', async () => {
    writeFileSync(
      path.join(dir, 'figures.csv'),
      readFileSync(path.join(FIXTURES_DIR, 'figures/tongzhou-2023-h1.csv'), 'utf8') + '区经济和信息化局,规模以上工业增加值,2023-06,120.5,,,\n区经济和信息化局,高技术制造业增加值,2023-06,130.2,,,\n',
    );
    const tighter = ROWS.map((r) => [...r]);
    tighter[4]![1] = '[金融业税收] >= [税收总额] * 0.2'; // CZ-01 changed: 15.6 < 31.78 fires
    tighter.push(['NEW-01', '[税收总额] <= 100', '核实性', '', '', '', '', '', '']);
    await writeRulesWorkbook(path.join(dir, 'tighter.xlsx'), tighter);
    const r = await run('test', 'tighter.xlsx', '--plan', 'plan.json', '--figures', 'figures.csv', '--rules', 'rules.json');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /2 new or changed, 4 unchanged, 0 removed/);
    assert.match(r.out, /修改 changed {2}CZ-01 {2}\[金融业税收\] >= \[税收总额\] \* 0\.2\n {2}将发现 1 条，涉及 1 个单位 \/ would find 1 in 1 unit\(s\) （原版本 0 条 \/ current version: 0）/);
    assert.match(r.out, /新增 new {2}NEW-01[^\n]*\n {2}将发现 1 条/);
    assert.match(r.out, /区|左值158\.9/);
  });

  it('usage errors say what to give', async () => {
    assert.equal((await run('import')).code, 2);
    assert.equal((await run('frobnicate')).code, 2);
    assert.equal((await run('import', '审核公式.xlsx')).code, 2);
    assert.equal((await run('import', 'missing.xlsx', '-o', 'x.json')).code, 3);
  });
});
