/**
 * Argument parsing on Node's util.parseArgs (strict: an unknown option is a usage error, not ignored),
 * with errors turned into bilingual messages.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PlanbookError } from '../model/errors';

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
    const m = e instanceof Error ? e.message : String(e);
    throw new UsageError(`参数有误：${m}（用 --help 查看用法）`, `Bad arguments: ${m} (see --help)`);
  }
}

export function wantsHelp(argv: string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}
