/**
 * `planbook store repair --backend postgres` (F8.1): what is wrong with the trail in PostgreSQL and
 * what each finding allows, then, with the operator's --accept-loss, the decision on record. As on
 * the file backend (store-repair.ts), a deleted or rewritten stretch of the audit cannot be brought
 * back by any tool here — only a database backup can; accepting the loss writes `repair` entries
 * after the trail's last entry (the shared format: audit-data-check.ts reads them), re-signs the
 * anchor over the new head, and puts every submission whose revisions lost their entries at a
 * revision past every one ever acknowledged, so no revision number (no client's ETag) is used twice.
 * `audit verify` is clean afterwards and the repair entries name the loss. One transaction, holding
 * the anchor row: a running server's chainer waits; stop the servers first all the same.
 */
import type { Pool, PoolClient } from 'pg';
import { seal, type AuditDraft, type AuditEntry, type AuditProblem } from './audit-chain';
import { signAnchor, type Anchor, type AuditKey } from './audit-key';
import { anchorProblems, chainProblem } from './audit-proof';
import { compareDataWithAudit, configDocId, entriesByDocument, planDocId, subId, type StoredDoc } from './audit-data-check';
import { PlanbookError } from '../model/errors';
import type { Submission } from '../model/submission';
import { upgradeAuditEntry, upgradeSubmission } from '../model/legacy-names';

/** One finding and what the operator can do about it, in both languages. */
export interface PgFinding {
  problem: AuditProblem;
  remedy: { zh: string; en: string };
  /** False when no decision here can mend it (a broken chain: restore pb_audit from a backup). */
  mendable: boolean;
}

export interface PgDiagnosis {
  findings: PgFinding[];
  clean: boolean;
}

type Stamped = AuditDraft & { at: string };

const WHAT = 'accepted the loss 接受损失';

interface State {
  entries: AuditEntry[];
  anchor: Anchor | null;
  pending: { ids: number[]; drafts: Stamped[] };
  subs: Submission[];
  others: StoredDoc[];
}

async function readState(c: PoolClient, lock: boolean): Promise<State> {
  const a = (await c.query<{ seq: string; hash: string; at: string; mac: string }>(`SELECT seq, hash, at, mac FROM pb_audit_anchor WHERE id = 1${lock ? ' FOR UPDATE' : ''}`)).rows[0];
  const entries: AuditEntry[] = [];
  for (const r of (await c.query<{ seq: string; line: string }>('SELECT seq, line FROM pb_audit ORDER BY seq')).rows) {
    try {
      entries.push(upgradeAuditEntry(JSON.parse(r.line) as AuditEntry));
    } catch {
      throw new PlanbookError('BAD_REQUEST', {
        zh: `pb_audit 第 ${r.seq} 条不是有效的 JSON，本工具无法恢复审计条目；请从数据库备份恢复 pb_audit，再运行 planbook audit verify`,
        en: `pb_audit entry ${r.seq} is not valid JSON and this tool cannot bring audit entries back; restore pb_audit from a database backup, then run planbook audit verify`,
      });
    }
  }
  const rows = (await c.query<{ id: string; draft: string }>('SELECT id, draft FROM pb_audit_pending ORDER BY id')).rows;
  // A pending row holds one draft, or a fast batch's drafts as an array (pg-remembered.ts).
  const drafts = rows.flatMap((r) => {
    const d = JSON.parse(r.draft) as Stamped | Stamped[];
    return Array.isArray(d) ? d : [d];
  });
  const subs = (await c.query<{ doc: Submission }>('SELECT doc FROM pb_submissions')).rows.map((r) => upgradeSubmission(r.doc));
  const others: StoredDoc[] = [
    ...(await c.query<{ id: string; rev: number }>('SELECT id, rev FROM pb_plans')).rows.map((r): StoredDoc => ({ kind: 'plan', id: r.id, rev: r.rev })),
    ...(await c.query<{ name: string; rev: number }>('SELECT name, rev FROM pb_config')).rows.map((r): StoredDoc => ({ kind: 'config', name: r.name, rev: r.rev })),
  ];
  return { entries, anchor: a ? { seq: Number(a.seq), hash: a.hash, at: a.at, mac: a.mac } : null, pending: { ids: rows.map((r) => Number(r.id)), drafts }, subs, others };
}

