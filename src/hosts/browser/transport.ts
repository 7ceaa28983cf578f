/**
 * The HTTP shape the sync client and the pane speak, injected so the same code runs over fetch in
 * the add-in and over Node's http in tests and the CLI.
 */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Transport = (req: HttpRequest) => Promise<HttpResponse>;

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
