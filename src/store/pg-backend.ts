/**
 * The PostgreSQL backend, for a real deployment and for several server processes behind one load
 * balancer. Nothing here relies on an in-process lock: every read-modify-write runs in a transaction
 * that takes the document's row with SELECT … FOR UPDATE, so two processes serialise on the row and
 * the second sees the first's commit. Concurrent writes of one process share a transaction (group
 * commit: one WAL flush for many writes). A write's audit drafts are inserted in the same
 * transaction, into a table no other write touches; the hash chain is appended after the commit by
 * pg-audit.ts, so commits of different submissions (and of different server processes) no longer
 * queue behind one chain head. No extensions, no ON CONFLICT, no advisory locks; the fast batch
 * (pg-remembered.ts) and the chaining round use a data-modifying WITH and the JSON functions of
 * PostgreSQL 9.4, and a database that refuses the fast batch gets the plain path (pg-batches.ts).
 */
import { Pool } from 'pg';
import { PlanbookError } from '../model/errors';
import type { Plan } from '../model/plan';
import type { Submission, SubmissionKey } from '../model/submission';
import type { AuditDraft, AuditEntry, AuditQuery, VerifyResult } from './audit-chain';
import { loadAuditKey, type AuditKey } from './audit-key';
import { PgAuditChain } from './pg-audit';
import { checkPgAnchor } from './pg-start-check';
import { createSchema } from './pg-schema';
import { PgUserStore } from './pg-users';
import { Remembered, type FastPlan } from './pg-remembered';
import { PgBatches } from './pg-batches';
import type { PlanSummary } from '../sync/protocol';
import { upgradeSubmission } from '../model/legacy-names';
import { summarisePlan, upgradeStoredPlan, type Backend, type ConfigName, type Outcome, type Versioned } from './backend';

export interface PgOptions {
  url: string;
  poolSize?: number;
  log?: ((line: string) => void) | undefined;
  /** The audit signing key's file (audit-key.ts); every server process on one database needs the same key. */
  auditKeyFile?: string | undefined;
  env?: Record<string, string | undefined>;
  /** A server: make the key if missing, and chain the audit in the background. Read-only tools: false. */
  serve?: boolean;
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
  getSubmission: { name: 'pb_get_submission', text: 'SELECT doc FROM pb_submissions WHERE plan = $1 AND unit = $2 AND period = $3 AND form = $4' },
  /** The plan's document only when its revision is not the one cached: a plan is read on every request. */
  getPlanIfChanged: { name: 'pb_get_plan_if_changed', text: 'SELECT rev, CASE WHEN rev = $2 THEN NULL ELSE doc END AS doc FROM pb_plans WHERE id = $1' },
} as const;

/** How long one check of a plan's revision serves other requests (getPlan). */
const PLAN_FRESH_MS = 250;

export class PgBackend implements Backend {
  readonly kind = 'postgres' as const;
  readonly users: PgUserStore;
  /** Submissions as this process last wrote them: a hint for the fast path (pg-remembered.ts). */
  private readonly written = new Remembered();
  /** The last check of each plan's revision, shared by the requests of the next PLAN_FRESH_MS (see getPlan). */
  private readonly planChecks = new Map<string, { at: number; p: Promise<Versioned<Plan> | null> }>();
  /** Plans by id, as last read (see getPlan). */
  private readonly plans = new Map<string, Versioned<Plan>>();

  private readonly audit: PgAuditChain;
  private readonly batches: PgBatches;

  private constructor(
    private readonly pool: Pool,
    key: () => Promise<AuditKey>,
    log: (line: string) => void,
  ) {
    this.users = new PgUserStore(pool);
    this.audit = new PgAuditChain(pool, key, log);
    this.batches = new PgBatches(pool, this.written, this.audit);
  }

  /**
   * Connects, creates the tables, and for a server loads (or makes) the audit key, signs a first
   * anchor if the database has none and starts chaining. Errors: UNAVAILABLE, bilingual.
   */
  static async open(o: PgOptions): Promise<PgBackend> {
    const pool = new Pool({ connectionString: o.url, max: o.poolSize ?? 12 });
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
    let key: Promise<AuditKey> | null = null;
    const getKey = (): Promise<AuditKey> =>
      (key ??= loadAuditKey({ keyFile: o.auditKeyFile, create: o.serve === true, env: o.env }).catch((e: unknown) => {
        key = null;
        throw e;
      }));
    const log = o.log ?? (() => undefined);
    const b = new PgBackend(pool, getKey, log);
    if (o.serve) {
      try {
        await b.audit.ensureAnchor();
        // Before any round chains pending drafts after a head the trail no longer reaches (F8.1).
        await checkPgAnchor(pool, await getKey());
        await b.audit.now();
      } catch (e) {
        await pool.end();
        throw e;
      }
      b.audit.startTimer();
    }
    return b;
  }

  async getSubmission(k: SubmissionKey): Promise<Submission | null> {
    const r = await this.read<{ doc: Submission }>(SQL.getSubmission, [k.plan, k.orgUnit, k.period, k.form]);
    return r[0] ? upgradeSubmission(r[0].doc) : null;
  }

