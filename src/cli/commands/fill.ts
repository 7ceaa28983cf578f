import type { Command } from '../command';
import { EXIT } from '../command';

// Placeholder until this command is built; it says so rather than pretending to work.
export const fill: Command = {
  name: 'fill',
  summary: { zh: '填充模板工作簿', en: 'Fill template workbooks' },
  help: 'planbook fill —— 填充模板工作簿 / Fill template workbooks',
  async run(_argv, io) {
    io.err('此命令尚未实现 / this command is not implemented yet');
    return EXIT.INTERNAL;
  },
};
