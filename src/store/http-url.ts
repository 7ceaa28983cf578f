/**
 * What an API URL carries besides its route: path segments, query values, paging parameters and
 * If-Match, each decoded and checked once. A control character (e.g. %00) or a bad %-escape in an
 * /api/ segment or query value is a bilingual 400 here, so it never reaches a backend (issue 12: a
 * NUL in a segment answered 503 with PostgreSQL's own error text).
 */
import { PlanbookError } from '../model/errors';
import type { AuditEntry } from './audit-chain';
import { urlTextProblem } from './text-policy';

/** The path's segments, decoded; a bad %-escape or a control character (e.g. %00) is a 400, never a backend's error. */
export const segmentsOf = (pathname: string): string[] => {
  const parts = pathname.split('/').slice(1);
  const api = parts[0] === 'api';
  return parts.map((s) => {
    let d: string;
    try {
      d = decodeURIComponent(s);
    } catch {
      throw new PlanbookError('BAD_REQUEST', { zh: `地址中有无效的编码：${s.slice(0, 60)}`, en: `Badly encoded URL segment: ${s.slice(0, 60)}` });
    }
    // Outside /api/ a static path with such a character is simply not found (static-files.ts).
    if (api && urlTextProblem(d)) throw badUrlText(s);
    return d;
  });
};

function badUrlText(raw: string): PlanbookError {
  return new PlanbookError('BAD_REQUEST', {
    zh: `地址中含有控制字符或无效字符：${raw.slice(0, 60)}`,
    en: `The URL holds a control or invalid character: ${raw.slice(0, 60)}`,
  });
}

/** A query parameter, held to the same rule as path segments. */
export function queryParam(url: URL, name: string): string | undefined {
  const v = url.searchParams.get(name);
  if (v === null) return undefined;
  if (urlTextProblem(v)) throw badUrlText(`${name}=${encodeURIComponent(v)}`);
  return v;
}

/** ?after=<seq>&limit=<n>: a page of the audit, oldest first (limit 1–10 000, default 1000). */
export function auditPage(url: URL): { after?: number; limit: number } {
  const q: { after?: number; limit: number } = { limit: 1000 };
  for (const k of ['after', 'limit'] as const) {
    const v = queryParam(url, k);
    if (v === undefined) continue;
    if (!/^\d{1,15}$/.test(v) || (k === 'limit' && (Number(v) < 1 || Number(v) > 10_000))) {
      throw new PlanbookError('VALIDATION', { zh: `参数 ${k} 应为${k === 'limit' ? ' 1–10000 的' : '非负'}整数`, en: `${k} must be a${k === 'limit' ? 'n integer from 1 to 10000' : ' non-negative integer'}` });
    }
    q[k] = Number(v);
  }
  return q;
}

/** The answer to an audit page: its entries and the `after` of the next page (null: this was the last). */
export function auditAnswer(entries: AuditEntry[], limit: number): { status: 200; body: { entries: AuditEntry[]; next: number | null } } {
  const last = entries[entries.length - 1];
  return { status: 200, body: { entries, next: entries.length === limit && last ? last.seq : null } };
}

/** Parses If-Match: "3", W/"3" or 3. A missing header is null (→ 428 where required). */
export function parseIfMatch(h: string | undefined): number | null {
  if (h === undefined) return null;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(h);
  if (!m) {
    throw new PlanbookError('BAD_REQUEST', { zh: `If-Match 应为版本号，如 "3"；收到 ${h.slice(0, 40)}`, en: `If-Match must be a revision such as "3"; got ${h.slice(0, 40)}` });
  }
  return Number(m[1]);
}
