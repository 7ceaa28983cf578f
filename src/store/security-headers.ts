/**
 * Headers that tell a browser how little to trust what the server sends (issue 12: no CSP, no HSTS).
 *  - API answers are data, never a page: `default-src 'none'`, and no framing.
 *  - Pages (the task pane) get a strict policy: scripts and styles from the server's own origin,
 *    plus the exact inline blocks each page carries, by their SHA-256 (static-files.ts computes them
 *    per page), and Microsoft's Office.js host for the `?officejs=cdn` switch of the pane's loader.
 *    No 'unsafe-inline', no 'unsafe-eval'. No frame-ancestors: Office shows the pane in a frame of
 *    its own (office.com for Excel on the web).
 *  - HSTS only over HTTPS (a browser ignores it on plain HTTP, and loopback HTTP is for scripts).
 */
import type { IncomingMessage } from 'node:http';

/** Where the pane's loader takes Office.js from when switched to Microsoft's CDN (src/taskpane/*.html). */
export const OFFICE_CDN = 'https://appsforoffice.microsoft.com';

/** One year, the figure browsers' preload lists ask for. */
const HSTS = 'max-age=31536000';

export function isEncrypted(req: IncomingMessage): boolean {
  return (req.socket as { encrypted?: boolean }).encrypted === true;
}

export function apiSecurityHeaders(https: boolean): Record<string, string> {
  const h: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  };
  if (https) h['Strict-Transport-Security'] = HSTS;
  return h;
}

/**
 * The policy of a page: `scriptHashes` and `styleHashes` are 'sha256-…' sources of its inline
 * blocks (and of styles its scripts insert, whose text the server knows).
 */
export function pageSecurityHeaders(https: boolean, scriptHashes: readonly string[], styleHashes: readonly string[]): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${OFFICE_CDN}${scriptHashes.map((x) => ` '${x}'`).join('')}`,
    `style-src 'self'${styleHashes.map((x) => ` '${x}'`).join('')}`,
    "img-src 'self' data:",
    // The pane may be pointed at another store (its Connect form takes any https address).
    "connect-src 'self' https:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
  const h: Record<string, string> = { 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': csp };
  if (https) h['Strict-Transport-Security'] = HSTS;
  return h;
}
