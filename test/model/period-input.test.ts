import { strict as assert } from 'node:assert';
import { readPeriod } from '../../src/model/period';

describe('periods as people type them (readPeriod)', () => {
  const cases: [string | number, string][] = [
    ['2023-06', '2023-06'],
    ['2023-6', '2023-06'],
    ['2023/6', '2023-06'],
    ['2023年6月', '2023-06'],
    ['2023年12月', '2023-12'],
    ['2023年1-6月', '2023-06'],
    ['2023年1—6月', '2023-06'],
    ['2023年1至9月', '2023-09'],
    ['２０２３年６月', '2023-06'],
    ['2023年上半年', '2023-H1'],
    ['2023年第二季度', '2023-Q2'],
    ['2023-h1', '2023-H1'],
    ['2023', '2023'],
    [2023, '2023'],
    [45078, '2023-06'],
    [45107.5, '2023-06'],
  ];
  for (const [input, want] of cases) {
    it(`${JSON.stringify(input)} → ${want}, saying how it was read`, () => {
      const r = readPeriod(input);
      assert.equal(r?.period, want);
      assert.match(r!.read.zh, new RegExp(`读作 ${want}`));
      assert.match(r!.read.en, new RegExp(`read as ${want}`));
    });
  }
  for (const bad of ['2023-13', '2023年13月', 'June', '', '12', 3.5]) {
    it(`${JSON.stringify(bad)} is not a period`, () => assert.equal(readPeriod(bad), null));
  }
});
