/**
 * The embedded backend: JSON documents in a folder, durable on every acknowledged write.
 *
 * How a write becomes durable without an fsync per document (group commit, as databases do):
 *  1. every write waiting at the same moment goes into one framed record of the journal
 *     (journal.ts), one write and one fdatasync; only then are the writers answered;
 *  2. the same writes update the in-memory copy and the audit log (audit-log.ts);
 *  3. about once a second a checkpoint writes the changed documents as files (checkpointer.ts),
 *     fsyncs the audit log, signs the chain's head into checkpoint.json (store-meta.ts), and only
 *     then retires the journal segments the files now cover.
 * Start-up (recovery.ts) replays the journal over the files; a damaged record other than a torn
 * last one stops the start and keeps every file, for `planbook store repair`.
 *
 * Why a journal and not temp+fsync+rename per write: on this kind of disk an fsync costs about a
 * millisecond or more; with 50 clients pushing, one fsync for a whole batch keeps throughput at or
 * above an in-memory JSON server's while every answer still means "on disk".
 */
import { PlanbookError } from '../model/errors';
import type { Plan } from '../model/plan';
import type { Submission, SubmissionKey } from '../model/submission';
import { seal, type AuditDraft, type AuditEntry, type AuditQuery, type VerifyResult } from './audit-chain';
import { AuditLog } from './audit-log';
import { loadAuditKey, signAnchor, type AuditKey } from './audit-key';
import type { PlanSummary } from '../sync/protocol';
import { summarisePlan, type Backend, type ConfigName, type Outcome, type Versioned } from './backend';
import { DocWriter } from './checkpointer';
import { acquireLock } from './data-lock';
import { readFileAudit } from './file-audit-read';
import { verifyFileStore } from './file-audit-verify';
import { nodeFs, type FsLayer } from './fs-layer';
import { GroupCommit } from './group-commit';
import { Journal } from './journal';
import { frame, type Doc } from './journal-format';
import { recoverFolder } from './file-startup';
import { KeyQueue } from './key-queue';
import { safeName } from './safe-name';
import { writeMeta } from './store-meta';

interface Pending {
  docs: { path: string; doc: Doc }[];
  drafts: AuditDraft[];
  resolve: (entries: AuditEntry[]) => void;
  reject: (e: unknown) => void;
}

export interface FileBackendOptions {
  dir: string;
  fs?: FsLayer;
  /** How often changed documents are written out as files; the journal covers them meanwhile. */
  checkpointMs?: number;
  /** Skip the LOCK and write nothing (read-only tools such as `audit export` beside a live server). */
  readOnly?: boolean;
  /** The audit signing key's file (see audit-key.ts for the default); made on first start. */
  auditKeyFile?: string;
  log?: (line: string) => void;
}

function storageError(e: unknown): PlanbookError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
  return new PlanbookError(
    'STORAGE',
    {
      zh: `存储写入失败（${code}），本次修改未保存，原有数据未受影响；请检查磁盘空间后重试`,
      en: `Storage failed (${code}); this change was not saved and earlier data is intact; check the disk and retry`,
    },
    { cause: code },
  );
}

export function submissionPath(k: SubmissionKey): string {
  return `submissions/${safeName(k.plan)}/${safeName(k.orgUnit)}/${safeName(k.period)}/${safeName(k.form)}.json`;
}
const planPath = (id: string): string => `plans/${safeName(id)}.json`;
const configPath = (name: ConfigName): string => `config/${name}.json`;

export class FileBackend implements Backend {
  readonly kind = 'file' as const;
  private readonly fs: FsLayer;
  private readonly dir: string;
  private docs = new Map<string, Doc>();
  private dirty = new Set<string>();
  private readonly keyQueue = new KeyQueue();
  private readonly group: GroupCommit<Pending>;
  private readonly journal: Journal;
  private readonly audit: AuditLog;
  private readonly writer: DocWriter;
  private key: AuditKey | null = null;
  /** The sequence number the last written anchor signs: a checkpoint is due when the chain moved past it. */
  private anchored = -1;
  /** Set when the audit log could not be appended: refuse writes until a restart rebuilds it from the journal. */
  private poisoned: unknown = null;
  private timer: NodeJS.Timeout | null = null;
  private checkpointing: Promise<void> | null = null;
  private releaseLock: (() => Promise<void>) | null = null;
  private closed = false;
  private readonly log: (line: string) => void;

