/**
 * One catalog and rule set per plan, offline too (issue 10, item 2): a rule changed on the server,
 * pulled into a workbook, judges that workbook when it is checked with no server in reach, and the
 * check says which copy it used; a plan file carries its own copy for `check`/`report --plan`; the
 * bundled defaults only when nothing is carried. Real store over HTTP, real .xlsx files, the CLI in process.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { EXIT } from '../../src/cli/command';
import { XlsxWorkbook } from '../../src/hosts/xlsx/port';
import { loadSpec, templatesDir } from '../../src/hosts/xlsx/templates';
import { fieldCell, readIdentity, resolveLayout } from '../../src/template';
import { loadDefaultRules } from '../../src/rules';
import type { RuleSet } from '../../src/rules/ruleset';
import { call, FILLER_UNIT, startTestServer, type TestServer } from '../support/server';
import { scratch } from '../hosts/xlsx/helpers';
import { writeRulesWorkbook } from '../../src/hosts/xlsx/rules-sheet';
import { COLUMNS } from '../../src/rules/formula/sheet';
import { cliIn } from '../support/cli-run';

const cli = cliIn;

/** The bundled rules with `precision` made an error: 58.1834 亿元 (catalog: 2 decimals) is then refused, not only questioned. */
function strictPrecision(): RuleSet {
  const r = loadDefaultRules();
  return { ...r, version: 'strict-precision', rules: r.rules.map((x) => (x.id === 'precision' ? { ...x, severity: 'error' as const } : x)) };
}

/** Types a value into the cell of a field, as a statistician would in Excel. */
async function typeInto(file: string, field: string, value: number | string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const port = new XlsxWorkbook(wb);
  const id = await readIdentity(port);
  const spec = await loadSpec(id.template, templatesDir({}));
  const cell = fieldCell(spec, id, resolveLayout(spec, await port.describe()).letters, field)!;
  wb.getWorksheet(cell.sheet)!.getCell(cell.address).value = value;
  await wb.xlsx.writeFile(file);
}

interface CheckedFile {
  ok: boolean;
  checkedWith?: { origin: string; rulesRev: number; catalogRev: number };
  findings: { rule: string; severity: string; field?: string; cell: string | null }[];
}

function findingsOf(out: string): CheckedFile {
  return (JSON.parse(out) as CheckedFile[])[0]!;
}

