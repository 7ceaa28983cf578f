/**
 * The store's rule set for `planbook rules`: GET /api/rules and PUT it back with If-Match, so a rule
 * set published from a workbook becomes the next revision and a concurrent edit is a 412, not lost.
 * 审核公式 of one plan go to RuleSet.planFormulas[planId]; the rest of the stored set is kept as it is.
 */
import { PlanbookError } from '../model/errors';
import { validateRuleSet, type RuleSet } from '../rules';

export interface StoredRules {
  rev: number;
  rules: RuleSet;
}

function remoteError(status: number, body: unknown, url: string): PlanbookError {
  const b = body as { error?: { zh?: string; en?: string }; zh?: string; en?: string } | null;
  const zh = b?.error?.zh ?? b?.zh ?? `服务器返回 ${status}`;
  const en = b?.error?.en ?? b?.en ?? `the server answered ${status}`;
  return new PlanbookError(status === 412 ? 'REV_MISMATCH' : status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : 'UNAVAILABLE', { zh: `${url}：${zh}`, en: `${url}: ${en}` });
}

async function call(server: string, token: string, method: 'GET' | 'PUT', body?: unknown, rev?: number): Promise<{ rev: number; value: unknown }> {
  const url = `${server.replace(/\/+$/, '')}/api/rules`;
  if (!/^https?:\/\/[^/]/.test(server)) throw new PlanbookError('BAD_REQUEST', { zh: `服务器地址应以 http:// 或 https:// 开头：${server}`, en: `The server URL must start with http:// or https://: ${server}` });
  let res: Response;
  try {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (rev !== undefined) headers['if-match'] = `"${rev}"`;
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    throw new PlanbookError('UNAVAILABLE', { zh: `无法连接服务器 ${url}（${m}），未做任何修改`, en: `Cannot reach ${url} (${m}); nothing was changed` });
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) throw remoteError(res.status, json, url);
  const v = json as { rev?: unknown; value?: unknown };
  return { rev: typeof v.rev === 'number' ? v.rev : 0, value: v.value };
}

/** The stored rule set and its revision (revision 0: the defaults, nothing stored yet). */
export async function getStoredRules(server: string, token: string): Promise<StoredRules> {
  const { rev, value } = await call(server, token, 'GET');
  const r = validateRuleSet(value);
  if (!r.ruleSet) throw new PlanbookError('VALIDATION', { zh: '服务器上的规则集无法读取', en: 'The rule set on the server cannot be read' });
  return { rev, rules: r.ruleSet };
}

/** Stores a rule set as the revision after `rev`; returns the new revision. */
export async function putStoredRules(server: string, token: string, rules: RuleSet, rev: number): Promise<number> {
  return (await call(server, token, 'PUT', rules, rev)).rev;
}
