/**
 * `planbook report` in-process on the imported 2023 plan and the H1 figures: JSON rows with the issue's
 * keys, CSV with all tables, period choice, bad input.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { seedPlan2023, FIXTURES_DIR } from '../support/seed-plan';
import { captureIO } from '../support/capture-io';
import type { Table } from '../../src/report';
import type { Bilingual } from '../../src/model/i18n';

describe('planbook report', () => {
  let dir = '';
  const figures = path.join(FIXTURES_DIR, 'figures/tongzhou-2023-h1.csv');
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pb-report-'));
    writeFileSync(path.join(dir, 'plan.json'), JSON.stringify({ plan: seedPlan2023(), problems: [] }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const run = async (...args: string[]) => {
    const io = captureIO(dir);
    const code = await main(['report', ...args], io);
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  };

  it('JSON: the main table rows carry the issue keys and the documents numbers', async () => {
    const r = await run('--plan', 'plan.json', '--figures', figures);
    assert.equal(r.code, 0, r.err);
    const body = JSON.parse(r.out) as { period: string; tables: Table[]; sentences: Bilingual[] };
    assert.equal(body.period, '2023-06');
    const main = body.tables.find((t) => t.id === 'main-indicators')!;
    for (const k of ['indicator', 'measureUnit', 'target', 'value', 'growth', 'targetGrowth', 'diffPoints', 'completionPct', 'timeProgressPct', 'aheadPoints', 'status']) assert.ok(k in main.rows[0]!, k);
    const revenue = main.rows.find((x) => x.indicator === '一般公共预算收入')!;
    assert.equal(revenue.completionPct, 63.2);
    assert.equal(revenue.aheadPoints, 13.2);
    assert.deepEqual(
      body.tables.map((t) => t.id),
      ['main-indicators', 'tasks-by-section', 'tasks-by-leader', 'tasks-by-unit', 'tasks-overdue', 'submission-status'],
    );
    const status = body.tables.find((t) => t.id === 'submission-status')!;
    assert.equal(status.rows.find((x) => x.orgUnit === '区财政局')!.indicators, 'submitted');
    assert.equal(status.rows.find((x) => x.orgUnit === '区生态环境局')!.indicators, 'missing');
    assert.ok(body.sentences.some((s) => s.zh === '一般公共预算收入58.18亿元，同比增长4.1%，完成全年任务的63.2%，超时间进度13.2个百分点'));
  });

  it('CSV to a file: BOM once, every table under its title, English headers on request', async () => {
    const r = await run('--plan', 'plan.json', '--figures', figures, '--format', 'csv', '--lang', 'en', '-o', 'report.csv');
    assert.equal(r.code, 0, r.err);
    const csv = readFileSync(path.join(dir, 'report.csv'), 'utf8');
    assert.equal(csv.charCodeAt(0), 0xfeff);
    assert.equal(csv.indexOf('\uFEFF', 1), -1);
    for (const title of ['Main indicators against the annual targets', 'Key tasks by section', 'Overdue tasks', 'Submissions (2023-06)', 'Draft sentences']) assert.ok(csv.includes(title), title);
    // The row says whose figure it is and in what state (issue 10: the state shown).
    assert.ok(csv.includes('一般公共预算收入,亿元,一般公共预算收入增长3%,2023-06,Submitted,58.18,4.1,3,1.1,63.2,50,13.2,Met'));
  });

  it('--period picks the period; a period with no figures gives rows without data', async () => {
    const r = await run('--plan', 'plan.json', '--figures', figures, '--period', '2023-09');
    const body = JSON.parse(r.out) as { tables: Table[] };
    const main = body.tables[0]!;
    assert.equal(
      main.rows.every((x) => x.value === null),
      true,
    );
    assert.equal(main.rows.find((x) => x.indicator === '地区生产总值')!.timeProgressPct, 75);
  });

  it('bad input: a period that does not exist is a usage error; bad rows are reported and the rest still builds', async () => {
    const bad = await run('--plan', 'plan.json', '--figures', figures, '--period', '2023-13');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /2023-13/);
    writeFileSync(path.join(dir, 'rows.csv'), readFileSync(figures, 'utf8') + ',,2023-06,1,,,\n');
    const r = await run('--plan', 'plan.json', '--figures', 'rows.csv');
    assert.equal(r.code, 1);
    assert.match(r.err, /第15行/);
    const body = JSON.parse(r.out) as { tables: Table[] };
    assert.equal(body.tables[0]!.rows.find((x) => x.indicator === '地区生产总值')!.diffPoints, 0.2);
  });
});
