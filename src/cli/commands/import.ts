import type { Command } from '../command';
import { EXIT } from '../command';

// Placeholder until this command is built; it says so rather than pretending to work.
export const importCmd: Command = {
  name: 'import',
  summary: { zh: '导入计划文档', en: 'Import plan documents into plan data' },
  help: 'planbook import —— 导入计划文档 / Import plan documents into plan data',
  async run(_argv, io) {
    io.err('此命令尚未实现 / this command is not implemented yet');
    return EXIT.INTERNAL;
  },
};
