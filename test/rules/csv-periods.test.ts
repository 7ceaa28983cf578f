/**
 * The periods of a figures CSV as the forms print them (F2.7): "2023年1-6月", "2023-6", "2023年6月",
 * full-width "２０２３－０５" are read by the one period reader (model/period.ts readPeriod) with an info
 * line saying how, and give the same findings and report as the same file written 2023-06; a month that
 * does not exist is still refused.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../../src/cli/command';
import { seedPlan2023 } from '../support/seed-plan';
import { cliIn } from '../support/cli-run';
import { scratch } from '../hosts/xlsx/helpers';

const HEAD = '填报单位,指标,报告期,数值,同比增长,上年同期,说明\n';

interface Json {
  findings: { rule: string; severity: string; subject: { period: string } }[];
}

describe('figures CSV: periods as the forms print them (F2.7)', function () {
  this.timeout(60000);
  const tmp = scratch();
  const D = tmp.dir;
  before(() => writeFileSync(join(D, 'plan.json'), JSON.stringify(seedPlan2023())));
  after(() => tmp.cleanup());

  const spellings: [string, string, string][] = [
    ['2023年1-6月', '2023年1-5月', 'the forms’ own heading'],
    ['2023-6', '2023-5', 'month without its zero'],
    ['2023年6月', '2023年5月', 'year and month in Chinese'],
    ['２０２３－０６', '２０２３－０５', 'full-width digits'],
  ];
  for (const [june, may, what] of spellings) {
    it(`${what}: "${june}" is 2023-06, with an info line, and the checks are those of 2023-06`, async () => {
      writeFileSync(join(D, 'a.csv'), `${HEAD}区财政局,一般公共预算收入,${may},60,,,\n区财政局,一般公共预算收入,${june},58.18,,,\n`);
      writeFileSync(join(D, 'b.csv'), `${HEAD}区财政局,一般公共预算收入,2023-05,60,,,\n区财政局,一般公共预算收入,2023-06,58.18,,,\n`);
      const a = await cliIn(D, 'check', '--plan', 'plan.json', '--figures', 'a.csv', '--format', 'json');
      const b = await cliIn(D, 'check', '--plan', 'plan.json', '--figures', 'b.csv', '--format', 'json');
      const fa = (JSON.parse(a.out) as Json).findings;
      const fb = (JSON.parse(b.out) as Json).findings;
      assert.deepEqual(
        fa.filter((f) => f.rule === 'csv-period').map((f) => f.subject.period),
        ['2023-05', '2023-06'],
      );
      assert.ok(!fa.some((f) => f.rule === 'bad-period'), a.out);
      // The cumulative figure falling from 60 to 58.18 is found the same way in both spellings.
      assert.deepEqual(
        fa.filter((f) => f.rule !== 'csv-period').map((f) => `${f.rule}/${f.severity}/${f.subject.period}`),
        fb.map((f) => `${f.rule}/${f.severity}/${f.subject.period}`),
      );
      assert.ok(
        fb.some((f) => f.rule === 'cumulative-decrease'),
        b.out,
      );
      assert.equal(a.code, b.code);
    });
  }

  it('the report reads the same periods: 一般公共预算收入 58.18 is 63.1% of the annual amount either way', async () => {
    writeFileSync(join(D, 'c.csv'), `${HEAD}区财政局,一般公共预算收入,2023年1-6月,58.18,,,\n`);
    const r = await cliIn(D, 'report', '--plan', 'plan.json', '--figures', 'c.csv', '--period', '2023-06', '--format', 'json');
    assert.equal(r.code, EXIT.OK, r.err);
    const { tables } = JSON.parse(r.out) as { tables: { id: string; rows: { indicator: string; value: number | null }[] }[] };
    const row = tables.find((t) => t.id === 'main-indicators')!.rows.find((x) => x.indicator === '一般公共预算收入')!;
    assert.equal(row.value, 58.18);
  });

  it('a month that does not exist is still an error, in both languages', async () => {
    writeFileSync(join(D, 'd.csv'), `${HEAD}区财政局,一般公共预算收入,2023年13月,58.18,,,\n`);
    const r = await cliIn(D, 'check', '--plan', 'plan.json', '--figures', 'd.csv');
    assert.equal(r.code, EXIT.FINDINGS);
    assert.match(r.out + r.err, /bad-period[\s\S]*“2023年13月”不存在[\s\S]*does not exist/);
  });
});
