/**
 * Browser storage for the pane: the offline push queue and the remembered connection.
 * The token is kept only when the user ticks "remember"; otherwise it lives in memory and is gone
 * when the pane closes. Nothing here logs a token.
 */
import type { QueuedPush } from '../../sync/protocol';
import type { QueueStorage } from '../../sync/queue';
import { renamed, upgradePatchBody } from '../../model/legacy-names';

/** The subset of the Web Storage API we use, so tests can hand in a Map-backed one. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function upgradeQueued(x: unknown): unknown {
  if (typeof x !== 'object' || x === null) return x;
  const o = x as Record<string, unknown>;
  return { ...o, key: renamed(o.key, 'unit', 'orgUnit'), request: upgradePatchBody(o.request) };
}

function isQueuedPush(x: unknown): x is QueuedPush {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  const key = o.key as Record<string, unknown> | undefined;
  const req = o.request as Record<string, unknown> | undefined;
  return (
    typeof o.id === 'string' &&
    typeof o.queuedAt === 'string' &&
    !!key &&
    ['plan', 'orgUnit', 'period', 'form'].every((k) => typeof key[k] === 'string') &&
    !!req &&
    typeof req.baseRev === 'number' &&
    Array.isArray(req.edits)
  );
}

/**
 * The offline queue in localStorage, one list per server. A list that cannot be read (edited by
 * hand, cut short) is moved aside under a '.damaged' key rather than dropped, so no edit is lost
 * silently; the entries that can be read are kept.
 */
export function localQueue(store: KeyValueStore, server: string): QueueStorage {
  const key = `planbook.queue.${server}`;
  return {
    async load() {
      const raw = store.getItem(key);
      if (raw === null) return [];
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        store.setItem(`${key}.damaged.${Date.now()}`, raw);
        store.removeItem(key);
        return [];
      }
      if (!Array.isArray(parsed)) return [];
      // Pushes queued by the version before the rename (key.unit, edits' base) are read under the new names.
      const good = parsed.map(upgradeQueued).filter(isQueuedPush);
      if (good.length !== parsed.length) store.setItem(`${key}.damaged.${Date.now()}`, raw);
      return good;
    },
    async save(queue) {
      if (queue.length === 0) store.removeItem(key);
      else store.setItem(key, JSON.stringify(queue));
    },
  };
}

export interface Connection {
  server: string;
  token: string;
  remember: boolean;
}

const CONNECTION_KEY = 'planbook.connection';

export function loadConnection(store: KeyValueStore): Connection | null {
  try {
    const o = JSON.parse(store.getItem(CONNECTION_KEY) ?? 'null') as Partial<Connection> | null;
    if (!o || typeof o.server !== 'string') return null;
    return { server: o.server, token: typeof o.token === 'string' ? o.token : '', remember: o.token !== undefined };
  } catch {
    return null;
  }
}

/** Keeps the server address always, the token only when the user asked to be remembered. */
export function saveConnection(store: KeyValueStore, c: Connection): void {
  store.setItem(CONNECTION_KEY, JSON.stringify(c.remember ? { server: c.server, token: c.token } : { server: c.server }));
}

export function forgetToken(store: KeyValueStore): void {
  const c = loadConnection(store);
  if (c) saveConnection(store, { ...c, token: '', remember: false });
}

/** A Map-backed store for tests and for browsers where localStorage is blocked. */
export function memoryStore(): KeyValueStore & { dump(): Record<string, string> } {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    dump: () => Object.fromEntries(m),
  };
}
