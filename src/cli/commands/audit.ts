import type { Command } from '../command';
import { EXIT } from '../command';

// Placeholder until this command is built; it says so rather than pretending to work.
export const audit: Command = {
  name: 'audit',
  summary: { zh: '审计日志', en: 'Read, export and verify the audit log' },
  help: 'planbook audit —— 审计日志 / Read, export and verify the audit log',
  async run(_argv, io) {
    io.err('此命令尚未实现 / this command is not implemented yet');
    return EXIT.INTERNAL;
  },
};
