/**
 * The sync client's transport in Node: global fetch (undici). A request that cannot reach the
 * server throws, which the client reads as "offline" and answers by queueing.
 */
import type { HttpRequest, HttpResponse, Transport } from '../../sync/client';

export function fetchTransport(opts: { timeoutMs?: number } = {}): Transport {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return async (req: HttpRequest): Promise<HttpResponse> => {
    const init: RequestInit = { method: req.method, headers: req.headers, signal: AbortSignal.timeout(timeoutMs) };
    if (req.body !== undefined) init.body = req.body;
    const res = await fetch(req.url, init);
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k] = v;
    });
    return { status: res.status, headers, body: await res.text() };
  };
}
