/**
 * The audit trail on PostgreSQL, off the commit path of every write.
 *
 * Before: every transaction locked the chain's one head row, sealed its entries after it and held
 * the lock through COMMIT, so all commits — of every server process on the database — ran one
 * after another, each waiting for its own WAL flush. Now a write's transaction only inserts its
 * drafts into pb_audit_pending (committed with the change, so every acknowledged change has its
 * entry, atomically). A chainer, in any server process, takes the anchor row FOR UPDATE, moves the
 * pending rows in id order onto the chain (seq, prev, hash) in pb_audit, deletes them by id, and
 * signs the new head (HMAC, audit-key.ts) into pb_audit_anchor, all in one transaction. One round
 * carries every draft that committed since the last, so its cost is shared by many writes.
 *
 * It runs every 200 ms in each server (coalesced: at most one round at a time per process, plus one
 * queued; this also picks up the drafts of a process that died before they were chained), and
 * before every read or verify of the trail, so a reader always sees every committed write.
 *
 * When one process has the database to itself, most batches skip the pending table: a fast batch
 * hashes its entries after the head this process last saw (directChain) and its one statement
 * writes them to pb_audit and signs the new head, if that head is free and unchanged and nothing is
 * pending (pg-remembered.ts); otherwise its drafts go pending as above. One table written per push
 * instead of three (pending insert, chain insert, pending delete).
 */
import type { Pool, PoolClient } from 'pg';
import { hashEntry, seal, type AuditDraft, type AuditEntry, type AuditQuery, type VerifyResult } from './audit-chain';
import { signAnchor, type Anchor, type AuditKey } from './audit-key';
import { anchorProblems, chainProblem, problem, summarise } from './audit-proof';
import { compareDataWithAudit, type StoredDoc } from './audit-data-check';
import type { Submission } from '../model/submission';
import { upgradeAuditEntry, upgradeSubmission } from '../model/legacy-names';

/** PostgreSQL's answer to FOR UPDATE NOWAIT on a row another transaction holds. */
const LOCK_NOT_AVAILABLE = '55P03';

/** Drafts moved per chaining transaction (a bigger backlog takes several rounds). */
const ROUND_MAX = 2000;

/**
 * A round's writes as one prepared statement: the chained entries (a JSON array of rows), the
 * pending ids they came from (a JSON array) and the signed head. One parameter per kind instead of
 * seven per entry, and planned once per connection.
 */
const CHAIN_ROUND = {
  name: 'pb_chain_round',
  text:
    'WITH i AS (INSERT INTO pb_audit (seq, plan, unit, period, form, field, line) SELECT seq, plan, unit, period, form, field, line ' +
    'FROM json_to_recordset($1::json) AS x (seq BIGINT, plan TEXT, unit TEXT, period TEXT, form TEXT, field TEXT, line TEXT)), ' +
    'd AS (DELETE FROM pb_audit_pending WHERE id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text($2::json))) ' +
    'UPDATE pb_audit_anchor SET seq = $3, hash = $4, at = $5, mac = $6 WHERE id = 1',
} as const;

/** A pending draft as stored: the draft and the time of its write. */
type Stamped = AuditDraft & { at: string };

/** A chained entry as pb_audit stores it: the columns for queries and the exact text that was hashed. */
export interface ChainRow {
  seq: number;
  plan: string | null;
  unit: string | null;
  period: string | null;
  form: string | null;
  field: string | null;
  line: string;
}

function chainRow(e: AuditEntry): ChainRow {
  return { seq: e.seq, plan: e.plan ?? null, unit: e.orgUnit ?? null, period: e.period ?? null, form: e.form ?? null, field: e.field ?? null, line: JSON.stringify(e) };
}

/** A batch's drafts chained in the batch itself (pg-remembered.ts): valid only if the head is still `after`. */
export interface DirectChain {
  after: { seq: number; hash: string };
  rows: ChainRow[];
  anchor: Anchor;
}

