/**
 * The PostgreSQL backend, for a real deployment and for several server processes behind one load
 * balancer. Nothing here relies on an in-process lock: every read-modify-write runs in a transaction
 * that takes the document's row with SELECT … FOR UPDATE, so two processes serialise on the row and
 * the second sees the first's commit. Concurrent writes of one process share a transaction (group
 * commit, each in its own savepoint), because the chained audit makes commits run one at a time. The audit chain's tail is a one-row table taken FOR UPDATE in
 * the same transaction (always after the document's row, so the lock order is fixed and two writers
 * cannot deadlock). Plain SQL only (no extensions, no ON CONFLICT, no advisory locks), so
 * openGauss and KingbaseES accept it too.
 */
import { Pool, type PoolClient } from 'pg';
import { PlanbookError } from '../model/errors';
import type { Plan } from '../model/plan';
import type { Submission, SubmissionKey } from '../model/submission';
import { GENESIS, seal, verifyChain, type AuditDraft, type AuditEntry, type AuditQuery, type VerifyResult } from './audit-chain';
import type { PlanSummary } from '../sync/protocol';
import { summarisePlan, type Backend, type ConfigName, type Outcome, type Versioned } from './backend';
import { checkNewUser, hashToken, newToken, type Role, type User, type UserStore } from './users';

const SCHEMA = [
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
];

export interface PgOptions {
  url: string;
  poolSize?: number;
  log?: ((line: string) => void) | undefined;
}

function storageError(e: unknown): PlanbookError {
  const code = (e as { code?: string } | undefined)?.code ?? 'unknown';
  return new PlanbookError('STORAGE', {
    zh: `数据库写入失败（${code}），本次修改未保存，原有数据未受影响`,
    en: `The database write failed (${code}); this change was not saved and earlier data is intact`,
  }, { cause: code });
}

const RETRYABLE = new Set(['23505', '40001', '40P01']); // unique violation (two first writers), serialization failure, deadlock

/** One write waiting for the next batch: runs on the batch's connection, inside its own savepoint. */
interface Op {
  /** Rows are locked in this order within a batch, so two batches can never wait on each other in a cycle. */
  lockKey: string;
  run(c: PoolClient): Promise<{ result: unknown; audit: AuditDraft[] }>;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

/**
 * The statements of every write, as named (prepared) statements: PostgreSQL parses and plans each
 * once per connection instead of once per write, which matters when the database shares the
 * machine's cores with the server and its clients.
 */
const SQL = {
  lockSubmission: { name: 'pb_lock_submission', text: 'SELECT doc FROM pb_submissions WHERE plan = $1 AND unit = $2 AND period = $3 AND form = $4 FOR UPDATE' },
  updateSubmission: { name: 'pb_update_submission', text: 'UPDATE pb_submissions SET rev = $5, state = $6, doc = $7 WHERE plan = $1 AND unit = $2 AND period = $3 AND form = $4 AND rev = $8' },
  insertSubmission: { name: 'pb_insert_submission', text: 'INSERT INTO pb_submissions (plan, unit, period, form, rev, state, doc) VALUES ($1, $2, $3, $4, $5, $6, $7)' },
  lockAuditHead: { name: 'pb_lock_audit_head', text: 'SELECT seq, hash FROM pb_audit_head WHERE id = 1 FOR UPDATE' },
  getSubmission: { name: 'pb_get_submission', text: 'SELECT doc FROM pb_submissions WHERE plan = $1 AND unit = $2 AND period = $3 AND form = $4' },
  /** The plan's document only when its revision is not the one cached: a plan is read on every request. */
  getPlanIfChanged: { name: 'pb_get_plan_if_changed', text: 'SELECT rev, CASE WHEN rev = $2 THEN NULL ELSE doc END AS doc FROM pb_plans WHERE id = $1' },
} as const;

/** How many writes one transaction may carry, and how many batches may be open at once. */
const BATCH_MAX = 64;
const BATCHES_IN_FLIGHT = 2;

export class PgBackend implements Backend {
  readonly kind = 'postgres' as const;
  readonly users: PgUserStore;
  private waiting: Op[] = [];
  private inFlight = 0;
  /** Plans by id, as last read (see getPlan). */
  private readonly plans = new Map<string, Versioned<Plan>>();

  private constructor(private readonly pool: Pool) {
    this.users = new PgUserStore(pool);
  }

