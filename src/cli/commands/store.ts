import { resolve } from 'node:path';
import { userInfo } from 'node:os';
import type { Command } from '../command';
import { EXIT } from '../command';
import { parse, UsageError } from '../args';
import { loadAuditKey } from '../../store/audit-key';
import { nodeFs } from '../../store/fs-layer';
import { diagnose, repair, type Diagnosis } from '../../store/store-repair';
import { describeRemedy } from '../../store/file-remedies';
import { repairPostgres } from './store-pg';

const HELP = `planbook store —— 数据目录维护 / Look after a file store's folder

用法 Usage:
  planbook store repair --data DIR                      查看损坏及各种处理的代价，不做改动 / show the damage and what each choice costs; changes nothing
  planbook store repair --data DIR --restore-checkpoint 无损恢复：从检查点、预写日志或审计日志（仅当不丢任何修改时） / restore without loss: from the checkpoint, the journal or the audit trail (only when nothing is lost)
  planbook store repair --data DIR --accept-loss        接受损失：文档保留最后完好的内容，版本号接着已确认的最高版本，损失记入审计日志 / accept the loss: documents keep their last good content, numbered past every acknowledged revision, the loss goes into the audit

处理的损坏 What it handles: 预写日志的损坏记录、被截断或改写的审计日志、无法解析的数据文件（报表、计划、目录、规则）、checkpoint.json、users.json
  damaged journal records, an audit log cut short or rewritten, data files that do not parse (submissions, plans, catalog, rules), checkpoint.json, users.json
  planbook store repair --backend postgres --database-url URL [--accept-loss]
      PostgreSQL：列出审计表与签名锚点、数据的不符之处及可行的处理；--accept-loss 将损失记入审计并重新签名锚点
      PostgreSQL: lists where the audit table disagrees with its signed anchor or the data and what can be done; --accept-loss records the loss in the audit and re-signs the anchor
  --audit-key FILE   审计签名密钥（默认 PLANBOOK_AUDIT_KEY_FILE 或 ~/.config/planbook/audit.key） / the audit signing key

须先停止服务；损坏的日志段移到 journal/damaged-<时间>/，损坏的文件移到 damaged-<时间>/，从不删除 / stop the server first; damaged journal segments are moved to journal/damaged-<time>/ and damaged files to damaged-<time>/, never deleted
退出码 Exit: 0 完好或已修复 / clean or repaired; 1 有损坏待决定 / damage awaiting a decision`;

function show(d: Diagnosis, out: (t: string) => void): void {
  for (const l of d.lost) {
    const range = l.seqs ? `审计第 ${l.seqs.from}–${l.seqs.to} 条 / audit entries ${l.seqs.from}–${l.seqs.to}` : '审计序号无法确定 / audit entries unknown';
    out(`损坏 damaged: journal/${l.damage.segment} 第 ${l.damage.record} 条记录 record ${l.damage.record}（字节 byte ${l.damage.offset}）: ${l.damage.reasonZh} / ${l.damage.reason}; ${range}`);
    for (const e of l.entries) out(`  #${e.seq} ${e.action} ${e.plan ?? ''}/${e.orgUnit ?? ''}/${e.period ?? ''}/${e.form ?? ''} ${e.field ?? ''} → ${JSON.stringify(e.new ?? null)} (rev ${e.rev ?? '-'})`);
    out(
      l.covered
        ? '  检查点已包含这些修改：--restore-checkpoint 不丢任何数据 / the checkpoint holds these changes: --restore-checkpoint loses nothing'
        : '  检查点不包含这些修改：只能 --accept-loss（损失记入审计） / the checkpoint lacks these changes: only --accept-loss (recorded in the audit)',
    );
  }
  for (const a of d.anchor) out(`审计日志 audit: ${a.zh} / ${a.en}`);
  for (const n of d.auditLines)
    out(
      `损坏 damaged: audit.ndjson 第 ${n} 行无法读取（哈希链在此断开）；本工具无法恢复审计条目，请从备份恢复 audit.ndjson / audit.ndjson line ${n} cannot be read (the hash chain breaks there); this tool cannot bring audit entries back: restore audit.ndjson from a backup`,
    );
  for (const f of d.files) {
    const r = describeRemedy(f, 'damaged-<时间 time>');
    out(`损坏 damaged: ${f.path} ${f.why.zh} / ${f.why.en}`);
    out(`  ${r.zh} / ${r.en}`);
    out(
      f.lossless
        ? '  --restore-checkpoint 或 --accept-loss 均可，不丢数据 / --restore-checkpoint or --accept-loss, nothing lost'
        : '  只能 --accept-loss（损失记入审计），或先从备份恢复该文件 / only --accept-loss (recorded in the audit), or restore the file from a backup first',
    );
  }
}

export const store: Command = {
  name: 'store',
  summary: { zh: '存储维护（repair，文件目录或 PostgreSQL）', en: 'Look after a store: a file folder or PostgreSQL (repair)' },
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parse(argv, {
      data: { type: 'string' },
      'audit-key': { type: 'string' },
      'accept-loss': { type: 'boolean' },
      'restore-checkpoint': { type: 'boolean' },
      backend: { type: 'string' },
      'database-url': { type: 'string' },
    });
    if (positionals.length !== 1 || positionals[0] !== 'repair') throw new UsageError('用法：planbook store repair --data DIR（见 --help）', 'Usage: planbook store repair --data DIR (see --help)');
    if (values['accept-loss'] && values['restore-checkpoint']) throw new UsageError('--accept-loss 与 --restore-checkpoint 只能选一个', 'Choose one of --accept-loss and --restore-checkpoint');
    const backend = values.backend ?? 'file';
    if (backend !== 'file' && backend !== 'postgres') throw new UsageError('--backend 应为 file 或 postgres', '--backend must be file or postgres');
    if (backend === 'postgres') return repairPostgres(values, io);
    const dir = resolve(io.cwd, values.data ?? '.data');
    const key = await loadAuditKey({ keyFile: values['audit-key'], dataDir: dir, create: false, env: io.env });
    const d = await diagnose(nodeFs, dir, key);
    if (d.clean) {
      io.out(`数据目录完好，无需修复 / the folder is clean; nothing to repair: ${dir}`);
      return EXIT.OK;
    }
    show(d, (t) => io.out(t));
    const decision = values['accept-loss'] ? 'accept-loss' : values['restore-checkpoint'] ? 'restore-checkpoint' : null;
    if (d.lost.length === 0 && d.files.length === 0 && d.anchor.length === 0) {
      io.err('未做任何改动：请从备份恢复 audit.ndjson / nothing changed: restore audit.ndjson from a backup');
      return EXIT.FINDINGS;
    }
    if (!decision) {
      io.err('未做任何改动。请选择 --restore-checkpoint 或 --accept-loss / nothing changed; choose --restore-checkpoint or --accept-loss');
      return EXIT.FINDINGS;
    }
    const entries = await repair(nodeFs, dir, key, decision, `operator:${userInfo().username}`);
    io.out(
      `已修复：${entries.length} 条 repair 记录写入审计日志（第 ${entries[0]?.seq}–${entries[entries.length - 1]?.seq} 条），损坏的日志段和文件已移到 journal/damaged-*/ 与 damaged-*/ / repaired: ${entries.length} repair entries in the audit (${entries[0]?.seq}–${entries[entries.length - 1]?.seq}); the journal segments and damaged files were moved to journal/damaged-*/ and damaged-*/`,
    );
    return EXIT.OK;
  },
};
