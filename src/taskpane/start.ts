/**
 * The one handler the entry file calls: builds the pane's environment from what the page has
 * (Office, fetch, localStorage) and shows the pane. Kept apart from index.ts so the browser test
 * can start the same code path with the fake Excel host.
 */
import { ExcelWorkbook } from '../hosts/excel/excel-workbook';
import { fetchTransport } from '../hosts/browser/fetch-transport';
import { memoryStore, type KeyValueStore } from '../hosts/browser/local-storage';
import { PaneController } from './controller';
import { insertReportSheets } from '../hosts/excel/report-sheets';
import { PaneView } from './view';
import { langOf } from './messages';
import css from './taskpane.css';
import { FUNCTIONS_SETTINGS_KEY } from '../functions/settings';

interface OfficeRuntimeStorage {
  setItem(k: string, v: string): Promise<void>;
  removeItem(k: string): Promise<void>;
}

function storage(): KeyValueStore {
  let base: KeyValueStore;
  try {
    base = window.localStorage;
    base.getItem('planbook.probe');
  } catch {
    // Some intranet browsers block storage; the pane still works, it just remembers nothing.
    base = memoryStore();
  }
  // Custom functions run apart from the pane on desktop Excel and read OfficeRuntime.storage: mirror their key there.
  const rt = (globalThis as { OfficeRuntime?: { storage?: OfficeRuntimeStorage } }).OfficeRuntime?.storage;
  if (!rt) return base;
  return {
    getItem: (k) => base.getItem(k),
    setItem: (k, v) => {
      base.setItem(k, v);
      if (k === FUNCTIONS_SETTINGS_KEY) void rt.setItem(k, v).catch(() => undefined);
    },
    removeItem: (k) => {
      base.removeItem(k);
      if (k === FUNCTIONS_SETTINGS_KEY) void rt.removeItem(k).catch(() => undefined);
    },
  };
}

async function fetchTemplate(file: string): Promise<string | null> {
  try {
    const res = await fetch(`templates/${encodeURIComponent(file)}`, { cache: 'no-store' });
    if (!res.ok) return null;
    const bytes = new Uint8Array(await res.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(bin);
  } catch {
    return null;
  }
}

export function startPane(root: HTMLElement, displayLanguage: string | undefined): PaneController {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);
  const pane = new PaneController({
    transport: fetchTransport(),
    storage: storage(),
    host: new ExcelWorkbook(),
    lang: langOf(displayLanguage),
    fetchTemplate,
    defaultServer: location.origin,
    insertReport: (tables, charts, lang) => insertReportSheets((batch) => Excel.run(batch), tables, charts, lang),
  });
  const view = new PaneView(root, pane);
  view.render();
  // Queued edits go out by themselves when the network returns, and every half minute meanwhile.
  window.addEventListener('online', () => void pane.autoRetry());
  setInterval(() => void pane.autoRetry(), 30000);
  return pane;
}
