import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync, closeSync, openSync, ftruncateSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';
import { validatePlan } from '../../src/model/validate-plan';
import type { Plan } from '../../src/model/plan';
import { seedPath, FIXTURES_DIR } from './seeds';

const REPO = path.resolve(__dirname, '../..');

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(args: string[], cwd: string): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), cwd, env: {} };
  const code = await main(['import', ...args], io);
  return { code, out, err };
}

/** A table row in makeDocx: cells, each one paragraph or several. */
type Row = { row: (string | string[])[] };

/** A minimal but real .docx: the parts Word needs, one <w:p> per line, consecutive rows as one <w:tbl>. */
async function makeDocx(blocks: (string | Row)[]): Promise<Buffer> {
  const zip = new JSZip();
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const p = (t: string): string => `<w:p><w:r><w:t xml:space="preserve">${esc(t)}</w:t></w:r></w:p>`;
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  let body = '';
  let inTable = false;
  for (const b of blocks) {
    if (typeof b === 'string') {
      if (inTable) body += '</w:tbl>';
      inTable = false;
      body += p(b);
      continue;
    }
    if (!inTable) body += '<w:tbl>';
    inTable = true;
    body += `<w:tr>${b.row.map((c) => `<w:tc>${(Array.isArray(c) ? c : [c]).map(p).join('')}</w:tc>`).join('')}</w:tr>`;
  }
  if (inTable) body += '</w:tbl>';
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}