export class PgAuditChain {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  /** Called when the background rounds stop running (pg-batches.ts waits for them while it chains in its batches). */
  onRoundsDone: (() => void) | null = null;
  /** The key once loaded (a server loads it at start): the batches sign a head without awaiting it. */
  private keyNow: AuditKey | null = null;
  /** The chain's head as this process last saw it: a batch chains after it when it is still the head. */
  private head: { seq: number; hash: string } | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly key: () => Promise<AuditKey>,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * The statement that stores a batch's drafts, as text to travel with COMMIT in one round trip.
   * The values are quoted by the driver's escapeLiteral (standard_conforming_strings is on in every
   * supported server, and escapeLiteral writes an E'' literal when a backslash needs it).
   */
  pendingInsert(c: PoolClient, drafts: readonly AuditDraft[], at: string): string {
    if (drafts.length === 0) return '';
    const values = drafts.map((d) => `(${c.escapeLiteral(JSON.stringify({ ...d, at } satisfies Stamped))})`);
    return `INSERT INTO pb_audit_pending (draft) VALUES ${values.join(', ')}; `;
  }

  /**
   * A batch's drafts chained after the head this process last saw, with the new head signed, for
   * the batch's statement to write when that is still the head and nothing is pending (pg-remembered.ts);
   * null when this process knows no head or no key yet. `at` is the batch's time, as a pending draft carries.
   */
  directChain(drafts: readonly AuditDraft[], at: string): DirectChain | null {
    if (!this.head || !this.keyNow || drafts.length === 0) return null;
    const entries = seal(drafts, this.head, at);
    const last = entries[entries.length - 1]!;
    return { after: this.head, rows: entries.map(chainRow), anchor: signAnchor(this.keyNow, last.seq, last.hash, at) };
  }

  /**
   * What a batch's statement saw: its chain became the head (chained), or the head it found (null:
   * another transaction held it). A batch that could not chain left its drafts pending: a round soon
   * moves them, so the next batches find nothing pending and chain again.
   */
  afterBatch(d: DirectChain, chained: boolean, seen: { seq: number; hash: string } | null): void {
    if (chained) this.head = { seq: d.anchor.seq, hash: d.anchor.hash };
    else {
      if (seen) this.head = seen;
      this.schedule();
    }
  }

  /**
   * Starts the background rounds (a server; read-only tools chain only when they read). A round every
   * 200 ms rather than after every commit: a reader chains before it reads anyway, and fewer, larger
   * rounds leave the database's time to the writes.
   */
  startTimer(): void {
    this.timer = setInterval(() => this.schedule(), 200);
    this.timer.unref();
  }

  /** A background round is running (or queued behind one). */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Asks for a round soon; never throws (a failed round leaves the drafts pending for the next). */
  schedule(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          while ((await this.round(false)) === ROUND_MAX);
        } catch (e) {
          this.log(`审计链追加失败（待链接的记录保留，稍后重试） / chaining the audit failed (the drafts stay pending; retrying): ${(e as Error).message}`);
        }
      } while (this.again);
    })().finally(() => {
      this.running = null;
      this.onRoundsDone?.();
    });
  }

  /** Chains everything committed so far, then resolves. Throws when a round fails. */
  async now(): Promise<void> {
    await this.running;
    while ((await this.round(true)) === ROUND_MAX);
  }

  /**
   * One chaining transaction; answers how many drafts it moved. A background round (wait false)
   * does not queue behind another process's round: it takes the head with NOWAIT and, finding it
   * taken, leaves the drafts to that round or the next (with several servers, their chainers would
   * otherwise take turns on the one head row, each holding a connection while it waits). A reader's
   * round (now) waits, so it sees every write committed before it.
   */
  private async round(wait: boolean): Promise<number> {
    const key = (this.keyNow = await this.key());
    const c = await this.pool.connect();
    try {
      // Three round trips a round: BEGIN with the head's lock and the pending drafts; the chained
      // entries, the deletion and the signed head (CHAIN_ROUND); COMMIT.
      const first = (await c.query(`BEGIN; SELECT seq, hash FROM pb_audit_anchor WHERE id = 1 FOR UPDATE${wait ? '' : ' NOWAIT'}; SELECT id, draft FROM pb_audit_pending ORDER BY id LIMIT ${ROUND_MAX}`)) as unknown as {
        rows: Record<string, string>[];
      }[];
      const head = first[1]?.rows[0] as { seq: string; hash: string } | undefined;
      if (!head) throw new Error('pb_audit_anchor has no row');
      const rows = (first[2]?.rows ?? []) as { id: string; draft: string }[];
      if (rows.length === 0) {
        await c.query('ROLLBACK');
        this.head = { seq: Number(head.seq), hash: head.hash };
        return 0;
      }
      let seq = Number(head.seq);
      let prev = head.hash;
      // A pending row holds one draft, or (the fast batch, pg-remembered.ts) a write's drafts as an array.
      const stamped = rows.flatMap((r) => {
        const d = JSON.parse(r.draft) as Stamped | Stamped[];
        return Array.isArray(d) ? d : [d];
      });
      const chained = stamped.map(({ at, ...draft }) => {
        seq += 1;
        const body = { ...draft, seq, at, prev };
        prev = hashEntry(body);
        return chainRow({ ...body, hash: prev });
      });
      // By id, never by a range: a draft with a smaller id may commit after this round's SELECT.
      const a = signAnchor(key, seq, prev, new Date().toISOString());
      await c.query({ ...CHAIN_ROUND, values: [JSON.stringify(chained), JSON.stringify(rows.map((r) => Number(r.id))), a.seq, a.hash, a.at, a.mac] });
      await c.query('COMMIT');
      this.head = { seq: a.seq, hash: a.hash };
      return rows.length;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      if (!wait && (e as { code?: string }).code === LOCK_NOT_AVAILABLE) return 0;
      throw e;
    } finally {
      c.release();
    }
  }

  /**
   * Makes the anchor row on a database that has none: signs the chain's current head (from the
   * old pb_audit_head, or the last entry). Two processes doing it at once: one insert wins.
   */
  async ensureAnchor(): Promise<void> {
    if ((await this.pool.query('SELECT 1 FROM pb_audit_anchor WHERE id = 1')).rows.length) return;
    const last = (await this.pool.query<{ line: string }>('SELECT line FROM pb_audit ORDER BY seq DESC LIMIT 1')).rows[0];
    const e = last ? upgradeAuditEntry(JSON.parse(last.line) as AuditEntry) : null;
    const a = signAnchor(await this.key(), e?.seq ?? 0, e?.hash ?? '0'.repeat(64), new Date().toISOString());
    try {
      await this.pool.query('INSERT INTO pb_audit_anchor (id, seq, hash, at, mac) VALUES (1, $1, $2, $3, $4)', [a.seq, a.hash, a.at, a.mac]);
      if (e) this.log(`审计日志尚无签名锚点（旧版本的数据库）：现在签名其当前末条 ${e.seq} / the audit had no signed anchor (a database from an older version): signing its current head, entry ${e.seq}`);
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err;
    }
  }

  async read(q: AuditQuery): Promise<AuditEntry[]> {
    await this.now().catch((e: unknown) => this.log(`读取前链接审计失败 / chaining before a read failed: ${(e as Error).message}`));
    const cond: string[] = [];
    const params: unknown[] = [];
    for (const k of ['plan', 'orgUnit', 'period', 'form', 'field'] as const) {
      const v = q[k];
      if (v === undefined) continue;
      // The column keeps its first name (unit); a field path is matched under both of its names, as entries before the rename wrote it.
      const column = k === 'orgUnit' ? 'unit' : k;
      if (k === 'field') {
        params.push([...new Set([v, v.replace(/^(figures\/[^/]*)\/sameLastYear$/, '$1/base')])]);
        cond.push(`field = ANY($${params.length})`);
      } else {
        params.push(v);
        cond.push(`${column} = $${params.length}`);
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
    const rows = await this.pool.query<{ line: string }>(`SELECT line FROM pb_audit ${cond.length ? 'WHERE ' + cond.join(' AND ') : ''} ORDER BY seq${limit}`, params);
    return rows.rows.map((r) => upgradeAuditEntry(JSON.parse(r.line) as AuditEntry));
  }

  /** The whole check: chain, signed anchor, and the data compared with the trail. */
  async verify(): Promise<VerifyResult> {
    const key = await this.key();
    await this.now();
    const rows = (await this.pool.query<{ seq: string; line: string }>('SELECT seq, line FROM pb_audit ORDER BY seq')).rows;
    const entries: AuditEntry[] = [];
    const problems = [];
    for (const r of rows) {
      try {
        entries.push(upgradeAuditEntry(JSON.parse(r.line) as AuditEntry));
      } catch {
        problems.push(problem('unreadable', `pb_audit 第 ${r.seq} 条不是有效的 JSON`, `pb_audit entry ${r.seq} is not valid JSON`, { seq: Number(r.seq), where: 'pb_audit' }));
      }
    }
    const broken = chainProblem(entries);
    if (broken) problems.push(broken);
    const a = (await this.pool.query<{ seq: string; hash: string; at: string; mac: string }>('SELECT seq, hash, at, mac FROM pb_audit_anchor WHERE id = 1')).rows[0];
    const anchor: Anchor | null = a ? { seq: Number(a.seq), hash: a.hash, at: a.at, mac: a.mac } : null;
    problems.push(...anchorProblems(entries, anchor, key, 'pb_audit_anchor'));
    if (anchor && entries.length && entries[entries.length - 1]!.seq !== anchor.seq && problems.length === 0) {
      problems.push(
        problem(
          'anchor',
          `签名锚点停在第 ${anchor.seq} 条，而审计表已到第 ${entries[entries.length - 1]!.seq} 条：有记录绕过了链接器`,
          `the signed head is entry ${anchor.seq} but pb_audit reaches ${entries[entries.length - 1]!.seq}: entries were added around the chainer`,
          { seq: anchor.seq + 1, where: 'pb_audit' },
        ),
      );
    }
    const docs: StoredDoc[] = [];
    for (const r of (await this.pool.query<{ doc: Submission }>('SELECT doc FROM pb_submissions')).rows) docs.push({ kind: 'submission', sub: upgradeSubmission(r.doc) });
    for (const r of (await this.pool.query<{ id: string; rev: number }>('SELECT id, rev FROM pb_plans')).rows) docs.push({ kind: 'plan', id: r.id, rev: r.rev });
    for (const r of (await this.pool.query<{ name: string; rev: number }>('SELECT name, rev FROM pb_config')).rows) docs.push({ kind: 'config', name: r.name, rev: r.rev });
    problems.push(...compareDataWithAudit(docs, entries));
    return summarise(entries.length, problems);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
