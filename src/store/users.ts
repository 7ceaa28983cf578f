/**
 * Users and their bearer tokens. A token is shown once when made; only its SHA-256 is stored
 * (tokens are 256 random bits, so a fast hash is enough: there is nothing to brute-force).
 */
import { hash, randomBytes } from 'node:crypto';
import { PlanbookError } from '../model/errors';
import type { Principal, Role } from '../sync/protocol';

export type { Principal, Role };
export const ROLES: readonly Role[] = ['filler', 'reviewer', 'admin'];

export interface User {
  name: string;
  role: Role;
  /** The units a filler fills for; empty for reviewers and admins. */
  units: string[];
  tokenHash: string;
  createdAt: string;
  revokedAt?: string;
}

export interface UserStore {
  findByTokenHash(hash: string): Promise<User | null>;
  list(): Promise<User[]>;
  /** Adds a user (or replaces a revoked one of that name) and returns the new token. */
  /** role is checked here (a bilingual 422 for anything but filler, reviewer, admin). */
  add(name: string, role: string, units: string[]): Promise<string>;
  revoke(name: string): Promise<boolean>;
  close(): Promise<void>;
}

export function newToken(): string {
  return 'pb_' + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  // crypto.hash (one call, no Hash object) is about 3× faster than createHash for a string this short;
  // it runs on every request. A string is hashed as UTF-8, as update(token, 'utf8') did.
  return hash('sha256', token, 'hex');
}

export function checkNewUser(name: string, role: string, units: string[]): Role {
  if (!/^[\p{L}\p{N}_.@-]{1,64}$/u.test(name)) {
    throw new PlanbookError('VALIDATION', {
      zh: `用户名“${name}”无效：只能用字母、数字、汉字和 _ . @ -，最长 64 个字符`,
      en: `Invalid user name "${name}": letters, digits, Chinese characters and _ . @ - only, at most 64 characters`,
    });
  }
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new PlanbookError('VALIDATION', { zh: `角色“${role}”无效，应为 filler、reviewer 或 admin`, en: `Invalid role "${role}": use filler, reviewer or admin` });
  }
  if (role === 'filler' && units.length === 0) {
    throw new PlanbookError('VALIDATION', { zh: '填报人（filler）至少要有一个 --unit 单位', en: 'A filler needs at least one --unit' });
  }
  if (role !== 'filler' && units.length > 0) {
    throw new PlanbookError('VALIDATION', { zh: '只有填报人（filler）才属于单位；reviewer 和 admin 不带 --unit', en: 'Only fillers belong to units; reviewers and admins take no --unit' });
  }
  return role as Role;
}

/** Who is making a request, once the token checked out. */
export function toPrincipal(u: User): Principal {
  return { name: u.name, role: u.role, units: [...u.units] };
}
