import { resolve } from 'node:path';
import type { Command, CliIO } from '../command';
import { EXIT } from '../command';
import { parse, UsageError } from '../args';
import { FileBackend } from '../../store/file-backend';
import { PgBackend } from '../../store/pg-backend';
import type { Backend } from '../../store/backend';
import { auditCsv } from '../../store/audit-export';

const HELP = `planbook audit —— 审计日志 / Read, export and verify the audit log

用法 Usage:
  planbook audit verify [--data DIR]            校验哈希链，发现任何改动的字节 / check the hash chain; finds any changed byte
  planbook audit export [--format csv|json] [--plan ID] [--data DIR] [-o FILE]
  --backend postgres --database-url URL        读 PostgreSQL 中的审计表 / read the audit table in PostgreSQL

退出码 Exit: verify 0 完好 / intact; 1 已被改动 / tampered`;

async function openReadOnly(values: { data?: string; backend?: string; 'database-url'?: string }, io: CliIO): Promise<Backend> {
  if ((values.backend ?? 'file') === 'postgres') {
    const url = values['database-url'] ?? io.env.DATABASE_URL;
    if (!url) throw new UsageError('postgres 需要 --database-url', 'postgres needs --database-url');
    return PgBackend.open({ url });
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
      backend: { type: 'string' },
      'database-url': { type: 'string' },
    });
    const sub = positionals[0];
    if (positionals.length !== 1 || (sub !== 'verify' && sub !== 'export')) throw new UsageError('用法：planbook audit verify|export（见 --help）', 'Usage: planbook audit verify|export (see --help)');
    const format = values.format ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw new UsageError(`--format 应为 csv 或 json`, `--format must be csv or json`);
    const b = await openReadOnly(values, io);
    try {
      if (sub === 'verify') {
        const r = await b.verifyAudit();
        if (r.ok) {
          io.out(`审计日志完好：${r.entries} 条记录，哈希链无断裂 / audit log intact: ${r.entries} entries, hash chain unbroken`);
          return EXIT.OK;
        }
        io.err(`审计日志已被改动：第 ${r.firstBad?.seq} 条（${r.firstBad?.reason}） / audit log tampered at entry ${r.firstBad?.seq}: ${r.firstBad?.reason}`);
        return EXIT.FINDINGS;
      }
      const entries = await b.readAudit(values.plan ? { plan: values.plan } : {});
      const text = format === 'json' ? JSON.stringify(entries, null, 2) + '\n' : auditCsv(entries);
      if (values.output) {
        const { writeFile } = await import('node:fs/promises');
        await writeFile(resolve(io.cwd, values.output), text);
      } else io.out(text);
      return EXIT.OK;
    } finally {
      await b.close();
    }
  },
};