describe('planbook import (CLI, in process)', function () {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'planbook-import-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const seeds = ['000', '001', '002', '003', '004'].map(seedPath);

  it('imports the five seeds: plan JSON on stdout that validates, a summary with counts on stderr, exit 0', async () => {
    const r = await run([...seeds, '--id', 'tongzhou-2023', '--year', '2023'], dir);
    assert.equal(r.code, 0, r.err);
    const plan = JSON.parse(r.out) as Plan;
    assert.ok(validatePlan(plan).ok);
    assert.equal(plan.id, 'tongzhou-2023');
    assert.equal(plan.year, 2023);
    assert.equal(plan.tasks.length, 138);
    assert.equal(plan.units.length, 73);
    assert.equal(plan.documents.length, 5);
    assert.match(r.err, /任务 tasks 138/);
    assert.match(r.err, /责任单位 units 73/);
    assert.match(r.err, /牵头领导 leaders 10/);
    assert.match(r.err, new RegExp(`数据 actuals ${plan.actuals.length}`));
    // 001 names two different 签约项目 counts the same way: reported, not imported.
    assert.match(r.err, /问题 \/ Problems \(2\):\n  001_93452b618e0c123c\.txt 第51行 \/ line 51: “签约项目”（2020）在第51、85行有不同的数值/);
    // 000's 城镇登记失业率 and 003's 登记失业率 are one catalog indicator: the one left out is named.
    assert.match(r.err, /000_85ed7cce525b80c5\.txt 第47行 \/ line 47: “城镇登记失业率控制在5%以内”.*报表和审核只采用后者/);
  });

  it('says per document and per kind what was read and how much was not (the problems)', async () => {
    const files = ['circled-numbering.txt', 'bracket-fields.txt', 'ji-title.txt'].map((f) => path.join(FIXTURES_DIR, f));
    const r = await run(files, dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /circled-numbering\.txt: 重点工作分工方案 \/ division of work 2025 — 目标 targets 2, 任务 tasks 4, 数据 actuals 0, 五年目标 goals 0, 未读\/问题 problems 1/);
    assert.match(r.err, /按类型 \/ by kind 重点工作分工方案 \/ division of work ×2: 目标 targets 2, 任务 tasks 8, 数据 actuals 0, 五年目标 goals 0, 未读\/问题 problems 1/);
    assert.match(r.err, /按类型 \/ by kind 计划执行情况与计划草案的报告 \/ plan execution report and draft plan ×1: 目标 targets 4, 任务 tasks 0, 数据 actuals 3/);
    assert.match(r.err, /circled-numbering\.txt 第7行 \/ line 7: 任务编号从3跳到5/);
  });

  it('--out keeps an existing file unless --force, then replaces it whole; stdout stays empty', async () => {
    const out = path.join(dir, 'plan.json');
    writeFileSync(out, '{"old": true}');
    let r = await run([seeds[3], '--out', out], dir);
    assert.equal(r.code, 3, r.err);
    assert.match(r.err, /已存在，未覆盖[\s\S]*exists and was kept[\s\S]*--force/);
    assert.equal(readFileSync(out, 'utf8'), '{"old": true}');
    r = await run([seeds[3], '--out', out, '--force'], dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    const plan = JSON.parse(readFileSync(out, 'utf8')) as Plan;
    assert.equal(plan.tasks.length, 138);
    assert.equal(plan.id, 'plan-2023');
  });

  it('an empty file: a clear message, no plan, exit 3', async () => {
    const f = path.join(dir, 'empty.txt');
    writeFileSync(f, '');
    const r = await run([f], dir);
    assert.equal(r.code, 3);
    assert.equal(r.out, '');
    assert.match(r.err, /empty\.txt：文件是空的/);
    assert.match(r.err, /the file is empty/);
  });

  it('a file of only blank lines counts as empty', async () => {
    const f = path.join(dir, 'blank.txt');
    writeFileSync(f, '\n \r\n\t\n');
    const r = await run([f], dir);
    assert.equal(r.code, 3);
    assert.match(r.err, /没有文字|contains no text/);
  });

  it('a binary file: refused as not a text document, exit 3', async () => {
    const f = path.join(dir, 'image.png');
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 97 + 13) % 256;
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
    writeFileSync(f, bytes);
    const r = await run([f], dir);
    assert.equal(r.code, 3);
    assert.equal(r.out, '');
    assert.match(r.err, /不是文本文档/);
    assert.match(r.err, /not a text document/);
  });

  it('a GBK-encoded seed is detected, decoded, said so, and imported like the UTF-8 one', async () => {
    const f = path.join(dir, '003-gbk.txt');
    writeFileSync(f, iconv.encode(readFileSync(seeds[3], 'utf8'), 'gbk'));
    const r = await run([f], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /GBK\/GB18030/);
    const plan = JSON.parse(r.out) as Plan;
    assert.equal(plan.tasks.length, 138);
    assert.deepEqual(plan.tasks[10].units, ['区委政法委', '区发展改革委', '区住房城乡建设委', '市规划自然资源委通州分局', '区房屋征收事务中心']);
  });

  it('a UTF-8 file with a BOM reads the same as without', async () => {
    const f = path.join(dir, '003-bom.txt');
    writeFileSync(f, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(seeds[3])]));
    const r = await run([f], dir);
    assert.equal(r.code, 0, r.err);
    const plan = JSON.parse(r.out) as Plan;
    assert.equal(plan.tasks.length, 138);
    assert.equal(plan.documents[0].title, '2023年通州区政府工作报告重点工作分工方案');
  });

  it('a UTF-16 file with a BOM is read and said so', async () => {
    const f = path.join(dir, '003-utf16.txt');
    writeFileSync(f, Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(readFileSync(seeds[3], 'utf8'), 'utf-16le')]));
    const r = await run([f], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /UTF-16/);
    assert.equal((JSON.parse(r.out) as Plan).tasks.length, 138);
  });

  it('a 50 MB file is refused by its size, before it is read (a sparse file: no 50 MB is ever written)', async () => {
    const f = path.join(dir, 'huge.txt');
    const fd = openSync(f, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    assert.equal(statSync(f).size, 50 * 1024 * 1024);
    const r = await run([f], dir);
    assert.equal(r.code, 3);
    assert.match(r.err, /文件过大（50\.0 MB，上限 20\.0 MB）/);
    assert.match(r.err, /too large \(50\.0 MB, limit 20\.0 MB\)/);
  });

  it('--max-size lowers or raises the limit', async () => {
    const low = await run([seeds[3], '--max-size', '0.01'], dir);
    assert.equal(low.code, 3);
    assert.match(low.err, /上限 0\.0 MB|limit 0\.0 MB/);
    const ok = await run([seeds[3], '--max-size', '1'], dir);
    assert.equal(ok.code, 0);
    const bad = await run([seeds[3], '--max-size', 'lots'], dir);
    assert.equal(bad.code, 2);
  });

  it('a document of another kind (English prose) gives a clear problem, no plan, exit 3', async () => {
    const f = path.join(dir, 'article.txt');
    writeFileSync(f, 'Quarterly update\n\nThe city council met on Tuesday and discussed the budget, which grew by 5% to 1000 million.\n');
    const r = await run([f], dir);
    assert.equal(r.code, 3);
    assert.equal(r.out, '');
    assert.match(r.err, /article\.txt: 这不像是计划类文档/);
    assert.match(r.err, /does not look like a plan document/);
  });

  it('documents of two places imported together: the plan comes out and the summary says so in both languages', async () => {
    const a = path.join(dir, 'qingxi.txt');
    const b = path.join(dir, 'yunxi.txt');
    writeFileSync(
      a,
      '青溪区2025年重点工作任务分工方案\n一、经济发展\n1.新建产业园区2个。\n牵头领导：韩松\n责任单位：区发改局\n完成时限：2025年12月底\n2.新增市场主体3000户。\n牵头领导：韩松\n责任单位：区市场监管局\n完成时限：2025年10月底\n3.建成5G基站200个。\n牵头领导：韩松\n责任单位：区经信局\n完成时限：2025年9月底\n',
    );
    writeFileSync(b, '云溪市2025年政府工作报告\n2025年全市经济社会发展的主要预期目标是：地区生产总值增长6%左右。\n');
    const r = await run([a, b], dir);
    assert.equal(r.code, 0);
    assert.match(r.err, /「青溪区2025年计划」/);
    assert.match(r.err, /yunxi\.txt: 这些文档来自不同地区（青溪区、云溪市）.* \/ These documents are about different places/);
  });

  it('one bad file among good ones: the plan from the good ones still comes out, the exit is 3', async () => {
    const f = path.join(dir, 'empty2.txt');
    writeFileSync(f, '');
    const r = await run([seeds[3], f], dir);
    assert.equal(r.code, 3);
    assert.equal((JSON.parse(r.out) as Plan).tasks.length, 138);
    assert.match(r.err, /无法读取 \/ unreadable: empty2\.txt/);
  });

  it('two files of the same name are cited by their paths, so sources stay unambiguous', async () => {
    for (const sub of ['a', 'b']) {
      mkdirSync(path.join(dir, sub), { recursive: true });
      writeFileSync(path.join(dir, sub, 'plan.txt'), readFileSync(path.join(FIXTURES_DIR, sub === 'a' ? 'ascii-colons.txt' : 'paren-numbering.txt')));
    }
    const r = await run(['a/plan.txt', 'b/plan.txt'], dir);
    assert.equal(r.code, 0, r.err);
    const plan = JSON.parse(r.out) as Plan;
    assert.deepEqual(
      plan.documents.map((d) => d.id),
      [path.join('a', 'plan.txt'), path.join('b', 'plan.txt')],
    );
    assert.deepEqual([...new Set(plan.tasks.map((t) => t.source.document))], [path.join('a', 'plan.txt'), path.join('b', 'plan.txt')]);
  });

  it('a file that does not exist: exit 3 with its name', async () => {
    const r = await run([path.join(dir, 'nope.txt')], dir);
    assert.equal(r.code, 3);
    assert.match(r.err, /nope\.txt：文件不存在/);
  });

  it('a real .docx (built here with jszip) is read through mammoth', async () => {
    const lines = readFileSync(path.join(FIXTURES_DIR, 'ascii-colons.txt'), 'utf8').split('\n');
    const f = path.join(dir, 'plan.docx');
    writeFileSync(f, await makeDocx(lines));
    const r = await run([f], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /已从 Word 文档中提取文字/);
    const plan = JSON.parse(r.out) as Plan;
    assert.deepEqual(
      plan.tasks.map((t) => [t.no, t.leaders, t.units, t.deadline]),
      [
        [1, ['郑皓'], ['区财政局'], '2023-12-31'],
        [2, ['董明慧'], ['区民政局', '各乡镇政府'], '2023-10-31'],
      ],
    );
    assert.equal(plan.targets[0].indicator, '一般公共预算收入');
  });

  it('a .docx whose tasks are a Word table: rows become tab-separated lines, wrapped cells one value', async () => {
    const f = path.join(dir, 'table.docx');
    writeFileSync(
      f,
      await makeDocx([
        '2024年某区重点工作任务分工方案',
        { row: ['序号', '重点任务', '牵头领导', '责任单位', '完成时限'] },
        { row: ['一、主要预期目标'] },
        { row: ['1', '地区生产总值增长5%左右', '张明', '区发展改革委', '2024年12月底'] },
        { row: ['2', ['一般公共预算收入', '增长4%'], '张明', '区财政局', '2024年12月底'] },
        { row: ['二、改革开放'] },
        { row: ['3', '深化国资国企改革', ['李华、', '王强'], ['区国资委、', '区财政局'], '2024年6月'] },
        '某区人民政府办公室',
        '2024年1月20日印发',
      ]),
    );
    const r = await run([f], dir);
    assert.equal(r.code, 0, r.err);
    const plan = JSON.parse(r.out) as Plan;
    assert.deepEqual(
      plan.tasks.map((t) => [t.no, t.section, t.text, t.leaders, t.units, t.deadline]),
      [
        [1, '主要预期目标', '地区生产总值增长5%左右', ['张明'], ['区发展改革委'], '2024-12-31'],
        [2, '主要预期目标', '一般公共预算收入增长4%', ['张明'], ['区财政局'], '2024-12-31'],
        [3, '改革开放', '深化国资国企改革', ['李华', '王强'], ['区国资委', '区财政局'], '2024-06-30'],
      ],
    );
    assert.deepEqual(
      plan.targets.map((t) => [t.indicator, t.comparator, t.value]),
      [
        ['地区生产总值', 'approx', 5],
        ['一般公共预算收入', 'gte', 4],
      ],
    );
  });

  it('a damaged .docx is refused with a message, not a crash', async () => {
    const good = await makeDocx(['x']);
    const f = path.join(dir, 'broken.docx');
    writeFileSync(f, good.subarray(0, Math.floor(good.length / 2)));
    const r = await run([f], dir);
    assert.equal(r.code, 3);
    assert.match(r.err, /不是可读取的 Word 文档|not a readable Word document/);
  });

  it('usage errors exit 2: no file, a bad year, a bad id, an unknown option', async () => {
    assert.equal((await run([], dir)).code, 2);
    const y = await run([seeds[3], '--year', '23'], dir);
    assert.equal(y.code, 2);
    assert.match(y.err, /--year 应为四位年份/);
    assert.equal((await run([seeds[3], '--id', 'a b'], dir)).code, 2);
    assert.equal((await run([seeds[3], '--colour'], dir)).code, 2);
  });
});

describe('planbook import (a real process)', () => {
  it('node bin/planbook.js import ../shared/seeds/*.txt prints the plan and exits 0', () => {
    const files = ['000', '001', '002', '003', '004'].map((p) => path.relative(REPO, seedPath(p)));
    assert.ok(
      files.every((f) => f.startsWith(`..${path.sep}shared${path.sep}seeds${path.sep}`)),
      files.join(' '),
    );
    const r = spawnSync(process.execPath, ['bin/planbook.js', 'import', ...files], { cwd: REPO, encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as Plan;
    assert.equal(plan.tasks.length, 138);
    assert.ok(validatePlan(plan).ok);
    // The division of work (003, 2023) decides the plan's year, not the latest year mentioned (002's 2024).
    assert.match(r.stderr, /计划 \/ Plan: plan-2023/);
    assert.equal(plan.year, 2023);
  });
});
