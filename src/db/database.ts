import Dexie from 'dexie';
import type { EntityName } from '../domain';
import { encryptionMiddleware, onLock, sealRowsAhead, type KeyHolder } from './encryption';
import { createRowFeed, type RowFeed } from './row-changes';
import { createRowStore, type RowStore } from './row-store';
import type { FieldbookDB, LocalRow, OutboxOp } from './types';
import { isDatabaseLost, watchDatabaseLost } from './lost';
import { watchUpgradeElsewhere } from './upgraded-elsewhere';
import { WRITE_TOKEN_SCHEMA, WRITE_TOKEN_STORE, writeTokenMiddleware } from './write-token';

export type { FieldbookDB, MetaEntry } from './types';

/** Table name of each wire entity. */
export const TABLE_OF = {
  evidence: 'evidence',
  childCase: 'childCases',
  journeyEvent: 'journeyEvents',
  review: 'reviews',
  judgementDraft: 'judgementDrafts',
  safeguardingConcern: 'safeguardingConcerns',
  teamMeeting: 'teamMeetings',
} as const satisfies Record<EntityName, string>;

// Only ids, the inspection id and timestamps are indexed: record content stays out of indexes so
// it can be encrypted at rest without breaking queries (DESIGN.md §5).
const ROW_INDEXES_V1 = 'id, inspectionId, updatedAt, [inspectionId+updatedAt]';

/** Version 1: the first layout (no team meetings; outbox without states). Kept so upgrades are tested from it. */
export const SCHEMA_V1 = {
  inspections: 'id',
  meta: 'key',
  evidence: ROW_INDEXES_V1,
  childCases: ROW_INDEXES_V1,
  journeyEvents: ROW_INDEXES_V1,
  reviews: ROW_INDEXES_V1,
  judgementDrafts: ROW_INDEXES_V1,
  safeguardingConcerns: ROW_INDEXES_V1,
  outbox: '++n, &opId, entityId',
} as const;

/** Version 2: team meetings, and outbox states so an op in flight is never rewritten. */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  teamMeetings: ROW_INDEXES_V1,
  outbox: '++n, &opId, entityId, state',
} as const;

/** Version 3: count one inspection's unsent ops from the index alone (op content is sealed). */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  outbox: '++n, &opId, entityId, state, [inspectionId+state]',
} as const;

/**
 * Version 4: rows are indexed by id and inspection only. Nothing ever read them by `updatedAt`,
 * and each of those two indexes cost every write of a row an index entry: on a new tablet's first
 * sync they made writing the pulled notes about 1.7 times as slow (issue 10). `updatedAt` stays in
 * clear on the row, as before.
 */
const ROW_INDEXES_V4 = 'id, inspectionId';
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  evidence: ROW_INDEXES_V4,
  childCases: ROW_INDEXES_V4,
  journeyEvents: ROW_INDEXES_V4,
  reviews: ROW_INDEXES_V4,
  judgementDrafts: ROW_INDEXES_V4,
  safeguardingConcerns: ROW_INDEXES_V4,
  teamMeetings: ROW_INDEXES_V4,
} as const;

/**
 * Version 5: the write token (write-token.ts), so a steady autosave can write without first reading
 * the record back to check nobody else changed it (issue 10). A new store only: nothing to move.
 */
export const SCHEMA_V5 = { ...SCHEMA_V4, [WRITE_TOKEN_STORE]: WRITE_TOKEN_SCHEMA } as const;

export const DEFAULT_DB_NAME = 'fieldbook';

const rowStores = new WeakMap<Dexie, RowStore>();
const keyHolders = new WeakMap<Dexie, KeyHolder>();
const rowFeeds = new WeakMap<Dexie, RowFeed>();

/** The row feed of a database opened with openDatabase (a write made around Dexie tells it). */
export const rowFeedOf = (db: Dexie): RowFeed | undefined => rowFeeds.get(db);

/** The key holder an encrypted database was opened with; `undefined` for a clear one. */
export const keysOf = (db: Dexie): KeyHolder | undefined => keyHolders.get(db);

/** The screens' shared, decrypted rows of this database (db/row-store.ts). */
export const rowStoreOf = (db: Dexie): RowStore => {
  const store = rowStores.get(db);
  if (!store) throw new Error('rowStoreOf: this database was not opened with openDatabase');
  return store;
};

/**
 * Seals rows of a row table before the transaction that writes them (db/encryption.ts
 * `sealRowsAhead`); in a database kept in clear they are returned as they are.
 */
