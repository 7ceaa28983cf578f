/**
 * Reading the file backend's audit trail for the API and the export. Kept apart from the write path
 * (file-backend.ts) so the read side can be paged and indexed without touching durability: each
 * data folder's log has one AuditIndex (audit-index.ts), which follows the append-only file by
 * itself, so a page costs reading that page, never a parse of the whole log.
 */
import { join, resolve } from 'node:path';
import type { AuditEntry, AuditQuery } from './audit-chain';
/** The log's name in the data folder (as audit-log.ts writes it). */
const AUDIT_FILE = 'audit.ndjson';
import { AuditIndex } from './audit-index';
import type { FsLayer } from './fs-layer';

/** Indexes of the logs read lately, by path; a few suffice (one server, a CLI, tests). */
const indexes = new Map<string, AuditIndex>();
const KEPT = 8;

function indexOf(dir: string): AuditIndex {
  const path = resolve(join(dir, AUDIT_FILE));
  let ix = indexes.get(path);
  if (ix) {
    indexes.delete(path); // most recently used goes last
  } else {
    ix = new AuditIndex(path);
    if (indexes.size >= KEPT) indexes.delete(indexes.keys().next().value as string);
  }
  indexes.set(path, ix);
  return ix;
}

/**
 * Entries matching q, oldest first, after q.after, at most q.limit. Unreadable lines are skipped
 * here; verify names them. The log is read with Node's own file calls (positioned reads), not the
 * FsLayer port, which models the write path's failures.
 */
export function readFileAudit(_fs: FsLayer, dir: string, q: AuditQuery): Promise<AuditEntry[]> {
  return indexOf(dir).read(q);
}
