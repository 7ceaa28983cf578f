import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { readDocumentFile } from '../../src/hosts/node/read-document';
import { readDocument } from '../../src/importer';

const DIR = path.resolve(__dirname, '../fixtures/division-formats');

/** Written by reading the table in songxi-2025-division.html. */
const TASKS = [
  [1, '主要预期目标', '地区生产总值增长6%左右', ['黄河'], ['县发改局', '县统计局'], '2025-12-31'],
  [2, '主要预期目标', '一般公共预算收入增长5%', ['黄河'], ['县财政局', '县税务局'], '2025-12-31'],
  [3, '项目建设', '建成松溪大桥并通车', ['林海'], ['县交通运输局', '县住建局', '松源街道'], '2025-09-30'],
];

/** The division-of-work reader sees a table row the same whatever the file format (real files made by LibreOffice). */
describe('importer: a division-of-work table reads the same from .html, .docx and .pdf', () => {
  for (const ext of ['html', 'docx', 'pdf']) {
    it(`.${ext}: every task with its leaders, units and deadline, the targets of the targets section, no problem`, async () => {
      const { doc } = await readDocumentFile(path.join(DIR, `songxi-2025-division.${ext}`));
      const r = readDocument(doc);
      assert.equal(r.info.kind, 'division-of-work');
      assert.equal(r.output.planYear, 2025);
      assert.deepEqual(r.output.problems, []);
      assert.deepEqual(
        r.output.tasks.map((t) => [t.no, t.section, t.text, t.leaders, t.units, t.deadline]),
        TASKS,
      );
      assert.deepEqual(
        r.output.targets.map((t) => [t.taskNo, t.indicator, t.comparator, t.value, t.measureUnit]),
        [
          [1, '地区生产总值', 'approx', 6, '%'],
          [2, '一般公共预算收入', 'gte', 5, '%'],
        ],
      );
    });
  }
});
