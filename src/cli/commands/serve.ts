import { resolve } from 'node:path';
import type { Command } from '../command';
import { EXIT } from '../command';
import { parse, UsageError } from '../args';
import { startupError, startupLine } from '../../store/startup-errors';
import { startServer, readTls } from '../../store/server';
import { ensureDevCert } from '../../store/dev-cert';

const HELP = `planbook serve —— 启动共享数据服务 / Start the shared store server

用法 Usage:
  planbook serve [--port N] [--host H] [--data DIR] [--backend file|postgres] [--database-url URL]
                 [--https] [--cert FILE --key FILE] [--allow-origin ORIGIN]... [--rate-limit N]

  --data DIR          数据目录（默认 ./.data） / data folder (default ./.data)
  --backend B         file（默认，无需安装）或 postgres / file (default, nothing to install) or postgres
  --database-url URL  postgres 连接串，也可用环境变量 DATABASE_URL / postgres connection string (or DATABASE_URL)
  --https             用 HTTPS（Office 加载项需要）；未给证书时在数据目录生成开发证书
                      serve HTTPS (Office add-ins need it); without --cert, makes a development certificate in DATA/certs
  --cert/--key FILE   自备证书（PEM） / your own certificate and key (PEM)
  --port N            默认 HTTP 3000，HTTPS 3443 / default 3000 for HTTP, 3443 for HTTPS
  --host H            默认 127.0.0.1（HTTPS 时为 localhost）；局域网使用时设为 0.0.0.0
                      default 127.0.0.1 (localhost for HTTPS); 0.0.0.0 to serve the network
  --allow-origin O    另外允许跨域访问的来源 / another origin CORS allows
  --rate-limit N      每个令牌每秒请求数（默认 300，突发 600） / requests per second per token (default 300, burst 600)
  --audit-key FILE    审计签名密钥，须在数据目录之外（默认 PLANBOOK_AUDIT_KEY_FILE 或 ~/.config/planbook/audit.key，首次启动时生成）
                      the audit signing key, outside the data folder (default PLANBOOK_AUDIT_KEY_FILE or ~/.config/planbook/audit.key, made on first start)

默认地址 Default URLs: http://127.0.0.1:3000 ； --https: https://localhost:3443（加载项清单 manifest.xml 指向此处）
用户与令牌 Users: planbook user add NAME --role filler|reviewer|admin [--unit U]...`;

export const serve: Command = {
  name: 'serve',
  summary: { zh: '启动共享数据服务', en: 'Start the shared store server' },
  help: HELP,
  async run(argv, io) {
    const { values } = parse(
      argv,
      {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        backend: { type: 'string' },
        'database-url': { type: 'string' },
        https: { type: 'boolean' },
        cert: { type: 'string' },
        key: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        'rate-limit': { type: 'string' },
        'audit-key': { type: 'string' },
      },
      false,
    );
    const backend = values.backend ?? 'file';
    if (backend !== 'file' && backend !== 'postgres') throw new UsageError(`--backend 应为 file 或 postgres，收到 ${backend}`, `--backend must be file or postgres, not ${backend}`);
    const https = values.https === true || values.cert !== undefined;
    if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError('--cert 和 --key 要一起给出', '--cert and --key go together');
    const port = values.port === undefined ? (https ? 3443 : 3000) : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`端口无效：${values.port}`, `Invalid port: ${values.port}`);
    const dataDir = resolve(io.cwd, values.data ?? '.data');
    const databaseUrl = values['database-url'] ?? io.env.DATABASE_URL;
    if (backend === 'postgres' && !databaseUrl) throw new UsageError('postgres 后端需要 --database-url（或环境变量 DATABASE_URL）', 'The postgres backend needs --database-url (or DATABASE_URL)');
    let tls: { cert: Buffer; key: Buffer } | undefined;
    if (values.cert && values.key) tls = await readTls(resolve(io.cwd, values.cert), resolve(io.cwd, values.key));
    else if (https) {
      let dev;
      try {
        dev = ensureDevCert(dataDir);
      } catch (e) {
        io.err(startupLine(startupError(e, { stage: 'data', dir: dataDir })));
        return EXIT.BAD_INPUT;
      }
      tls = { cert: dev.cert, key: dev.key };
      if (dev.created) {
        io.err(`已生成开发证书；请把 ${dev.caPath} 加入“受信任的根证书颁发机构”一次
A development certificate was made; trust ${dev.caPath} as a root certificate authority once`);
      }
    }
    const rate = values['rate-limit'] === undefined ? undefined : Number(values['rate-limit']);
    if (rate !== undefined && (!Number.isFinite(rate) || rate <= 0)) throw new UsageError(`--rate-limit 应为正数（每个令牌每秒请求数）`, `--rate-limit must be a positive number (requests per second per token)`);
    const host = values.host ?? (https ? 'localhost' : '127.0.0.1');
    let server;
    try {
      server = await startServer({
        port,
        host,
        backend,
        dataDir,
        ...(databaseUrl ? { databaseUrl } : {}),
        ...(tls ? { tls } : {}),
        allowOrigins: values['allow-origin'] ?? [],
        ...(rate !== undefined ? { rateLimit: { burst: rate * 2, perSecond: rate } } : {}),
        ...(values['audit-key'] ? { auditKeyFile: resolve(io.cwd, values['audit-key']) } : {}),
        log: (l) => io.err(l),
      });
    } catch (e) {
      // One bilingual line, no stack trace: the operator has a port, a disk or a folder to fix.
      io.err(startupLine(startupError(e, { stage: 'data', dir: dataDir })));
      return EXIT.BAD_INPUT;
    }
    io.out(`planbook 服务已启动 / store listening: ${server.url}  (${backend}${backend === 'file' ? `: ${dataDir}` : ''})`);
    await new Promise<void>((done) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        io.err('正在停止… / stopping…');
        void server.close().then(done, done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return EXIT.OK;
  },
};
