import { resolve } from 'node:path';
import type { Command, CliIO } from '../command';
import { EXIT } from '../command';
import { parse, UsageError } from '../args';
import { FileBackend } from '../../store/file-backend';
import { PgBackend } from '../../store/pg-backend';
import type { Backend } from '../../store/backend';
import { auditCsv } from '../../store/audit-export';
import type { AuditProblem } from '../../store/audit-chain';
import { loadAuditKey } from '../../store/audit-key';
import { verifyFileStore } from '../../store/file-audit-verify';
import { nodeFs } from '../../store/fs-layer';
import { checkOutputFree, writeOutputFile } from '../../hosts/node/output-file';

const HELP = `planbook audit —— 审计日志 / Read, export and verify the audit log

用法 Usage:
  planbook audit verify [--data DIR] [--audit-key FILE]
      校验哈希链与签名锚点（截断、重算哈希的改写都会被发现），并核对数据与审计是否一致；
      某个数据文件损坏时照样检查审计本身
      checks the hash chain and its signed anchor (cutting entries off or rewriting them with
      recomputed hashes both show), and compares the data with the audit; a damaged data file is
      named and the audit is still checked on its own
  --audit-key FILE   签名密钥（默认 PLANBOOK_AUDIT_KEY_FILE 或 ~/.config/planbook/audit.key） / the signing key
  planbook audit export [--format csv|json] [--plan ID] [--data DIR] [-o FILE [--force]]
  --force            覆盖已存在的 -o 文件（默认不覆盖）/ overwrite an existing -o file (by default it is kept)
  --backend postgres --database-url URL        读 PostgreSQL 中的审计表 / read the audit table in PostgreSQL

退出码 Exit: verify 0 完好 / intact; 1 已被改动或不一致 / tampered or inconsistent`;

async function openReadOnly(values: { data?: string; backend?: string; 'database-url'?: string; 'audit-key'?: string }, io: CliIO): Promise<Backend> {
  if ((values.backend ?? 'file') === 'postgres') {
    const url = values['database-url'] ?? io.env.DATABASE_URL;
    if (!url) throw new UsageError('postgres 需要 --database-url', 'postgres needs --database-url');
    return PgBackend.open({ url, auditKeyFile: values['audit-key'], env: io.env });
  }
  // Read-only: the audit can be checked beside a running server, without its LOCK.
  return FileBackend.open({ dir: resolve(io.cwd, values.data ?? '.data'), readOnly: true });
}

export const audit: Command = {
  name: 'audit',
  summary: { zh: '审计日志', en: 'Read, export and verify the audit log' },
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parse(argv, {
      data: { type: 'string' },
      format: { type: 'string' },
      plan: { type: 'string' },
      output: { type: 'string', short: 'o' },
      force: { type: 'boolean' },
      backend: { type: 'string' },
      'database-url': { type: 'string' },
      'audit-key': { type: 'string' },
    });
    const sub = positionals[0];
    if (positionals.length !== 1 || (sub !== 'verify' && sub !== 'export')) throw new UsageError('用法：planbook audit verify|export（见 --help）', 'Usage: planbook audit verify|export (see --help)');
    const format = values.format ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw new UsageError(`--format 应为 csv 或 json`, `--format must be csv or json`);
    if (sub === 'export' && values.output) await checkOutputFree(resolve(io.cwd, values.output), { force: values.force });
    if (sub === 'verify' && (values.backend ?? 'file') === 'file') {
      const dir = resolve(io.cwd, values.data ?? '.data');
      const key = await loadAuditKey({ keyFile: values['audit-key'], dataDir: dir, create: false, env: io.env });
      const r = await verifyFileStore(nodeFs, dir, key);
      return report(r.entries, r.problems, io);
    }
    const b = await openReadOnly(values, io);
    try {
      if (sub === 'verify') {
        const r = await b.verifyAudit();
        const code = report(r.entries, r.problems ?? [], io);
        // A clean trail that holds an operator's accepted loss says so: the loss is part of the proof.
        if (r.ok) for (const e of (await b.readAudit({})).filter((x) => x.action === 'repair')) io.out(`  已记录的修复决定 recorded repair #${e.seq} ${e.at} ${e.actor}: ${e.detail ?? ''}`);
        return code;
      }
      const entries = await b.readAudit(values.plan ? { plan: values.plan } : {});
      const text = format === 'json' ? JSON.stringify(entries, null, 2) + '\n' : auditCsv(entries);
      if (values.output) await writeOutputFile(resolve(io.cwd, values.output), text, { force: values.force });
      else io.out(text);
      return EXIT.OK;
    } finally {
      await b.close();
    }
  },
};

/** Prints verify's findings, one bilingual line each; answers the exit code. */
function report(entries: number, problems: readonly AuditProblem[], io: CliIO): number {
  if (problems.length === 0) {
    io.out(`审计日志完好：${entries} 条记录，哈希链无断裂，与签名锚点相符，数据与审计一致 / audit log intact: ${entries} entries, hash chain unbroken, signed anchor matched, data and audit agree`);
    return EXIT.OK;
  }
  const first = problems[0]!;
  io.err(`审计日志已被改动或与数据不一致（${problems.length} 处）：${first.zh} / audit log tampered or inconsistent with the data (${problems.length} finding(s)): ${first.en}`);
  for (const p of problems) io.err(`  [${p.kind}]${p.where ? ` ${p.where}` : ''}: ${p.zh} / ${p.en}`);
  return EXIT.FINDINGS;
}
