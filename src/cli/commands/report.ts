import type { Command } from '../command';
import { EXIT } from '../command';

// Placeholder until this command is built; it says so rather than pretending to work.
export const report: Command = {
  name: 'report',
  summary: { zh: '生成报表', en: 'Build report tables' },
  help: 'planbook report —— 生成报表 / Build report tables',
  async run(_argv, io) {
    io.err('此命令尚未实现 / this command is not implemented yet');
    return EXIT.INTERNAL;
  },
};
