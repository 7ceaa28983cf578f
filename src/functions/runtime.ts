/**
 * Where the custom functions get their server, token and plan: what the pane saved (only when the
 * user ticked "remember"; otherwise functions say to open the pane), read from OfficeRuntime.storage
 * when Excel provides it, else from localStorage.
 */
import { fetchTransport } from '../hosts/browser/fetch-transport';
import { SyncClient } from '../sync/client';
import type { LookupAnswer } from '../sync/protocol';
import { LookupBatcher } from './lookup-batcher';
import { FUNCTIONS_SETTINGS_KEY } from './settings';

export interface FunctionsSettings {
  server: string;
  token: string;
  plan: string;
}

async function readSettings(): Promise<FunctionsSettings | null> {
  const rt = (globalThis as { OfficeRuntime?: { storage?: { getItem(k: string): Promise<string | null> } } }).OfficeRuntime;
  let raw: string | null = null;
  try {
    raw = rt?.storage ? await rt.storage.getItem(FUNCTIONS_SETTINGS_KEY) : (globalThis.localStorage?.getItem(FUNCTIONS_SETTINGS_KEY) ?? null);
  } catch {
    raw = null;
  }
  if (!raw) return null;
  try {
    const o = JSON.parse(raw) as Partial<FunctionsSettings>;
    return typeof o.server === 'string' && typeof o.token === 'string' && typeof o.plan === 'string' ? { server: o.server, token: o.token, plan: o.plan } : null;
  } catch {
    return null;
  }
}

let shared: LookupBatcher | null = null;

export function batcher(): LookupBatcher {
  if (!shared) {
    const transport = fetchTransport();
    shared = new LookupBatcher(async (queries) => {
      const s = await readSettings();
      if (!s) {
        throw { zh: '请先打开 planbook 任务窗格，勾选“记住令牌”连接服务器并选择计划', en: 'Open the planbook pane, connect with "remember token" ticked and choose a plan first' };
      }
      return new SyncClient({ baseUrl: s.server, token: s.token, transport }).lookup(s.plan, queries);
    });
  }
  return shared;
}

/**
 * An answer as a cell shows it: the value; an error becomes Excel's #N/A with the bilingual reason
 * as its message (hovering the cell shows it), or the text itself outside Excel.
 */
export function answerOf(a: LookupAnswer): number | string {
  if (!('error' in a)) return a.value === null ? '' : a.value;
  const text = `${a.error.zh} / ${a.error.en}`;
  if (typeof CustomFunctions !== 'undefined') throw new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, text);
  return `#N/A ${text}`;
}
