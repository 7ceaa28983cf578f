/**
 * Node's own refusals, before a request reaches the handler (a malformed request line, headers
 * over the limit, a client too slow to send its request), answered in JSON in both languages like
 * every other error (issue 12: they had empty bodies). Installed as the server's 'clientError'
 * listener, which replaces Node's default answer.
 */
import type { Socket } from 'node:net';
import { PlanbookError } from '../model/errors';

/** The answer to a parse or timeout error of Node's HTTP parser, by its error code. */
export function clientErrorAnswer(code: string | undefined): { status: number; error: PlanbookError } {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      error: new PlanbookError('HEADERS_TOO_LARGE', { zh: '请求头过大（超过服务器的上限），请缩短请求头或地址', en: 'The request headers are too large; shorten the headers or the URL' }),
    };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, error: new PlanbookError('TIMEOUT', { zh: '请求发送超时，连接已关闭；请重试', en: 'The request took too long to arrive; the connection is closed; try again' }) };
  }
  return { status: 400, error: new PlanbookError('BAD_REQUEST', { zh: '请求格式有误，服务器无法解析', en: 'The request is malformed; the server could not parse it' }) };
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/** The 'clientError' listener: writes the bilingual JSON answer (status in the body too) and closes. */
export function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  // A connection reset or a socket already answered: nothing can or need be said.
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, error } = clientErrorAnswer(err.code);
  const body = JSON.stringify(error.toJSON());
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n' +
      body,
  );
}
