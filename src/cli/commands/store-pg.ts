/**
 * `planbook store repair --backend postgres`: the PostgreSQL side of the store command (store.ts),
 * over pg-repair.ts. Same connection options as `serve` and `audit verify`.
 */
import { userInfo } from 'node:os';
import { Pool } from 'pg';
import type { CliIO } from '../command';
import { EXIT } from '../command';
import { UsageError } from '../args';
import { PlanbookError } from '../../model/errors';
import { loadAuditKey } from '../../store/audit-key';
import { acceptPgLoss, diagnosePg } from '../../store/pg-repair';

export interface PgRepairOptions {
  'database-url'?: string | undefined;
  'audit-key'?: string | undefined;
  'accept-loss'?: boolean | undefined;
  'restore-checkpoint'?: boolean | undefined;
}

/** Lists the findings and, with --accept-loss, records the decision. Exit 0 clean or repaired, 1 awaiting a decision or not mendable here. */
export async function repairPostgres(values: PgRepairOptions, io: CliIO): Promise<number> {
  const url = values['database-url'] ?? io.env.DATABASE_URL;
  if (!url) throw new UsageError('postgres 需要 --database-url（或环境变量 DATABASE_URL）', 'postgres needs --database-url (or DATABASE_URL)');
  if (values['restore-checkpoint'])
    throw new UsageError(
      'PostgreSQL 没有检查点：要无损恢复，请从数据库备份恢复；否则用 --accept-loss 将损失记入审计',
      'PostgreSQL has no checkpoints: to restore without loss, restore the database from a backup; else --accept-loss records the loss in the audit',
    );
  const key = await loadAuditKey({ keyFile: values['audit-key'], create: false, env: io.env });
  const pool = new Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);
  try {
    let d;
    try {
      d = await diagnosePg(pool, key);
    } catch (e) {
      if (e instanceof PlanbookError) throw e;
      throw new PlanbookError('UNAVAILABLE', { zh: `无法读取 PostgreSQL 数据库：${(e as Error).message}`, en: `Could not read the PostgreSQL database: ${(e as Error).message}` });
    }
    if (d.clean) {
      io.out('审计表、签名锚点与数据一致，无需修复 / the audit table, its signed anchor and the data agree; nothing to repair');
      return EXIT.OK;
    }
    for (const f of d.findings) {
      io.out(`[${f.problem.kind}]${f.problem.where ? ` ${f.problem.where}` : ''}: ${f.problem.zh} / ${f.problem.en}`);
      io.out(`  ${f.remedy.zh} / ${f.remedy.en}`);
    }
    const stuck = d.findings.find((f) => !f.mendable);
    if (stuck) {
      io.err(`未做任何改动：有不能在此修复的问题（见上） / nothing changed: some findings cannot be mended here (see above)`);
      return EXIT.FINDINGS;
    }
    if (!values['accept-loss']) {
      io.err('未做任何改动。请先停止所有服务；如确认接受损失，加 --accept-loss（记入审计） / nothing changed; stop every server first and, to accept the loss, add --accept-loss (recorded in the audit)');
      return EXIT.FINDINGS;
    }
    const entries = await acceptPgLoss(pool, key, `operator:${userInfo().username}`, new Date().toISOString());
    io.out(
      `已修复：${entries.length} 条 repair 记录写入审计（第 ${entries[0]?.seq}–${entries[entries.length - 1]?.seq} 条），签名锚点已重新签名 / repaired: ${entries.length} repair entries in the audit (${entries[0]?.seq}–${entries[entries.length - 1]?.seq}); the anchor is signed again`,
    );
    return EXIT.OK;
  } finally {
    await pool.end();
  }
}
