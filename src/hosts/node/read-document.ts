/**
 * Node adapter for the importer: a file of any format a plan document is published in → a
 * SourceDocument, as blocks of the document model (src/importer/document.ts) for formats with
 * structure, as text for text files. The format is read from the bytes (file-format.ts), not the
 * extension; one adapter per format:
 *   text (any encoding: text-decode.ts) · .docx, .doc, .wps (word-blocks.ts) · .pdf (pdf-blocks.ts) ·
 *   .html/.htm/.mhtml (html-file.ts) · .xlsx, .xls, .et, .ods, .csv (sheet-blocks.ts).
 * Whatever cannot be read is refused with a bilingual BAD_DOCUMENT error saying why (empty, binary,
 * too large, damaged, scanned PDF without text, password-protected). The size is checked from the
 * file system before anything is read, so a 50 MB file costs a stat, not 50 MB.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { msg, type Bilingual } from '../../model/i18n';
import { blocksToText, type Block, type SourceDocument } from '../../importer';
import { bad, damaged } from './bad-document';
import { detectFormat, type FileFormat } from './file-format';
import { decodeText, controlShare } from './text-decode';
import { docxBlocks, docBlocks } from './word-blocks';
import { pdfBlocks } from './pdf-blocks';
import { htmlFileBlocks } from './html-file';
import { xlsxBlocks, sheetJsBlocks, csvBlocks } from './sheet-blocks';

export { decodeText } from './text-decode';

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export interface ReadDocumentOptions {
  /** Refuse files larger than this (default 20 MB). */
  maxBytes?: number;
}

export interface ReadDocumentResult {
  doc: SourceDocument;
  /** What the reader decided and the user should know (an encoding other than UTF-8, a .docx). */
  notices: Bilingual[];
}

function mb(n: number): string {
  return (n / 1024 / 1024).toFixed(1);
}

export async function readDocumentFile(file: string, opts: ReadDocumentOptions = {}): Promise<ReadDocumentResult> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const name = path.basename(file);
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw bad(name, '文件不存在或无法打开', 'the file does not exist or cannot be opened');
  }
  if (!stat.isFile()) throw bad(name, '不是普通文件', 'not a regular file');
  if (stat.size === 0) throw bad(name, '文件是空的', 'the file is empty');
  if (stat.size > maxBytes)
    throw bad(
      name,
      `文件过大（${mb(stat.size)} MB，上限 ${mb(maxBytes)} MB）；计划文档通常不足 1 MB，请确认文件，或用 --max-size 放宽上限`,
      `the file is too large (${mb(stat.size)} MB, limit ${mb(maxBytes)} MB); plan documents are usually under 1 MB — check the file or raise the limit with --max-size`,
    );
  const buf = await fs.readFile(file);
  const notices: Bilingual[] = [];
  const format = await detectFormat(buf, name);
  if (format === 'text') {
    const decoded = decodeText(buf);
    if (!decoded || controlShare(decoded.text) > 0.01)
      throw bad(
        name,
        '不是文本文档（含二进制内容或无法识别的编码）；请提供 .txt（UTF-8 或 GBK）、Word、PDF、网页或 Excel 文件',
        'not a text document (binary content or an unknown encoding); give a .txt (UTF-8 or GBK), Word, PDF, web page or Excel file',
      );
    if (decoded.encoding === 'gb18030') notices.push(msg(`${name}：文件不是 UTF-8，已按 GBK/GB18030 编码读取`, `${name}: not UTF-8; read as GBK/GB18030`));
    if (decoded.encoding.startsWith('utf-16')) notices.push(msg(`${name}：已按 UTF-16 编码读取`, `${name}: read as UTF-16`));
    if (decoded.text.trim() === '') throw bad(name, '文件中没有文字', 'the file contains no text');
    return { doc: { id: name, text: decoded.text }, notices };
  }
  const blocks = await formatBlocks(format, buf, name);
  const label = FORMAT_LABELS[format];
  if (label) notices.push(msg(`${name}：已从${label.zh}中提取文字`, `${name}: text extracted from the ${label.en}`));
  const text = blocksToText(blocks);
  if (text.trim() === '') throw bad(name, '文件中没有文字', 'the file contains no text');
  return { doc: { id: name, text, blocks }, notices };
}

/** What the notice calls each format whose text is extracted. */
const FORMAT_LABELS: Partial<Record<FileFormat, Bilingual>> = {
  docx: msg(' Word 文档', 'Word document'),
  doc: msg('旧版 Word 文档（.doc/.wps）', 'old Word document (.doc/.wps)'),
  pdf: msg(' PDF 文件', 'PDF file'),
  html: msg('网页', 'web page'),
  mhtml: msg('网页存档', 'web archive'),
  xlsx: msg(' Excel 工作簿', 'Excel workbook'),
  xls: msg('旧版 Excel 工作簿（.xls/.et）', 'old Excel workbook (.xls/.et)'),
  ods: msg(' OpenDocument 电子表格', 'OpenDocument spreadsheet'),
  csv: msg(' CSV 文件', 'CSV file'),
};

async function formatBlocks(format: FileFormat, buf: Buffer, name: string): Promise<Block[]> {
  switch (format) {
    case 'docx':
      return docxBlocks(buf, name);
    case 'doc':
      return docBlocks(buf, name);
    case 'pdf':
      return pdfBlocks(buf, name);
    case 'html':
    case 'mhtml':
      return htmlFileBlocks(buf, name, format === 'mhtml');
    case 'xlsx':
      return xlsxBlocks(buf, name);
    case 'xls':
      return sheetJsBlocks(buf, name, '.xls/.et');
    case 'ods':
      return sheetJsBlocks(buf, name, '.ods');
    case 'csv':
      return csvBlocks(buf, name);
    case 'encrypted-office':
      throw bad(name, '文件有密码保护，无法读取；请去除密码后再导入', 'the file is password-protected and cannot be read; remove the password and import it again');
    case 'damaged-zip':
      if (/\.(?:xlsx|et|ods)$/i.test(name)) throw damaged(name, ' Excel 工作簿（.xlsx）', 'Excel workbook (.xlsx)');
      throw damaged(name, ' Word 文档（.docx）', 'Word document (.docx)');
    case 'odt':
      throw bad(name, 'OpenDocument 文本（.odt）暂不能直接读取；请另存为 .docx 或 .txt', 'OpenDocument text (.odt) cannot be read yet; save it as .docx or .txt');
    case 'ole':
    case 'zip':
    case 'text':
      break;
  }
  throw bad(name, '不是可识别的文档格式（既不是 Word、PDF、网页、Excel，也不是文本）', 'not a document format that can be read (not Word, PDF, a web page, Excel or text)');
}
