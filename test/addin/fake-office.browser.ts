/**
 * Stands where Office.js would in the browser test: defines window.Office and window.Excel from
 * the fake Excel host before the pane's bundle runs, and gives the test a handle on the workbook
 * (type into a field's cell as a user would, read cells, notes, selection). Bundled by esbuild and
 * served instead of /office-js/office.js.
 */
import { FakeExcel } from '../hosts/excel/fake-excel';
import { ExcelWorkbook, type ExcelRun } from '../../src/hosts/excel/excel-workbook';
import { fieldCell, readIdentity, resolveLayout, parseSpec, type TemplateSpec } from '../../src/template';
import indicatorsSpec from '../../templates/indicators.spec.json';
import tasksSpec from '../../templates/tasks.spec.json';

const params = new URLSearchParams(location.search);
const fake = new FakeExcel({ requirementSets: { ExcelApi: 18 } });
const specs = new Map<string, TemplateSpec>([indicatorsSpec, tasksSpec].map((j) => parseSpec(j)).map((s) => [s.id, s]));
const port = new ExcelWorkbook({ run: fake.run as unknown as ExcelRun, notes: true, isSetSupported: () => false });

async function cellOfField(field: string): Promise<{ sheet: string; address: string }> {
  const info = await port.describe();
  const id = await readIdentity(port, info);
  const spec = specs.get(id.template)!;
  const ref = fieldCell(spec, id, resolveLayout(spec, info).letters, field);
  if (!ref) throw new Error(`no cell for ${field}`);
  return ref;
}

const testHandle = {
  fake,
  async type(field: string, value: string | number): Promise<string> {
    const ref = await cellOfField(field);
    fake.state.type(ref.sheet, ref.address, [[value]]);
    return `${ref.sheet}!${ref.address}`;
  },
  async peek(field: string): Promise<unknown> {
    const ref = await cellOfField(field);
    return fake.state.peek(ref.sheet, ref.address);
  },
  async cell(field: string): Promise<string> {
    const ref = await cellOfField(field);
    return `${ref.sheet}!${ref.address}`;
  },
  notes: (): Record<string, string> => Object.fromEntries(fake.state.notes),
  selection: () => fake.state.selection,
  sheets: () => fake.state.sheets.map((s) => s.name),
  syncs: () => fake.syncCount,
  renameSheet(from: string, to: string): void {
    fake.state.sheet(from)!.name = to;
  },
};

const officeLike = {
  context: {
    displayLanguage: params.get('lang') ?? 'zh-CN',
    requirements: { isSetSupported: (set: string, v?: string) => fake.isSetSupported(set, v ?? '1.1') },
  },
  HostType: { Excel: 'Excel' },
  onReady(cb?: (info: { host: string; platform: string }) => void): Promise<{ host: string; platform: string }> {
    const info = { host: 'Excel', platform: 'OfficeOnline' };
    return new Promise((resolve) =>
      setTimeout(() => {
        cb?.(info);
        resolve(info);
      }, 0),
    );
  },
};

const w = window as unknown as Record<string, unknown>;
w.Office = officeLike;
w.Excel = { run: fake.run };
w.__planbookTest = testHandle;
