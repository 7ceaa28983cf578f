/**
 * A small hand-made plan in the shape the importer produces for seed 003 (items 1–3 and three tasks),
 * and a blank template laid out in memory from a spec, as scripts/make-templates.ts lays out the real one.
 */
import type { Plan } from '../../src/model/plan';
import type { TemplateSpec } from '../../src/template/spec';
import { columnLetter } from '../../src/template/port';
import { MemoryWorkbook } from '../support/memory-workbook';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec } from '../../src/template/spec';

export const TEMPLATES = join(__dirname, '..', '..', 'templates');

export function specOf(id: string): TemplateSpec {
  return parseSpec(JSON.parse(readFileSync(join(TEMPLATES, `${id}.spec.json`), 'utf8')));
}

const src = (line: number) => ({ document: '003_d2e1d2fa9d54708a.txt', line });

export function smallPlan(): Plan {
  return {
    schemaVersion: 1,
    id: 'tongzhou-2023',
    name: '2023年通州区政府工作报告重点工作分工方案',
    year: 2023,
    targets: [
      {
        year: 2023,
        indicator: '地区生产总值',
        measure: 'growth',
        comparator: 'approx',
        value: 5,
        measureUnit: '%',
        text: '增长5%左右',
        leaders: ['郑皓'],
        units: ['区发展改革委'],
        deadline: '2023-12-31',
        source: src(18),
        taskNo: 1,
      },
      {
        year: 2023,
        indicator: '一般公共预算收入',
        measure: 'growth',
        comparator: 'gte',
        value: 3,
        measureUnit: '%',
        text: '增长3%',
        leaders: ['郑皓'],
        units: ['区财政局'],
        deadline: '2023-12-31',
        source: src(26),
        amount: 92.1,
        taskNo: 2,
      },
      {
        year: 2023,
        indicator: '全社会固定资产投资',
        measure: 'level',
        comparator: 'gt',
        value: 1000,
        measureUnit: '亿元',
        text: '超千亿元',
        leaders: ['郑皓'],
        units: ['区发展改革委'],
        deadline: '2023-12-31',
        source: src(34),
        taskNo: 3,
      },
    ],
    tasks: [
      { year: 2023, no: 1, section: '主要预期目标', text: '实现地区生产总值增长5%左右。', leaders: ['郑皓'], units: ['区发展改革委'], deadline: '2023-12-31', source: src(18) },
      { year: 2023, no: 2, section: '主要预期目标', text: '一般公共预算收入增长3%。', leaders: ['郑皓'], units: ['区财政局'], deadline: '2023-12-31', source: src(26) },
      { year: 2023, no: 3, section: '主要预期目标', text: '全社会固定资产投资超千亿元。', leaders: ['郑皓'], units: ['区发展改革委'], deadline: '2023-12-31', source: src(34) },
      { year: 2023, no: 8, section: '主要预期目标', text: '大气污染物和水污染物排放完成市级下达的减排任务。', leaders: ['倪德才', '秦涛'], units: ['区生态环境局', '区水务局'], deadline: '2023-06-30', source: src(74) },
    ],
    actuals: [],
    goals: [],
    units: ['区发展改革委', '区财政局', '区生态环境局', '区水务局'],
    leaders: ['郑皓', '倪德才', '秦涛'],
    documents: [],
  };
}

/** A plan with `n` tasks all given to one unit: for the size tests and the benchmark. */
export function bigTaskPlan(n: number, unit = '区发展改革委'): Plan {
  const p = smallPlan();
  p.tasks = Array.from({ length: n }, (_v, i) => ({
    year: 2023,
    no: i + 1,
    section: '测试',
    text: `第${i + 1}项重点任务`,
    leaders: ['郑皓'],
    units: [unit],
    deadline: '2023-12-31',
    source: src(1),
  }));
  return p;
}

/** The blank template in memory: title row, unit/period row, header on row 4, one sample row, footer. */
export function memoryTemplate(spec: TemplateSpec): MemoryWorkbook {
  const wb = new MemoryWorkbook();
  const s = spec.sheet;
  wb.addSheet(s);
  const n = spec.table.columns.length;
  wb.type(s, 'A1', spec.title.zh);
  wb.type(s, 'A2', '填报单位：');
  spec.table.columns.forEach((c, i) => wb.type(s, `${columnLetter(i + 1)}4`, c.header));
  wb.names.set('pb_title', { sheet: s, address: 'A1' });
  if (Object.values(spec.cells).includes('orgUnit')) wb.names.set('pb_unit', { sheet: s, address: 'B2' });
  wb.names.set('pb_period', { sheet: s, address: `${columnLetter(n)}2` });
  wb.names.set(spec.table.header, { sheet: s, address: `A4:${columnLetter(n)}4` });
  wb.type(s, 'A8', '填表说明');
  wb.resetCalls();
  return wb;
}
