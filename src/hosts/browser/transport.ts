/**
 * The HTTP shape the sync client (src/sync/client.ts, where it is defined) and the pane speak,
 * injected so the same code runs over fetch in the add-in and in Node.
 */
export type { HttpRequest, HttpResponse, Transport } from '../../sync/client';

/** Thrown when the server cannot be reached at all (no answer, not a 5xx): the caller may queue and retry. */
export class NetworkError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`cannot reach ${url}: ${reason}`);
    this.name = 'NetworkError';
  }
}
