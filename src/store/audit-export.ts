/** The audit trail as CSV (UTF-8 with BOM, so Excel and WPS open the Chinese text correctly). */
import type { AuditEntry } from './audit-chain';

const COLUMNS: { key: keyof AuditEntry; zh: string }[] = [
  { key: 'seq', zh: '序号 seq' },
  { key: 'at', zh: '时间 at' },
  { key: 'action', zh: '操作 action' },
  { key: 'actor', zh: '用户 actor' },
  { key: 'plan', zh: '计划 plan' },
  { key: 'orgUnit', zh: '单位 unit' },
  { key: 'period', zh: '报告期 period' },
  { key: 'form', zh: '表 form' },
  { key: 'field', zh: '字段 field' },
  { key: 'old', zh: '原值 old' },
  { key: 'new', zh: '新值 new' },
  { key: 'rev', zh: '版本 rev' },
  { key: 'state', zh: '状态 state' },
  { key: 'detail', zh: '说明 detail' },
  { key: 'hash', zh: '哈希 hash' },
];

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  // A leading = + - @ would run as a formula when the CSV is opened in Excel, and a leading tab or
  // carriage return hides one from that check in some spreadsheets (OWASP's CSV injection advice).
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v !== 'number' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const lines = [COLUMNS.map((c) => c.zh).join(',')];
  for (const e of entries) lines.push(COLUMNS.map((c) => cell(e[c.key])).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
