/**
 * Reading figures and task progress from CSV: headers in English or Chinese, bad rows as findings with row numbers.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readFiguresCsv, readTaskProgressCsv } from '../../src/rules';
import { PlanbookError } from '../../src/model/errors';

describe('figures CSV', () => {
  it('reads English headers in any order', () => {
    const r = readFiguresCsv('period,indicator,value,unit,growth,base,note\n2023-06,一般公共预算收入,58.18,区财政局,4.1,55.89,\n');
    assert.deepEqual(r.items, [{ orgUnit: '区财政局', indicator: '一般公共预算收入', period: '2023-06', value: 58.18, growth: 4.1, sameLastYear: 55.89, note: '' }]);
    assert.deepEqual(r.rows, [2]);
  });

  it('reads Chinese headers, a BOM, CRLF, quoted fields, 4.1% and 1,234.5', () => {
    const r = readFiguresCsv('\uFEFF填报单位,指标,报告期,数值,同比增长,上年同期,说明\r\n区商务局,社会消费品零售总额,2023-06,"1,234.5",3.2%,,"有逗号，也有""引号"""\r\n');
    assert.equal(r.items[0]!.value, 1234.5);
    assert.equal(r.items[0]!.growth, 3.2);
    assert.equal(r.items[0]!.note, '有逗号，也有"引号"');
  });

  it('keeps text values as text so the checks can name them, and empty as null', () => {
    const r = readFiguresCsv('indicator,period,value,growth\n税收总额,2023-06,约159亿,\n税收总额,2023-05,NaN,\n税收总额,2023-04,Infinity,\n税收总额,2023-03,0x10,\n');
    assert.deepEqual(
      r.items.map((f) => [f.value, f.growth]),
      [
        ['约159亿', null],
        ['NaN', null],
        ['Infinity', null],
        ['0x10', null],
      ],
    );
  });

  it('a row without indicator or period is a finding with its row number; the rest are read', () => {
    const r = readFiguresCsv('indicator,period,value\n税收总额,2023-06,1\n,2023-06,2\n税收总额,,3\n社会消费品零售总额,2023-06,4\n');
    assert.deepEqual(
      r.items.map((f) => f.value),
      [1, 4],
    );
    assert.deepEqual(r.rows, [2, 5]);
    assert.deepEqual(
      r.findings.map((f) => f.numbers.row),
      [3, 4],
    );
    assert.match(r.findings[0]!.message.zh, /第3行/);
    assert.match(r.findings[0]!.message.en, /Row 3/);
    assert.equal(r.findings[0]!.severity, 'error');
  });

  it('a malformed row (unclosed quote) is a finding, not a throw', () => {
    const r = readFiguresCsv('indicator,period,value\n税收总额,2023-06,1\n"税收总额,2023-07,2\n');
    assert.equal(r.items.length, 1);
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0]!.rule, 'csv-row');
  });

  it('a file without the needed columns is a clear bilingual error', () => {
    assert.throws(
      () => readFiguresCsv('名称,数量\n税收总额,1\n'),
      (e: unknown) => e instanceof PlanbookError && e.code === 'VALIDATION' && e.zh.includes('指标（indicator）') && e.en.includes('indicator, period, value'),
    );
    assert.throws(
      () => readFiguresCsv(''),
      (e: unknown) => e instanceof PlanbookError && e.en.includes('empty'),
    );
  });
});

describe('task progress CSV', () => {
  it('reads Chinese headers and flags bad task numbers by row', () => {
    const r = readTaskProgressCsv('填报单位,任务序号,报告期,状态,完成进度,进展情况,说明\n区人力社保局,12,2023-06,推进中,60%,进展顺利,\n区人力社保局,十二,2023-06,推进中,,,\n');
    assert.deepEqual(r.items, [{ orgUnit: '区人力社保局', taskNo: 12, period: '2023-06', status: '推进中', progress: 60, text: '进展顺利', note: '' }]);
    assert.deepEqual(
      r.findings.map((f) => f.numbers.row),
      [3],
    );
  });
  it('needs task, period and status columns', () => {
    assert.throws(
      () => readTaskProgressCsv('unit,period\nx,2023-06\n'),
      (e: unknown) => e instanceof PlanbookError && e.en.includes('taskNo'),
    );
  });
});

describe('figures CSV: every error-*.csv fixture fails clearly and keeps its good rows', () => {
  const dir = path.resolve(__dirname, '../fixtures/figures');
  const files = readdirSync(dir).filter((f) => f.startsWith('error-') && f.endsWith('.csv'));

  it('there are error fixtures', () => assert.ok(files.length >= 3));

  for (const f of files) {
    it(f, () => {
      const text = readFileSync(`${dir}/${f}`, 'utf8');
      let result;
      try {
        result = readFiguresCsv(text);
      } catch (e) {
        assert.ok(e instanceof PlanbookError, `${f}: not a PlanbookError: ${String(e)}`);
        assert.ok(/[\u4e00-\u9fff]/.test(e.zh) && e.en.length > 10);
        return;
      }
      assert.ok(result.findings.length > 0, `${f} gave no finding`);
      for (const x of result.findings) assert.ok(x.numbers.row! >= 2 && x.message.zh.includes(`第${x.numbers.row}行`) && x.message.en.includes(`Row ${x.numbers.row}`));
    });
  }

  it('error-bad-rows.csv keeps its one good row', () => {
    const r = readFiguresCsv(readFileSync(`${dir}/error-bad-rows.csv`, 'utf8'));
    assert.deepEqual(
      r.items.map((x) => [x.indicator, x.value]),
      [['税收总额', 158.9]],
    );
    assert.deepEqual(
      r.findings.map((x) => x.numbers.row),
      [3, 4, 5],
    );
  });
});