/** The trail as the next chaining round would make it: the chained entries, then the pending drafts after them. */
function withPending(s: State): AuditEntry[] {
  const last = s.entries[s.entries.length - 1];
  const head = { seq: last?.seq ?? 0, hash: last?.hash ?? '0'.repeat(64) };
  const out = [...s.entries];
  for (const { at, ...d } of s.pending.drafts) {
    const [e] = seal([d], out[out.length - 1] ?? head, at);
    out.push(e!);
  }
  return out;
}

/** Every stored document as the data check reads it. */
function storedDocs(s: State): StoredDoc[] {
  return [...s.subs.map((sub): StoredDoc => ({ kind: 'submission', sub })), ...s.others];
}

/** The name compareDataWithAudit gives a document in a problem's `where`. */
function whereOf(d: StoredDoc): string {
  return d.kind === 'submission' ? `${d.sub.plan}/${d.sub.orgUnit}/${d.sub.period}/${d.sub.form}` : d.kind === 'plan' ? `plan ${d.id}` : `config ${d.name}`;
}

/** The document's id in entriesByDocument. */
function idOfDoc(d: StoredDoc): string {
  return d.kind === 'submission' ? subId(d.sub) : d.kind === 'plan' ? planDocId(d.id) : configDocId(d.name);
}

/**
 * Puts a document at revision `next` (its content kept) and answers the shared repair entry that
 * stands for revisions kept+1…next (audit-data-check.ts: field 'rev', old = kept).
 */
async function renumber(c: PoolClient, d: StoredDoc, kept: number, stored: number, top: number, next: number, actor: string, at: string): Promise<AuditDraft> {
  const lost = `the audit entries of revisions ${kept + 1}–${Math.max(top, stored)} are lost, their numbers never reused`;
  const base = { action: 'repair' as const, actor, field: 'rev', old: kept, new: next, rev: next };
  if (d.kind === 'submission') {
    const k = { plan: d.sub.plan, orgUnit: d.sub.orgUnit, period: d.sub.period, form: d.sub.form };
    const doc = JSON.stringify({ ...d.sub, rev: next, updatedAt: at, updatedBy: actor });
    await c.query('UPDATE pb_submissions SET rev = $5, doc = $6 WHERE plan = $1 AND unit = $2 AND period = $3 AND form = $4', [k.plan, k.orgUnit, k.period, k.form, next, doc]);
    return { ...base, ...k, state: d.sub.state, detail: `${WHAT}: the form as stored at revision ${stored} kept as revision ${next}; ${lost}` };
  }
  const [table, col, id] = d.kind === 'plan' ? ['pb_plans', 'id', d.id] : ['pb_config', 'name', d.name];
  await c.query(`UPDATE ${table} SET rev = $2, doc = jsonb_set(doc, '{rev}', to_jsonb($2::int)) WHERE ${col} = $1`, [id, next]);
  const asStored = `as stored at revision ${stored} kept as revision ${next}; ${lost}`;
  // A config's repair entry is told by its detail's prefix (audit-data-check.ts idOf).
  return d.kind === 'plan' ? { ...base, plan: d.id, detail: `${WHAT}: plan ${asStored}` } : { ...base, detail: `config:${d.name} ${WHAT}: ${asStored}` };
}

function findingsOf(s: State, key: AuditKey): PgFinding[] {
  const out: PgFinding[] = [];
  const broken = chainProblem(s.entries);
  if (broken)
    out.push({
      problem: broken,
      mendable: false,
      remedy: {
        zh: '哈希链本身断开：本工具无法恢复审计条目；请从数据库备份恢复 pb_audit，再运行 planbook audit verify',
        en: 'the hash chain itself is broken: this tool cannot bring audit entries back; restore pb_audit from a database backup, then run planbook audit verify',
      },
    });
  for (const p of anchorProblems(s.entries, s.anchor, key, 'pb_audit_anchor')) {
    const remedy =
      p.kind === 'truncated'
        ? {
            zh: '被删除的审计条目无法由本工具找回（只有数据库备份能）；--accept-loss 将这一损失记入审计并重新签名锚点',
            en: 'the deleted audit entries cannot be brought back by this tool (only a database backup can); --accept-loss records the loss in the audit and re-signs the anchor',
          }
        : p.kind === 'rewritten'
          ? {
              zh: `无法判断哪些条目被改写、原文是什么（只有数据库备份能恢复）；--accept-loss 记录第 1–${p.seq ?? '?'} 条已无法证明未被改写，并重新签名锚点`,
              en: `which entries were rewritten, and what they said, cannot be told (only a database backup can restore them); --accept-loss records that entries 1–${p.seq ?? '?'} can no longer be proven unaltered and re-signs the anchor`,
            }
          : { zh: '--accept-loss 记录此事并用当前密钥重新签名锚点', en: '--accept-loss records it and re-signs the anchor with the current key' };
    out.push({ problem: p, remedy, mendable: true });
  }
  const docs = storedDocs(s);
  const byWhere = new Set(docs.map(whereOf));
  for (const p of compareDataWithAudit(docs, withPending(s))) {
    const known = p.where !== undefined && byWhere.has(p.where);
    out.push({
      problem: p,
      mendable: known,
      remedy: known
        ? {
            zh: '--accept-loss 保留该文档当前内容，版本号接着已确认的最高版本，无审计记录的修改作为损失记入审计',
            en: '--accept-loss keeps the document as it stands, numbered past every acknowledged revision, and records the changes without entries as the loss',
          }
        : {
            zh: '审计记录了修改，但数据库中没有这份文档：本工具无法找回；请从数据库备份恢复，或重新导入',
            en: 'the audit records changes but the database has no such document: this tool cannot bring it back; restore it from a database backup or import it again',
          },
    });
  }
  return out;
}

