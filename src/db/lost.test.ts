import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type FieldbookDB } from './database';
import { DatabaseLostError, isDatabaseLost, onDatabaseLost } from './lost';
import { getMeta, setMeta } from './meta';

let db: FieldbookDB | undefined;
let n = 0;
const names: string[] = [];
const fresh = () => {
  const name = `lost-${++n}`;
  names.push(name);
  return openDatabase(name);
};
afterEach(async () => {
  db?.close();
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** What the browser does on a full disk: the store deleted under the open page. */
const browserDeletes = (name: string) =>
  new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error('delete failed'));
  });

const exists = async (name: string) =>
  (await indexedDB.databases()).some((info) => info.name === name);

describe('a device database the browser deletes while the page has it open', () => {
  it('is never made again empty: reads fail as lost, the app is told, and no database is left', async () => {
    db = fresh();
    await setMeta(db, 'deviceUser', { id: 'u1', name: 'Fin', inspectorate: 'ofsted' });
    const told = vi.fn();
    onDatabaseLost(db, told);
    await browserDeletes(db.name);

    await expect(getMeta(db, 'deviceUser')).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof DatabaseLostError ||
        (e instanceof Error && (e as { inner?: unknown }).inner instanceof DatabaseLostError),
    );
    await vi.waitFor(() => expect(told).toHaveBeenCalledOnce());
    expect(isDatabaseLost(db)).toBe(true);
    // Closed for good: a later write does not open (and so create) it either.
    await expect(setMeta(db, 'deviceUser', { id: 'u1' })).rejects.toThrow();
    expect(await exists(db.name)).toBe(false);
    // Told at once to whoever asks later.
    const late = vi.fn();
    onDatabaseLost(db, late);
    await vi.waitFor(() => expect(late).toHaveBeenCalledOnce());
  });

  it('a first visit creates the database as before', async () => {
    db = fresh();
    await setMeta(db, 'deviceUser', { id: 'u1', name: 'Fin', inspectorate: 'ofsted' });
    expect(await getMeta(db, 'deviceUser')).toMatchObject({ id: 'u1' });
    expect(isDatabaseLost(db)).toBe(false);
  });
});
