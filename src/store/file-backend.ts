/**
 * The embedded backend: JSON documents in a folder, durable on every acknowledged write.
 *
 * How a write becomes durable without an fsync per document (group commit, as databases do):
 *  1. every write waiting at the same moment is appended, as one JSON line each, to the current
 *     journal segment in a single write, then one fdatasync; only then are the writers answered;
 *  2. the same writes update the in-memory copy and the audit log (audit.ndjson, the chained trail);
 *  3. about once a second a checkpoint writes the changed documents as readable, pretty JSON files
 *     (temp file, fsync, rename, fsync dir), fsyncs the audit log, and deletes journal segments
 *     that the files now cover.
 * After a crash at any instant, start-up reads the document files and replays the journal segments
 * over them (the higher rev wins, so replay is idempotent), restores any audit entries the journal
 * holds that audit.ndjson lost, and drops a torn last line, which was never acknowledged.
 *
 * Why a journal and not temp+fsync+rename per write: on this kind of disk an fsync costs about a
 * millisecond or more; with 50 clients pushing, one fsync for a whole batch keeps throughput at or
 * above an in-memory JSON server's while every answer still means "on disk".
 */
import { basename, join, dirname } from 'node:path';
import { PlanbookError } from '../model/errors';
import type { Plan } from '../model/plan';
import type { Submission, SubmissionKey } from '../model/submission';
import { GENESIS, matches, verifyChain, seal, type AuditDraft, type AuditEntry, type AuditQuery, type VerifyResult } from './audit-chain';
import type { PlanSummary } from '../sync/protocol';
import { summarisePlan, type Backend, type ConfigName, type Outcome, type Versioned } from './backend';
import { acquireLock } from './data-lock';
import { eachLimited, nodeFs, replaceFile, writeFileDurable, type FileHandleLike, type FsLayer } from './fs-layer';
import { safeName } from './safe-name';

type Doc = { rev: number };

interface JournalRecord {
  docs: { path: string; doc: Doc }[];
  audit: AuditEntry[];
}

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
  /** Skip the LOCK (only for read-only tools such as `audit verify` run beside a live server). */
  readOnly?: boolean;
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
  return `submissions/${safeName(k.plan)}/${safeName(k.unit)}/${safeName(k.period)}/${safeName(k.form)}.json`;
}
const planPath = (id: string): string => `plans/${safeName(id)}.json`;
const configPath = (name: ConfigName): string => `config/${name}.json`;

/** Files a checkpoint writes at once (see writeDirtyDocs). */
const CHECKPOINT_WIDTH = 2;

