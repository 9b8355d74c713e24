import {
  createKeyring,
  listRows,
  openDatabase,
  rowStoreOf,
  systemClock,
  TABLE_OF,
  unlockWithPassword,
  type FieldbookDB,
  type KeyHolder,
  type LocalRow,
  type RowStore,
} from '../../../src/db';
import type { EntityName } from '../../../src/domain';
import { BENCH_INSPECTION_ID } from './data';
import { deleteDatabase, getAllByIndex, openRawDatabase, putAll } from './raw-idb';

const AGAIN_PER_RUN = 5;
/** The password every encrypted bench database is set up with. */
export const BENCH_PASSWORD = 'correct horse battery staple';

/**
 * A new connection to an encrypted bench database, unlocked as the app unlocks after a lock: the
 * data key unwrapped anew from the password. Reusing the key object instead would carry over
 * what the middleware remembers having opened with it (plaintext per key object), which a real
 * unlock never has, and make a "first opening" look cheaper than it is.
 */
export const openUnlocked = async (name: string): Promise<FieldbookDB> => {
  const unlocked: KeyHolder = { current: null };
  const connection = openDatabase(name, unlocked);
  await connection.open();
  await unlockWithPassword(connection, unlocked, BENCH_PASSWORD, systemClock);
  return connection;
};

/**
 * Set by tests/bench/trace-screen-load.ts only: called around the first floor read and the first
 * opening (outside their timings), so each can be traced on its own.
 */
export type BenchTrace = {
  start: (what: 'floor' | 'first') => Promise<void>;
  stop: (what: 'floor' | 'first') => Promise<void>;
};
declare global {
  interface Window {
    fieldbookBenchTrace?: BenchTrace;
  }
}

export type ScreenLoadTimings = {
  /** `listRows` of both, each time: what every opening cost before the row store. */
  app: number[];
  /** A bare IndexedDB getAll of the same rows (evidence and companion). */
  floor: number[];
  /** First opening after unlock: the row store reads and opens the rows, then the screen shows. */
  first: number[];
  /** Later openings: the screen shows from the rows the store holds. */
  again: number[];
  rows: number;
};

/** Shows the screen over the rows (render, layout) and returns how to take it down again. */
export type ShowScreen<E extends EntityName> = (
  evidence: readonly LocalRow<'evidence'>[],
  companion: readonly LocalRow<E>[],
  /** Where the screen keeps what it works out (its model), as the page does with `useKept`. */
  store: RowStore,
) => () => void;

/** Resolves with a partition's rows once the store has read them (at once when it holds them). */
export const storeRows = <E extends EntityName>(
  store: RowStore,
  entity: E,
  inspectionId: string,
): Promise<LocalRow<E>[]> =>
  new Promise((resolve, reject) => {
    const table = TABLE_OF[entity];
    const check = () => {
      const rows = store.peek<E>(table, inspectionId);
      const failure = store.failure(table, inspectionId);
      if (rows === undefined && failure === undefined) return;
      stop();
      if (rows) resolve(rows);
      else reject(failure instanceof Error ? failure : new Error(String(failure)));
    };
    const stop = store.watch(table, inspectionId, check);
    check();
  });

/**
 * What opening a lead's screen reads from the device before it can count anything: the
 * inspection's evidence and one companion entity (reviews for Today, children for Coverage)
 * through the app's database as the app opens it (encrypted), beside a bare IndexedDB getAll of
 * the same rows. With `show`, also the screen's first and later openings through the row store,
 * each run on a new connection (a new store, as after an unlock).
 */
export const timeScreenLoad = async <E extends EntityName>(
  label: string,
  evidence: LocalRow<'evidence'>[],
  companion: { entity: E; table: string; rows: LocalRow<E>[] },
  runs: number,
  show?: ShowScreen<E>,
): Promise<ScreenLoadTimings> => {
  const result: ScreenLoadTimings = { app: [], floor: [], first: [], again: [], rows: 0 };
  const traced = window.fieldbookBenchTrace;
  const rawName = `bench-${label}-raw-${Math.random().toString(36).slice(2)}`;
  const raw = await openRawDatabase(rawName);
  try {
    // One object store holds both kinds here: one getAll reads the same rows the app's two reads do.
    await putAll(raw, [...evidence, ...companion.rows]);
    for (let i = 0; i < runs; i++) {
      if (i === 0) await traced?.start('floor');
      const started = performance.now();
      await getAllByIndex(raw, 'inspectionId', BENCH_INSPECTION_ID);
      result.floor.push(performance.now() - started);
      if (i === 0) await traced?.stop('floor');
    }
  } finally {
    raw.close();
    await deleteDatabase(rawName);
  }
  const appName = `bench-${label}-app-${Math.random().toString(36).slice(2)}`;
  const keys: KeyHolder = { current: null };
  const db = openDatabase(appName, keys);
  try {
    await createKeyring(db, keys, BENCH_PASSWORD);
    await db.table('evidence').bulkAdd(evidence);
    await db.table(companion.table).bulkAdd(companion.rows);
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const [rows] = await Promise.all([
        listRows(db, 'evidence', BENCH_INSPECTION_ID),
        listRows(db, companion.entity, BENCH_INSPECTION_ID),
      ]);
      result.app.push(performance.now() - started);
      result.rows = rows.length;
    }
    for (let i = 0; show && i < runs; i++) {
      const connection = await openUnlocked(appName);
      try {
        const store = rowStoreOf(connection);
        const open = async () => {
          const [rows, others] = await Promise.all([
            storeRows(store, 'evidence', BENCH_INSPECTION_ID),
            storeRows(store, companion.entity, BENCH_INSPECTION_ID),
          ]);
          result.rows = rows.length;
          return show(rows, others, store);
        };
        // Taken down outside the timing: leaving a screen is not part of opening the next.
        if (i === 0) await traced?.start('first');
        let started = performance.now();
        let takeDown = await open();
        result.first.push(performance.now() - started);
        if (i === 0) await traced?.stop('first');
        takeDown();
        // Later openings are cheap: several per connection, so their median is not three samples.
        for (let again = 0; again < AGAIN_PER_RUN; again++) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          started = performance.now();
          takeDown = await open();
          result.again.push(performance.now() - started);
          takeDown();
        }
      } finally {
        connection.close();
      }
    }
  } finally {
    db.close();
    await deleteDatabase(appName);
  }
  return result;
};
