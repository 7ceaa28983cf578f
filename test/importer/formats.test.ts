/**
 * Every file format through the Node adapters, on real files written by LibreOffice
 * (test/fixtures/formats/README.md says how each was made) and on the corpus's real .docx and .pdf:
 * the same plan data must come out of each format of one document as out of its text, and every
 * file that cannot be read must be refused with a message in both languages and a non-zero exit.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readDocumentFile } from '../../src/hosts/node/read-document';
import { importDocuments, type SourceDocument } from '../../src/importer';
import type { Plan } from '../../src/model/plan';
import { seedPath } from './seeds';

const REPO = path.resolve(__dirname, '../..');
const FORMATS = path.resolve(__dirname, '../fixtures/formats');
const CORPUS = path.resolve(__dirname, '../../../shared/corpus/documents');

async function docOf(file: string): Promise<SourceDocument> {
  return (await readDocumentFile(file)).doc;
}

async function planOf(file: string): Promise<Plan> {
  return importDocuments([await docOf(file)]).plan;
}

const tasks = (p: Plan): unknown[] => p.tasks.map((t) => [t.no, t.section, t.text, t.leaders, t.units, t.deadline]);
const targets = (p: Plan): unknown[] => p.targets.map((t) => [t.indicator, t.measure, t.comparator, t.value, t.measureUnit, t.year]);
const actuals = (p: Plan): unknown[] => p.actuals.map((a) => [a.indicator, a.period, a.value, a.measureUnit, a.growth ?? null]).sort((a, b) => String(a).localeCompare(String(b)));

/** Runs the CLI as a user would, in a real process. */
function cli(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['bin/planbook.js', 'import', ...args], { cwd: REPO, encoding: 'utf8', timeout: 120000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('importer formats: one document in every format reads like its text', function () {
  this.timeout(60000);
  let divisionText: Plan;
  let midyearText: Plan;
  before(async () => {
    divisionText = await planOf(path.join(FORMATS, 'division.txt'));
    midyearText = await planOf(seedPath('000'));
    // The baselines themselves must hold data, or every comparison below would be empty = empty.
    assert.equal(divisionText.tasks.length, 7);
    assert.ok(divisionText.targets.length >= 2);
    assert.ok(midyearText.actuals.length >= 30);
  });

  for (const ext of ['docx', 'pdf', 'html', 'xlsx', 'xls', 'ods', 'csv']) {
    it(`division.${ext}: the same tasks (merged leader cells and wrapped cells included) and targets as division.txt`, async () => {
      const plan = await planOf(path.join(FORMATS, `division.${ext}`));
      assert.deepEqual(tasks(plan), tasks(divisionText));
      assert.deepEqual(targets(plan), targets(divisionText));
    });
  }

  it('division.doc: the same tasks, except that a merged leader cell is read in its first row only (word-extractor does not say which cells are merged)', async () => {
    const plan = await planOf(path.join(FORMATS, 'division.doc'));
    // Rows 2, 3, 5 and 7 sit under a leader cell merged from the row above.
    const expected = tasks(divisionText).map((t) => {
      const row = t as [number, string, string, string[], string[], string];
      return [2, 3, 5, 7].includes(row[0]) ? [row[0], row[1], row[2], [], row[4], row[5]] : row;
    });
    assert.deepEqual(tasks(plan), expected);
    assert.deepEqual(targets(plan), targets(divisionText));
  });

  it('.wps and .et (Kingsoft WPS, the same OLE formats) are read by their content: a .doc renamed .wps, a .xls renamed .et', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'planbook-formats-'));
    try {
      copyFileSync(path.join(FORMATS, 'division.doc'), path.join(dir, 'division.wps'));
      copyFileSync(path.join(FORMATS, 'division.xls'), path.join(dir, 'division.et'));
      assert.equal((await planOf(path.join(dir, 'division.wps'))).tasks.length, 7);
      assert.deepEqual(tasks(await planOf(path.join(dir, 'division.et'))), tasks(divisionText));
      // A Word file saved with a .txt name is still a Word file.
      copyFileSync(path.join(FORMATS, 'division.docx'), path.join(dir, 'division.txt'));
      assert.deepEqual(tasks(await planOf(path.join(dir, 'division.txt'))), tasks(divisionText));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const ext of ['docx', 'doc', 'pdf', 'html']) {
    it(`midyear.${ext} (seed 000 written by LibreOffice): the same actual figures and targets as the seed's text`, async () => {
      const plan = await planOf(path.join(FORMATS, `midyear.${ext}`));
      assert.deepEqual(actuals(plan), actuals(midyearText));
      assert.deepEqual(targets(plan), targets(midyearText));
    });
  }

  it('a table row keeps its true source line: .xlsx rows by row number, .html by the line of the <tr>, .docx by position', async () => {
    const xlsx = await planOf(path.join(FORMATS, 'division.xlsx'));
    assert.deepEqual(
      xlsx.tasks.map((t) => t.source.line),
      divisionText.tasks.map((t) => t.source.line),
    );
    const htmlFile = path.join(FORMATS, 'division.html');
    const htmlLines = readFileSync(htmlFile, 'utf8').split('\n');
    for (const t of (await planOf(htmlFile)).tasks) assert.ok(htmlLines[t.source.line - 1].includes('<tr'), `line ${t.source.line}: ${htmlLines[t.source.line - 1]}`);
    const docx = await planOf(path.join(FORMATS, 'division.docx'));
    // Title 1, header row 2, section 3, tasks 4–6, section 7, tasks 8–9, section 10, tasks 11–12.
    assert.deepEqual(
      docx.tasks.map((t) => t.source.line),
      [4, 5, 6, 8, 9, 11, 12],
    );
  });

  it('the corpus .pdf (zhoukou-2023): page footers gone, a sentence broken by a page break joined, table rows as rows, every line on its page', async () => {
    const doc = await docOf(path.join(CORPUS, 'zhoukou-2023-bulletin.pdf'));
    const blocks = doc.blocks ?? [];
    const texts = blocks.map((b) => (b.kind === 'row' ? b.cells.join('\t') : b.text));
    assert.ok(!texts.some((t) => /^[-—\s]*\d+[-—\s]*$/.test(t)), 'a page number survived');
    // 零售业…；(end of page 7) + 住宿业零售额…(top of page 8) are one paragraph.
    const joined = blocks.find((b) => b.kind === 'paragraph' && b.text.includes('零售业零售额') && b.text.includes('住宿业零售额'));
    assert.ok(joined, 'the paragraph across pages 7–8 was not joined');
    assert.equal(joined.at.page, 7);
    assert.ok(blocks.some((b) => b.kind === 'row' && b.cells[0].replace(/\s/g, '') === '粮食' && b.cells.includes('902.61')));
    // Table 6 is ruled above and below its header and at its end only: its rows are still rows, not one merged cell.
    assert.ok(blocks.some((b) => b.kind === 'row' && b.cells.join('|') === '货物运输总量|亿吨|2.92|6.6'));
    assert.ok(blocks.every((b, i) => b.at.page !== undefined && (i === 0 || b.at.line > blocks[i - 1].at.line)));
  });

  it('the corpus .docx (qiandongnan-2016): Word tables come out as rows, not one cell per line', async () => {
    const doc = await docOf(path.join(CORPUS, 'qiandongnan-2016-bulletin.docx'));
    const rows = (doc.blocks ?? []).filter((b) => b.kind === 'row');
    assert.ok(rows.length >= 20, `${rows.length} rows`);
    assert.ok(rows.every((r) => r.kind === 'row' && r.cells.length >= 2));
  });

  it('a saved government page: the content read, the menus, breadcrumb, 打印/字号/关闭窗口 and footer left out; GBK by its meta charset', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'planbook-formats-'));
    try {
      // The page around LibreOffice's HTML table: the chrome of a TRS-style 政务公开 page, saved in GB2312.
      const table = /<table[\s\S]*<\/table>/i.exec(readFileSync(path.join(FORMATS, 'division.html'), 'utf8'))?.[0] ?? '';
      const page = `<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>某区人民政府</title></head><body>
<div class="top-nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 通知公告</div>
<div class="main"><h1 class="article-title">2024年某区重点工作任务分工方案</h1>
<div class="info">发布时间：2024-01-20 字号：<a>大</a> <a>中</a> <a>小</a></div>
<div id="zoom" class="TRS_Editor">${table}</div>
<div>【打印本页】 【关闭窗口】</div></div>
<div class="footer">主办：某区人民政府办公室 版权所有 京ICP备00000000号</div><script>var x = "首页";</script></body></html>`;
      const iconv = (await import('iconv-lite')).default;
      const file = path.join(dir, 'page.htm');
      writeFileSync(file, iconv.encode(page, 'gbk'));
      const doc = await docOf(file);
      assert.deepEqual(tasks(importDocuments([doc]).plan), tasks(divisionText));
      for (const chrome of ['政务公开', '当前位置', '打印', '关闭窗口', '版权所有', '字号', 'var x']) assert.ok(!doc.text.includes(chrome), `${chrome} left in`);
      assert.ok(doc.text.startsWith('2024年某区重点工作任务分工方案'), doc.text.slice(0, 40));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('importer formats: files that cannot be read (node bin/planbook.js import, a real process)', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'planbook-badformats-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const refused = (file: string, zh: RegExp, en: RegExp): void => {
    const r = cli([file]);
    assert.equal(r.code, 3, r.err);
    assert.equal(r.out, '', 'no plan may be printed');
    assert.match(r.err, zh);
    assert.match(r.err, en);
  };

  it('a scanned PDF (an image, no text layer) says it needs OCR', () => {
    refused(path.join(FORMATS, 'scanned.pdf'), /没有文字层（可能是扫描件）.*文字识别（OCR）/, /no text layer \(probably a scan\).*without OCR/);
  });

  it('a password-protected PDF says so', () => {
    refused(path.join(FORMATS, 'password.pdf'), /PDF 文件有密码保护/, /password-protected/);
  });

  const cut = (name: string, out: string): string => {
    const buf = readFileSync(path.join(FORMATS, name));
    const f = path.join(dir, out);
    writeFileSync(f, buf.subarray(0, Math.floor(buf.length / 3)));
    return f;
  };

  it('a damaged PDF (cut short) says it is damaged', () => {
    refused(cut('midyear.pdf', 'cut.pdf'), /不是可读取的 PDF 文件，文件可能已损坏/, /not a readable PDF; the file may be damaged/);
  });

  it('a damaged .xlsx, .doc and .docx each say so, in their own words', () => {
    refused(cut('division.xlsx', 'cut.xlsx'), /不是可读取的 Excel 工作簿/, /not a readable Excel workbook/);
    refused(cut('division.doc', 'cut.doc'), /不是可读取的|不是可识别的文档格式/, /not a readable|not a document format that can be read/);
    refused(cut('division.docx', 'cut.docx'), /不是可读取的 Word 文档/, /not a readable Word document/);
  });

  it('one bad file among good ones: the plan of the good one still comes out, and the exit is 3', () => {
    const r = cli([path.join(FORMATS, 'division.xlsx'), path.join(FORMATS, 'scanned.pdf')]);
    assert.equal(r.code, 3);
    assert.equal((JSON.parse(r.out) as Plan).tasks.length, 7);
    assert.match(r.err, /scanned\.pdf：PDF 中没有文字层/);
  });
});
