/**
 * What the sync client throws when a call fails: always a PlanbookError in both languages, so the
 * pane, the custom functions and the CLI show the same words for the same failure and never a raw
 * status or a stack. A server that said no keeps its own code and words; a server that could not
 * be reached, or something that is not a planbook server, gets advice on what to check.
 */
import { ERROR_KINDS, PlanbookError, type ErrorCode } from '../model/errors';
import type { Bilingual } from '../model/i18n';

/** `queued`: whether this client keeps unsent pushes for later (the pane does; the CLI's workbook is its own record). */
export function unreachable(server: string, queued: boolean): PlanbookError {
  return new PlanbookError('UNAVAILABLE', {
    zh: `无法连接服务器 ${server}：请检查地址和网络；${queued ? '未推送的修改已保存在本机队列中，恢复连接后会自动发送' : '未做任何修改，稍后再试'}`,
    en: `Cannot reach the server ${server}: check the address and the network; ${queued ? "unpushed edits are kept in this computer's queue and sent when the connection is back" : 'nothing was changed; try again later'}`,
  });
}

/** A proxy's HTML error page, a captive portal, or another kind of server at that address. */
export function notPlanbook(server: string, status: number): PlanbookError {
  return new PlanbookError('UNAVAILABLE', {
    zh: `${server} 的回答不是 planbook 服务器的格式（HTTP ${status}）：请检查服务器地址`,
    en: `${server} did not answer like a planbook server (HTTP ${status}): check the server address`,
  });
}

function isCode(c: unknown): c is ErrorCode {
  return typeof c === 'string' && Object.prototype.hasOwnProperty.call(ERROR_KINDS, c);
}

/**
 * The server's error body ({error:{code, zh, en, details}}) as a PlanbookError with its code and
 * words. `tokenRefused`, when given, replaces the words of a refused token: only the host knows
 * where its user enters a new one.
 */
export function refusal(status: number, body: unknown, tokenRefused?: Bilingual): PlanbookError {
  const err = (body as { error?: { code?: unknown; zh?: unknown; en?: unknown; details?: unknown } } | null)?.error;
  const code: ErrorCode = isCode(err?.code) ? err.code : status === 401 ? 'UNAUTHENTICATED' : status >= 500 ? 'UNAVAILABLE' : 'BAD_REQUEST';
  if (code === 'UNAUTHENTICATED' && tokenRefused) return new PlanbookError(code, tokenRefused);
  const zh = typeof err?.zh === 'string' ? err.zh : ERROR_KINDS[code].zh;
  const en = typeof err?.en === 'string' ? err.en : ERROR_KINDS[code].en;
  return new PlanbookError(code, { zh, en }, err?.details);
}
