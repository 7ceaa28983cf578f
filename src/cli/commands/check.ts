import type { Command } from '../command';
import { EXIT } from '../command';

// Placeholder until this command is built; it says so rather than pretending to work.
export const check: Command = {
  name: 'check',
  summary: { zh: '审核数据', en: 'Check figures and workbooks' },
  help: 'planbook check —— 审核数据 / Check figures and workbooks',
  async run(_argv, io) {
    io.err('此命令尚未实现 / this command is not implemented yet');
    return EXIT.INTERNAL;
  },
};
