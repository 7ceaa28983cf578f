/**
 * Users and token hashes in PostgreSQL (pb_users), for the postgres backend. A token is looked up by
 * its SHA-256; the answer is cached for a second so a flood of requests costs no queries.
 */
import type { Pool } from 'pg';
import { PlanbookError } from '../model/errors';
import { checkNewUser, hashToken, newToken, type Role, type User, type UserStore } from './users';

export class PgUserStore implements UserStore {
  private cache = new Map<string, { user: User | null; at: number }>();

  constructor(private readonly pool: Pool) {}

  private static row(r: { name: string; role: string; units: string[]; token_hash: string; created_at: string; revoked_at: string | null }): User {
    const u: User = { name: r.name, role: r.role as Role, units: r.units, tokenHash: r.token_hash, createdAt: r.created_at };
    if (r.revoked_at) u.revokedAt = r.revoked_at;
    return u;
  }

  async findByTokenHash(hash: string): Promise<User | null> {
    const c = this.cache.get(hash);
    // One second of caching: a revoked token stops working within a second, and a flood costs no queries.
    if (c && Date.now() - c.at < 1000) return c.user;
    const r = await this.pool.query('SELECT * FROM pb_users WHERE token_hash = $1 AND revoked_at IS NULL', [hash]);
    const user = r.rows[0] ? PgUserStore.row(r.rows[0]) : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { user, at: Date.now() });
    return user;
  }

  async list(): Promise<User[]> {
    const r = await this.pool.query('SELECT * FROM pb_users ORDER BY name');
    return r.rows.map((x) => PgUserStore.row(x));
  }

  async add(name: string, role: string, units: string[]): Promise<string> {
    const r = checkNewUser(name, role, units);
    const token = newToken();
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const cur = await c.query('SELECT revoked_at FROM pb_users WHERE name = $1 FOR UPDATE', [name]);
      if (cur.rows[0] && cur.rows[0].revoked_at === null) {
        throw new PlanbookError('CONFLICT', { zh: `用户“${name}”已存在；先 revoke 再重新添加`, en: `User "${name}" exists; revoke it first to issue a new token` });
      }
      if (cur.rows[0]) await c.query('DELETE FROM pb_users WHERE name = $1', [name]);
      await c.query('INSERT INTO pb_users (name, role, units, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [name, r, JSON.stringify(units), hashToken(token), new Date().toISOString()]);
      await c.query('COMMIT');
      return token;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  async revoke(name: string): Promise<boolean> {
    const r = await this.pool.query('UPDATE pb_users SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL', [name, new Date().toISOString()]);
    this.cache.clear();
    return r.rowCount === 1;
  }

  async close(): Promise<void> {}
}