export const sealAhead = <T extends Record<string, unknown>>(
  db: Dexie,
  table: string,
  rows: readonly T[],
  inWorker = false,
  /** Whether the page remembers their plaintext (`sealRowsAhead`). */
  keep = true,
): Promise<Record<string, unknown>[]> => {
  const keyPath = db.table(table).schema.primKey.keyPath;
  if (typeof keyPath !== 'string') throw new Error(`${table}: no single primary key to seal under`);
  return sealRowsAhead(keyHolders.get(db), table, (row) => row[keyPath], rows, inWorker, keep);
};

/**
 * Opens (creating or upgrading) the device database. Upgrades only go forward. Should another tab
 * upgrade it (a newer app), this one closes for good once its hooks are done
 * (upgraded-elsewhere.ts; `upgradeWaitMaxMs` bounds them, for tests).
 */
export const openDatabase = (
  name: string = DEFAULT_DB_NAME,
  keys?: KeyHolder,
  { upgradeWaitMaxMs }: { upgradeWaitMaxMs?: number } = {},
): FieldbookDB => {
  // No query cache: an autosave writes around Dexie (db/direct-write.ts) and tells live queries
  // through the public storagemutated event, which re-runs them but cannot clear Dexie's cache of
  // their results; without it a re-run always reads what is stored.
  const db = new Dexie(name, { cache: 'disabled' }) as FieldbookDB;
  // Without a key holder (tests of the plain layout, tools) the database is stored in clear.
  if (keys) {
    db.use(encryptionMiddleware(keys));
    keyHolders.set(db, keys);
  }
  // Only the versions with an upgrade function, and the current one: Dexie reads an installed
  // database's layout from IndexedDB itself, so versions 1 and 3 need no declaring, and each
  // declaration parses every one before it again (measured in Node: 4.3 -> 1.0 ms for the first
  // database, 1.7-1.9 -> 0.7-0.9 ms warm; the first screen opens one). The upgrade tests start
  // from versions 1, 2, 3 and 4.
  db.version(2)
    .stores(SCHEMA_V2)
    .upgrade(async (tx) => {
      // Ops written by version 1 had no state: none can be in flight across an upgrade, so all are pending.
      await tx
        .table('outbox')
        .toCollection()
        .modify((op: Partial<OutboxOp>) => {
          op.state ??= 'pending';
        });
    });
  db.version(5).stores(SCHEMA_V5);
  // Every Dexie write of a row or an op takes the write token, in any tab (write-token.ts).
  db.use(writeTokenMiddleware([...Object.values(TABLE_OF), 'outbox']));
  watchUpgradeElsewhere(db, upgradeWaitMaxMs);
  // Deleted by the browser while open (a full disk): never made again empty under the page (lost.ts).
  watchDatabaseLost(db);
  const feed = createRowFeed(name, ROW_TABLES);
  db.use(feed.middleware);
  rowFeeds.set(db, feed);
  db.on('close', () => {
    feed.close();
    // An open that failed (a full disk: Chromium closes the connection on a write it has no room
    // for, and Dexie's reopening fails the same way) leaves Dexie refusing every later read and
    // write with that failure, for good: space freed would never be used until a reload, and the
    // words on screen never saved. Once the failed open has settled, the next read or write opens
    // again. A close for good (an upgrade in another tab, a sign-out, the database deleted by the
    // browser: lost.ts) is left as it is.
    setTimeout(() => {
      if (db.hasFailed() && !db.hasBeenClosed() && !isDatabaseLost(db))
        db.close({ disableAutoOpen: false });
    }, 0);
  });
  db.on('ready', () => feed.resume(), true);
  const store = createRowStore(db, feed, keys);
  if (keys) onLock(keys, () => store.clear());
  rowStores.set(db, store);
  return db;
};

export const tableFor = <E extends EntityName>(db: FieldbookDB, entity: E) =>
  db.table<LocalRow<E>, string>(TABLE_OF[entity]);

export const ROW_TABLES = Object.values(TABLE_OF);

/** Deletes a device database entirely (a wipe after sign-out or revocation, and test clean-up). */
export const deleteDatabase = (name: string): Promise<void> => Dexie.delete(name);

/**
 * False only when the browser says no database of this name exists (a device's first visit, or
 * after a wipe), found without opening or creating one. Where it cannot list its databases
 * (indexedDB.databases() is missing or fails), true: open it and look.
 */
export const databaseMayExist = async (name: string): Promise<boolean> => {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return true;
  try {
    return (await indexedDB.databases()).some((info) => info.name === name);
  } catch {
    return true;
  }
};
