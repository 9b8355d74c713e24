import Dexie from 'dexie';
import type { SyncRow } from '../domain';
import { generateDataKey } from './cipher';
import { openDatabase, type FieldbookDB } from './database';
import type { KeyHolder } from './encryption';
import type { RowStore } from './row-store';
import type { LocalRow } from './types';

/** The nth record id the server hands out, in the UUIDv7 shape the wire format takes. */
export const serverId = (i: number) => `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`;

/** A teammate's evidence note as a pull page carries it, for the tests of pulled pages. */
export const pulledNote = (
  id: string,
  inspectionId: string,
  text: string,
  seq: number,
  deleted = false,
): SyncRow => ({
  entity: 'evidence',
  id,
  inspectionId,
  seq,
  author: 'someone-else',
  createdAt: '2026-11-26T09:00:00.000Z',
  updatedAt: '2026-11-26T10:00:00.000Z',
  fields: {
    kind: 'practitioner-interview',
    occurredAt: '2026-11-26T09:00:00.000Z',
    status: 'draft',
    text,
  },
  versions: { text: seq },
  conflicts: {},
  deleted,
});

/**
 * IndexedDB as it is on disk: every row of every table of database `name`, read through a second
 * connection without the encryption middleware (what someone with the device's storage but not
 * its key would find).
 */
export const rowsOnDisk = async (name: string): Promise<unknown[]> => {
  const plain = new Dexie(name);
  await plain.open();
  const rows: unknown[] = [];
  for (const table of plain.tables) rows.push(...(await table.toArray()));
  plain.close();
  return rows;
};

/** `rowsOnDisk` as text to search for words that must not be there, the sealed bytes as `[bytes]`. */
export const diskText = async (name: string): Promise<string> =>
  JSON.stringify(await rowsOnDisk(name), (_k, v: unknown) =>
    v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? '[bytes]' : v,
  );

/** An evidence note as an inspector starts one, for the tests of autosaves. */
export const draftNote = {
  kind: 'practitioner-interview',
  occurredAt: '2026-11-28T09:00:00.000Z',
  status: 'draft',
} as const;

/**
 * One encrypted device database per test, opened as tabs open it: `db` is this page's connection
 * (key holder `holder`), and `otherTab()` opens another with the same data key in a key object of
 * its own, so the two know no plaintext in common and every blob it reads is really decrypted.
 * `start` before each test, `end` after it.
 */
export const encryptedTabs = (prefix: string) => {
  let n = 0;
  let name = '';
  let page: { db: FieldbookDB; holder: KeyHolder } | undefined;
  const opened: FieldbookDB[] = [];
  const open = (keys: KeyHolder) => {
    const connection = openDatabase(name, keys);
    opened.push(connection);
    return connection;
  };
  const started = () => {
    if (!page) throw new Error('encryptedTabs: call start() first');
    return page;
  };
  /** The page's data key in a key object of its own, as another tab (or a new unlock) holds it. */
  const sameKeyAgain = async () => {
    const raw = await crypto.subtle.exportKey('raw', started().holder.current!);
    return crypto.subtle.importKey('raw', raw, 'AES-GCM', true, ['encrypt', 'decrypt']);
  };
  return {
    sameKeyAgain,
    get db() {
      return started().db;
    },
    get holder() {
      return started().holder;
    },
    otherTab: async () => {
      const other = open({ current: await sameKeyAgain() });
      await other.open();
      return other;
    },
    start: async () => {
      name = `${prefix}-${++n}`;
      const holder = { current: await generateDataKey() };
      page = { db: open(holder), holder };
      await page.db.open();
    },
    end: async () => {
      for (const connection of opened.splice(0)) connection.close();
      page = undefined;
      await Dexie.delete(name);
    },
  };
};

/**
 * Resolves with the evidence once `ready` holds: checked now and at each change the store tells
 * (a watched list is read, then kept current), never after a fixed time.
 */
export const untilStored = (
  on: RowStore,
  ready: (rows: readonly LocalRow<'evidence'>[]) => boolean,
  inspectionId: string,
) =>
  new Promise<LocalRow<'evidence'>[]>((resolve) => {
    const check = () => {
      const rows = on.peek<'evidence'>('evidence', inspectionId);
      if (rows && ready(rows)) {
        stop();
        resolve(rows);
      }
    };
    const stop = on.watch('evidence', inspectionId, check);
    check();
  });
