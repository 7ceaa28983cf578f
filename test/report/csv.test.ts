/**
 * CSV export: UTF-8 with BOM, formula injection neutralised in text cells, numbers (negative too) kept as numbers.
 */
import { strict as assert } from 'node:assert';
import { tableToCsv, findingsToCsv, type Table } from '../../src/report';
import { readFiguresCsv } from '../../src/rules';
import type { Finding } from '../../src/model/finding';

const table: Table = {
  id: 't',
  title: { zh: '表', en: 'Table' },
  columns: [
    { key: 'name', header: { zh: '指标', en: 'Indicator' }, type: 'text' },
    { key: 'v', header: { zh: '数值', en: 'Value' }, type: 'number' },
    { key: 's', header: { zh: '状态', en: 'Status' }, type: 'enum', labels: { met: { zh: '达到目标', en: 'Met' } } },
  ],
  rows: [
    { name: '=HYPERLINK("http://x","点我")', v: -1.8, s: 'met' },
    { name: '+1+1', v: 0, s: null },
    { name: '-2+3', v: null, s: 'met' },
    { name: '@SUM(A1)', v: 1.5, s: 'met' },
    { name: '\t=1', v: 2, s: 'met' },
    { name: '\r=1', v: 3, s: 'met' },
    { name: '一般公共预算收入', v: 58.18, s: 'met' },
  ],
};

describe('CSV export', () => {
  const csv = tableToCsv(table, 'zh');
  const lines = csv.split('\r\n');

  it('starts with a UTF-8 BOM and writes Chinese headers and labels', () => {
    assert.equal(csv.charCodeAt(0), 0xfeff);
    assert.equal(lines[0], '\uFEFF指标,数值,状态');
    assert.equal(lines[7], '一般公共预算收入,58.18,达到目标');
  });

  it('neutralises = + - @ tab and CR at the start of text cells', () => {
    assert.equal(lines[1], `"'=HYPERLINK(""http://x"",""点我"")",-1.8,达到目标`);
    assert.equal(lines[2], `"'+1+1",0,`);
    assert.equal(lines[3], `"'-2+3",,达到目标`);
    assert.equal(lines[4], `"'@SUM(A1)",1.5,达到目标`);
    assert.ok(csv.includes(`"'\t=1",2`));
    assert.ok(csv.includes(`"'\r=1",3`));
  });

  it('keeps negative numbers as numbers (no quote prefix)', () => {
    assert.ok(lines[1]!.endsWith(',-1.8,达到目标'));
  });

  it('an enum cell reading __proto__ or constructor is written as text, not a label', () => {
    const t: Table = {
      ...table,
      rows: [
        { name: 'x', v: 1, s: '__proto__' },
        { name: 'y', v: 2, s: 'constructor' },
      ],
    };
    const out = tableToCsv(t, 'zh').split('\r\n');
    assert.equal(out[1], 'x,1,__proto__');
    assert.equal(out[2], 'y,2,constructor');
  });

  it('English and bilingual headers', () => {
    assert.ok(tableToCsv(table, 'en').startsWith('\uFEFFIndicator,Value,Status'));
    assert.ok(tableToCsv(table, 'both').startsWith('\uFEFF指标 / Indicator'));
  });

  it('findings CSV round-trips through the CSV reader shape (BOM, quotes, Chinese)', () => {
    const f: Finding = {
      rule: 'number',
      severity: 'error',
      subject: { kind: 'figure', orgUnit: '=区财政局', indicator: '税收总额', period: '2023-06' },
      field: 'figures/税收总额/value',
      message: { zh: '“约159亿”不是数字，请填写数字', en: '"about 159" is not a number; enter digits' },
      numbers: {},
      explained: false,
    };
    const out = findingsToCsv([f], 'zh');
    assert.equal(out.charCodeAt(0), 0xfeff);
    assert.ok(out.includes("'=区财政局"));
    assert.ok(out.includes('错误,number'));
    // a figures CSV written by hand and read back keeps its BOM-less header
    assert.equal(readFiguresCsv('\uFEFFindicator,period,value\n税收总额,2023-06,-3\n').items[0]!.value, -3);
  });
});
