/**
 * The server key that signs the audit chain's head (its anchor). The hash chain alone shows a changed
 * byte, but someone who can write the log can also recompute every hash after the change, or cut
 * the last entries off; a head signed with a key kept *outside* the data folder shows both, because
 * the forger cannot sign the new head. HMAC-SHA-256 (RFC 2104): one key, nothing to install.
 *
 * Where the key lives, first match wins: the `keyFile` option (`--audit-key`), the environment
 * variable PLANBOOK_AUDIT_KEY_FILE, `~/.config/planbook/audit.key`. A server makes it on first start
 * (32 random bytes as hex, folder 0700, file 0600); read-only tools never make one. Every server
 * process on one PostgreSQL database must be given the same key file.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { PlanbookError } from '../model/errors';

export const KEY_ENV = 'PLANBOOK_AUDIT_KEY_FILE';

export interface AuditKey {
  path: string;
  /** HMAC-SHA-256 of text, hex. */
  sign(text: string): string;
  /** Constant-time comparison of a stored MAC with the MAC of text. */
  check(text: string, mac: string): boolean;
}

/** The key file's path: option, then environment, then the user's config folder. */
export function auditKeyPath(option?: string, env: Record<string, string | undefined> = process.env): string {
  return resolve(option ?? env[KEY_ENV] ?? join(homedir(), '.config', 'planbook', 'audit.key'));
}

function keyError(path: string, what: { zh: string; en: string }): PlanbookError {
  return new PlanbookError('UNAVAILABLE', { zh: `审计签名密钥 ${path}：${what.zh}`, en: `Audit signing key ${path}: ${what.en}` });
}

function fromHex(path: string, text: string): AuditKey {
  const hex = text.trim();
  if (!/^[0-9a-f]{64,}$/.test(hex)) throw keyError(path, { zh: '内容不是至少 64 位的十六进制密钥', en: 'is not a hex key of at least 64 digits' });
  const key = Buffer.from(hex, 'hex');
  const sign = (t: string): string => createHmac('sha256', key).update(t, 'utf8').digest('hex');
  return {
    path,
    sign,
    check: (t, mac) => {
      const want = Buffer.from(sign(t), 'hex');
      const got = Buffer.from(/^[0-9a-f]{64}$/.test(mac) ? mac : '', 'hex');
      return got.length === want.length && timingSafeEqual(got, want);
    },
  };
}

/**
 * Loads the key, making it first when `create` (a server's start). Refuses a key inside the data
 * folder: whoever could rewrite the audit there could then sign it too.
 * Errors: UNAVAILABLE, bilingual, naming the path (missing for a read-only tool, unreadable, malformed, misplaced).
 */
export async function loadAuditKey(o: { keyFile?: string | undefined; dataDir?: string | undefined; create: boolean; env?: Record<string, string | undefined> }): Promise<AuditKey> {
  const path = auditKeyPath(o.keyFile, o.env);
  if (o.dataDir) {
    const rel = relative(resolve(o.dataDir), path);
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
      throw keyError(path, { zh: '位于数据目录内；请放在数据目录之外（--audit-key 或 PLANBOOK_AUDIT_KEY_FILE）', en: 'is inside the data folder; keep it outside (--audit-key or PLANBOOK_AUDIT_KEY_FILE)' });
    }
  }
  try {
    return fromHex(path, await fsp.readFile(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw e instanceof PlanbookError ? e : keyError(path, { zh: `无法读取（${code}）`, en: `cannot be read (${code})` });
    if (!o.create) throw keyError(path, { zh: '不存在；请用服务器所用的密钥文件（--audit-key）', en: 'does not exist; give the key file the server uses (--audit-key)' });
  }
  await fsp.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    const h = await fsp.open(path, 'wx', 0o600);
    try {
      await h.writeFile(randomBytes(32).toString('hex') + '\n');
      await h.sync();
    } finally {
      await h.close();
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw keyError(path, { zh: `无法创建（${(e as NodeJS.ErrnoException).code}）`, en: `cannot be created (${(e as NodeJS.ErrnoException).code})` });
    // Another process made it a moment ago: use theirs.
  }
  return fromHex(path, await fsp.readFile(path, 'utf8'));
}

/** The signed head of the audit chain: the last entry's sequence number and hash, when, and the HMAC over them. */
export interface Anchor {
  seq: number;
  hash: string;
  at: string;
  mac: string;
}

const anchorText = (seq: number, hash: string, at: string): string => `planbook-audit-anchor/1 ${seq} ${hash} ${at}`;

export function signAnchor(key: AuditKey, seq: number, hash: string, at: string): Anchor {
  return { seq, hash, at, mac: key.sign(anchorText(seq, hash, at)) };
}

export function anchorSigned(key: AuditKey, a: Anchor): boolean {
  return key.check(anchorText(a.seq, a.hash, a.at), a.mac);
}
