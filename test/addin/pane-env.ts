/**
 * A task pane as it runs in Excel, minus the DOM: the controller over the fake Excel host, a real
 * store server, Node's fetch and an in-memory localStorage.
 */
import { ExcelWorkbook, type ExcelRun } from '../../src/hosts/excel/excel-workbook';
import { fetchTransport } from '../../src/hosts/browser/fetch-transport';
import { NetworkError, type Transport } from '../../src/hosts/browser/transport';
import { memoryStore, type KeyValueStore } from '../../src/hosts/browser/local-storage';
import { PaneController, SPECS } from '../../src/taskpane/controller';
import { insertReportSheets } from '../../src/hosts/excel/report-sheets';
import { fieldCell, readIdentity, resolveLayout, type RangeRef } from '../../src/template';
import type { Lang } from '../../src/model/i18n';
import { FakeExcel } from '../hosts/excel/fake-excel';

export interface PaneRig {
  fake: FakeExcel;
  host: ExcelWorkbook;
  storage: KeyValueStore & { dump(): Record<string, string> };
  pane: PaneController;
}

export function makePane(opts: { fake?: FakeExcel; storage?: KeyValueStore & { dump(): Record<string, string> }; lang?: Lang; templates?: Map<string, string>; transport?: Transport } = {}): PaneRig {
  const fake = opts.fake ?? new FakeExcel();
  const host = new ExcelWorkbook({
    run: fake.run as unknown as ExcelRun,
    isSetSupported: (set, v) => set === 'ExcelApi' && fake.isSetSupported(set, v),
  });
  const storage = opts.storage ?? memoryStore();
  const pane = new PaneController({
    transport: opts.transport ?? fetchTransport({ timeoutMs: 5000 }),
    storage,
    host,
    lang: opts.lang ?? 'zh',
    fetchTemplate: async (file) => opts.templates?.get(file) ?? null,
    defaultServer: 'https://localhost:3443',
    insertReport: (tables, charts, lang) => insertReportSheets(fake.run as unknown as ExcelRun, tables, charts, lang),
  });
  return { fake, host, storage, pane };
}

/** The cell of a field in the workbook the pane filled ('figures/一般公共预算收入/value' → D6). */
export async function cellFor(host: ExcelWorkbook, field: string): Promise<RangeRef> {
  const info = await host.describe();
  const id = await readIdentity(host, info);
  const spec = SPECS.get(id.template)!;
  const ref = fieldCell(spec, id, resolveLayout(spec, info).letters, field);
  if (!ref) throw new Error(`no cell for ${field}`);
  return ref;
}

/** Types into the fake workbook as a user would (no port, no sync counted). */
export async function typeInto(rig: PaneRig, field: string, value: string | number): Promise<RangeRef> {
  const ref = await cellFor(rig.host, field);
  rig.fake.state.type(ref.sheet, ref.address, [[value]]);
  return ref;
}

/** A real transport with a switch that cuts the network, as a cable pulled out would. */
export function cuttableTransport(): { transport: Transport; down: boolean } {
  const real = fetchTransport({ timeoutMs: 5000 });
  const t = {
    down: false,
    transport: async (req: Parameters<Transport>[0]) => {
      if (t.down) throw new NetworkError(req.url, 'network is down');
      return real(req);
    },
  };
  return t;
}
