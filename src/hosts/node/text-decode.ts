/**
 * Bytes → text for text files and for HTML whose page names no charset: UTF-8 with or without BOM,
 * UTF-16 with BOM, and GBK/GB18030 when the bytes are not UTF-8 but decode cleanly as mostly
 * Chinese text (government offices still save GBK). Returns null for bytes that are not text.
 */
import iconv from 'iconv-lite';

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
export function controlShare(text: string): number {
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
