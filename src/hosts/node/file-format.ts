/**
 * Which format a file is, from its bytes: the extension is what a user or a web site said, the
 * bytes are what the file is (a .doc that is really a web page, a .xls saved as HTML by a content
 * system, a .wps or .et that Kingsoft WPS wrote as OOXML). The extension decides only between
 * formats the bytes cannot tell apart (CSV is text).
 *
 * Magic: `%PDF-` → PDF; `PK\3\4` → a ZIP, looked into: word/document.xml → .docx,
 * xl/workbook.xml → .xlsx, an OpenDocument mimetype → .ods/.odt; `D0 CF 11 E0` → an OLE compound
 * file, looked into: a WordDocument stream → .doc/.wps, Workbook/Book → .xls/.et,
 * EncryptionInfo → an Office file protected by a password; markup at the start → HTML; a MIME
 * header with multipart/related → MHTML.
 */
import JSZip from 'jszip';
import * as XLSX from 'xlsx';

export type FileFormat = 'pdf' | 'docx' | 'xlsx' | 'ods' | 'odt' | 'zip' | 'damaged-zip' | 'doc' | 'xls' | 'encrypted-office' | 'ole' | 'html' | 'mhtml' | 'csv' | 'text';

const HTML_START = /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|table|div|p|h[1-6])[\s>/]/i;

async function zipFormat(buf: Buffer): Promise<FileFormat> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buf);
  } catch {
    return 'damaged-zip';
  }
  if (zip.file('word/document.xml')) return 'docx';
  if (zip.file('xl/workbook.xml')) return 'xlsx';
  const mime = await zip.file('mimetype')?.async('string');
  if (mime === 'application/vnd.oasis.opendocument.spreadsheet') return 'ods';
  if (mime === 'application/vnd.oasis.opendocument.text') return 'odt';
  return 'zip';
}

/** The part of SheetJS's bundled CFB reader used here (its typings declare it `any`). */
const cfb = XLSX.CFB as { read(data: Buffer, opts: { type: 'buffer' }): { FullPaths: string[] } };

function oleFormat(buf: Buffer): FileFormat {
  let names: string[];
  try {
    names = cfb.read(buf, { type: 'buffer' }).FullPaths.map((p) => p.replace(/\/$/, '').split('/').pop() ?? '');
  } catch {
    return 'ole';
  }
  if (names.includes('EncryptionInfo') || names.includes('EncryptedPackage')) return 'encrypted-office';
  if (names.includes('WordDocument')) return 'doc';
  if (names.includes('Workbook') || names.includes('Book')) return 'xls';
  return 'ole';
}

/** The format of a file's bytes; `name` only separates CSV from other text. */
export async function detectFormat(buf: Buffer, name: string): Promise<FileFormat> {
  if (buf.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  if (buf.length >= 4 && buf.readUInt32BE(0) === 0x504b0304) return zipFormat(buf);
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1) return oleFormat(buf);
  const head = buf
    .subarray(0, 4096)
    .toString('latin1')
    .replace(/^\u00ef\u00bb\u00bf/, '')
    .trimStart();
  if (/^(?:[\w-]+:[^\n]*\r?\n)*[\w-]+:/.test(head) && /content-type:\s*multipart\/related/i.test(head)) return 'mhtml';
  if (HTML_START.test(head)) return 'html';
  if (/\.csv$/i.test(name)) return 'csv';
  return 'text';
}
