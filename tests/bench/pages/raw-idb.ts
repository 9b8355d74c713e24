/** Promise wrappers over bare IndexedDB: the floor every Dexie-based figure is compared with. */

export const openRawDatabase = (name: string): Promise<IDBDatabase> =>
  new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      // The same key and indexes as the app's evidence table (src/db/database.ts ROW_INDEXES), so
      // the floor pays the same index upkeep per put.
      const store = request.result.createObjectStore('evidence', { keyPath: 'id' });
      store.createIndex('inspectionId', 'inspectionId');
      // The outbox as the app keys and indexes it, for the autosave floor (row and op together).
      const outbox = request.result.createObjectStore('outbox', {
        keyPath: 'n',
        autoIncrement: true,
      });
      outbox.createIndex('opId', 'opId', { unique: true });
      outbox.createIndex('entityId', 'entityId');
      outbox.createIndex('state', 'state');
      outbox.createIndex('inspectionId+state', ['inspectionId', 'state']);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error(`open ${name} failed`));
  });

/** Resolves when the transaction has committed, as Dexie's transaction promise does. */
export const committed = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });

export const putAll = async (db: IDBDatabase, records: readonly unknown[]): Promise<void> => {
  const tx = db.transaction('evidence', 'readwrite');
  const store = tx.objectStore('evidence');
  for (const record of records) store.put(record);
  await committed(tx);
};

export const getAllByIndex = (
  db: IDBDatabase,
  index: string,
  key: IDBValidKey,
): Promise<unknown[]> =>
  new Promise((resolve, reject) => {
    const request = db
      .transaction('evidence', 'readonly')
      .objectStore('evidence')
      .index(index)
      .getAll(key);
    request.onsuccess = () => resolve(request.result as unknown[]);
    request.onerror = () => reject(request.error ?? new Error('getAll failed'));
  });

export const deleteDatabase = (name: string): Promise<void> =>
  new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve(); // a leftover bench database is harmless
    request.onblocked = () => resolve();
  });
