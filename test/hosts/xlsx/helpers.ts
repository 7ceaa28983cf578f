/** Shared by the .xlsx host tests: a scratch folder removed after each suite, and a fill of a real template. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplate } from '../../../src/hosts/xlsx/templates';
import { XlsxWorkbook } from '../../../src/hosts/xlsx/port';
import { saveWorkbook } from '../../../src/hosts/xlsx/file';
import { fill, type FillInput } from '../../../src/template/fill';

export function scratch(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'planbook-xlsx-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function fillToFile(template: string, input: FillInput, file: string): Promise<void> {
  const { spec, workbook } = await loadTemplate(template);
  await fill(new XlsxWorkbook(workbook), spec, input);
  await saveWorkbook(workbook, file);
}
