/**
 * Reading a request body: its size, its media type, its bytes and its text, each refused with its
 * own clear answer before the route sees it (issue 12):
 *  - over LIMITS.bodyBytes → 413, whether announced by Content-Length or found while reading a
 *    chunked body; the rest of an over-size body is read and dropped (up to DRAIN_BYTES) so the
 *    client gets the 413 instead of a connection reset;
 *  - a media type other than application/json or application/*+json → 415 (not application/jsonp);
 *  - bytes that are not UTF-8 → 422 naming the fields that hold them (400 when outside any string);
 *  - text no backend can store (U+0000, lone surrogates) → 422 naming the fields (text-policy.ts);
 *  - arrays/objects nested deeper than MAX_JSON_DEPTH → 400, before any recursive walk (json-depth.ts).
 */
import type { IncomingMessage } from 'node:http';
import { PlanbookError } from '../model/errors';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';
import { replacedBytes, textProblems } from './text-policy';
import { LIMITS, type Problem } from './validate';

/** How much of an over-size body is read and dropped so the 413 can be answered; beyond, the connection is cut. */
export const DRAIN_BYTES = 64 * 1024 * 1024;

/** `application/json`, `application/problem+json`, with or without parameters; not `application/jsonp`. */
const JSON_TYPE = /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json\s*(?:;|$)/;

export function tooLarge(): PlanbookError {
  return new PlanbookError('TOO_LARGE', {
    zh: `请求内容超过 ${LIMITS.bodyBytes / 1024 / 1024} MB 的上限`,
    en: `The request body is over the ${LIMITS.bodyBytes / 1024 / 1024} MB limit`,
  });
}

/**
 * Reads and parses a JSON body; undefined when there is none. Plain 'data'/'end' listeners rather
 * than `for await`: the async iterator costs a promise per chunk and showed up at ~6% of the
 * server's CPU under load.
 */
export function readBody(req: IncomingMessage): Promise<unknown> {
  const len = req.headers['content-length'];
  if (len !== undefined && Number(len) > LIMITS.bodyBytes) return Promise.reject(tooLarge());
  const cutOff = (): PlanbookError => new PlanbookError('BAD_REQUEST', { zh: '请求在正文传完之前中断', en: 'The request was cut off before its body ended' });
  // A client that went away while the route was busy (e.g. awaiting the plan) would never send 'end'.
  if (req.destroyed) return Promise.reject(cutOff());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      reject(e);
    };
    req.on('data', (b: Buffer) => {
      if (settled) return;
      size += b.length;
      if (size > DRAIN_BYTES) {
        // Past reading and dropping: cut the connection (the client may see a reset).
        fail(tooLarge());
        req.destroy();
        return;
      }
      if (size > LIMITS.bodyBytes) {
        chunks.length = 0; // keep reading, drop the bytes, answer 413 at the end
        return;
      }
      chunks.push(b);
    });
    req.on('error', fail);
    // 'close' also follows every normal 'end': build the error (a stack trace each) only when it is one.
    req.on('close', () => {
      if (!settled) fail(cutOff());
    });
    req.on('end', () => {
      if (settled) return;
      if (size > LIMITS.bodyBytes) return fail(tooLarge());
      settled = true;
      try {
        resolve(parseJsonBody(req, chunks, size));
      } catch (e) {
        reject(e);
      }
    });
  });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function parseJsonBody(req: IncomingMessage, chunks: Buffer[], size: number): unknown {
  if (size === 0) return undefined;
  const ct = (req.headers['content-type'] ?? '').toLowerCase();
  if (!JSON_TYPE.test(ct)) {
    throw new PlanbookError('UNSUPPORTED_MEDIA', {
      zh: `请求内容类型应为 application/json，收到 ${ct.slice(0, 60) || '（无）'}`,
      en: `The request body must be application/json, not ${ct.slice(0, 60) || '(none)'}`,
    });
  }
  // JSON is UTF-8 (RFC 8259 §8.1); a body declared in another charset (GBK from an older Chinese
  // system) would be decoded wrongly field by field, so say at once what to send instead.
  const charset = /;\s*charset\s*=\s*"?([^;"\s]*)/.exec(ct)?.[1];
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new PlanbookError('UNSUPPORTED_MEDIA', {
      zh: `请求内容的字符集为 ${charset.slice(0, 40) || '（空）'}；请以 UTF-8 编码发送（Content-Type: application/json; charset=utf-8）`,
      en: `The request body's charset is ${charset.slice(0, 40) || '(empty)'}; send it as UTF-8 (Content-Type: application/json; charset=utf-8)`,
    });
  }
  const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  let text: string;
  let utf8 = true;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    utf8 = false;
    text = bytes.toString('utf8');
  }
  // Before parsing: every later walk of the value is recursive, and one this deep would overflow the stack.
  if (nestsDeeperThan(text)) {
    throw new PlanbookError('BAD_JSON', {
      zh: `请求内容嵌套过深（超过 ${MAX_JSON_DEPTH} 层），不是本接口的数据；请检查生成请求的程序`,
      en: `The request body is nested too deeply (over ${MAX_JSON_DEPTH} levels) to be data of this API; check the program that builds the request`,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    throw new PlanbookError('BAD_JSON', {
      zh: `请求内容不是有效的 JSON：${(e as Error).message}`,
      en: `The request body is not valid JSON: ${(e as Error).message}`,
    });
  }
  if (!utf8) {
    const where = textProblems(value, replacedBytes);
    if (where.length === 0) throw new PlanbookError('BAD_REQUEST', { zh: '请求内容不是有效的 UTF-8 文本；请以 UTF-8 编码发送', en: 'The request body is not valid UTF-8 text; send it as UTF-8' });
    throw textRefusal(where);
  }
  const problems = textProblems(value);
  if (problems.length) throw textRefusal(problems);
  return value;
}

/** A 422 naming every field with text that cannot be stored. */
function textRefusal(problems: Problem[]): PlanbookError {
  const first = problems[0]!;
  const more = problems.length - 1;
  return new PlanbookError(
    'VALIDATION',
    {
      zh: `数据未通过校验：${first.path || '/'} ${first.zh}${more ? `（另有 ${more} 处问题）` : ''}`,
      en: `Invalid data: ${first.path || '/'} ${first.en}${more ? ` (and ${more} more)` : ''}`,
    },
    { problems },
  );
}
