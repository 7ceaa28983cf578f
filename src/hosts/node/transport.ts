/**
 * The sync client's transport in Node: global fetch (undici). A request that cannot reach the
 * server throws, which the client reads as "offline" and answers by queueing; a certificate Node
 * does not trust is no passing outage, so it throws a PlanbookError that says what to do instead.
 */
import type { HttpRequest, HttpResponse, Transport } from '../../sync/client';
import { PlanbookError } from '../../model/errors';

/** undici's error codes for a certificate chain Node cannot verify (a development CA not yet trusted). */
const UNTRUSTED = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED']);

function causeCode(e: unknown): string | undefined {
  const cause = (e as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

export function untrustedCertificate(url: string, code: string): PlanbookError {
  return new PlanbookError('UNAVAILABLE', {
    zh: `不信任服务器 ${url} 的证书（${code}）。若是 planbook 生成的开发证书，请先设置环境变量 NODE_EXTRA_CA_CERTS=<数据目录>/certs/ca.crt 再运行；正式部署请用本单位 CA 签发的证书`,
    en: `The certificate of ${url} is not trusted (${code}). For planbook's development certificate, set NODE_EXTRA_CA_CERTS=<data folder>/certs/ca.crt and run again; in production use a certificate from your organisation's CA`,
  });
}

export function fetchTransport(opts: { timeoutMs?: number } = {}): Transport {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return async (req: HttpRequest): Promise<HttpResponse> => {
    const init: RequestInit = { method: req.method, headers: req.headers, signal: AbortSignal.timeout(timeoutMs) };
    if (req.body !== undefined) init.body = req.body;
    let res: Response;
    try {
      res = await fetch(req.url, init);
    } catch (e) {
      const code = causeCode(e);
      if (code && UNTRUSTED.has(code)) throw untrustedCertificate(new URL(req.url).origin, code);
      throw e;
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k] = v;
    });
    return { status: res.status, headers, body: await res.text() };
  };
}
