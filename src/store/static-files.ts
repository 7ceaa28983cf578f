/**
 * Serves the built task pane (dist/addin) at / and Office.js (node_modules/@microsoft/office-js/dist)
 * at /office-js/, so the add-in works on an intranet with no CDN. A request path is resolved inside
 * its root and refused if the result is not inside it, whatever dots or encodings it used.
 */
import { hash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { isEncrypted, pageSecurityHeaders } from './security-headers';

/** What a page's Content-Security-Policy allows besides its own origin and its own inline blocks. */
export interface StaticPolicy {
  /** 'sha256-…' of styles the pane's scripts insert (the pane puts taskpane.css in a <style>). */
  styleHashes: readonly string[];
}

/** 'sha256-…' (base64), the form a CSP source takes. */
export function cspHash(text: string): string {
  return `sha256-${hash('sha256', text, 'base64')}`;
}

/** The hashes of a page's inline <script> blocks (those without src) and <style> blocks. */
export function inlineHashes(html: string): { scripts: string[]; styles: string[] } {
  const scripts = [...html.matchAll(/<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => cspHash(m[1]!)).filter((h, i, a) => a.indexOf(h) === i);
  const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => cspHash(m[1]!));
  return { scripts, styles };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface StaticRoot {
  /** URL prefix, starting and ending with '/'. */
  prefix: string;
  dir: string;
}

/** The file a URL path names inside one of the roots, or null when it names none (or tries to leave its root). */
export function resolveStatic(roots: readonly StaticRoot[], urlPath: string): string | null {
  for (const r of roots) {
    if (!urlPath.startsWith(r.prefix)) continue;
    let rel: string;
    try {
      rel = decodeURIComponent(urlPath.slice(r.prefix.length));
    } catch {
      return null;
    }
    if (rel.includes('\0')) return null;
    if (rel === '' || rel.endsWith('/')) rel += r.prefix === '/' ? 'taskpane.html' : 'index.html';
    const base = resolve(r.dir);
    const full = resolve(base, rel);
    if (full !== base && !full.startsWith(base + sep)) return null;
    return full;
  }
  return null;
}

/**
 * Sends a file with its type and security headers. A page (.html) is read whole (a few KB) so its
 * Content-Security-Policy can name the hashes of its own inline blocks; other files are streamed.
 */
export async function sendStatic(res: ServerResponse, file: string, head: boolean, policy: StaticPolicy = { styleHashes: [] }): Promise<boolean> {
  let st;
  try {
    st = await fsp.stat(file);
  } catch {
    return false;
  }
  if (!st.isFile()) return false;
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const https = isEncrypted(res.req);
  if (type.startsWith('text/html')) {
    let html: Buffer;
    try {
      html = await fsp.readFile(file);
    } catch {
      return false;
    }
    const inline = inlineHashes(html.toString('utf8'));
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': html.length,
      'Cache-Control': 'no-cache',
      ...pageSecurityHeaders(https, inline.scripts, [...inline.styles, ...policy.styleHashes]),
    });
    res.end(head ? undefined : html);
    return true;
  }
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': st.size,
    'Cache-Control': 'no-cache',
    ...pageSecurityHeaders(https, [], policy.styleHashes),
  });
  if (head) {
    res.end();
    return true;
  }
  await new Promise<void>((ok) => {
    const s = createReadStream(file);
    s.on('error', () => {
      res.destroy();
      ok();
    });
    s.on('end', () => ok());
    s.pipe(res);
  });
  return true;
}