export class FileBackend implements Backend {
  readonly kind = 'file' as const;
  private readonly fs: FsLayer;
  private readonly dir: string;
  private readonly docs = new Map<string, Doc>();
  private readonly dirty = new Set<string>();
  /** Document folders known to exist (made or seen by this process), so a checkpoint skips their mkdir. */
  private readonly madeDirs = new Set<string>();
  private readonly keyQueues = new Map<string, Promise<unknown>>();
  private pending: Pending[] = [];
  private readonly between: (() => Promise<void>)[] = [];
  private flushing = false;
  private segNo = 0;
  private seg: FileHandleLike | null = null;
  private segSize = 0;
  private auditHandle: FileHandleLike | null = null;
  private auditSize = 0;
  private last = { seq: 0, hash: GENESIS };
  /** Set when a failed journal write could not be undone: refuse writes rather than risk a torn journal. */
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
  }

  static async open(opts: FileBackendOptions): Promise<FileBackend> {
    const b = new FileBackend(opts);
    await b.fs.mkdirp(b.dir);
    if (!opts.readOnly) b.releaseLock = await acquireLock(b.dir);
    try {
      await b.recover();
    } catch (e) {
      await b.releaseLock?.();
      throw e;
    }
    if (!opts.readOnly) {
      const ms = opts.checkpointMs ?? 1000;
      b.timer = setInterval(() => void b.checkpoint().catch((e: unknown) => b.log(`检查点写入失败（日志仍保有这些修改，稍后重试） / checkpoint failed (the journal still holds the writes; retrying later): ${String(e)}`)), ms);
      b.timer.unref();
    }
    return b;
  }

  // ---- start-up -------------------------------------------------------------------------------

  private async recover(): Promise<void> {
    for (const sub of ['submissions', 'plans', 'config', 'journal']) await this.fs.mkdirp(join(this.dir, sub));
    await this.loadTree('submissions');
    await this.loadTree('plans');
    await this.loadTree('config');

    const segments = (await this.fs.readdir(join(this.dir, 'journal')))
      .filter((d) => !d.dir && /^\d{8}\.ndjson$/.test(d.name))
      .map((d) => d.name)
      .sort();
    const fromJournal: AuditEntry[] = [];
    let replayed = 0;
    for (const name of segments) {
      const text = await this.fs.readFile(join(this.dir, 'journal', name));
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        let rec: JournalRecord;
        try {
          rec = JSON.parse(line) as JournalRecord;
        } catch {
          continue; // a torn write: never fsynced as a whole, so never acknowledged
        }
        for (const { path, doc } of rec.docs) {
          const cur = this.docs.get(path);
          if (!cur || doc.rev > cur.rev) {
            this.docs.set(path, doc);
            this.dirty.add(path);
          }
        }
        fromJournal.push(...rec.audit);
        replayed++;
      }
      this.segNo = Math.max(this.segNo, Number(name.slice(0, 8)));
    }
    if (replayed) this.log(`已从日志恢复 ${replayed} 条记录 / recovered ${replayed} journal records`);

    await this.recoverAudit(fromJournal);
    if (this.opts.readOnly) return;
    // Make what the journal holds into files now (the audit log too: it may have been read from a
    // page cache that never reached the disk), then start a fresh segment.
    await this.writeDirtyDocs();
    await this.auditHandle?.datasync();
    await this.openNewSegment();
    for (const name of segments) await this.fs.unlink(join(this.dir, 'journal', name));
    await this.fs.syncDir(join(this.dir, 'journal'));
  }

  private async loadTree(rel: string): Promise<void> {
    const walk = async (relDir: string): Promise<void> => {
      for (const d of await this.fs.readdir(join(this.dir, relDir))) {
        const rp = `${relDir}/${d.name}`;
        if (d.dir) await walk(rp);
        else if (d.name.endsWith('.tmp')) {
          if (!this.opts.readOnly) await this.fs.unlink(join(this.dir, rp)); // left by a crash before its rename
        } else if (d.name.endsWith('.json')) {
          const text = await this.fs.readFile(join(this.dir, rp));
          try {
            this.docs.set(rp, JSON.parse(text) as Doc);
          } catch {
            throw new PlanbookError('STORAGE', {
              zh: `数据文件已损坏：${rp}。它只能由人为修改造成；请从备份恢复该文件后再启动`,
              en: `A data file is damaged: ${rp}. Only a manual edit can cause this; restore it from a backup, then start again`,
            });
          }
        }
      }
    };
    await walk(rel);
  }

  private async recoverAudit(fromJournal: AuditEntry[]): Promise<void> {
    const path = join(this.dir, 'audit.ndjson');
    let text = '';
    try {
      text = await this.fs.readFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    // Only the tail can be torn (appends); cut it at the last complete line.
    const lines = text.split('\n');
    let lastSeq = 0;
    let lastHash = GENESIS;
    let keep = 0;
    let offset = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      const end = offset + line.length + 1;
      offset = end;
      if (line === '') continue;
      try {
        const e = JSON.parse(line) as AuditEntry;
        lastSeq = e.seq;
        lastHash = e.hash;
        keep = Math.min(end, text.length);
      } catch {
        if (lines.slice(i + 1).some((l) => l !== '')) {
          // A damaged line in the middle is tampering, not a crash: keep the file as it is for `audit verify`.
          keep = text.length;
          break;
        }
      }
    }
    const good = text.slice(0, keep);
    const missing = fromJournal.filter((e) => e.seq > lastSeq).sort((a, b) => a.seq - b.seq);
    if (!this.opts.readOnly) {
      if (good.length !== text.length || missing.length) {
        const add = missing.map((e) => JSON.stringify(e) + '\n').join('');
        await writeFileDurable(this.fs, this.dir, 'audit.ndjson', good + add);
        this.auditSize = Buffer.byteLength(good + add);
      } else this.auditSize = Buffer.byteLength(text);
      this.auditHandle = await this.fs.open(path, 'a');
    }
    const tail = missing[missing.length - 1];
    this.last = tail ? { seq: tail.seq, hash: tail.hash } : { seq: lastSeq, hash: lastHash };
  }

  private async openNewSegment(): Promise<void> {
    this.segNo += 1;
    const h = await this.fs.open(join(this.dir, 'journal', `${String(this.segNo).padStart(8, '0')}.ndjson`), 'wx');
    await this.fs.syncDir(join(this.dir, 'journal'));
    const old = this.seg;
    this.seg = h;
    this.segSize = 0;
    await old?.close();
  }

  // ---- group commit ---------------------------------------------------------------------------

  private commit(docs: { path: string; doc: Doc }[], drafts: AuditDraft[]): Promise<AuditEntry[]> {
    if (this.closed) return Promise.reject(new PlanbookError('UNAVAILABLE'));
    if (this.poisoned) return Promise.reject(storageError(this.poisoned));
    return new Promise((resolve, reject) => {
      this.pending.push({ docs, drafts, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length || this.between.length) {
        // Work that needs the journal quiet (a segment rotation) runs between batches, so a steady
        // stream of writes cannot starve a checkpoint.
        for (const job of this.between.splice(0)) await job();
        if (!this.pending.length) continue;
        const batch = this.pending;
        this.pending = [];
        await this.writeBatch(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    const at = new Date().toISOString();
    let last = this.last;
    const sealed: AuditEntry[][] = [];
    let text = '\n'; // a leading newline isolates any torn bytes of an earlier failed write on their own line
    let auditText = '';
    for (const p of batch) {
      const entries = seal(p.drafts, last, at);
      const tail = entries[entries.length - 1];
      if (tail) last = { seq: tail.seq, hash: tail.hash };
      sealed.push(entries);
      // Each entry is serialised once and the text used twice: in the journal record (spliced into
      // the JSON a JournalRecord would give) and as its line of audit.ndjson.
      const lines = entries.map((e) => JSON.stringify(e));
      text += `{"docs":${JSON.stringify(p.docs)},"audit":[${lines.join(',')}]}\n`;
      for (const l of lines) auditText += l + '\n';
    }
    const seg = this.seg;
    if (!seg) throw new Error('journal not open');
    try {
      await seg.writeAll(text);
      await seg.datasync();
    } catch (e) {
      try {
        await seg.truncate(this.segSize);
      } catch (e2) {
        this.poisoned = e2;
      }
      const err = storageError(e);
      this.log(`日志写入失败，本批修改未确认 / journal write failed, batch not acknowledged: ${String(e)}`);
      for (const p of batch) p.reject(err);
      return;
    }
    this.segSize += Buffer.byteLength(text);
    this.last = last;
    for (const p of batch) for (const { path, doc } of p.docs) {
      this.docs.set(path, doc);
      this.dirty.add(path);
    }
    if (auditText && this.auditHandle) {
      // Not fsynced here: the journal already holds these entries; a checkpoint fsyncs the log
      // before it drops the journal segment, and start-up restores entries the log lost.
      try {
        await this.auditHandle.writeAll(auditText);
        this.auditSize += Buffer.byteLength(auditText);
      } catch (e) {
        // The writes are safe in the journal, but the log may now end in a torn line: cut it back and
        // take no more writes until a restart rebuilds the log from the journal.
        await this.auditHandle.truncate(this.auditSize).catch(() => undefined);
        this.poisoned = e;
        this.log(`审计日志追加失败；重启前拒绝写入 / audit append failed; refusing writes until restart: ${String(e)}`);
      }
    }
    batch.forEach((p, i) => p.resolve(sealed[i] ?? []));
  }

  /** Writes changed documents as files and retires the journal segments they cover. */
  async checkpoint(): Promise<void> {
    if (this.checkpointing || this.closed || this.poisoned || this.dirty.size === 0) return this.checkpointing ?? undefined;
    this.checkpointing = (async () => {
      const retired = this.segNo;
      // Rotate between batches, so every record of the retired segments is already in memory.
      await this.runExclusive(() => this.openNewSegment());
      await this.writeDirtyDocs();
      if (this.auditHandle) await this.auditHandle.datasync();
      for (const d of await this.fs.readdir(join(this.dir, 'journal'))) {
        const n = Number(d.name.slice(0, 8));
        if (/^\d{8}\.ndjson$/.test(d.name) && n <= retired) await this.fs.unlink(join(this.dir, 'journal', d.name));
      }
      await this.fs.syncDir(join(this.dir, 'journal'));
    })().finally(() => {
      this.checkpointing = null;
    });
    return this.checkpointing;
  }

  /** Runs fn in the group-commit loop between two batches, with no batch in flight. */
  private runExclusive(fn: () => Promise<void>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.between.push(() => fn().then(resolve, reject));
      if (!this.flushing) void this.flush();
    });
  }

  /**
   * Writes the changed documents as files. Under 50 writers this ran once a second over every
   * document, one file after another with a mkdir and a folder fsync each, and took ~8% of the
   * server's CPU; now folders already made are remembered, two files are written at once (their
   * fsyncs overlap, and the file system commits them together; more would fill libuv's four threads
   * and make the journal's own write and fdatasync wait behind them), and each folder is fsynced
   * once, after all its renames. The journal segments are retired only after all of this, as before.
   */
  private async writeDirtyDocs(): Promise<void> {
    const paths = [...this.dirty];
    this.dirty.clear();
    const dirs = new Set<string>();
    try {
      await eachLimited(paths, CHECKPOINT_WIDTH, async (p) => {
        const doc = this.docs.get(p);
        if (!doc) return;
        const full = join(this.dir, p);
        const folder = dirname(full);
        if (!this.madeDirs.has(folder)) {
          await this.fs.mkdirp(folder);
          this.madeDirs.add(folder);
        }
        await replaceFile(this.fs, folder, basename(full), JSON.stringify(doc, null, 2) + '\n');
        dirs.add(folder);
      });
      await eachLimited([...dirs], CHECKPOINT_WIDTH, (d) => this.fs.syncDir(d));
    } catch (e) {
      for (const p of paths) this.dirty.add(p); // the journal still covers them; try again next time
      this.madeDirs.clear(); // in case a folder went away: make them again next time
      throw e;
    }
  }

  // ---- the port ----------------------------------------------------------------------------------

  /** Serialises read-modify-write per document; different documents proceed (and batch) together. */
  private async withKey<T>(path: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.keyQueues.get(path) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.keyQueues.set(path, tail);
    void tail.then(() => {
      if (this.keyQueues.get(path) === tail) this.keyQueues.delete(path);
    });
    return run;
  }

  private update<D extends Doc, T>(path: string, fn: (cur: D | null) => Outcome<D, T>): Promise<T> {
    return this.withKey(path, async () => {
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

  private async allAudit(): Promise<AuditEntry[]> {
    let text = '';
    try {
      text = await this.fs.readFile(join(this.dir, 'audit.ndjson'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const out: AuditEntry[] = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        out.push(JSON.parse(line) as AuditEntry);
      } catch {
        // An unreadable line: verify reports it; readers skip it.
      }
    }
    return out;
  }

  async readAudit(q: AuditQuery): Promise<AuditEntry[]> {
    const all = (await this.allAudit()).filter((e) => matches(e, q));
    return q.limit !== undefined ? all.slice(0, q.limit) : all;
  }

  async verifyAudit(): Promise<VerifyResult> {
    let text = '';
    try {
      text = await this.fs.readFile(join(this.dir, 'audit.ndjson'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const entries: AuditEntry[] = [];
    let n = 0;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      n++;
      try {
        entries.push(JSON.parse(line) as AuditEntry);
      } catch {
        return { ok: false, entries: n, firstBad: { seq: n, reason: 'line is not valid JSON' } };
      }
    }
    return verifyChain(entries);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    while (this.flushing || this.pending.length || this.between.length) await new Promise((r) => setTimeout(r, 2));
    await this.checkpointing?.catch(() => undefined);
    if (!this.opts.readOnly && !this.poisoned) await this.checkpoint().catch((e: unknown) => this.log(`停止前的检查点失败（下次启动时从日志恢复） / final checkpoint failed (the next start recovers from the journal): ${String(e)}`));
    this.closed = true;
    await this.seg?.close().catch(() => undefined);
    await this.auditHandle?.close().catch(() => undefined);
    await this.releaseLock?.();
  }
}
