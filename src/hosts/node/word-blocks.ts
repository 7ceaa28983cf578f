/**
 * Word documents → blocks. A .docx goes through mammoth's HTML, whose tables keep their rows and
 * merged cells (colspan, rowspan), then through the HTML walker (html-blocks.ts) — so a Word table
 * is table rows, a merged 责任单位 is every spanned row's unit, and a numbered list is items.
 * An old .doc (and a .wps, which Kingsoft WPS writes in the same OLE format) goes through
 * word-extractor, which gives the body text with a tab after each table cell and a line per row;
 * those lines are read as text is (text-blocks.ts), so its tables are rows too. word-extractor
 * does not say which cells are merged: a vertically merged cell is read in its first row only.
 */
import mammoth from 'mammoth';
import WordExtractor from 'word-extractor';
import { textBlocks } from '../../importer/text-blocks';
import type { Block } from '../../importer';
import { htmlBlocks } from './html-blocks';
import { damaged } from './bad-document';

export async function docxBlocks(buf: Buffer, name: string): Promise<Block[]> {
  let html: string;
  try {
    // Images are not read: mammoth would inline each as base64, which for a bulletin full of charts
    // (corpus qiandongnan-2016, 585 KB) more than doubles the time and parses megabytes for nothing.
    html = (await mammoth.convertToHtml({ buffer: buf }, { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) })).value;
  } catch {
    throw damaged(name, ' Word 文档（.docx）', 'Word document (.docx)');
  }
  return htmlBlocks(html, false);
}

/**
 * word-extractor folds typographic quotes and dashes to ASCII (“两区” → "两区", —— → --); Chinese
 * text writes them full-width, and the readers know indicator names by them, so in a line with
 * Chinese text they are put back: straight double quotes pair into “ ”, a doubled hyphen is ——.
 */
function restorePunctuation(line: string): string {
  if (!/[\u3400-\u9fff]/.test(line)) return line;
  let open = true;
  return line.replace(/"/g, () => ((open = !open) ? '”' : '“')).replace(/(?<!-)--(?!-)/g, '——');
}

export async function docBlocks(buf: Buffer, name: string): Promise<Block[]> {
  let body: string;
  try {
    body = (await new WordExtractor().extract(buf)).getBody();
  } catch {
    throw damaged(name, ' Word 文档（.doc/.wps）', 'Word document (.doc/.wps)');
  }
  // A row ends with the tab of its last cell; without it the row is a plain line of one cell.
  const text = body
    .replace(/\t+(?=\n|$)/g, '')
    .split('\n')
    .map(restorePunctuation)
    .join('\n');
  return textBlocks(text);
}
