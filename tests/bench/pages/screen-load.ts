import {
  createKeyring,
  listRows,
  openDatabase,
  type KeyHolder,
  type LocalRow,
} from '../../../src/db';
import type { EntityName } from '../../../src/domain';
import { BENCH_INSPECTION_ID } from './data';
import { deleteDatabase, getAllByIndex, openRawDatabase, putAll } from './raw-idb';

export type ScreenLoadTimings = { app: number[]; floor: number[]; rows: number };

/**
 * What opening a lead's screen reads from the device before it can count anything: the
 * inspection's evidence and one companion entity (reviews for Today, children for Coverage)
 * through the app's database as the app opens it (encrypted), beside a bare IndexedDB getAll of
 * the same evidence.
 */
export const timeScreenLoad = async <E extends EntityName>(
  label: string,
  evidence: LocalRow<'evidence'>[],
  companion: { entity: E; table: string; rows: LocalRow<E>[] },
  runs: number,
): Promise<ScreenLoadTimings> => {
  const result: ScreenLoadTimings = { app: [], floor: [], rows: 0 };
  const rawName = `bench-${label}-raw-${Math.random().toString(36).slice(2)}`;
  const raw = await openRawDatabase(rawName);
  try {
    await putAll(raw, evidence);
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await getAllByIndex(raw, 'inspectionId', BENCH_INSPECTION_ID);
      result.floor.push(performance.now() - started);
    }
  } finally {
    raw.close();
    await deleteDatabase(rawName);
  }
  const appName = `bench-${label}-app-${Math.random().toString(36).slice(2)}`;
  const keys: KeyHolder = { current: null };
  const db = openDatabase(appName, keys);
  try {
    await createKeyring(db, keys, 'correct horse battery staple');
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
  } finally {
    db.close();
    await deleteDatabase(appName);
  }
  return result;
};
