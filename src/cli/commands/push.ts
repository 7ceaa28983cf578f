import type { Command } from '../command';
import { EXIT } from '../command';

// Placeholder until this command is built; it says so rather than pretending to work.
export const push: Command = {
  name: 'push',
  summary: { zh: '推送工作簿修改', en: 'Push workbook edits to the store' },
  help: 'planbook push —— 推送工作簿修改 / Push workbook edits to the store',
  async run(_argv, io) {
    io.err('此命令尚未实现 / this command is not implemented yet');
    return EXIT.INTERNAL;
  },
};
