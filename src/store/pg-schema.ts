/**
 * The postgres backend's tables, created on first start. Plain SQL (no extensions, no ON CONFLICT,
 * no advisory locks).
 *
 * The audit trail is two tables and an anchor: a write's transaction inserts its audit drafts into
 * pb_audit_pending (no shared row touched, so commits of different submissions never wait on each
 * other); a chainer (pg-audit.ts) moves them, in id order, onto the hash chain in pb_audit and signs
 * the new head into pb_audit_anchor. pb_audit_head is the chain head of earlier versions, read
 * once to sign the first anchor of a database made before anchors existed.
 */
import type { Pool } from 'pg';

export const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS pb_plans (id VARCHAR(200) PRIMARY KEY, rev INTEGER NOT NULL, doc JSONB NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS pb_submissions (plan VARCHAR(200) NOT NULL, unit VARCHAR(200) NOT NULL, period VARCHAR(20) NOT NULL, form VARCHAR(40) NOT NULL,
     rev INTEGER NOT NULL, state VARCHAR(20) NOT NULL, doc JSONB NOT NULL, PRIMARY KEY (plan, unit, period, form))`,
  `CREATE TABLE IF NOT EXISTS pb_config (name VARCHAR(40) PRIMARY KEY, rev INTEGER NOT NULL, doc JSONB NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS pb_users (name VARCHAR(64) PRIMARY KEY, role VARCHAR(20) NOT NULL, units JSONB NOT NULL, token_hash CHAR(64) NOT NULL,
     created_at VARCHAR(40) NOT NULL, revoked_at VARCHAR(40))`,
  // The entry is kept as the exact text that was hashed, so verify sees a changed byte; the columns are for queries.
  `CREATE TABLE IF NOT EXISTS pb_audit (seq BIGINT PRIMARY KEY, plan VARCHAR(200), unit VARCHAR(200), period VARCHAR(20), form VARCHAR(40), field VARCHAR(400), line TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS pb_audit_sub ON pb_audit (plan, unit, period, form)`,
  `CREATE TABLE IF NOT EXISTS pb_audit_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash CHAR(64) NOT NULL)`,
  // A draft (JSON with its time) committed with its change, waiting for the chainer.
  `CREATE TABLE IF NOT EXISTS pb_audit_pending (id BIGSERIAL PRIMARY KEY, draft TEXT NOT NULL)`,
  // The signed head: HMAC of (seq, hash, at) with the key kept outside the database (audit-key.ts).
  `CREATE TABLE IF NOT EXISTS pb_audit_anchor (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash CHAR(64) NOT NULL, at VARCHAR(40) NOT NULL, mac CHAR(64) NOT NULL)`,
];

export async function createSchema(pool: Pool): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      for (const sql of SCHEMA) await pool.query(sql);
      return;
    } catch (e) {
      // Two processes creating the same table at once: one loses with a unique violation; try again.
      if (attempt < 5 && (e as { code?: string }).code === '23505') continue;
      throw e;
    }
  }
}
