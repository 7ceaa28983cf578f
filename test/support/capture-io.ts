/** A CliIO that records what a command prints, for running `planbook` in-process. */
import type { CliIO } from '../../src/cli/command';

export interface CapturedIO extends CliIO {
  stdout: string[];
  stderr: string[];
}

export function captureIO(cwd: string): CapturedIO {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t), cwd, env: {} };
}