/** What is wrong with the trail and what each finding allows; changes nothing. */
export async function diagnosePg(pool: Pool, key: AuditKey): Promise<PgDiagnosis> {
  const c = await pool.connect();
  try {
    const findings = findingsOf(await readState(c, false), key);
    return { findings, clean: findings.length === 0 };
  } finally {
    c.release();
  }
}

/**
 * The highest revision r of a submission such that revisions 1…r all have their entries (what the
 * trail still proves), and the highest the trail names at all.
 */
function provenRevs(list: readonly AuditEntry[]): { kept: number; top: number } {
  const revs = new Set(list.map((e) => e.rev ?? 0));
  let kept = 0;
  while (revs.has(kept + 1)) kept++;
  return { kept, top: Math.max(0, ...revs) };
}

/**
 * Accepts the loss (see the file comment). Errors: BAD_REQUEST, bilingual, when a finding cannot be
 * mended here (a broken chain). Answers the entries written (repair entries, after the pending drafts).
 */
export async function acceptPgLoss(pool: Pool, key: AuditKey, actor: string, at: string): Promise<AuditEntry[]> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const s = await readState(c, true);
    const findings = findingsOf(s, key);
    if (findings.length === 0) {
      await c.query('ROLLBACK');
      return [];
    }
    const stuck = findings.find((f) => !f.mendable);
    if (stuck) throw new PlanbookError('BAD_REQUEST', { zh: `未做任何改动：${stuck.problem.zh}；${stuck.remedy.zh}`, en: `Nothing changed: ${stuck.problem.en}; ${stuck.remedy.en}` });
    const drafts: AuditDraft[] = findings.filter((f) => f.problem.kind !== 'data').map((f) => ({ action: 'repair', actor, detail: `${WHAT}: ${f.problem.en}` }));
    const trail = withPending(s);
    const byId = entriesByDocument(trail);
    const dataWhere = new Set(findings.filter((f) => f.problem.kind === 'data').map((f) => f.problem.where));
    for (const d of storedDocs(s)) {
      if (!dataWhere.has(whereOf(d))) continue;
      const { kept, top } = provenRevs(byId.get(idOfDoc(d)) ?? []);
      const stored = d.kind === 'submission' ? d.sub.rev : d.rev;
      drafts.push(await renumber(c, d, kept, stored, top, Math.max(top, stored) + 1, actor, at));
    }
    const tail = trail[trail.length - 1];
    const sealed = seal(drafts, { seq: tail?.seq ?? 0, hash: tail?.hash ?? '0'.repeat(64) }, at);
    const written = [...trail.slice(s.entries.length), ...sealed];
    for (const e of written) {
      await c.query('INSERT INTO pb_audit (seq, plan, unit, period, form, field, line) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        e.seq,
        e.plan ?? null,
        e.orgUnit ?? null,
        e.period ?? null,
        e.form ?? null,
        e.field ?? null,
        JSON.stringify(e),
      ]);
    }
    if (s.pending.ids.length) await c.query('DELETE FROM pb_audit_pending WHERE id = ANY($1)', [s.pending.ids]);
    const head = written[written.length - 1]!;
    const a = signAnchor(key, head.seq, head.hash, at);
    await c.query('UPDATE pb_audit_anchor SET seq = $1, hash = $2, at = $3, mac = $4 WHERE id = 1', [a.seq, a.hash, a.at, a.mac]);
    await c.query('COMMIT');
    return sealed;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}
