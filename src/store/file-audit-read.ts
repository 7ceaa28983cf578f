/**
 * Reading the file backend's audit trail for the API and the export. Kept apart from the write path
 * (file-backend.ts) so the read side can be paged and indexed without touching durability.
 */
import { matches, type AuditEntry, type AuditQuery } from './audit-chain';
import { readAuditLog } from './audit-log';
import type { FsLayer } from './fs-layer';

/** Entries matching q, oldest first, at most q.limit. Unreadable lines are skipped here; verify names them. */
export async function readFileAudit(fs: FsLayer, dir: string, q: AuditQuery): Promise<AuditEntry[]> {
  const all = (await readAuditLog(fs, dir)).entries.filter((e) => matches(e, q));
  return q.limit !== undefined ? all.slice(0, q.limit) : all;
}