  private constructor(private readonly opts: FileBackendOptions) {
    this.fs = opts.fs ?? nodeFs;
    this.dir = opts.dir;
    this.log = opts.log ?? (() => undefined);
    this.journal = new Journal(this.fs, this.dir);
    this.audit = new AuditLog(this.fs, this.dir);
    this.writer = new DocWriter(this.fs, this.dir);
    this.group = new GroupCommit<Pending>((batch) => this.writeBatch(batch));
  }

  /**
   * Opens the folder: lock, key, recovery, a first checkpoint. Errors (all bilingual PlanbookErrors):
   * STORAGE for a damaged journal record (with details.damage), a damaged data file, or an audit log
   * that no longer reaches its signed anchor; UNAVAILABLE for a missing or misplaced key.
   */
  static async open(opts: FileBackendOptions): Promise<FileBackend> {
    const b = new FileBackend(opts);
    await b.fs.mkdirp(b.dir);
    if (!opts.readOnly) b.releaseLock = await acquireLock(b.dir);
    try {
      if (!opts.readOnly) b.key = await loadAuditKey({ keyFile: opts.auditKeyFile, dataDir: b.dir, create: true });
      await b.recover();
    } catch (e) {
      await b.journal.close();
      await b.audit.close();
      await b.releaseLock?.();
      throw e;
    }
    if (!opts.readOnly) {
      const ms = opts.checkpointMs ?? 1000;
      b.timer = setInterval(
        () => void b.checkpoint().catch((e: unknown) => b.log(`检查点写入失败（日志仍保有这些修改，稍后重试） / checkpoint failed (the journal still holds the writes; retrying later): ${String(e)}`)),
        ms,
      );
      b.timer.unref();
    }
    return b;
  }

  // ---- start-up -------------------------------------------------------------------------------

  private async recover(): Promise<void> {
    const r = await recoverFolder({
      fs: this.fs,
      dir: this.dir,
      journal: this.journal,
      audit: this.audit,
      writer: this.writer,
      key: this.key,
      readOnly: this.opts.readOnly === true,
      log: this.log,
      writeAnchor: (retired) => this.writeAnchor(retired),
    });
    this.docs = r.docs;
    this.dirty = r.dirty;
  }

  private async writeAnchor(retired: number, head = this.audit.last): Promise<void> {
    const at = new Date().toISOString();
    await writeMeta(this.fs, this.dir, { format: 2, at, retired, anchor: signAnchor(this.key!, head.seq, head.hash, at) });
    this.anchored = head.seq;
  }

  // ---- group commit ---------------------------------------------------------------------------

  private commit(docs: { path: string; doc: Doc }[], drafts: AuditDraft[]): Promise<AuditEntry[]> {
    if (this.closed || this.opts.readOnly) return Promise.reject(new PlanbookError('UNAVAILABLE'));
    const bad = this.poisoned ?? this.journal.poisoned;
    if (bad) return Promise.reject(storageError(bad));
    return new Promise((resolve, reject) => this.group.submit({ docs, drafts, resolve, reject }));
  }

  /** One frame for the whole batch: it is acknowledged, or torn and dropped, as one. */
  private async writeBatch(batch: Pending[]): Promise<void> {
    const at = new Date().toISOString();
    let last = this.audit.last;
    const sealed: AuditEntry[][] = [];
    const docs: { path: string; doc: Doc }[] = [];
    const lines: string[] = [];
    for (const p of batch) {
      const entries = seal(p.drafts, last, at);
      const tail = entries[entries.length - 1];
      if (tail) last = { seq: tail.seq, hash: tail.hash };
      sealed.push(entries);
      docs.push(...p.docs);
      // Each entry is serialised once and the text used twice: in the journal record and as its line of audit.ndjson.
      for (const e of entries) lines.push(JSON.stringify(e));
    }
    try {
      await this.journal.append(frame(`{"docs":${JSON.stringify(docs)},"audit":[${lines.join(',')}]}`));
    } catch (e) {
      const err = storageError(e);
      this.log(`日志写入失败，本批修改未确认 / journal write failed, batch not acknowledged: ${String(e)}`);
      for (const p of batch) p.reject(err);
      return;
    }
    this.audit.last = last;
    for (const { path, doc } of docs) {
      this.docs.set(path, doc);
      this.dirty.add(path);
    }
    if (lines.length) {
      // Not fsynced here: the journal already holds these entries; a checkpoint fsyncs the log
      // before it retires the segment, and start-up restores entries the log lost.
      try {
        await this.audit.append(lines.join('\n') + '\n');
      } catch (e) {
        this.poisoned = e;
        this.log(`审计日志追加失败；重启前拒绝写入 / audit append failed; refusing writes until restart: ${String(e)}`);
      }
    }
    batch.forEach((p, i) => p.resolve(sealed[i] ?? []));
  }

