/**
 * The browser's transport: fetch, with a timeout, turning "no answer" into NetworkError so callers
 * can tell an unreachable server (queue the push) from a server that said no (show its message).
 */
import { NetworkError, type HttpRequest, type HttpResponse, type Transport } from './transport';

export interface FetchTransportOptions {
  fetch?: typeof fetch;
  /** Milliseconds before a request counts as unanswered. */
  timeoutMs?: number;
}

export function fetchTransport(options: FetchTransportOptions = {}): Transport {
  const f = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 15000;
  return async (req: HttpRequest): Promise<HttpResponse> => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let res: Response;
    try {
      res = await f(req.url, { method: req.method, headers: req.headers, body: req.body, signal: abort.signal, credentials: 'omit', cache: 'no-store' });
    } catch (e) {
      throw new NetworkError(req.url, abort.signal.aborted ? `no answer within ${timeoutMs} ms` : e instanceof Error ? e.message : String(e));
    } finally {
      clearTimeout(timer);
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
    let body: string;
    try {
      body = await res.text();
    } catch (e) {
      throw new NetworkError(req.url, `the answer was cut off: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { status: res.status, headers, body };
  };
}
