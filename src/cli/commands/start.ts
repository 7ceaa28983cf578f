/**
 * `planbook start` (what `npm start` runs): the whole product on the embedded default store in one
 * command — import the plan documents (the bundled Tongzhou seeds unless files are named), load the
 * plan into the file store, make first users when there are none, and serve the API and the add-in.
 * Each step is the same code the separate commands use; this file only strings them together.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from '../command';
import { EXIT } from '../command';
import { parse, UsageError } from '../args';
import { importDocuments } from '../../importer';
import { readDocumentFile } from '../../hosts/node/read-document';
import { startupError, startupLine } from '../../store/startup-errors';
import { startServer } from '../../store/server';
import { ensureDevCert } from '../../store/dev-cert';
import type { Principal } from '../../store/users';

const HELP = `planbook start —— 一条命令启动：导入计划文档、载入共享数据库、启动服务 / One command: import the plan documents, load them into the store, serve

用法 Usage:
  planbook start [FILE...] [--data DIR] [--port N] [--http]

  FILE...     计划文档（默认：examples/tongzhou 中的通州区五份文件） / plan documents (default: the five Tongzhou documents in examples/tongzhou)
  --data DIR  数据目录（默认 ./.data） / data folder (default ./.data)
  --port N    端口（默认 HTTPS 3443，--http 时 3000） / port (default 3443 for HTTPS, 3000 with --http)
  --http      只用 HTTP（仅本机；Office 加载项需要 HTTPS） / plain HTTP on loopback (Office add-ins need HTTPS)

首次启动时建立 admin、reviewer 和一个区财政局填报人，并显示一次他们的令牌。
On first start it makes users admin, reviewer and a filler of 区财政局, and shows their tokens once.`;

/** The bundled documents, found from the installed package rather than the working directory. */
function defaultDocuments(): string[] {
  const dir = resolve(__dirname, '..', '..', '..', 'examples', 'tongzhou');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => join(dir, f));
}

const SYSTEM: Principal = { name: 'planbook-start', role: 'admin', units: [] };

export const start: Command = {
  name: 'start',
  summary: { zh: '一条命令导入并启动服务', en: 'Import and serve in one command' },
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parse(argv, { data: { type: 'string' }, port: { type: 'string' }, http: { type: 'boolean' } });
    const files = positionals.length ? positionals.map((f) => resolve(io.cwd, f)) : defaultDocuments();
    if (files.length === 0) throw new UsageError('没有找到计划文档；请在命令后列出文件', 'No plan documents found; name them after the command');
    const https = values.http !== true;
    const port = values.port === undefined ? (https ? 3443 : 3000) : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`端口无效：${values.port}`, `Invalid port: ${values.port}`);
    const dataDir = resolve(io.cwd, values.data ?? '.data');

    const docs = [];
    for (const f of files) docs.push((await readDocumentFile(f)).doc);
    const { plan, problems } = importDocuments(docs);
    io.err(`导入 ${files.length} 份文档：${plan.targets.length} 项目标、${plan.tasks.length} 项任务、${plan.actuals.length} 个实际数、${plan.units.length} 个单位（${problems.length} 处未能读取）
Imported ${files.length} documents: ${plan.targets.length} targets, ${plan.tasks.length} tasks, ${plan.actuals.length} actual figures, ${plan.units.length} units (${problems.length} passages not read)`);

    let tls: { cert: Buffer; key: Buffer } | undefined;
    if (https) {
      let dev;
      try {
        dev = ensureDevCert(dataDir);
      } catch (e) {
        io.err(startupLine(startupError(e, { stage: 'data', dir: dataDir })));
        return EXIT.BAD_INPUT;
      }
      tls = { cert: dev.cert, key: dev.key };
      if (dev.created) io.err(`已生成开发证书；请把 ${dev.caPath} 加入“受信任的根证书颁发机构”一次\nA development certificate was made; trust ${dev.caPath} as a root certificate authority once`);
    }
    let server;
    try {
      server = await startServer({
        port,
        host: https ? 'localhost' : '127.0.0.1',
        backend: 'file',
        dataDir,
        ...(tls ? { tls } : {}),
        log: (l) => io.err(l),
      });
    } catch (e) {
      // One bilingual line, no stack trace: the operator has a port, a disk or a folder to fix.
      io.err(startupLine(startupError(e, { stage: 'data', dir: dataDir })));
      return EXIT.BAD_INPUT;
    }
    try {
      const loaded = await server.service.importPlan(SYSTEM, plan);
      io.err(
        `计划 ${loaded.plan.id}（${loaded.plan.name}）已${loaded.created ? '载入' : '更新'}，版本 ${loaded.plan.rev}\nPlan ${loaded.plan.id} (${loaded.plan.name}) ${loaded.created ? 'loaded' : 'updated'}, revision ${loaded.plan.rev}`,
      );
      const existing = (await server.users.list()).filter((u) => !u.revokedAt);
      if (existing.length === 0) {
        const lead = plan.units.includes('区财政局') ? '区财政局' : plan.units[0];
        const made: [string, string, string][] = [
          ['admin', 'admin', await server.users.add('admin', 'admin', [])],
          ['reviewer', 'reviewer', await server.users.add('reviewer', 'reviewer', [])],
        ];
        if (lead) made.push([`filler-${lead}`, `filler（${lead}）`, await server.users.add(`filler-${lead}`, 'filler', [lead])]);
        io.out(
          [
            '首次启动，已建立以下用户；令牌只显示这一次，请保存 / First start: these users were made; the tokens are shown only this once, keep them:',
            ...made.map(([n, r, t]) => `  ${n.padEnd(16)} ${r.padEnd(16)} ${t}`),
          ].join('\n'),
        );
      }
    } catch (e) {
      await server.close();
      throw e;
    }
    io.out(`planbook 已启动 / planbook is running: ${server.url}
  API:        ${server.url}/api/health  ·  ${server.url}/api/openapi.json
  任务窗格 Task pane: ${server.url}/taskpane.html  ·  清单 manifest: ${server.url}/manifest.xml
按 Ctrl+C 停止 / Ctrl+C stops it`);
    await new Promise<void>((done) => {
      const stop = (): void => {
        void server.close().then(done);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return EXIT.OK;
  },
};
