import { resolve } from 'node:path';
import type { Command, CliIO } from '../command';
import { EXIT } from '../command';
import { parse, UsageError } from '../args';
import { FileUserStore } from '../../store/file-users';
import { PgBackend } from '../../store/pg-backend';
import type { UserStore } from '../../store/users';
import type { Plan } from '../../model/plan';
import { isPlanbookError, PlanbookError } from '../../model/errors';
import { checkUnits, filePlans } from '../user-units';

const HELP = `planbook user —— 管理用户与令牌 / Manage users and tokens

用法 Usage:
  planbook user add NAME --role filler|reviewer|admin [--unit UNIT]... [--data DIR]
  planbook user list [--data DIR]
  planbook user revoke NAME [--data DIR]

  add 只显示一次令牌，服务器只保存其哈希 / add prints the token once; only its hash is stored
  filler 填报人：只能读写 --unit 指定的单位 / reads and writes only its --unit units
  reviewer 审核人：查看全部，审核通过或退回 / reads all, approves or returns
  admin 管理员：导入计划、修改规则 / imports plans, edits the rules
  --data DIR            数据目录（默认 ./.data） / data folder (default ./.data)
  --backend postgres --database-url URL   用户保存在 PostgreSQL 中 / users kept in PostgreSQL
服务运行时修改立即生效 / changes take effect in a running server`;

async function openUsers(values: { data?: string; backend?: string; 'database-url'?: string }, io: CliIO): Promise<{ users: UserStore; plans(): Promise<Plan[]>; close(): Promise<void> }> {
  const backend = values.backend ?? 'file';
  if (backend === 'postgres') {
    const url = values['database-url'] ?? io.env.DATABASE_URL;
    if (!url) throw new UsageError('postgres 需要 --database-url', 'postgres needs --database-url');
    const b = await PgBackend.open({ url });
    const plans = async (): Promise<Plan[]> => {
      const docs = await Promise.all((await b.listPlans()).map((p) => b.getPlan(p.id)));
      return docs.flatMap((d) => (d ? [d.value] : []));
    };
    return { users: b.users, plans, close: () => b.close() };
  }
  if (backend !== 'file') throw new UsageError(`--backend 应为 file 或 postgres`, `--backend must be file or postgres`);
  const dir = resolve(io.cwd, values.data ?? '.data');
  const u = new FileUserStore(dir);
  return { users: u, plans: () => filePlans(dir), close: async () => undefined };
}

export const user: Command = {
  name: 'user',
  summary: { zh: '管理用户与令牌', en: 'Manage users and tokens' },
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parse(argv, {
      role: { type: 'string' },
      unit: { type: 'string', multiple: true },
      data: { type: 'string' },
      backend: { type: 'string' },
      'database-url': { type: 'string' },
    });
    const [sub, name, ...extra] = positionals;
    if (extra.length) throw new UsageError(`多余的参数：${extra.join(' ')}`, `Unexpected arguments: ${extra.join(' ')}`);
    if (sub !== 'add' && sub !== 'list' && sub !== 'revoke') throw new UsageError('用法：planbook user add|list|revoke（见 --help）', 'Usage: planbook user add|list|revoke (see --help)');
    if (sub !== 'list' && !name) throw new UsageError(`planbook user ${sub} 需要用户名`, `planbook user ${sub} needs a user name`);
    const { users, plans, close } = await openUsers(values, io);
    try {
      if (sub === 'add') {
        if (!values.role) throw new UsageError('需要 --role filler|reviewer|admin', '--role filler|reviewer|admin is required');
        if (values.unit?.length) checkUnits(await plans(), values.unit);
        // The name taken is the command's input, decided here, not a server's refusal (exit 3, not 4).
        const token = await users.add(name!, values.role, values.unit ?? []).catch((e: unknown) => {
          throw isPlanbookError(e) && e.code === 'CONFLICT'
            ? new PlanbookError('VALIDATION', {
                zh: `用户“${name}”已存在：换一个名称，或先 planbook user revoke ${name} 再重新添加（旧令牌随之失效）`,
                en: `User "${name}" exists: choose another name, or run planbook user revoke ${name} first and add it again (its old token stops working)`,
              })
            : e;
        });
        io.err(`已添加用户 ${name}（${values.role}${values.unit?.length ? '：' + values.unit.join('、') : ''}）。令牌只显示这一次，请妥善交给本人：
User ${name} added (${values.role}${values.unit?.length ? ': ' + values.unit.join(', ') : ''}). The token is shown only this once; hand it over safely:`);
        io.out(token);
        return EXIT.OK;
      }
      if (sub === 'list') {
        const list = await users.list();
        io.out(['名称 name\t角色 role\t单位 units\t创建 created\t吊销 revoked', ...list.map((u) => `${u.name}\t${u.role}\t${u.units.join('、')}\t${u.createdAt}\t${u.revokedAt ?? ''}`)].join('\n'));
        return EXIT.OK;
      }
      if (!(await users.revoke(name!))) {
        io.err(`没有有效的用户 ${name} / no active user ${name}`);
        return EXIT.BAD_INPUT;
      }
      io.err(`已吊销 ${name} 的令牌 / revoked the token of ${name}`);
      return EXIT.OK;
    } finally {
      await close();
    }
  },
};
