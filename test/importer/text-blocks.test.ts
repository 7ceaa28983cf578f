/**
 * Plain text → blocks: tables copied from web pages put back into rows, and the bridge from blocks to
 * the readers keeping each line's true source line.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { textBlocks } from '../../src/importer/text-blocks';
import { normaliseBlocks, blockLine } from '../../src/importer/blocks-to-text';
import { normaliseText } from '../../src/importer/normalize';
import { block, importDocuments } from '../../src/importer';
import { allSeeds } from './seeds';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus/documents');
const rows = (text: string): string[][] => textBlocks(text).flatMap((b) => (b.kind === 'row' ? [b.cells] : []));

describe('importer: plain text → blocks (tables copied from web pages)', () => {
  it('text without tables reads exactly as before: every seed normalises to the same lines and source lines', () => {
    for (const s of allSeeds()) assert.deepEqual(normaliseBlocks(textBlocks(s.text)), normaliseText(s.text), s.id);
  });

  it('yunyang-2023: one cell per line under a 5-column header becomes rows; the section heading spanning the table stays a line', () => {
    const text = readFileSync(path.join(CORPUS, 'yunyang-2023-division-plan.txt'), 'utf8');
    const bs = textBlocks(text);
    const header = bs.find((b) => b.kind === 'row');
    assert.ok(header && header.kind === 'row');
    assert.deepEqual(header.cells, ['序号', '目标任务', '牵头单位', '责任单位', '责任人']);
    const heading = bs.find((b) => b.kind === 'paragraph' && b.text.startsWith('一、主要经济社会发展指标'));
    assert.ok(heading);
    const first = bs.find((b) => b.kind === 'row' && b.cells[0] === '1');
    assert.ok(first && first.kind === 'row');
    assert.deepEqual(first.cells, ['1', '★地区生产总值增长15%。', '区发改局']);
    // The row points at the line of its serial number in the file.
    assert.equal(text.split('\n')[first.at.line - 1], '1');
  });

  it('cells parted by lines of "|": a doubled "|" is an empty cell; the table ends where prose resumes', () => {
    const text = [
      '附件',
      '序号',
      '|',
      '重点任务',
      '|',
      '牵头单位',
      '|',
      '责任单位',
      '|',
      '完成时限',
      '1',
      '|',
      '建成养老驿站10家',
      '|',
      '区民政局',
      '|',
      '|',
      '2024年12月底',
      '2',
      '|',
      '改造老旧小区20个',
      '|',
      '区住建委',
      '|',
      '各街道',
      '|',
      '2024年11月底',
      '以上任务请各单位认真落实，每季度末报送进展情况。',
    ].join('\n');
    assert.deepEqual(rows(text), [
      ['序号', '重点任务', '牵头单位', '责任单位', '完成时限'],
      ['1', '建成养老驿站10家', '区民政局', '', '2024年12月底'],
      ['2', '改造老旧小区20个', '区住建委', '各街道', '2024年11月底'],
    ]);
    assert.ok(textBlocks(text).some((b) => b.kind === 'paragraph' && b.text.startsWith('以上任务')));
  });

  it('cells parted by one blank line: three blank lines hold an empty cell; without 序号, rows are every N cells', () => {
    const text = ['重点任务', '', '责任单位', '', '完成时限', '', '建成养老驿站10家', '', '', '', '2024年12月底', '', '改造老旧小区20个', '', '区住建委', '', '2024年11月底'].join('\n');
    assert.deepEqual(rows(text), [
      ['重点任务', '责任单位', '完成时限'],
      ['建成养老驿站10家', '', '2024年12月底'],
      ['改造老旧小区20个', '区住建委', '2024年11月底'],
    ]);
  });

  it('pipe rows (a page table as a search index keeps it) are rows; the --- rule is dropped; a lone word list is not a header', () => {
    assert.deepEqual(rows('文 号 | 无 | 信息分类： | 其他 |\n---|---|---|---|\n发布机构 | 区发改局（区粮食局） | 有 效 性 | 有效 |'), [
      ['文 号', '无', '信息分类：', '其他'],
      ['发布机构', '区发改局（区粮食局）', '有 效 性', '有效'],
    ]);
    // Two header words are not a table: 目标 and 任务 as ordinary short lines stay paragraphs.
    assert.deepEqual(rows('目标\n任务\n全年目标任务如下。'), []);
  });

  it('a division of work as one cell per line reads like the same table with tabs (same tasks, same fields)', () => {
    const tab = [
      '2024年某区重点工作任务分工方案',
      '序号\t重点任务\t牵头领导\t责任单位\t完成时限',
      '1\t地区生产总值增长5%左右\t张明\t区发展改革委\t2024年12月底',
      '2\t深化国资国企改革\t李华\t区国资委、区财政局\t2024年6月',
    ].join('\n');
    const cells = [
      '2024年某区重点工作任务分工方案',
      '',
      ...tab
        .split('\n')
        .slice(1)
        .flatMap((l) => l.split('\t').flatMap((c) => [c, ''])),
    ].join('\n');
    const a = importDocuments([{ id: 'tab.txt', text: tab }]).plan.tasks;
    const b = importDocuments([{ id: 'cells.txt', text: cells }]).plan.tasks;
    assert.equal(a.length, 2);
    assert.deepEqual(
      b.map((t) => [t.no, t.text, t.leaders, t.units, t.deadline]),
      a.map((t) => [t.no, t.text, t.leaders, t.units, t.deadline]),
    );
  });
});

describe('importer: blocks → the readers’ lines', () => {
  it('a row is its cells joined by tabs; a spanning row is a line; an item carries its enumerator', () => {
    assert.equal(blockLine(block.row(['1', '任务', '区财政局'], { line: 3 })), '1\t任务\t区财政局');
    assert.equal(blockLine(block.row(['一、主要目标', '', ''], { line: 3 })), '一、主要目标');
    assert.equal(blockLine(block.row(['一、主要目标', '一、主要目标'], { line: 3 })), '一、主要目标');
    assert.equal(blockLine(block.item('深化改革', '1.', { line: 3 })), '1.深化改革');
    assert.equal(blockLine(block.row(['a\tb', 'c\nd'], { line: 1 })), 'a b\tc d');
  });

  it('every fact points at its block’s source line, not at its position in the generated text', () => {
    const blocks = [
      block.paragraph('2024年某区重点工作任务分工方案', { line: 10 }),
      block.row(['序号', '重点任务', '牵头领导', '责任单位', '完成时限'], { line: 40 }),
      block.row(['1', '地区生产总值增长5%左右', '张明', '区发展改革委', '2024年12月底'], { line: 57 }),
      block.row(['2', '一般公共预算收入增长4%', '张明', '区财政局', '2024年12月底'], { line: 74 }),
    ];
    const { plan } = importDocuments([{ id: 'x.html', text: '', blocks }]);
    assert.deepEqual(
      plan.tasks.map((t) => t.source.line),
      [57, 74],
    );
  });
});
