/**
 * PDF → blocks, through pdfjs-dist's text layer (the legacy build, which runs in Node without a DOM).
 *
 * A PDF has no lines or paragraphs, only glyph runs placed on a page. They are put back together as
 * a reader of the printed page would:
 * - runs on the same baseline (within a third of the text height) make a line, left to right; a gap
 *   wider than three characters between runs is a table column, so such a line is a table row;
 * - running heads and feet are dropped: a line in the top or bottom tenth of the page that is a page
 *   number (`— 1 —`, `- 2 -`, `第3页`, `3/13`) or that repeats on most pages with only its digits changing;
 * - a line that starts at the left margin (or two characters in), runs to the right margin and does not
 *   end a sentence continues on the next line when that starts at the left margin, which
 *   is how Chinese documents break a paragraph (its first line indented two characters) — across a
 *   page break too, so a footer in mid-sentence (corpus zhoukou-2023) no longer splits a figure.
 * Blocks carry `page` and `line`, the line counted in reading order over the whole document.
 *
 * Refused, each with a bilingual BAD_DOCUMENT error: a PDF with no text layer (a scan; it needs OCR),
 * a password-protected PDF, and a damaged one.
 */
import { pathToFileURL } from 'node:url';
import { block, type Block } from '../../importer';
import { isPlanbookError } from '../../model/errors';
import { bad } from './bad-document';
import { ruledTables, type TextRun } from './pdf-tables';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

// pdfjs-dist ships only ES modules; the Node build is CommonJS, whose compiled import() would be a
// require(). A Function keeps a real dynamic import.
// The module is named by its resolved file URL, so it loads wherever the CLI is started from.
const importEsm = new Function('s', 'return import(s)') as (s: string) => Promise<PdfJs>;
const PDFJS_URL = (): string => pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href;

type Run = TextRun;

interface PdfLine {
  text: string;
  /** Cells when the line has column gaps, else null. */
  cells: string[] | null;
  left: number;
  right: number;
  y: number;
  height: number;
  page: number;
}

const PAGE_NUMBER = /^(?:[-—–－~\s]*\d{1,4}[-—–－~\s]*|第\s*\d{1,4}\s*页(?:\s*[，,/共]\s*共?\s*\d+\s*页)?|\d{1,4}\s*\/\s*\d{1,4}|[Pp]age\s*\d+(?:\s*of\s*\d+)?)$/;
// A semicolon ends a clause, not a paragraph: a list of figures runs on across lines and pages.
const ENDS_SENTENCE = /[。！？：:!?]$|[。！？]["”’）)]$/;

function linesOfPage(runs: Run[], page: number): PdfLine[] {
  const sorted = runs.filter((r) => r.text.trim() !== '').sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: Run[][] = [];
  for (const r of sorted) {
    const g = groups[groups.length - 1];
    if (g && Math.abs(g[0].y - r.y) <= Math.max(2, g[0].height / 3)) g.push(r);
    else groups.push([r]);
  }
  return groups.map((g) => {
    g.sort((a, b) => a.x - b.x);
    const height = Math.max(...g.map((r) => r.height)) || 10;
    const cells: string[] = [g[0].text];
    let text = g[0].text;
    for (let i = 1; i < g.length; i++) {
      const gap = g[i].x - g[i - 1].right;
      if (gap > height * 3) cells.push(g[i].text);
      else cells[cells.length - 1] += (gap > height * 0.3 ? ' ' : '') + g[i].text;
      text += (gap > height * 0.3 ? ' ' : '') + g[i].text;
    }
    return { text: text.trim(), cells: cells.length > 1 ? cells.map((c) => c.trim()) : null, left: g[0].x, right: Math.max(...g.map((r) => r.right)), y: g[0].y, height, page };
  });
}

/** Heads and feet: page numbers near an edge, and edge lines that repeat on most pages. */
function dropRunningLines(pages: PdfLine[][], heights: number[]): PdfLine[][] {
  const nearEdge = (l: PdfLine): boolean => l.y > heights[l.page - 1] * 0.9 || l.y < heights[l.page - 1] * 0.1;
  const shape = (l: PdfLine): string => l.text.replace(/\d+/g, '#').replace(/\s+/g, '');
  const count = new Map<string, number>();
  for (const p of pages) for (const s of new Set(p.filter(nearEdge).map(shape))) count.set(s, (count.get(s) ?? 0) + 1);
  const repeated = (l: PdfLine): boolean => pages.length >= 3 && (count.get(shape(l)) ?? 0) >= pages.length / 2;
  return pages.map((p) => p.filter((l) => !(nearEdge(l) && (PAGE_NUMBER.test(l.text.replace(/\s+/g, ' ').trim()) || repeated(l)))));
}

/** Lines → blocks: table rows as they are, prose lines joined into paragraphs across breaks. */
function toBlocks(lines: PdfLine[]): Block[] {
  const out: Block[] = [];
  // The right margin of the body text: the widest lines' right edge, per page size alike.
  const rights = lines
    .filter((l) => !l.cells)
    .map((l) => l.right)
    .sort((a, b) => a - b);
  const margin = rights[Math.floor(rights.length * 0.9)] ?? 0;
  const lefts = lines
    .filter((l) => !l.cells)
    .map((l) => l.left)
    .sort((a, b) => a - b);
  const leftMargin = lefts[Math.floor(lefts.length * 0.1)] ?? 0;
  let para: { text: string; line: number; page: number; last: PdfLine } | null = null;
  const flush = (): void => {
    if (para) out.push(block.paragraph(para.text, { line: para.line, page: para.page }));
    para = null;
  };
  lines.forEach((l, i) => {
    const at = { line: i + 1, page: l.page };
    if (l.cells) {
      flush();
      out.push(block.row(l.cells, at));
      return;
    }
    if (para) {
      const prev: PdfLine = para.last;
      const full = prev.right >= margin - prev.height * 1.5;
      // Prose starts at the left margin (its first line indented about two characters); a label
      // placed elsewhere (a chart's 单位：万吨) is not the start of the next paragraph's sentence.
      const prose = prev.left <= leftMargin + prev.height * 2.5 && l.left <= leftMargin + l.height * 0.5;
      if (full && prose && !ENDS_SENTENCE.test(prev.text)) {
        para.text += l.text;
        para.last = l;
        return;
      }
    }
    flush();
    para = { text: l.text, line: i + 1, page: l.page, last: l };
  });
  flush();
  return out;
}

type PdfPage = Awaited<ReturnType<Awaited<ReturnType<PdfJs['getDocument']>['promise']>['getPage']>>;

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1], m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3], m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5]];
}

