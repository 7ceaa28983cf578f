/**
 * Users of the file backend: users.json in the data folder, replaced atomically by `planbook user`.
 * The running server rereads it when it changes, so a new or revoked token takes effect without a
 * restart, and the CLI never needs the server's LOCK.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { PlanbookError } from '../model/errors';
import { nodeFs, writeFileDurable } from './fs-layer';
import { checkNewUser, hashToken, newToken, type User, type UserStore } from './users';

interface UsersFile {
  users: User[];
}

/**
 * The users of a users.json text. Errors: UNAVAILABLE naming the file and what to do, when it is not
 * JSON or not `{ "users": [ { name, role, units, tokenHash } … ] }` — start-up refuses such a file
 * (damaged-files.ts) rather than answer every request with a storage error.
 */
export function parseUsersFile(text: string, dir: string): User[] {
  let parsed: unknown;
  let why: { zh: string; en: string } | null = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    why = { zh: '不是有效的 JSON', en: 'not valid JSON' };
  }
  const users = (parsed as Partial<UsersFile> | null)?.users;
  const ok = (u: unknown): boolean => {
    const x = u as Partial<User> | null;
    return typeof x === 'object' && x !== null && typeof x.name === 'string' && typeof x.role === 'string' && Array.isArray(x.units) && typeof x.tokenHash === 'string';
  };
  if (!why && (!Array.isArray(users) || !users.every(ok)))
    why = { zh: '不是用户列表（应为 {"users": [...]}，每个用户有 name、role、units、tokenHash）', en: 'not a list of users ({"users": [...]}, each with name, role, units, tokenHash)' };
  if (why) {
    // UNAVAILABLE, not STORAGE: a running server whose users.json breaks answers "unavailable, nothing
    // changed" (it said "storage failed, this change was not saved" to every GET); the log has this text.
    throw new PlanbookError('UNAVAILABLE', {
      zh: `用户文件 ${join(dir, 'users.json')} 已损坏（${why.zh}），无法核对任何令牌。请从备份恢复该文件；没有备份时运行 planbook store repair --data ${dir} --accept-loss 将其移到一旁，再用 planbook user add 重新添加用户（令牌需重新发放）`,
      en: `The users file ${join(dir, 'users.json')} is damaged (${why.en}), so no token can be checked. Restore it from a backup; without one, run planbook store repair --data ${dir} --accept-loss to set it aside, then add the users again with planbook user add (their tokens must be issued again)`,
    });
  }
  return users as User[];
}

export class FileUserStore implements UserStore {
  private cache: { mtimeMs: number; size: number; users: User[] } | null = null;
  private checkedAt = 0;

  constructor(private readonly dir: string) {}

  private async load(): Promise<User[]> {
    const path = join(this.dir, 'users.json');
    const now = Date.now();
    // A stat per request would be cheap, but not free under a flood; once every 500 ms is enough.
    if (this.cache && now - this.checkedAt < 500) return this.cache.users;
    this.checkedAt = now;
    let st;
    try {
      st = await fsp.stat(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        this.cache = { mtimeMs: 0, size: 0, users: [] };
        return [];
      }
      throw e;
    }
    if (this.cache && this.cache.mtimeMs === st.mtimeMs && this.cache.size === st.size) return this.cache.users;
    const users = parseUsersFile(await fsp.readFile(path, 'utf8'), this.dir);
    this.cache = { mtimeMs: st.mtimeMs, size: st.size, users };
    return this.cache.users;
  }

  private async save(users: User[]): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileDurable(nodeFs, this.dir, 'users.json', JSON.stringify({ users } satisfies UsersFile, null, 2) + '\n');
    this.cache = null;
  }

  async findByTokenHash(hash: string): Promise<User | null> {
    return (await this.load()).find((u) => u.tokenHash === hash && !u.revokedAt) ?? null;
  }

  async list(): Promise<User[]> {
    this.cache = null;
    return this.load();
  }

  /**
   * Read-modify-write of users.json under users.lock (O_EXCL), so two `planbook user add` run at once
   * cannot drop each other's user. A lock older than 30 s is left by a crash and is taken over.
   */
  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    await fsp.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const lock = join(this.dir, 'users.lock');
    for (let i = 0; ; i++) {
      try {
        await (await fsp.open(lock, 'wx', 0o600)).close();
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const age = await fsp.stat(lock).then(
          (st) => Date.now() - st.mtimeMs,
          () => 0,
        );
        if (age > 30_000) await fsp.unlink(lock).catch(() => undefined);
        else if (i > 200) throw new PlanbookError('UNAVAILABLE', { zh: `用户文件正被另一个命令修改（${lock}）`, en: `The users file is being changed by another command (${lock})` });
        else await new Promise((r) => setTimeout(r, 25));
      }
    }
    try {
      return await fn();
    } finally {
      await fsp.unlink(lock).catch(() => undefined);
    }
  }

  add(name: string, role: string, units: string[]): Promise<string> {
    return this.locked(() => this.addUnlocked(name, role, units));
  }

  private async addUnlocked(name: string, role: string, units: string[]): Promise<string> {
    const r = checkNewUser(name, role, units);
    const users = await this.list();
    if (users.some((u) => u.name === name && !u.revokedAt)) {
      throw new PlanbookError('CONFLICT', { zh: `用户“${name}”已存在；先 revoke 再重新添加`, en: `User "${name}" exists; revoke it first to issue a new token` });
    }
    const token = newToken();
    const rest = users.filter((u) => u.name !== name);
    await this.save([...rest, { name, role: r, units, tokenHash: hashToken(token), createdAt: new Date().toISOString() }]);
    return token;
  }

  revoke(name: string): Promise<boolean> {
    return this.locked(() => this.revokeUnlocked(name));
  }

  private async revokeUnlocked(name: string): Promise<boolean> {
    const users = await this.list();
    const u = users.find((x) => x.name === name && !x.revokedAt);
    if (!u) return false;
    await this.save(users.map((x) => (x === u ? { ...x, revokedAt: new Date().toISOString() } : x)));
    return true;
  }

  async close(): Promise<void> {}
}
