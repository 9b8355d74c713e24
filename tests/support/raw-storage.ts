import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';

/**
 * What a thief with the tablet's disk would see: the browser's storage for the app's origin read
 * with the plain web APIs, without the app's code or key. Written as page scripts in strings so no
 * bundler helper (e.g. esbuild's `__name`) can leak into the page.
 */

/**
 * Every object store of an IndexedDB database, every row, serialised as JSON. Binary values
 * (ArrayBuffer, typed arrays: the ciphertext) become hex, so a phrase stored as plain UTF-8 bytes
 * would still be found by searching for its hex. Opens without a version, so it never upgrades.
 */
const DUMP_INDEXED_DB = `(async (name) => {
  const known = (await indexedDB.databases()).some((d) => d.name === name);
  if (!known) return null;
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const plain = (value) => {
    if (value instanceof ArrayBuffer) return { hex: toHex(new Uint8Array(value)) };
    if (ArrayBuffer.isView(value))
      return { hex: toHex(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    return value;
  };
  const stores = {};
  for (const store of Array.from(db.objectStoreNames)) {
    stores[store] = await new Promise((resolve, reject) => {
      const request = db.transaction(store, 'readonly').objectStore(store).getAll();
      request.onsuccess = () => resolve(request.result.map(plain));
      request.onerror = () => reject(request.error);
    });
  }
  db.close();
  return stores;
})`;

export type RawStores = Record<string, unknown[]>;

/** The object stores that hold an inspection's records (each row names its `inspectionId` in clear). */
export const ROW_STORES = [
  'evidence',
  'childCases',
  'journeyEvents',
  'reviews',
  'judgementDrafts',
  'safeguardingConcerns',
  'teamMeetings',
] as const;

/** How many rows of `inspectionId` the tablet's storage holds, store by store (none listed: none). */
export const rowsOf = async (page: Page, inspectionId: string): Promise<Record<string, number>> => {
  const stores = (await dumpIndexedDb(page)) ?? {};
  const counts: Record<string, number> = {};
  for (const store of ROW_STORES) {
    const n = (stores[store] ?? []).filter(
      (row) => (row as { inspectionId?: string }).inspectionId === inspectionId,
    ).length;
    if (n > 0) counts[store] = n;
  }
  return counts;
};

/** The raw rows of each object store of `name` (the app's database is `fieldbook`), or null if there is no such database. */
export const dumpIndexedDb = (page: Page, name = 'fieldbook'): Promise<RawStores | null> =>
  page.evaluate(`${DUMP_INDEXED_DB}(${JSON.stringify(name)})`) as Promise<RawStores | null>;

/** localStorage, sessionStorage and the text of every Cache Storage entry (the service worker's precache). */
const DUMP_OTHER_STORAGE = `(async () => {
  const entries = (storage) =>
    Object.fromEntries(Array.from({ length: storage.length }, (_, i) => storage.key(i)).map((k) => [k, storage.getItem(k)]));
  const caches_ = {};
  for (const cacheName of await caches.keys()) {
    const cache = await caches.open(cacheName);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      caches_[cacheName + ' ' + request.url] = response ? await response.text() : '';
    }
  }
  return {
    localStorage: entries(localStorage),
    sessionStorage: entries(sessionStorage),
    cacheStorage: caches_,
  };
})()`;

export type OtherStorage = {
  localStorage: Record<string, string>;
  sessionStorage: Record<string, string>;
  cacheStorage: Record<string, string>;
};

export const dumpOtherStorage = (page: Page): Promise<OtherStorage> =>
  page.evaluate(DUMP_OTHER_STORAGE) as Promise<OtherStorage>;

/** The UTF-8 bytes of a phrase as lowercase hex: how it would appear in a hex dump of plain bytes. */
export const utf8Hex = (text: string): string => Buffer.from(text, 'utf8').toString('hex');

/** Every way a secret could sit in a dump: as text, JSON-escaped, or as raw UTF-8 bytes. */
export const tracesOf = (dump: string, secrets: readonly string[]): string[] =>
  secrets.filter(
    (s) =>
      dump.includes(s) ||
      dump.includes(JSON.stringify(s).slice(1, -1)) ||
      dump.toLowerCase().includes(utf8Hex(s)),
  );

/** Saves a Playwright download and returns its text. */
export const downloadText = async (download: Download): Promise<string> => {
  const path = await download.path();
  return readFileSync(path, 'utf8');
};

/** The page as a screen reader or a shoulder-surfer gets it: the whole DOM and the title. */
export const pageSurface = (page: Page): Promise<string> =>
  page.evaluate(() => `${document.title}\n${document.documentElement.outerHTML}`);
