/**
 * Node adapter for the importer: a file → SourceDocument. Decides the encoding (UTF-8 with or
 * without BOM, UTF-16 with BOM, GBK/GB18030 when the bytes are not UTF-8 but decode cleanly as
 * mostly Chinese text), extracts the text of a .docx through mammoth (docx-text.ts), and refuses what is not a
 * text document (empty, binary, too large) with a bilingual BAD_DOCUMENT error. The size is
 * checked from the file system before anything is read, so a 50 MB file costs a stat, not 50 MB.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import iconv from 'iconv-lite';
import { docxText } from './docx-text';
import { PlanbookError } from '../../model/errors';
import { msg, type Bilingual } from '../../model/i18n';
import type { SourceDocument } from '../../importer';

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

function bad(file: string, zh: string, en: string): PlanbookError {
  return new PlanbookError('BAD_DOCUMENT', msg(`${file}：${zh}`, `${file}: ${en}`));
}

function mb(n: number): string {
  return (n / 1024 / 1024).toFixed(1);
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;

/** Share of characters beyond ASCII that are Chinese or CJK punctuation. */
function cjkShare(text: string): number {
  let wide = 0;
  let cjk = 0;
  for (const c of text) {
    if (c.charCodeAt(0) < 0x80) continue;
    wide++;
    if (CJK.test(c)) cjk++;
  }
  return wide === 0 ? 0 : cjk / wide;
}

/** Control characters other than tab, newline, carriage return and form feed: a sign of binary data. */
function controlShare(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f) n++;
  }
  return text.length ? n / text.length : 0;
}

/** Decodes text bytes; returns the text and the encoding used, or null when they are not text. */
export function decodeText(buf: Buffer): { text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' } | null {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(buf.subarray(3));
    return { text, encoding: 'utf-8' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  if (buf.includes(0)) return null;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: government offices still save GBK. Accept it only when it decodes without
    // replacement characters into mostly Chinese text; otherwise it is some other binary.
    const text = iconv.decode(buf, 'gb18030');
    if (text.includes('\ufffd') || cjkShare(text) < 0.8) return null;
    return { text, encoding: 'gb18030' };
  }
}

function isZip(buf: Buffer): boolean {
  return buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
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
  let text: string;
  if (isZip(buf)) {
    if (!/\.docx$/i.test(name) && !/\.zip$/i.test(name)) notices.push(msg(`${name}：按 Word 文档（.docx）读取`, `${name}: read as a Word document (.docx)`));
    try {
      text = await docxText(buf);
    } catch {
      throw bad(name, '不是可读取的 Word 文档（.docx），文件可能已损坏；请另存为 .docx 或 .txt 后再导入', 'not a readable Word document (.docx); the file may be damaged — save it again as .docx or .txt');
    }
    if (/\.docx$/i.test(name)) notices.push(msg(`${name}：已从 Word 文档中提取文字`, `${name}: text extracted from the Word document`));
  } else {
    if (/\.doc$/i.test(name) && buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0)
      throw bad(name, '旧版 Word 文档（.doc）无法直接读取，请另存为 .docx 或 .txt', 'old Word documents (.doc) cannot be read; save it as .docx or .txt');
    const decoded = decodeText(buf);
    if (!decoded || controlShare(decoded.text) > 0.01)
      throw bad(name, '不是文本文档（含二进制内容或无法识别的编码）；请提供 .txt（UTF-8 或 GBK）或 .docx', 'not a text document (binary content or an unknown encoding); give a .txt (UTF-8 or GBK) or a .docx');
    text = decoded.text;
    if (decoded.encoding === 'gb18030') notices.push(msg(`${name}：文件不是 UTF-8，已按 GBK/GB18030 编码读取`, `${name}: not UTF-8; read as GBK/GB18030`));
    if (decoded.encoding.startsWith('utf-16')) notices.push(msg(`${name}：已按 UTF-16 编码读取`, `${name}: read as UTF-16`));
  }
  if (text.trim() === '') throw bad(name, '文件中没有文字', 'the file contains no text');
  return { doc: { id: name, text }, notices };
}
