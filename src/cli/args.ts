/**
 * Argument parsing on Node's util.parseArgs (strict: an unknown option is a usage error, not ignored),
 * with errors turned into bilingual messages.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PlanbookError } from '../model/errors';
import type { Bilingual } from '../model/i18n';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed<O extends Options> {
  values: { [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string };
  positionals: string[];
}

export class UsageError extends PlanbookError {
  constructor(zh: string, en: string) {
    super('BAD_REQUEST', { zh, en });
  }
}

export function parse<O extends Options>(argv: string[], options: O, allowPositionals = true): Parsed<O> {
  try {
    const r = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
    return r as unknown as Parsed<O>;
  } catch (e) {
    const m = parserMessage(e);
    throw new UsageError(`参数有误：${m.zh}（用 --help 查看用法）`, `Bad arguments: ${m.en} (see --help)`);
  }
}

/**
 * Node's parser speaks English only; its four refusals (util.parseArgs error codes) are said in both
 * languages here, so no English parser text stands inside a Chinese line.
 */
function parserMessage(e: unknown): Bilingual {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  const m = e instanceof Error ? e.message : String(e);
  const quoted = /'([^']*)'/.exec(m)?.[1] ?? '';
  const option = quoted.replace(/ <value>$/, '');
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return { zh: `此命令没有 ${option} 选项`, en: `this command has no ${option} option` };
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return { zh: `多余的参数“${quoted}”（此命令不接受文件名等位置参数）`, en: `unexpected argument "${quoted}" (this command takes no positional arguments)` };
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(m)) return { zh: `${option} 是开关，不带值`, en: `${option} is a switch and takes no value` };
      if (/ambiguous/.test(m))
        return { zh: `${option} 后面缺少值（下一个参数以 - 开头；如确实如此，请写成 ${option}=值）`, en: `${option} is missing its value (the next argument starts with -; if that is the value, write ${option}=VALUE)` };
      return { zh: `${option} 后面缺少值`, en: `${option} is missing its value` };
    default:
      return { zh: '无法解析命令行参数', en: `the arguments could not be read (${m})` };
  }
}

/**
 * The positional arguments of `argv` as the parser would see them with `options`, without refusing
 * anything: for a command that picks its branch by the files it is given, not by option values.
 */
export function positionalsOf(argv: string[], options: Options): string[] {
  return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: false }).positionals;
}

export function wantsHelp(argv: string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}