  static async open(o: PgOptions): Promise<PgBackend> {
    const pool = new Pool({ connectionString: o.url, max: o.poolSize ?? 10 });
    pool.on('error', (e) => o.log?.(`PostgreSQL 空闲连接出错（连接池会重建） / postgres idle client error (the pool reconnects): ${e.message}`));
    try {
      await createSchema(pool);
    } catch (e) {
      await pool.end();
      throw new PlanbookError('UNAVAILABLE', {
        zh: `无法连接或初始化 PostgreSQL 数据库：${(e as Error).message}`,
        en: `Could not connect to or set up the PostgreSQL database: ${(e as Error).message}`,
      });
    }
    return new PgBackend(pool);
  }

  /**
   * Group commit: writes that arrive together share one transaction, one lock of the audit chain's
   * head and one WAL flush. Each write runs in its own savepoint, so one refused write (a stale
   * revision, a conflict) rolls back alone; the others commit. Answers go out only after COMMIT.
   */
  private enqueue<T>(lockKey: string, run: (c: PoolClient) => Promise<{ result: T; audit: AuditDraft[] }>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ lockKey, run, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < BATCHES_IN_FLIGHT && this.waiting.length) {
      const batch = this.waiting.splice(0, BATCH_MAX);
      this.inFlight++;
      void this.runBatch(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /**
   * Runs a batch in one transaction. Round trips to the database are most of a write's cost, so the
   * first try is optimistic: no savepoints. A refused write (a PlanbookError from the service: stale
   * revision, conflict, workflow) is refused before it writes anything, so it needs no rollback. Only
   * a failing statement (a constraint, a broken disk, two first writers of one row) aborts the
   * transaction; then the batch rolls back and runs again carefully, each write in its own savepoint,
   * so the failing write is refused alone and the others commit. Nothing is answered before COMMIT.
   */
  private async runBatch(batch: Op[], attempt = 0, careful = false): Promise<void> {
    // Stable sort: writes to the same row keep their order.
    const ordered = batch.map((op, i) => ({ op, i })).sort((a, b) => (a.op.lockKey < b.op.lockKey ? -1 : a.op.lockKey > b.op.lockKey ? 1 : a.i - b.i)).map((x) => x.op);
    let c: PoolClient;
    try {
      c = await this.pool.connect();
    } catch (e) {
      for (const op of batch) op.reject(storageError(e));
      return;
    }
    const done: { op: Op; result: unknown }[] = [];
    const refused: { op: Op; error: unknown }[] = [];
    let again = false;
    try {
      // Statements without parameters travel together: BEGIN with the first savepoint, and one
      // write's RELEASE with the next one's SAVEPOINT. A ROLLBACK TO keeps its savepoint, so a
      // refused write needs no new one; the last savepoint is released by COMMIT.
      await c.query(careful ? 'BEGIN; SAVEPOINT w' : 'BEGIN');
      const drafts: AuditDraft[] = [];
      for (let k = 0; k < ordered.length && !again; k++) {
        const op = ordered[k]!;
        if (careful && k > 0 && done[done.length - 1]?.op === ordered[k - 1]) await c.query('RELEASE SAVEPOINT w; SAVEPOINT w');
        for (let tries = 0; ; tries++) {
          try {
            const r = await op.run(c);
            drafts.push(...r.audit);
            done.push({ op, result: r.result });
            break;
          } catch (e) {
            if (!careful) {
              if (e instanceof PlanbookError) {
                refused.push({ op, error: e });
                break;
              }
              const code = (e as { code?: string }).code ?? '';
              if (code === '40001' || code === '40P01') throw e; // the whole batch tries again
              again = true; // a statement failed and the transaction is aborted: run again with savepoints
              break;
            }
            await c.query('ROLLBACK TO SAVEPOINT w');
            const code = (e as { code?: string }).code ?? '';
            if (code === '23505' && tries < 3) continue; // another process inserted the row first: now it exists
            if (code === '40001' || code === '40P01') throw e; // the whole batch tries again
            refused.push({ op, error: e instanceof PlanbookError ? e : storageError(e) });
            break;
          }
        }
      }
      if (again) await c.query('ROLLBACK');
      else await c.query((await this.appendIn(c, drafts)) + 'COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      // Discard the connection: after a failed batch it may be broken, and a fresh one is cheap.
      c.release(true);
      const code = (e as { code?: string }).code ?? '';
      if (RETRYABLE.has(code) && attempt < 8) return this.runBatch(batch, attempt + 1, careful);
      for (const op of batch) op.reject(storageError(e));
      return;
    }
    c.release();
    if (again) return this.runBatch(batch, attempt, true);
    for (const d of done) d.op.resolve(d.result);
    for (const r of refused) r.op.reject(r.error);
  }

  /**
   * Appends the batch's audit entries after locking the chain's head; returns the statement that
   * moves the head, to travel with COMMIT in one round trip. Its values are inlined as literals,
   * which is safe only because both are made here: an integer and a hex digest (checked).
   */
  private async appendIn(c: PoolClient, drafts: AuditDraft[]): Promise<string> {
    if (drafts.length === 0) return '';
    const head = await c.query<{ seq: string; hash: string }>(SQL.lockAuditHead);
    const row = head.rows[0];
    const last = row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: GENESIS };
    const entries = seal(drafts, last, new Date().toISOString());
    const params: unknown[] = [];
    const values: string[] = [];
    for (const e of entries) {
      const b = params.length;
      params.push(e.seq, e.plan ?? null, e.unit ?? null, e.period ?? null, e.form ?? null, e.field ?? null, JSON.stringify(e));
      values.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`);
    }
    const text = `INSERT INTO pb_audit (seq, plan, unit, period, form, field, line) VALUES ${values.join(', ')}`;
    // Batches of up to 8 entries are the common case: prepared once per connection and size. Larger
    // ones (a PUT of a whole form) vary too much to be worth keeping in every connection.
    await c.query(entries.length <= 8 ? { name: `pb_audit_insert_${entries.length}`, text, values: params } : { text, values: params });
    const tail = entries[entries.length - 1]!;
    if (!Number.isSafeInteger(tail.seq) || !/^[0-9a-f]{64}$/.test(tail.hash)) throw new Error(`audit head out of shape: ${tail.seq} ${tail.hash}`);
    return row
      ? `UPDATE pb_audit_head SET seq = ${tail.seq}, hash = '${tail.hash}' WHERE id = 1; `
      : `INSERT INTO pb_audit_head (id, seq, hash) VALUES (1, ${tail.seq}, '${tail.hash}'); `;
  }

  async getSubmission(k: SubmissionKey): Promise<Submission | null> {
    const r = await this.read<{ doc: Submission }>(SQL.getSubmission, [k.plan, k.unit, k.period, k.form]);
    return r[0]?.doc ?? null;
  }

  async listSubmissions(plan: string, period?: string): Promise<Submission[]> {
    const r = period === undefined
      ? await this.read<{ doc: Submission }>('SELECT doc FROM pb_submissions WHERE plan = $1', [plan])
      : await this.read<{ doc: Submission }>('SELECT doc FROM pb_submissions WHERE plan = $1 AND period = $2', [plan, period]);
    return r.map((x) => x.doc);
  }

  private async read<R extends object>(sql: string | { name: string; text: string }, params: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(typeof sql === 'string' ? { text: sql, values: params } : { ...sql, values: params })).rows;
    } catch (e) {
      throw new PlanbookError('UNAVAILABLE', { zh: `数据库读取失败：${(e as Error).message}`, en: `The database read failed: ${(e as Error).message}` });
    }
  }

  updateSubmission<T>(k: SubmissionKey, fn: (cur: Submission | null) => Outcome<Submission, T>): Promise<T> {
    const keyParams = [k.plan, k.unit, k.period, k.form];
    return this.enqueue(`s\u0000${keyParams.join('\u0000')}`, async (c) => {
      const r = await c.query<{ doc: Submission }>({ ...SQL.lockSubmission, values: keyParams });
      const cur = r.rows[0]?.doc ?? null;
      const out = fn(cur);
      if (out.next) {
        if (cur) {
          // The rev condition is belt and braces: the row lock already guarantees it.
          const u = await c.query({ ...SQL.updateSubmission, values: [...keyParams, out.next.rev, out.next.state, JSON.stringify(out.next), cur.rev] });
          if (u.rowCount !== 1) throw Object.assign(new Error('lost the row'), { code: '40001' });
        } else {
          await c.query({ ...SQL.insertSubmission, values: [...keyParams, out.next.rev, out.next.state, JSON.stringify(out.next)] });
        }
      }
      return { result: out.result, audit: out.audit };
    });
  }

  /**
   * Every submission request checks its key against the plan, and a district's plan is ~300 KB of
   * JSON: the parsed plan is kept per id and the database sends the document again only when its
   * revision moved (one small round trip, so a plan imported through another process is seen at once).
   */
  async getPlan(id: string): Promise<Versioned<Plan> | null> {
    const cached = this.plans.get(id);
    const r = await this.read<{ rev: number; doc: Versioned<Plan> | null }>(SQL.getPlanIfChanged, [id, cached?.rev ?? -1]);
    const row = r[0];
    if (!row) {
      this.plans.delete(id);
      return null;
    }
    if (row.doc === null && cached && cached.rev === row.rev) return cached;
    if (row.doc === null) return null; // not reachable: a null doc means the cached rev matched
    if (this.plans.size > 100) this.plans.clear();
    this.plans.set(id, row.doc);
    return row.doc;
  }

  async listPlans(): Promise<PlanSummary[]> {
    const r = await this.read<{ doc: Versioned<Plan> }>('SELECT doc FROM pb_plans ORDER BY id', []);
    return r.map((x) => summarisePlan(x.doc));
  }

  updatePlan<T>(id: string, fn: (cur: Versioned<Plan> | null) => Outcome<Versioned<Plan>, T>): Promise<T> {
    return this.updateSimple('pb_plans', 'id', id, fn);
  }

  async getConfig(name: ConfigName): Promise<Versioned<unknown> | null> {
    const r = await this.read<{ doc: Versioned<unknown> }>('SELECT doc FROM pb_config WHERE name = $1', [name]);
    return r[0]?.doc ?? null;
  }

  updateConfig<T>(name: ConfigName, fn: (cur: Versioned<unknown> | null) => Outcome<Versioned<unknown>, T>): Promise<T> {
    return this.updateSimple('pb_config', 'name', name, fn);
  }

  private updateSimple<D extends { rev: number }, T>(table: 'pb_plans' | 'pb_config', col: 'id' | 'name', id: string, fn: (cur: D | null) => Outcome<D, T>): Promise<T> {
    return this.enqueue(`${table}\u0000${id}`, async (c) => {
      const r = await c.query<{ doc: D }>(`SELECT doc FROM ${table} WHERE ${col} = $1 FOR UPDATE`, [id]);
      const cur = r.rows[0]?.doc ?? null;
      const out = fn(cur);
      if (out.next) {
        if (cur) await c.query(`UPDATE ${table} SET rev = $2, doc = $3 WHERE ${col} = $1`, [id, out.next.rev, JSON.stringify(out.next)]);
        else await c.query(`INSERT INTO ${table} (${col}, rev, doc) VALUES ($1, $2, $3)`, [id, out.next.rev, JSON.stringify(out.next)]);
      }
      return { result: out.result, audit: out.audit };
    });
  }

  appendAudit(drafts: AuditDraft[]): Promise<void> {
    if (drafts.length === 0) return Promise.resolve();
    return this.enqueue('', async () => ({ result: undefined, audit: drafts }));
  }

  async readAudit(q: AuditQuery): Promise<AuditEntry[]> {
    const cond: string[] = [];
    const params: unknown[] = [];
    for (const k of ['plan', 'unit', 'period', 'form', 'field'] as const) {
      const v = q[k];
      if (v !== undefined) {
        params.push(v);
        cond.push(`${k} = $${params.length}`);
      }
    }
    if (q.after !== undefined) {
      params.push(q.after);
      cond.push(`seq > $${params.length}`);
    }
    let limit = '';
    if (q.limit !== undefined) {
      params.push(q.limit);
      limit = ` LIMIT $${params.length}`;
    }
    const rows = await this.read<{ line: string }>(`SELECT line FROM pb_audit ${cond.length ? 'WHERE ' + cond.join(' AND ') : ''} ORDER BY seq${limit}`, params);
    return rows.map((r) => JSON.parse(r.line) as AuditEntry);
  }

  async verifyAudit(): Promise<VerifyResult> {
    const rows = await this.read<{ seq: string; line: string }>('SELECT seq, line FROM pb_audit ORDER BY seq', []);
    const entries: AuditEntry[] = [];
    for (const r of rows) {
      try {
        entries.push(JSON.parse(r.line) as AuditEntry);
      } catch {
        return { ok: false, entries: rows.length, firstBad: { seq: Number(r.seq), reason: 'entry is not valid JSON' } };
      }
    }
    return verifyChain(entries);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

async function createSchema(pool: Pool): Promise<void> {
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
