/**
 * `planbook`: dispatch to a command. Wiring only; each command is in commands/.
 */
import { COMMANDS } from './commands';
import { EXIT, type CliIO } from './command';
import { isPlanbookError } from '../model/errors';
import { UsageError } from './args';

function topHelp(): string {
  const lines = ['planbook —— 计划统计工具 / plan statistics tool', '', '用法 / Usage: planbook <命令 command> [选项 options]', ''];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(8)} ${c.summary.zh} / ${c.summary.en}`);
  lines.push('', '每个命令都有 --help / every command has --help');
  return lines.join('\n');
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(topHelp());
    return name ? EXIT.OK : EXIT.USAGE;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.err(`未知命令：${name} / unknown command: ${name}\n\n${topHelp()}`);
    return EXIT.USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(cmd.help);
    return EXIT.OK;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.zh}\n${e.en}`);
      return EXIT.USAGE;
    }
    if (isPlanbookError(e)) {
      io.err(`错误：${e.zh}\nError: ${e.en}`);
      return e.code === 'BAD_DOCUMENT' || e.code === 'BAD_WORKBOOK' || e.code === 'VALIDATION' || e.code === 'BAD_REQUEST' ? EXIT.BAD_INPUT : EXIT.REMOTE;
    }
    const m = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.err(`内部错误，请把以下信息报告给维护者 / Internal error, please report:\n${m}`);
    return EXIT.INTERNAL;
  }
}

export function processIO(): CliIO {
  return {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
    cwd: process.cwd(),
    env: process.env,
  };
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(String(e) + '\n');
      process.exitCode = EXIT.INTERNAL;
    },
  );
}