describe('offline work uses the copy of the catalog and rules the workbook or plan file carries', function () {
  this.timeout(120000);
  const tmp = scratch();
  const D = tmp.dir;
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    const cur = await call(s.url, s.tokens.admin, 'GET', '/api/rules');
    assert.equal((await call(s.url, s.tokens.admin, 'PUT', '/api/rules', strictPrecision(), { 'if-match': `"${cur.body.rev}"` })).status, 200);
  });
  after(async () => {
    await s.stop();
    tmp.cleanup();
  });

  it('a rule changed on the server, pulled into a workbook: check offline finds what the server finds, and says it used revision 1 carried by the workbook', async () => {
    const wb = join(D, 'pulled.xlsx');
    const f = await cli(D, 'fill', '--template', 'indicators', '--unit', FILLER_UNIT, '--period', '2023-06', '--server', s.url, '--token', s.tokens.filler, '--plan-id', s.plan!.id, '-o', wb);
    assert.equal(f.code, EXIT.OK, f.err);
    assert.match(f.err, /审核规则：服务器第1版/);
    await typeInto(wb, 'figures/一般公共预算收入/value', 58.1834);
    await typeInto(wb, 'figures/一般公共预算收入/growth', 4.1);

    const online = await cli(D, 'check', wb, '--server', s.url, '--token', s.tokens.filler, '--format', 'json');
    const offline = await cli(D, 'check', wb, '--format', 'json');
    const on = findingsOf(online.out);
    const off = findingsOf(offline.out);
    assert.deepEqual(off.findings, on.findings, 'the same findings with and without the server');
    assert.equal(offline.code, online.code);
    assert.ok(
      off.findings.some((x) => x.rule === 'precision' && x.severity === 'error'),
      JSON.stringify(off.findings),
    );
    assert.equal(offline.code, EXIT.FINDINGS);
    assert.deepEqual({ origin: off.checkedWith?.origin, rules: off.checkedWith?.rulesRev }, { origin: 'workbook', rules: 1 });
    assert.deepEqual({ origin: on.checkedWith?.origin, rules: on.checkedWith?.rulesRev }, { origin: 'server', rules: 1 });

    const text = await cli(D, 'check', wb);
    assert.match(text.out, /审核规则：工作簿所带第1版/);
    assert.match(text.out, /rules: revision 1 carried by the workbook/);
  });

  it('a workbook filled from a plan file that carries nothing carries the bundled rules (revision 0): the same figure is a warning there, and the check says so', async () => {
    const planFile = join(D, 'plan.json');
    writeFileSync(planFile, JSON.stringify(s.plan));
    const wb = join(D, 'from-file.xlsx');
    const f = await cli(D, 'fill', '--template', 'indicators', '--unit', FILLER_UNIT, '--period', '2023-06', '--plan', planFile, '-o', wb);
    assert.equal(f.code, EXIT.OK, f.err);
    await typeInto(wb, 'figures/一般公共预算收入/value', 58.1834);
    await typeInto(wb, 'figures/一般公共预算收入/growth', 4.1);
    const r = await cli(D, 'check', wb, '--format', 'json');
    const got = findingsOf(r.out);
    assert.ok(got.findings.some((x) => x.rule === 'precision' && x.severity === 'warning'));
    assert.deepEqual({ origin: got.checkedWith?.origin, rules: got.checkedWith?.rulesRev }, { origin: 'workbook', rules: 0 });
    assert.match((await cli(D, 'check', wb)).out, /审核规则：工作簿所带的默认版本[\s\S]*rules: the bundled defaults carried by the workbook/);
  });

  it('import --server: the plan file carries the store’s rules with their revision; check and report --plan use them and say so', async () => {
    const doc = join(D, '2023年计划草案.txt');
    writeFileSync(doc, readFileSync(join('/work/shared/seeds', '001_93452b618e0c123c.txt')));
    const planFile = join(D, 'imported.json');
    const imp = await cli(D, 'import', doc, '--id', s.plan!.id, '--year', '2023', '--server', s.url, '--token', s.tokens.reviewer, '-o', planFile);
    assert.ok(imp.code === EXIT.OK || imp.code === EXIT.BAD_INPUT, imp.err);
    assert.match(imp.err, /计划文件携带[^\n]*审核规则：服务器第1版/);
    const carried = (JSON.parse(readFileSync(planFile, 'utf8')) as { carried: { rules: { rev: number; value: RuleSet } } }).carried;
    assert.equal(carried.rules.rev, 1);
    assert.equal(carried.rules.value.version, 'strict-precision');

    // The plan file's copy also judges the CSV check: the precision rule is an error there.
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as { targets: { indicator: string; units: string[] }[] };
    const someone = plan.targets.find((t) => t.indicator === '一般公共预算收入')?.units[0] ?? FILLER_UNIT;
    writeFileSync(join(D, 'figures.csv'), `填报单位,指标,报告期,数值,同比增长,上年同期,说明\n${someone},一般公共预算收入,2023-06,58.1834,4.1,,\n`);
    const c = await cli(D, 'check', '--plan', planFile, '--figures', 'figures.csv', '--format', 'json');
    const findings = (JSON.parse(c.out) as { findings: { rule: string; severity: string }[] }).findings;
    assert.ok(
      findings.some((x) => x.rule === 'precision' && x.severity === 'error'),
      c.out,
    );
    assert.match(c.err, /审核规则：计划文件所带第1版/);
    const r = await cli(D, 'report', '--plan', planFile, '--figures', 'figures.csv');
    assert.match(r.err, /审核规则：计划文件所带第1版[^\n]*\nrules: revision 1 carried by the plan file/);

    // The store keeps its own: a plan file's copy is dropped on import.
    assert.equal((await call(s.url, s.tokens.admin, 'POST', '/api/plans', JSON.parse(readFileSync(planFile, 'utf8')))).status < 300, true);
    const stored = await call(s.url, s.tokens.admin, 'GET', `/api/plans/${s.plan!.id}`);
    assert.equal((stored.body as { carried?: unknown }).carried, undefined);
  });
  it('a 强制性 审核公式 published with rules import --server, a workbook filled from the store: offline check finds it; one verdict (exit, ✓/✗, 可以上报) offline, with --server, for the CSV check and for submit', async () => {
    // The test above replaced the stored plan with a one-document import: the store's own plan again.
    assert.ok((await call(s.url, s.tokens.admin, 'POST', '/api/plans', s.plan)).status < 300);
    const sheet = join(D, '审核公式.xlsx');
    await writeRulesWorkbook(sheet, [[...COLUMNS], ['S1', '[一般公共预算收入] <= 50', '强制性', '', '', '', '', '', ''], ['W1', '[一般公共预算收入] <= 40', '核实性', '', '', '', '', '', '']]);
    const imp = await cli(D, 'rules', 'import', sheet, '--server', s.url, '--token', s.tokens.admin, '--plan-id', s.plan!.id);
    assert.equal(imp.code, EXIT.OK, imp.err + imp.out);
    const wb = join(D, 'formula.xlsx');
    const filled = await cli(D, 'fill', '--template', 'indicators', '--unit', FILLER_UNIT, '--period', '2023-06', '--server', s.url, '--token', s.tokens.filler, '--plan-id', s.plan!.id, '-o', wb);
    assert.equal(filled.code, EXIT.OK, filled.err);
    await typeInto(wb, 'figures/一般公共预算收入/growth', 4.1);

    // 70 > 50: the 强制性 rule is an error offline as on the store.
    await typeInto(wb, 'figures/一般公共预算收入/value', 70);
    const online = await cli(D, 'check', wb, '--server', s.url, '--token', s.tokens.filler, '--format', 'json');
    const offline = await cli(D, 'check', wb, '--format', 'json');
    assert.deepEqual(findingsOf(offline.out).findings, findingsOf(online.out).findings);
    assert.ok(
      findingsOf(offline.out).findings.some((x) => x.rule === 'S1' && x.severity === 'error'),
      offline.out,
    );
    assert.deepEqual([offline.code, online.code], [EXIT.FINDINGS, EXIT.FINDINGS]);

    // 45: no error, one unexplained 核实性 warning. Submit refuses it, so every check says 不能上报 and exits 1.
    await typeInto(wb, 'figures/一般公共预算收入/value', 45);
    const texts = [await cli(D, 'check', wb), await cli(D, 'check', wb, '--server', s.url, '--token', s.tokens.filler)];
    for (const t of texts) {
      assert.equal(t.code, EXIT.FINDINGS, t.out);
      assert.match(t.out, /^✗ /m);
      assert.match(t.out, /不能上报[^\n]*\/ may not be submitted/);
      assert.doesNotMatch(t.out, /可以上报/);
      assert.match(t.out, /W1/);
    }
    assert.equal(findingsOf((await cli(D, 'check', wb, '--format', 'json')).out).ok, false);
    writeFileSync(join(D, 'w1.csv'), `填报单位,指标,报告期,数值,同比增长,上年同期,说明\n${FILLER_UNIT},一般公共预算收入,2023-06,45,4.1,,\n`);
    writeFileSync(join(D, 'store-plan.json'), JSON.stringify({ ...s.plan, carried: undefined }));
    // The CSV check with the store's plan and rules as files: the same verdict.
    writeFileSync(join(D, 'store-rules.json'), JSON.stringify((await call(s.url, s.tokens.admin, 'GET', '/api/rules')).body.value));
    const csv = await cli(D, 'check', '--plan', 'store-plan.json', '--figures', 'w1.csv', '--rules', 'store-rules.json');
    assert.equal(csv.code, EXIT.FINDINGS, csv.out + csv.err);
    assert.match(csv.out, /不能上报[^\n]*\/ may not be submitted/);
    const push = await cli(D, 'push', wb, '--server', s.url, '--token', s.tokens.filler);
    assert.equal(push.code, EXIT.OK, push.out + push.err);
    const refused = await cli(D, 'submit', '--unit', FILLER_UNIT, '--period', '2023-06', '--form', 'indicators', '--server', s.url, '--token', s.tokens.filler, '--plan-id', s.plan!.id);
    assert.equal(refused.code, EXIT.FINDINGS, refused.out + refused.err);

    // Explained in 说明: every check says 可以上报 and exits 0, and submit accepts.
    await typeInto(wb, 'figures/一般公共预算收入/note', '本月有一次性大额入库');
    for (const t of [await cli(D, 'check', wb), await cli(D, 'check', wb, '--server', s.url, '--token', s.tokens.filler)]) {
      assert.equal(t.code, EXIT.OK, t.out);
      assert.match(t.out, /^✓ /m);
      assert.match(t.out, /可以上报 \/ may be submitted/);
    }
    writeFileSync(join(D, 'w1.csv'), `填报单位,指标,报告期,数值,同比增长,上年同期,说明\n${FILLER_UNIT},一般公共预算收入,2023-06,45,4.1,,本月有一次性大额入库\n`);
    const csvOk = await cli(D, 'check', '--plan', 'store-plan.json', '--figures', 'w1.csv', '--rules', 'store-rules.json');
    assert.equal(csvOk.code, EXIT.OK, csvOk.out + csvOk.err);
    assert.match(csvOk.out, /可以上报 \/ may be submitted/);
    assert.equal((await cli(D, 'push', wb, '--server', s.url, '--token', s.tokens.filler)).code, EXIT.OK);
    const accepted = await cli(D, 'submit', '--unit', FILLER_UNIT, '--period', '2023-06', '--form', 'indicators', '--server', s.url, '--token', s.tokens.filler, '--plan-id', s.plan!.id);
    assert.equal(accepted.code, EXIT.OK, accepted.out + accepted.err);
  });
});
