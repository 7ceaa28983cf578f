/**
 * The store's commands run in-process: user add/list/revoke (the token printed once, only its hash
 * stored, concurrent adds keep every user) and serve's argument checks.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';
import { hashToken } from '../../src/store/users';
import { smallPlan, startTestServer } from '../support/server';

function capture(cwd: string): { io: CliIO; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t) => out.push(t), err: (t) => err.push(t), cwd, env: {} }, out, err };
}

describe('planbook user / serve commands', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'planbook-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('user add prints the token once on stdout and stores only its hash', async () => {
    const c = capture(dir);
    assert.equal(await main(['user', 'add', '王五', '--role', 'filler', '--unit', '区财政局', '--unit', '区税务局', '--data', dir], c.io), 0);
    const token = c.out.join('').trim();
    assert.match(token, /^pb_[A-Za-z0-9_-]{43}$/);
    assert.match(c.err.join(''), /只显示这一次.*shown only this once/s);
    const stored = readFileSync(join(dir, 'users.json'), 'utf8');
    assert.ok(!stored.includes(token));
    assert.ok(stored.includes(hashToken(token)));
    const l = capture(dir);
    assert.equal(await main(['user', 'list', '--data', dir], l.io), 0);
    assert.match(l.out.join(''), /王五\tfiller\t区财政局、区税务局/);
    assert.ok(!l.out.join('').includes(token));
  });

  it('refuses bad users with bilingual messages and usage errors with exit 2', async () => {
    const cases: [string[], number, RegExp][] = [
      [['user', 'add', 'x', '--role', 'filler'], 3, /至少要有一个 --unit[\s\S]*at least one --unit/],
      [['user', 'add', 'x', '--role', 'boss'], 3, /角色.*无效[\s\S]*Invalid role/],
      [['user', 'add', 'x', '--role', 'reviewer', '--unit', '区财政局'], 3, /reviewer 和 admin 不带 --unit[\s\S]*take no --unit/],
      [['user', 'add', '../x', '--role', 'admin'], 3, /用户名.*无效[\s\S]*Invalid user name/],
      [['user', 'add', '--role', 'admin'], 2, /需要用户名[\s\S]*needs a user name/],
      [['user', 'delete', 'x'], 2, /add\|list\|revoke/],
      [['user', 'revoke', 'nobody'], 3, /没有有效的用户/],
      [['serve', '--backend', 'mongo'], 2, /file 或 postgres[\s\S]*file or postgres/],
      [['serve', '--cert', 'a.pem'], 2, /--cert 和 --key[\s\S]*go together/],
      [['serve', '--port', '99999'], 2, /端口无效[\s\S]*Invalid port/],
      [['serve', '--backend', 'postgres'], 2, /--database-url/],
    ];
    for (const [argv, code, re] of cases) {
      const c = capture(dir);
      assert.equal(await main([...argv, '--data', dir], c.io), code, argv.join(' '));
      assert.match(c.err.join('\n'), re, argv.join(' '));
    }
  });

  it('keeps every user when several are added at once, and a revoked name can be issued a new token', async () => {
    const codes = await Promise.all(Array.from({ length: 8 }, (_, i) => main(['user', 'add', `u${i}`, '--role', 'reviewer', '--data', dir], capture(dir).io)));
    assert.deepEqual(codes, new Array(8).fill(0));
    const users = (JSON.parse(readFileSync(join(dir, 'users.json'), 'utf8')) as { users: { name: string }[] }).users.map((u) => u.name).sort();
    assert.deepEqual(
      users,
      Array.from({ length: 8 }, (_, i) => `u${i}`),
    );
    // A name taken is the command's own wrong input (exit 3), not a server's refusal (4): regression F7.1.
    const dup = capture(dir);
    assert.equal(await main(['user', 'add', 'u1', '--role', 'reviewer', '--data', dir], dup.io), 3, 'an active name is not reissued');
    assert.match(dup.err.join('\n'), /已存在[\s\S]*revoke u1[\s\S]*exists/);
    assert.equal(await main(['user', 'revoke', 'u1', '--data', dir], capture(dir).io), 0);
    assert.equal(await main(['user', 'add', 'u1', '--role', 'reviewer', '--data', dir], capture(dir).io), 0);
  });
});

describe('planbook user add checks the unit against the stored plans (F7.1)', function () {
  this.timeout(30_000);

  it('refuses a unit no plan has, beside a running server, with did-you-mean and the units that exist; a plan unit passes', async () => {
    const s = await startTestServer();
    try {
      const bad = capture(s.dataDir);
      assert.equal(await main(['user', 'add', '错单位', '--role', 'filler', '--unit', '区财政厅', '--data', s.dataDir], bad.io), 3);
      const err = bad.err.join('\n');
      assert.match(err, /没有单位 “区财政厅”（是否指“区财政局”？）/);
      assert.match(err, /did you mean "区财政局"\?/);
      assert.match(err, /计划中的单位：区发展改革委、区统计局、区财政局、区商务局/);
      assert.equal(bad.out.join(''), '', 'no token is issued');
      const users = JSON.parse(readFileSync(join(s.dataDir, 'users.json'), 'utf8')) as { users: { name: string }[] };
      assert.ok(!users.users.some((u) => u.name === '错单位'));

      const good = capture(s.dataDir);
      assert.equal(await main(['user', 'add', '新填报人', '--role', 'filler', '--unit', '区商务局', '--data', s.dataDir], good.io), 0, good.err.join('\n'));
    } finally {
      await s.stop();
    }
  });

  it('with no plan stored yet, any unit is taken (the plan may be imported after the users)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planbook-cli-'));
    try {
      assert.equal(await main(['user', 'add', '王五', '--role', 'filler', '--unit', '区财政厅', '--data', dir], capture(dir).io), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('planbook serve as a process', function () {
  this.timeout(30_000);

  it('starts, answers, stops on SIGTERM with its documents written out and the folder unlocked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planbook-serve-'));
    try {
      const c = capture(dir);
      assert.equal(await main(['user', 'add', 'admin', '--role', 'admin', '--data', dir], c.io), 0);
      const token = c.out.join('').trim();
      const root = join(__dirname, '..', '..');
      const proc = spawn(process.execPath, ['-r', 'tsx/cjs', join(root, 'src', 'cli', 'main.ts'), 'serve', '--port', '0', '--data', dir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((ok) => proc.once('exit', (code) => ok(code)));
      const url = await new Promise<string>((ok, fail) => {
        let out = '';
        proc.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening: (\S+)/.exec(out);
          if (m) ok(m[1]!);
        });
        void exited.then(() => fail(new Error('serve exited early')));
      });
      const r = await fetch(`${url}/api/plans`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(smallPlan()) });
      assert.equal(r.status, 201);
      assert.equal(existsSync(join(dir, 'LOCK')), true);
      proc.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.equal(existsSync(join(dir, 'LOCK')), false);
      assert.equal((JSON.parse(readFileSync(join(dir, 'plans', 'small-2023.json'), 'utf8')) as { value: { id: string } }).value.id, 'small-2023');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
