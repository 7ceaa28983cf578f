/**
 * Importer speed per file format: each LibreOffice-made fixture (test/fixtures/formats) and the
 * corpus's real .docx and .pdf read from disk through readDocumentFile and imported, repeatedly —
 * documents/s and MB/s of file bytes, side by side — and linearity in document size: a .docx, a web
 * page and a workbook grown 1×, 4× and 16× by repeating their body (the same content, more of it),
 * where the time per KB should stay about the same.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readDocumentFile } from '../src/hosts/node/read-document';
import { importDocuments } from '../src/importer';

const FORMATS = path.resolve(__dirname, '../test/fixtures/formats');
const CORPUS = path.resolve(__dirname, '../../shared/corpus/documents');
const SEED_000 = path.resolve(__dirname, '../../shared/seeds/000_85ed7cce525b80c5.txt');

async function time(fn: () => Promise<void>): Promise<{ wall: number; cpu: number }> {
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(c);
  return { wall: Number(process.hrtime.bigint() - t) / 1e6, cpu: (d.user + d.system) / 1000 };
}

/**
 * Fastest wall time and median of several runs (other work on a shared machine only ever adds
 * time), and the fastest CPU time of this process — its own cost, which the machine's load hides
 * less (pdfjs runs its worker in this thread under Node, so PDF work is counted too).
 */
async function best(runs: number, fn: () => Promise<void>): Promise<{ min: number; median: number; cpu: number }> {
  await fn();
  const ts: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < runs; i++) ts.push(await time(fn));
  const walls = ts.map((t) => t.wall).sort((a, b) => a - b);
  return { min: walls[0], median: walls[Math.floor(walls.length / 2)], cpu: Math.min(...ts.map((t) => t.cpu)) };
}

async function importFile(file: string): Promise<void> {
  importDocuments([(await readDocumentFile(file)).doc]);
}

const pad = (s: string, n: number): string => s.padEnd(n);
const num = (x: number, d: number, n: number): string => x.toFixed(d).padStart(n);

async function throughput(): Promise<void> {
  const files: [string, string][] = [
    ['text (seed 000)', SEED_000],
    ...['docx', 'doc', 'pdf', 'html'].map((e): [string, string] => [`.${e} (000)`, path.join(FORMATS, `midyear.${e}`)]),
    ...['xlsx', 'xls', 'ods', 'csv'].map((e): [string, string] => [`.${e} (division)`, path.join(FORMATS, `division.${e}`)]),
    ['.docx (qiandongnan)', path.join(CORPUS, 'qiandongnan-2016-bulletin.docx')],
    ['.pdf (zhoukou, 13 p.)', path.join(CORPUS, 'zhoukou-2023-bulletin.pdf')],
  ];
  console.log(`${pad('format (document)', 24)}${'KB'.padStart(7)}${'docs/s'.padStart(9)}${'MB/s'.padStart(8)}${'ms/doc'.padStart(9)}${'median'.padStart(9)}${'CPU ms'.padStart(9)}`);
  for (const [label, file] of files) {
    const kb = statSync(file).size / 1024;
    // About half a second of work per format, at least 3 runs.
    const once = (await time(() => importFile(file))).wall;
    const n = Math.max(3, Math.min(200, Math.round(500 / Math.max(once, 1))));
    const { min, median, cpu } = await best(n, () => importFile(file));
    console.log(`${pad(label, 24)}${num(kb, 0, 7)}${num(1000 / min, 0, 9)}${num(kb / 1024 / (min / 1000), 2, 8)}${num(min, 1, 9)}${num(median, 1, 9)}${num(cpu, 1, 9)}`);
  }
}

/** A .docx whose body is the fixture's body k times over. */
async function docxTimes(k: number, out: string): Promise<void> {
  const zip = await JSZip.loadAsync(readFileSync(path.join(FORMATS, 'midyear.docx')));
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const m = /(<w:body>)([\s\S]*?)(<w:sectPr[\s\S]*<\/w:body>)/.exec(xml);
  if (!m) throw new Error('midyear.docx: no body');
  zip.file('word/document.xml', xml.replace(m[0], m[1] + m[2].repeat(k) + m[3]));
  writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer' }));
}

/** A web page whose body is the fixture's body k times over. */
function htmlTimes(k: number, out: string): void {
  const html = readFileSync(path.join(FORMATS, 'midyear.html'), 'utf8');
  writeFileSync(
    out,
    html.replace(/(<body[^>]*>)([\s\S]*)(<\/body>)/, (_, a: string, b: string, c: string) => a + b.repeat(k) + c),
  );
}

/** A workbook whose task rows are the fixture's k times over, as LibreOffice's workbook holds them. */
async function xlsxTimes(k: number, out: string): Promise<void> {
  const src = new ExcelJS.Workbook();
  await src.xlsx.readFile(path.join(FORMATS, 'division.xlsx'));
  const rows: ExcelJS.CellValue[][] = [];
  src.worksheets[0].eachRow((r) => rows.push((r.values as ExcelJS.CellValue[]).slice(1)));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRows(rows.slice(0, 2));
  for (let i = 0; i < k; i++) ws.addRows(rows.slice(2).map((r) => (typeof r[0] === 'number' ? [r[0] + i * 7, ...r.slice(1)] : r)));
  await wb.xlsx.writeFile(out);
}

async function linearity(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'planbook-bench-'));
  try {
    const kinds: [string, string, (k: number, out: string) => Promise<void> | void][] = [
      ['.docx (000)', 'docx', docxTimes],
      ['.html (000)', 'html', htmlTimes],
      ['.xlsx (division)', 'xlsx', xlsxTimes],
    ];
    // Per copy of the content, not per KB of file: a workbook's rows compress to almost nothing.
    console.log(`\nlinearity: CPU ms per copy of the content (file KB) at 1×, 4×, 16×; ratio 16×/1× (1.00 = linear)`);
    for (const [label, ext, make] of kinds) {
      const perCopy: number[] = [];
      const cells: string[] = [];
      for (const k of [1, 4, 16]) {
        const file = path.join(dir, `x${k}.${ext}`);
        await make(k, file);
        const kb = statSync(file).size / 1024;
        const { cpu } = await best(9, () => importFile(file));
        perCopy.push(cpu / k);
        cells.push(`${(cpu / k).toFixed(1)} ms (${kb.toFixed(0)} KB)`.padStart(20));
      }
      console.log(`${pad(label, 18)}${cells.join('')}   ${(perCopy[2] / perCopy[0]).toFixed(2)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runFormats(): Promise<void> {
  console.log('\nper format: read from disk + import; docs/s, MB/s and ms/doc from the fastest wall time, then the median wall time and the fastest CPU time of this process');
  await throughput();
  await linearity();
}
