/**
 * One text policy for both backends (issue 12): what one backend cannot store is refused at the
 * boundary for both, so a note never passes on the file backend and fails with a 503 on PostgreSQL.
 *  - U+0000: PostgreSQL's text and JSONB types cannot hold it ("unsupported Unicode escape sequence").
 *  - a lone surrogate (half of a UTF-16 pair): not a character; it cannot be encoded as UTF-8, so
 *    PostgreSQL refuses it and a file would hold U+FFFD instead of what was sent.
 *  - bytes that are not UTF-8 in a body: they would be stored as U+FFFD without a word.
 * Every problem names its JSON path (as validate.ts does), in Chinese and English.
 */
import { MAX_JSON_DEPTH } from './json-depth';
import type { Problem } from './validate';

// Code units, not code points (no `u` flag): a lone surrogate is exactly a unit without its partner.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a text for storage, or null when it may be stored. */
export function textProblem(s: string): Omit<Problem, 'path'> | null {
  if (s.includes('\u0000')) return { zh: '含有空字符 U+0000，无法保存', en: 'contains the NUL character U+0000, which cannot be stored' };
  if (LONE_SURROGATE.test(s)) return { zh: '含有不成对的代理码元（不是有效的 Unicode 字符），无法保存', en: 'contains a lone surrogate (not a Unicode character), which cannot be stored' };
  return null;
}

const MAX_PROBLEMS = 100;

/**
 * Every string and object key of a parsed JSON body that breaks the policy (or, with `bad`, that
 * `bad` picks out), with its JSON path (`/edits/0/value`; a key's path ends with the key itself).
 */
export function textProblems(x: unknown, bad: (s: string) => Omit<Problem, 'path'> | null = textProblem): Problem[] {
  const out: Problem[] = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (out.length >= MAX_PROBLEMS) return;
    // http-body.ts refuses deeper bodies before parsing; this bound keeps the walk safe for any other caller.
    if (depth > MAX_JSON_DEPTH) {
      out.push({ path, zh: `嵌套过深（超过 ${MAX_JSON_DEPTH} 层）`, en: `is nested too deeply (over ${MAX_JSON_DEPTH} levels)` });
      return;
    }
    if (typeof v === 'string') {
      const p = bad(v);
      if (p) out.push({ path, ...p });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${path}/${i}`, depth + 1));
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        const kp = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        const p = bad(k);
        if (p) out.push({ path: kp, zh: `名称${p.zh}`, en: `name ${p.en}` });
        walk(item, kp, depth + 1);
      }
    }
  };
  walk(x, '', 0);
  return out;
}

/** A string the lenient UTF-8 decoder made from bytes that were not UTF-8 (it puts U+FFFD in their place). */
export function replacedBytes(s: string): Omit<Problem, 'path'> | null {
  return s.includes('\uFFFD') ? { zh: '含有不是 UTF-8 编码的字节；请以 UTF-8 编码发送', en: 'contains bytes that are not valid UTF-8; send the body as UTF-8' } : null;
}

/** Control characters (and U+FFFD, what a bad %-escape decodes to) have no place in a URL segment or query value. */
export function urlTextProblem(s: string): boolean {
  return /[\u0000-\u001f\u007f\uFFFD]/.test(s) || LONE_SURROGATE.test(s);
}
