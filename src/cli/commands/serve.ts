import type { Command } from '../command';
import { EXIT } from '../command';

// Placeholder until this command is built; it says so rather than pretending to work.
export const serve: Command = {
  name: 'serve',
  summary: { zh: '启动共享数据服务', en: 'Start the shared store server' },
  help: 'planbook serve —— 启动共享数据服务 / Start the shared store server',
  async run(_argv, io) {
    io.err('此命令尚未实现 / this command is not implemented yet');
    return EXIT.INTERNAL;
  },
};
