import type Dexie from 'dexie';

/**
 * The browser deleted the device database under a running page. Chromium does, on a disk that
 * fills: a pulled page cut short by the full disk leaves half a record in its LevelDB log, and at
 * the next open it finds "Corruption: partial record without end" and deletes the store; and an
 * origin whose storage is not persistent is evicted whole (database, app cache) once the disk is
 * short of space (both seen in Chromium's own log, issue 10, session 20). Dexie then opened the
 * name again, which made a new, empty database: the tablet showed "Not signed in", its keyring,
 * session, drafts and unsent changes gone without a word, and anything typed next went into a
 * database no password could open after a reload.
 *
 * Here a database this page has had open is never made again: its creation is refused (nothing
 * is written into it, and no empty database is left behind), the connection closes for good, and
 * the app is told, so it can say plainly what happened. A first visit creates it as before.
 */
export class DatabaseLostError extends Error {
  override name = 'DatabaseLostError';
  constructor() {
    super('The browser deleted Fieldbook’s database on this tablet while it was in use.');
  }
}

type Hook = () => void;
type Watch = { opened: boolean; lost: boolean; hooks: Set<Hook> };
const watches = new WeakMap<Dexie, Watch>();

/** Installed by openDatabase, before its first open. */
export const watchDatabaseLost = (db: Dexie): void => {
  const watch: Watch = { opened: false, lost: false, hooks: new Set() };
  watches.set(db, watch);
  db.on('ready', () => void (watch.opened = true), true);
  db.on('populate', () => {
    if (!watch.opened) return; // a first visit (or a database wiped before this page opened it)
    if (!watch.lost) {
      watch.lost = true;
      // Once the refused open has settled: closed for good, no read or write opens it again.
      setTimeout(() => {
        db.close({ disableAutoOpen: true });
        for (const hook of watch.hooks) hook();
      }, 0);
    }
    throw new DatabaseLostError(); // aborts the creation: the new database is not kept
  });
};

/** Whether the browser deleted this database while the page had it open. */
export const isDatabaseLost = (db: Dexie): boolean => watches.get(db)?.lost ?? false;

/** Runs `hook` once the database is found deleted (at once, if it already was). Returns the unsubscribe. */
export const onDatabaseLost = (db: Dexie, hook: Hook): (() => void) => {
  const watch = watches.get(db);
  if (!watch) throw new Error('onDatabaseLost: this database was not opened with openDatabase');
  if (watch.lost) {
    void Promise.resolve().then(hook);
    return () => undefined;
  }
  watch.hooks.add(hook);
  return () => watch.hooks.delete(hook);
};
