/**
 * The shape of a CLI command. Each command lives in its own file under commands/ and is wired in
 * commands/index.ts; main.ts only dispatches. Commands write through `io` so tests can run them
 * in-process and read what they printed.
 */
import type { Bilingual } from '../model/i18n';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Working directory for relative paths. */
  cwd: string;
  env: Record<string, string | undefined>;
}

/** Exit codes scripts can trust. */
export const EXIT = {
  OK: 0,
  /** The command ran and found problems (errors in a workbook, a plan with unreadable parts). */
  FINDINGS: 1,
  /** Wrong usage: unknown option, missing argument. */
  USAGE: 2,
  /** Bad input: a file that cannot be read, a document of another kind, a tampered workbook. */
  BAD_INPUT: 3,
  /** The server refused or could not be reached; nothing was changed. */
  REMOTE: 4,
  /** Conflicts that need a person to choose. */
  CONFLICT: 5,
  INTERNAL: 70,
} as const;

export interface Command {
  name: string;
  summary: Bilingual;
  /** Full help text shown by `planbook NAME --help` (both languages). */
  help: string;
  run(argv: string[], io: CliIO): Promise<number>;
}