  async listSubmissions(plan: string, period?: string): Promise<Submission[]> {
    const r =
      period === undefined
        ? await this.read<{ doc: Submission }>('SELECT doc FROM pb_submissions WHERE plan = $1', [plan])
        : await this.read<{ doc: Submission }>('SELECT doc FROM pb_submissions WHERE plan = $1 AND period = $2', [plan, period]);
    return r.map((x) => upgradeSubmission(x.doc));
  }

  private async read<R extends object>(sql: string | { name: string; text: string }, params: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(typeof sql === 'string' ? { text: sql, values: params } : { ...sql, values: params })).rows;
    } catch (e) {
      throw new PlanbookError('UNAVAILABLE', { zh: `数据库读取失败：${(e as Error).message}`, en: `The database read failed: ${(e as Error).message}` });
    }
  }

  updateSubmission<T>(k: SubmissionKey, fn: (cur: Submission | null) => Outcome<Submission, T>): Promise<T> {
    const keyParams = [k.plan, k.orgUnit, k.period, k.form];
    const cacheKey = `s\u0000${keyParams.join('\u0000')}`;
    const fast = (): FastPlan | null => this.written.plan(cacheKey, keyParams, fn);
    return this.batches.enqueue(cacheKey, fast, async (c) => {
      const r = await c.query<{ doc: Submission }>({ ...SQL.lockSubmission, values: keyParams });
      const cur = r.rows[0] ? upgradeSubmission(r.rows[0].doc) : null;
      const out = fn(cur);
      if (out.next) {
        if (cur) {
          // The rev condition is belt and braces: the row lock already guarantees it.
          const u = await c.query({ ...SQL.updateSubmission, values: [...keyParams, out.next.rev, out.next.state, JSON.stringify(out.next), cur.rev] });
          if (u.rowCount !== 1) throw Object.assign(new Error('lost the row'), { code: '40001' });
        } else {
          await c.query({ ...SQL.insertSubmission, values: [...keyParams, out.next.rev, out.next.state, JSON.stringify(out.next)] });
        }
        this.written.remember(cacheKey, out.next);
      }
      return { result: out.result, audit: out.audit };
    });
  }

  /**
   * Every submission request checks its key against the plan, and a district's plan is ~300 KB of
   * JSON: the parsed plan is kept per id and the database sends the document again only when its
   * revision moved (one small round trip, so a plan imported through another process is seen at once).
   */
  getPlan(id: string): Promise<Versioned<Plan> | null> {
    // Every submission request checks its key against the plan, a PATCH twice (the route and the
    // service): without this, two round trips per push only to learn the plan had not changed.
    // One check serves every request of the next PLAN_FRESH_MS, and requests arriving together
    // share one query; a plan imported through another process is seen within that time, one
    // imported through this process at once (updatePlan forgets the check).
    const c = this.planChecks.get(id);
    if (c && Date.now() - c.at < PLAN_FRESH_MS) return c.p;
    const p = this.fetchPlan(id);
    this.planChecks.set(id, { at: Date.now(), p });
    p.catch(() => this.planChecks.delete(id));
    return p;
  }

  private async fetchPlan(id: string): Promise<Versioned<Plan> | null> {
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
    const doc = upgradeStoredPlan(row.doc);
    this.plans.set(id, doc);
    return doc;
  }

  async listPlans(): Promise<PlanSummary[]> {
    const r = await this.read<{ doc: Versioned<Plan> }>('SELECT doc FROM pb_plans ORDER BY id', []);
    return r.map((x) => summarisePlan(upgradeStoredPlan(x.doc)));
  }

  updatePlan<T>(id: string, fn: (cur: Versioned<Plan> | null) => Outcome<Versioned<Plan>, T>): Promise<T> {
    return this.updateSimple('pb_plans', 'id', id, fn).finally(() => this.planChecks.delete(id));
  }

  async getConfig(name: ConfigName): Promise<Versioned<unknown> | null> {
    const r = await this.read<{ doc: Versioned<unknown> }>('SELECT doc FROM pb_config WHERE name = $1', [name]);
    return r[0]?.doc ?? null;
  }

  updateConfig<T>(name: ConfigName, fn: (cur: Versioned<unknown> | null) => Outcome<Versioned<unknown>, T>): Promise<T> {
    return this.updateSimple('pb_config', 'name', name, fn);
  }

  private updateSimple<D extends { rev: number }, T>(table: 'pb_plans' | 'pb_config', col: 'id' | 'name', id: string, fn: (cur: D | null) => Outcome<D, T>): Promise<T> {
    return this.batches.enqueue(`${table}\u0000${id}`, null, async (c) => {
      const r = await c.query<{ doc: D }>(`SELECT doc FROM ${table} WHERE ${col} = $1 FOR UPDATE`, [id]);
      const row = r.rows[0]?.doc ?? null;
      const cur = row && table === 'pb_plans' ? (upgradeStoredPlan(row as unknown as Versioned<Plan>) as unknown as D) : row;
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
    return this.batches.enqueue('', null, async () => ({ result: undefined, audit: drafts }));
  }

  readAudit(q: AuditQuery): Promise<AuditEntry[]> {
    return this.audit.read(q);
  }

  /** Chain, signed anchor (pb_audit_anchor), and data compared with the trail (pg-audit.ts). */
  verifyAudit(): Promise<VerifyResult> {
    return this.audit.verify();
  }

  async close(): Promise<void> {
    while (this.batches.busy) await new Promise((r) => setTimeout(r, 2));
    await this.audit.close();
    await this.pool.end();
  }
}