  /** Writes changed documents as files, signs the audit head, and retires the journal segments they cover. */
  async checkpoint(): Promise<void> {
    if (this.checkpointing || this.closed || this.opts.readOnly || this.poisoned || this.journal.poisoned || (this.dirty.size === 0 && this.audit.last.seq === this.anchored)) return this.checkpointing ?? undefined;
    this.checkpointing = (async () => {
      let retired = 0;
      let head = this.audit.last;
      // Rotate between batches, so every record of the retired segments is already in memory and in the log.
      await this.group.exclusive(async () => {
        head = this.audit.last;
        // Nothing written since the last rotation (e.g. every checkpoint failing on a full disk):
        // keep the empty segment and retire only the older ones, rather than add an empty file a second.
        if (this.journal.empty) {
          retired = this.journal.current - 1;
          return;
        }
        retired = this.journal.current;
        await this.journal.rotate();
      });
      await this.writer.writeDirty(this.docs, this.dirty);
      await this.audit.datasync();
      await this.writeAnchor(retired, head);
      await this.journal.retire(retired);
    })().finally(() => {
      this.checkpointing = null;
    });
    return this.checkpointing;
  }

  // ---- the port ----------------------------------------------------------------------------------

  private update<D extends Doc, T>(path: string, fn: (cur: D | null) => Outcome<D, T>): Promise<T> {
    // Serialised per document; different documents proceed (and batch) together.
    return this.keyQueue.run(path, async () => {
      const cur = (this.docs.get(path) as D | undefined) ?? null;
      const out = fn(cur);
      if (out.next || out.audit.length) await this.commit(out.next ? [{ path, doc: out.next }] : [], out.audit);
      return out.result;
    });
  }

  async getSubmission(key: SubmissionKey): Promise<Submission | null> {
    return (this.docs.get(submissionPath(key)) as Submission | undefined) ?? null;
  }

  async listSubmissions(plan: string, period?: string): Promise<Submission[]> {
    const prefix = `submissions/${safeName(plan)}/`;
    const out: Submission[] = [];
    for (const [p, d] of this.docs) {
      if (!p.startsWith(prefix)) continue;
      const s = d as Submission;
      if (period === undefined || s.period === period) out.push(s);
    }
    return out;
  }

  updateSubmission<T>(key: SubmissionKey, fn: (cur: Submission | null) => Outcome<Submission, T>): Promise<T> {
    return this.update(submissionPath(key), fn);
  }

  async getPlan(id: string): Promise<Versioned<Plan> | null> {
    return (this.docs.get(planPath(id)) as Versioned<Plan> | undefined) ?? null;
  }

  async listPlans(): Promise<PlanSummary[]> {
    const out: PlanSummary[] = [];
    for (const [p, d] of this.docs) if (p.startsWith('plans/')) out.push(summarisePlan(d as Versioned<Plan>));
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  updatePlan<T>(id: string, fn: (cur: Versioned<Plan> | null) => Outcome<Versioned<Plan>, T>): Promise<T> {
    return this.update(planPath(id), fn);
  }

  async getConfig(name: ConfigName): Promise<Versioned<unknown> | null> {
    return (this.docs.get(configPath(name)) as Versioned<unknown> | undefined) ?? null;
  }

  updateConfig<T>(name: ConfigName, fn: (cur: Versioned<unknown> | null) => Outcome<Versioned<unknown>, T>): Promise<T> {
    return this.update(configPath(name), fn);
  }

  async appendAudit(drafts: AuditDraft[]): Promise<void> {
    if (drafts.length) await this.commit([], drafts);
  }

  readAudit(q: AuditQuery): Promise<AuditEntry[]> {
    return readFileAudit(this.fs, this.dir, q);
  }

  /** The whole check of `planbook audit verify` (file-audit-verify.ts), summarised. */
  async verifyAudit(): Promise<VerifyResult> {
    const key = this.key ?? (await loadAuditKey({ keyFile: this.opts.auditKeyFile, dataDir: this.dir, create: false }));
    const r = await verifyFileStore(this.fs, this.dir, key);
    return r.summary;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    while (this.group.busy) await new Promise((r) => setTimeout(r, 2));
    await this.checkpointing?.catch(() => undefined);
    if (!this.opts.readOnly && !this.poisoned && !this.journal.poisoned)
      await this.checkpoint().catch((e: unknown) => this.log(`停止前的检查点失败（下次启动时从日志恢复） / final checkpoint failed (the next start recovers from the journal): ${String(e)}`));
    this.closed = true;
    await this.journal.close();
    await this.audit.close();
    await this.releaseLock?.();
  }
}
