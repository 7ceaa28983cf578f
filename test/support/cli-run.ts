/**
 * The CLI as the e2e tests drive it: `main` in this process with captured output, and a
 * workbook's cells typed the way a desk's spreadsheet saves them (ExcelJS, sheet by name).
 * One place, so every e2e test runs the command the same way.
 */
import ExcelJS from 'exceljs';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';

/** What one command run gave: its exit code and everything it printed, line by line. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `planbook ...argv` in `cwd` with the environment `env` (PLANBOOK_SERVER/TOKEN for a desk's connection). */
export async function runCli(cwd: string, env: Record<string, string>, argv: readonly string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), cwd, env };
  const code = await main([...argv], io);
  return { code, out, err };
}

/** Runs `planbook ...argv` in `cwd` with an empty environment. */
export function cliIn(cwd: string, ...argv: string[]): Promise<CliRun> {
  return runCli(cwd, {}, argv);
}

/** Writes values into cells of a sheet (by address) and saves the file, as a user's edit would. */
export async function editCells(file: string, cells: Record<string, ExcelJS.CellValue>, sheet = '指标填报'): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet} in ${file}`);
  for (const [a, v] of Object.entries(cells)) ws.getCell(a).value = v;
  await wb.xlsx.writeFile(file);
}
