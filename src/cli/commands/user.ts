import type { Command } from '../command';
import { EXIT } from '../command';

// Placeholder until this command is built; it says so rather than pretending to work.
export const user: Command = {
  name: 'user',
  summary: { zh: '管理用户与令牌', en: 'Manage users and tokens' },
  help: 'planbook user —— 管理用户与令牌 / Manage users and tokens',
  async run(_argv, io) {
    io.err('此命令尚未实现 / this command is not implemented yet');
    return EXIT.INTERNAL;
  },
};