function isMatrix(x: unknown): x is Matrix {
  return Array.isArray(x) || ArrayBuffer.isView(x) ? (x as ArrayLike<unknown>).length === 6 && Array.from(x as ArrayLike<unknown>).every((n) => typeof n === 'number') : false;
}

/**
 * Bounding boxes of the paths a page draws (table borders among them), from its operator list, in
 * the coordinates of its text: each path's box is carried through the transformation in force
 * (`cm`, and form XObjects' matrices), as producers often draw in a flipped or scaled space.
 */
async function drawnBoxes(pdfjs: PdfJs, page: PdfPage): Promise<[number, number, number, number][]> {
  const ops = await page.getOperatorList();
  const OPS = pdfjs.OPS;
  const boxes: [number, number, number, number][] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  ops.fnArray.forEach((fn, i) => {
    const args = ops.argsArray[i] as unknown[] | null;
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform && args && isMatrix(args)) ctm = multiply(ctm, Array.from(args as unknown as Matrix) as Matrix);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      if (args && isMatrix(args[0])) ctm = multiply(ctm, Array.from(args[0]) as Matrix);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.constructPath) {
      // pdfjs 5: [paint op, path data, bounding box [x0, y0, x1, y1]].
      const box = args?.[2] as ArrayLike<number> | undefined;
      if (!box || box.length !== 4 || !Array.from(box).every(Number.isFinite)) return;
      const pts = [
        [box[0], box[1]],
        [box[2], box[3]],
      ].map(([x, y]) => [ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]]);
      boxes.push([Math.min(pts[0][0], pts[1][0]), Math.min(pts[0][1], pts[1][1]), Math.max(pts[0][0], pts[1][0]), Math.max(pts[0][1], pts[1][1])]);
    }
  });
  return boxes;
}

function errorName(e: unknown): string {
  return e && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : '';
}

/** A PDF's text layer as blocks; see the module comment for the layout rules and refusals. */
export async function pdfBlocks(buf: Buffer, name: string): Promise<Block[]> {
  const pdfjs = await importEsm(PDFJS_URL());
  let doc;
  try {
    doc = await pdfjs.getDocument({ data: new Uint8Array(buf), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  } catch (e) {
    if (errorName(e) === 'PasswordException') throw bad(name, 'PDF 文件有密码保护，无法读取；请去除密码后再导入', 'the PDF is password-protected and cannot be read; remove the password and import it again');
    throw bad(name, '不是可读取的 PDF 文件，文件可能已损坏；请重新下载或另存后再导入', 'not a readable PDF; the file may be damaged — download or save it again');
  }
  try {
    const pages: PdfLine[][] = [];
    const heights: number[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      heights.push(page.getViewport({ scale: 1 }).height);
      const content = await page.getTextContent();
      const runs: Run[] = [];
      for (const it of content.items) {
        if (!('str' in it)) continue;
        const [, , , d, x, y] = it.transform as number[];
        runs.push({ text: it.str, x, y, right: x + it.width, height: it.height || Math.abs(d) });
      }
      // Reading the drawing costs as much as the text: only on a page with column gaps, where a table may be.
      const mayHoldTable = linesOfPage(runs, p).some((l) => l.cells !== null);
      const { rows, rest } = mayHoldTable ? ruledTables(runs, await drawnBoxes(pdfjs, page)) : { rows: [], rest: runs };
      const tableLines: PdfLine[] = rows.map((r) => ({ text: r.cells.join(' '), cells: r.cells, left: 0, right: 0, y: r.top, height: 10, page: p }));
      pages.push([...linesOfPage(rest, p), ...tableLines].sort((a, b) => b.y - a.y));
      page.cleanup();
    }
    const lines = dropRunningLines(pages, heights).flat();
    if (lines.every((l) => l.text.replace(/\s/g, '') === ''))
      throw bad(
        name,
        'PDF 中没有文字层（可能是扫描件），需要先做文字识别（OCR）才能读取；请提供可复制文字的 PDF、Word 或文本文件',
        'the PDF has no text layer (probably a scan) and cannot be read without OCR; give a PDF with selectable text, a Word document or a text file',
      );
    return toBlocks(lines);
  } catch (e) {
    if (isPlanbookError(e)) throw e;
    throw bad(name, '不是可读取的 PDF 文件，文件可能已损坏；请重新下载或另存后再导入', 'not a readable PDF; the file may be damaged — download or save it again');
  } finally {
    await doc.destroy();
  }
}
