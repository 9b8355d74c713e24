import type Dexie from 'dexie';

/**
 * Another tab has opened the device database in a newer version: the app was updated there, and
 * its upgrade waits ('blocked') until every older connection closes. Dexie's own answer is to
 * close at once and then open the upgraded database again without a version, so this tab's old
 * code went on writing rows in the old shape under the new version, and syncing them, with nothing
 * on screen (measured in Chromium, issue 18). Here this tab instead finishes what it was writing
 * (the hooks: the app flushes every open editor), then closes for good: nothing more is read or
 * written until a reload brings the new code. The hooks get at most UPGRADE_WAIT_MAX_MS, so the
 * updated tab is never kept waiting for ever; a transaction already begun still completes after
 * the close (IndexedDB closes a connection once its transactions are done).
 */
export const UPGRADE_WAIT_MAX_MS = 5_000;

type Hook = () => Promise<void> | void;
type Watch = { hooks: Set<Hook>; closed: boolean };
const watches = new WeakMap<Dexie, Watch>();

/** Installed by openDatabase: from then on an upgrade elsewhere closes this connection for good. */
export const watchUpgradeElsewhere = (db: Dexie, waitMaxMs: number = UPGRADE_WAIT_MAX_MS): void => {
  const watch: Watch = { hooks: new Set(), closed: false };
  watches.set(db, watch);
  db.on('versionchange', (event: IDBVersionChangeEvent) => {
    // A deletion (a wipe from another tab, which tells the tabs first: app/tabs.ts) keeps Dexie's
    // own handling.
    if (!event.newVersion) return undefined;
    // Closed already: should anything have opened it again since, it closes again.
    if (watch.closed) {
      db.close({ disableAutoOpen: true });
      return false;
    }
    watch.closed = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const givenUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMaxMs)));
    const settled = Promise.allSettled([...watch.hooks].map(async (hook) => hook()));
    void Promise.race([settled, givenUp]).then(() => {
      clearTimeout(timer);
      // No auto-open: any later read or write fails with DatabaseClosedError instead of opening
      // the upgraded database with this tab's old code.
      db.close({ disableAutoOpen: true });
    });
    return false; // stops Dexie's own handler (close now, open again)
  });
};

/**
 * Runs `hook` when another tab upgrades the database, before this tab's connection closes (or at
 * once, if that has already happened). Returns the unsubscribe.
 */
export const onUpgradedElsewhere = (db: Dexie, hook: Hook): (() => void) => {
  const watch = watches.get(db);
  if (!watch)
    throw new Error('onUpgradedElsewhere: this database was not opened with openDatabase');
  if (watch.closed) {
    void Promise.resolve().then(hook);
    return () => undefined;
  }
  watch.hooks.add(hook);
  return () => watch.hooks.delete(hook);
};

/** Whether this connection was closed (or is closing) because another tab upgraded the database. */
export const upgradedElsewhere = (db: Dexie): boolean => watches.get(db)?.closed ?? false;
