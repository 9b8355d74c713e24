import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain';
import { generateDataKey } from './cipher';
import { openDatabase, tableFor, type FieldbookDB } from './database';
import { draftNote, encryptedTabs } from './fixtures';
import { createRepository } from './repository';
import { onUpgradedElsewhere, upgradedElsewhere } from './upgraded-elsewhere';

/**
 * A newer app in another tab opens the device database in a higher version. This tab's old code
 * must finish the words it was saving, then stop: no write after the upgrade, and no opening of
 * the upgraded database with the old code (Dexie's default, issue 18). The "newer app" here is a
 * raw IndexedDB open one version up, with an upgrade that adds a store and notes what it found.
 */
const INSPECTION = '0190a000-0000-7000-8000-000000000001';
const tabs = encryptedTabs('upgraded-elsewhere');
const repoOf = (on: FieldbookDB) =>
  createRepository({ db: on, clock: fixedClock(Date.UTC(2026, 10, 30, 9), 1000) });

beforeEach(tabs.start);
afterEach(tabs.end);

/** What openDatabase declares, in IndexedDB's numbering (Dexie's version n is IndexedDB's 10·n). */
const CURRENT = 50;
/** The newer app's version: one Dexie version up. */
const UPGRADED = CURRENT + 10;

/** The newer app's open: one native version up, adding a store; resolves once it is open. */
const upgradeElsewhere = (name: string) =>
  new Promise<{ version: number; blocked: boolean; rowsSeen: number; outboxSeen: number }>(
    (resolve, reject) => {
      const request = indexedDB.open(name, UPGRADED);
      let blocked = false;
      let rowsSeen = 0;
      let outboxSeen = 0;
      request.onblocked = () => (blocked = true);
      request.onupgradeneeded = () => {
        request.result.createObjectStore('probe');
        const tx = request.transaction!;
        tx.objectStore('evidence').count().onsuccess = (e) =>
          (rowsSeen = (e.target as IDBRequest<number>).result);
        tx.objectStore('outbox').count().onsuccess = (e) =>
          (outboxSeen = (e.target as IDBRequest<number>).result);
      };
      request.onsuccess = () => {
        const version = request.result.version;
        request.result.close();
        resolve({ version, blocked, rowsSeen, outboxSeen });
      };
      request.onerror = () => reject(request.error);
    },
  );

/** The note's text as a fresh tab of the newer version reads it (the same key, its own connection). */
const textAfterReload = async (id: string) => {
  const fresh = await tabs.otherTab();
  try {
    return (await tableFor(fresh, 'evidence').get(id))?.fields.text;
  } finally {
    fresh.close();
  }
};

describe('another tab upgrades the database', () => {
  it('lets the last autosave land first, then closes for good: later writes fail, nothing reopens', async () => {
    const repo = repoOf(tabs.db);
    const id = await repo.create('evidence', INSPECTION, draftNote);
    // A schema version added to openDatabase must move CURRENT too, or "up" is no upgrade at all.
    expect(tabs.db.backendDB().version).toBe(CURRENT);
    await repo.update('evidence', id, { text: 'First words.' });
    const order: string[] = [];
    // The app's hook: the editor's final autosave, as a lock's flush makes it.
    onUpgradedElsewhere(tabs.db, async () => {
      order.push('hook');
      await repo.update('evidence', id, { text: 'First words. The last words typed.' });
      order.push('saved');
    });

    const upgraded = await upgradeElsewhere(tabs.db.name);
    order.push('upgraded');

    expect(order).toEqual(['hook', 'saved', 'upgraded']);
    expect(upgraded.version).toBe(UPGRADED);
    expect(upgraded.blocked).toBe(true); // it waited for the save, and no longer
    expect(upgradedElsewhere(tabs.db)).toBe(true);
    expect(tabs.db.isOpen()).toBe(false);
    // The old code's next save fails instead of opening the upgraded database and writing there.
    await expect(repo.update('evidence', id, { text: 'After the upgrade.' })).rejects.toThrow(
      Dexie.errnames.DatabaseClosed,
    );
    await expect(tabs.db.outbox.count()).rejects.toThrow(Dexie.errnames.DatabaseClosed);
    expect(tabs.db.isOpen()).toBe(false);
    expect(await textAfterReload(id)).toBe('First words. The last words typed.');
  });

  it('closes at once when nothing is being written, and the upgrade sees every row', async () => {
    const repo = repoOf(tabs.db);
    await repo.create('evidence', INSPECTION, { ...draftNote, text: 'Kept.' });
    const upgraded = await upgradeElsewhere(tabs.db.name);
    expect(upgraded).toMatchObject({ version: UPGRADED, rowsSeen: 1, outboxSeen: 1 });
    expect(tabs.db.isOpen()).toBe(false);
  });

  it('does not keep the updated tab waiting for a hook that never ends', async () => {
    const name = `${tabs.db.name}-stuck`;
    const stuck = openDatabase(
      name,
      { current: await generateDataKey() },
      {
        upgradeWaitMaxMs: 20,
      },
    );
    await stuck.open();
    let hooked = false;
    onUpgradedElsewhere(stuck, () => {
      hooked = true;
      return new Promise<void>(() => undefined);
    });
    const upgraded = await upgradeElsewhere(name);
    expect(hooked).toBe(true);
    expect(upgraded.version).toBe(UPGRADED);
    expect(stuck.isOpen()).toBe(false);
    await Dexie.delete(name);
  });

  it('tells a hook set after the close at once', async () => {
    await upgradeElsewhere(tabs.db.name);
    const told = await new Promise<boolean>((resolve) =>
      onUpgradedElsewhere(tabs.db, () => resolve(true)),
    );
    expect(told).toBe(true);
  });

  it('leaves a deletion (a wipe from another tab) to Dexie: no hook, nothing waits', async () => {
    let hooked = false;
    onUpgradedElsewhere(tabs.db, () => void (hooked = true));
    await Dexie.delete(tabs.db.name);
    expect(hooked).toBe(false);
    expect(upgradedElsewhere(tabs.db)).toBe(false);
  });
});
