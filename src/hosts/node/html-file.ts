/**
 * A saved web page's bytes → HTML text → blocks. Government pages are often GBK or GB2312 and say so
 * in a <meta> (`charset=gb2312`, which browsers read as GBK; iconv's gb18030 is a superset of both);
 * without one, the bytes are decoded as a text file is (UTF-8, UTF-16 with BOM, else GBK).
 * A page saved as one file (.mhtml / .mht: MIME, multipart/related) gives its text/html part,
 * decoded from quoted-printable or base64 in the charset its header names.
 */
import iconv from 'iconv-lite';
import type { Block } from '../../importer';
import { bad } from './bad-document';
import { htmlBlocks } from './html-blocks';
import { decodeText } from './text-decode';

const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i;

function decodeIn(buf: Buffer, charset: string | undefined): string | null {
  if (charset) {
    const cs = /^(?:gb2312|gbk|gb_2312-80|x-gbk|cp936)$/i.test(charset) ? 'gb18030' : charset;
    if (iconv.encodingExists(cs)) return iconv.decode(buf, cs);
  }
  return decodeText(buf)?.text ?? null;
}

/** The HTML of a page's bytes, in the charset the page declares (or the one its bytes show). */
export function pageHtml(buf: Buffer): string | null {
  const declared = META_CHARSET.exec(buf.subarray(0, 4096).toString('latin1'))?.[1];
  return decodeIn(buf, declared);
}

function decodeQuotedPrintable(s: string): Buffer {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(src.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

/** The text/html part of an MHTML file, decoded; null when it has none. */
export function mhtmlHtml(buf: Buffer): string | null {
  const text = buf.toString('latin1');
  const boundary = /boundary\s*=\s*"?([^";\r\n]+)"?/i.exec(text)?.[1];
  if (!boundary) return null;
  for (const part of text.split(`--${boundary}`)) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const headers = part.slice(0, split);
    if (!/content-type:\s*text\/html/i.test(headers)) continue;
    const body = part.slice(split).replace(/^\r?\n\r?\n/, '');
    const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1].toLowerCase();
    const bytes = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : Buffer.from(body, 'latin1');
    const charset = /charset\s*=\s*"?([\w-]+)/i.exec(headers)?.[1];
    return charset ? decodeIn(bytes, charset) : pageHtml(bytes);
  }
  return null;
}

export function htmlFileBlocks(buf: Buffer, name: string, mhtml: boolean): Block[] {
  const html = mhtml ? mhtmlHtml(buf) : pageHtml(buf);
  if (html === null)
    throw bad(
      name,
      mhtml ? '网页存档（.mhtml）中没有可读取的网页内容' : '网页的编码无法识别；请在浏览器中另存为 UTF-8 网页或文本',
      mhtml ? 'the web archive (.mhtml) holds no readable page' : 'the page is in an encoding that cannot be recognised; save it again as a UTF-8 page or as text',
    );
  return htmlBlocks(html, true);
}
