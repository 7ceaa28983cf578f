/**
 * `planbook check` in-process: real plan.json (imported from 003), the H1 figures fixture, exit codes
 * 0 / 1 / 2 / 3, formats text / json / csv.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import iconv from 'iconv-lite';
import { main } from '../../src/cli/main';
import { seedPlan2023, FIXTURES_DIR } from '../support/seed-plan';
import { captureIO } from '../support/capture-io';
import type { Finding } from '../../src/model/finding';

describe('planbook check', () => {
  let dir = '';
  const figures = path.join(FIXTURES_DIR, 'figures/tongzhou-2023-h1.csv');
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pb-check-'));
    writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(seedPlan2023()));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (...args: string[]) => {
    const io = captureIO(dir);
    const code = await main(['check', ...args], io);
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  };

  it('exit 1 with the unexplained 社零 warning, printed in both languages', async () => {
    const r = await run('--plan', 'plan.json', '--figures', figures);
    assert.equal(r.code, 1);
    assert.match(r.out, /社会消费品零售总额同比增长3.2%，低于全年预期目标/);
    assert.match(r.out, /growth 3.2% is 1.8 points below the annual target/);
    assert.match(r.out, /0 errors, 1 warnings \(1 unexplained\)/);
  });

  it('exit 0 once the warning is explained, json format', async () => {
    const text = readFileSync(figures, 'utf8').replace('区商务局,社会消费品零售总额,2023-06,269.8,3.2,,', '区商务局,社会消费品零售总额,2023-06,269.8,3.2,,接触性消费恢复中');
    writeFileSync(path.join(dir, 'explained.csv'), text);
    const r = await run('--plan', 'plan.json', '--figures', 'explained.csv', '--format', 'json');
    assert.equal(r.code, 0);
    const body = JSON.parse(r.out) as { findings: Finding[] };
    assert.equal(body.findings.length, 1);
    assert.equal(body.findings[0]!.explained, true);
  });

  it('bad rows and bad values: exit 1, every problem listed, csv format with BOM', async () => {
    writeFileSync(
      path.join(dir, 'bad.csv'),
      'unit,indicator,period,value,growth\n区财政局,一般公共预算收入,2023-13,58.18,4.1\n区财政局,不存在的指标,2023-06,1,\n区财政局,税收总额,2023-06,abc,\n,,2023-06,1,\n区人力社保局,登记失业率,2023-06,3.66,\n',
    );
    const r = await run('--plan', 'plan.json', '--figures', 'bad.csv', '--format', 'csv');
    assert.equal(r.code, 1);
    assert.equal(r.out.charCodeAt(0), 0xfeff);
    for (const s of ['csv-row', 'bad-period', 'unknown-indicator', 'number']) assert.ok(r.out.includes(s), `${s} missing in\n${r.out}`);
  });

  it('overdue tasks with --tasks and --today', async () => {
    writeFileSync(path.join(dir, 'tasks.csv'), '填报单位,任务序号,报告期,状态,完成进度\n区发展改革委,10,2023-09,推进中,60\n');
    writeFileSync(path.join(dir, 'none.csv'), 'indicator,period,value\n');
    const plan = seedPlan2023();
    const due = plan.tasks.find((t) => t.no === 10)!.deadline!;
    const after = new Date(Date.parse(due) + 86400000).toISOString().slice(0, 10);
    const r = await run('--plan', 'plan.json', '--figures', 'none.csv', '--tasks', 'tasks.csv', '--today', after, '--format', 'json');
    const body = JSON.parse(r.out) as { findings: Finding[] };
    assert.deepEqual(
      body.findings.map((f) => f.rule),
      ['task-overdue'],
    );
    assert.equal(r.code, 1);
  });

  it('a district rules file is used; a broken one is exit 3 with every problem', async () => {
    writeFileSync(path.join(dir, 'rules.json'), JSON.stringify({ version: 'd1', rules: [{ id: 'only-ceiling', kind: 'target-ceiling', severity: 'error' }] }));
    const ok = await run('--plan', 'plan.json', '--figures', figures, '--rules', 'rules.json');
    assert.equal(ok.code, 0, ok.out + ok.err);
    writeFileSync(path.join(dir, 'broken-rules.json'), JSON.stringify({ version: 'd1', rules: [{ id: 'x', kind: 'nope', severity: 'error' }, { kind: 'number' }] }));
    const bad = await run('--plan', 'plan.json', '--figures', figures, '--rules', 'broken-rules.json');
    assert.equal(bad.code, 3);
    assert.match(bad.err, /规则文件 broken-rules.json 有误/);
    assert.match(bad.err, /unknown kind "nope"/);
    assert.match(bad.err, /Rule 2 has no id/);
  });

  it('unreadable input is exit 3: missing plan, plan not JSON, figures without columns', async () => {
    writeFileSync(path.join(dir, 'notjson.json'), '{ nope');
    writeFileSync(path.join(dir, 'nocols.csv'), 'a,b\n1,2\n');
    const missing = await run('--plan', 'nope.json', '--figures', figures);
    assert.equal(missing.code, 3);
    assert.match(missing.err, /无法读取计划文件/);
    assert.equal((await run('--plan', 'notjson.json', '--figures', figures)).code, 3);
    const nocols = await run('--plan', 'plan.json', '--figures', 'nocols.csv');
    assert.equal(nocols.code, 3);
    assert.match(nocols.err, /nocols.csv/);
    assert.match(nocols.err, /lacks required columns/);
    assert.equal((await run('--plan', 'plan.json', '--figures', 'missing.csv')).code, 3);
  });

  it('usage errors are exit 2 in both languages: missing option, bad format, bad date, unknown option, a stray positional', async () => {
    const cases: [string[], RegExp][] = [
      [['--figures', figures], /缺少 --plan[\s\S]*Missing --plan/],
      [['--plan', 'plan.json', '--figures', figures, '--format', 'xml'], /--format must be one of text, json, csv/],
      [['--plan', 'plan.json', '--figures', figures, '--today', '2023-02-30'], /YYYY-MM-DD/],
      [['--plan', 'plan.json', '--figures', figures, '--bogus'], /Bad arguments/],
      [['figures.csv'], /Arguments not supported \(figures.csv\)/],
    ];
    for (const [args, re] of cases) {
      const r = await run(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, re);
    }
  });

  it('offline, first month, nothing in the plan about its size: a 万元 figure in a 亿元 row is caught by the catalog’s magnitude', async () => {
    const text = readFileSync(figures, 'utf8').replace('区商务局,社会消费品零售总额,2023-06,269.8,3.2,,', '区商务局,社会消费品零售总额,2023-06,2698000,3.2,,');
    writeFileSync(path.join(dir, 'wan.csv'), text);
    const r = await run('--plan', 'plan.json', '--figures', 'wan.csv', '--format', 'json');
    assert.equal(r.code, 1);
    const mix = (JSON.parse(r.out) as { findings: Finding[] }).findings.filter((f) => f.rule === 'unit-mixup');
    assert.equal(mix.length, 1, JSON.stringify(mix));
    assert.match(mix[0]!.message.zh, /社会消费品零售总额本期数值2,?698,?000远大于一个区县本期的常见规模.*指标目录的常见量级/, 'the seed plan states only a growth for 社零: the catalog judges');
    assert.equal(mix[0]!.severity, 'warning');
  });

  it('-o writes the findings to a file', async () => {
    const r = await run('--plan', 'plan.json', '--figures', figures, '--format', 'json', '-o', 'out.json');
    assert.equal(r.out, '');
    const body = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')) as { findings: Finding[] };
    assert.equal(body.findings[0]!.rule, 'target-approx');
  });
});

describe('planbook check: CSV encodings as Excel saves them', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pb-enc-'));
    writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(seedPlan2023()));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const utf8 = readFileSync(path.join(FIXTURES_DIR, 'figures/tongzhou-2023-h1.csv'), 'utf8');

  const run = async (file: string) => {
    const io = captureIO(dir);
    const code = await main(['check', '--plan', 'plan.json', '--figures', file, '--format', 'json'], io);
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  };

  it('GBK (Excel “CSV” on Chinese Windows) and UTF-16 read the same as UTF-8', async () => {
    writeFileSync(path.join(dir, 'gbk.csv'), iconv.encode(utf8, 'gbk'));
    writeFileSync(path.join(dir, 'utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(utf8, 'utf-16le')]));
    const expected = (await run(path.join(FIXTURES_DIR, 'figures/tongzhou-2023-h1.csv'))).out;
    for (const f of ['gbk.csv', 'utf16.csv']) {
      const r = await run(f);
      assert.equal(r.code, 1, r.err);
      assert.equal(r.out, expected);
    }
  });

  it('a workbook passed as --figures is unreadable input (exit 3), not garbage findings', async () => {
    writeFileSync(path.join(dir, 'book.csv'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0x62, 0xee, 0x9d, 0x68, 0x5e, 0x01]));
    const r = await run('book.csv');
    assert.equal(r.code, 3);
    assert.match(r.err, /--figures 应为 CSV 数据文件.*book\.csv 是 Excel 工作簿[\s\S]*--figures takes a CSV figures file/);
  });
});
