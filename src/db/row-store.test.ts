import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../domain';
import { generateDataKey } from './cipher';
import { openDatabase, rowStoreOf, type FieldbookDB } from './database';
import type { KeyHolder } from './encryption';
import { forgetInspection } from './forget';
import { lock } from './keyring';
import { pulledNote, untilStored, serverId } from './fixtures';
import { applyPulledPage } from './outbox';
import { createRepository } from './repository';
import type { RowStore } from './row-store';
import { READ_SLICE, SLICED_FROM } from './sliced-read';
import type { LocalRow } from './types';

const INSPECTION = '0190a000-0000-7000-8000-000000000001';
const OTHER = '0190a000-0000-7000-8000-000000000002';
let name: string;
let holder: KeyHolder;
let db: FieldbookDB;
let store: RowStore;
let n = 0;
const opened: FieldbookDB[] = [];

const open = (keys: KeyHolder) => {
  const connection = openDatabase(name, keys);
  opened.push(connection);
  return connection;
};

beforeEach(async () => {
  name = `rows-${++n}`;
  holder = { current: await generateDataKey() };
  db = open(holder);
  await db.open();
  store = rowStoreOf(db);
});
afterEach(async () => {
  for (const connection of opened.splice(0)) connection.close();
  await Dexie.delete(name);
});

const repoOf = (on: FieldbookDB) =>
  createRepository({ db: on, clock: fixedClock(Date.UTC(2026, 10, 26, 9), 1000) });
const note = (text: string) =>
  ({
    kind: 'practitioner-interview',
    occurredAt: '2026-11-26T09:00:00.000Z',
    status: 'draft',
    text,
  }) as const;
const texts = (rows: readonly LocalRow<'evidence'>[] | undefined) =>
  rows?.map((row) => row.fields.text);

/** The evidence of this inspection (or `inspectionId`) once `ready` holds (fixtures.ts). */
const until = (
  on: RowStore,
  ready: (rows: readonly LocalRow<'evidence'>[]) => boolean,
  inspectionId = INSPECTION,
) => untilStored(on, ready, inspectionId);

const pulled = (id: string, text: string, seq: number, deleted = false) =>
  pulledNote(id, INSPECTION, text, seq, deleted);
// Ids of another inspector's notes: UUIDv7-shaped, and sorting before this device's.

/**
 * The same data key as a new key object, as after a lock and an unlock: it remembers nothing this
 * page sealed, so a read decrypts every row.
 */
const unlockAnew = async () => {
  const raw = await crypto.subtle.exportKey('raw', holder.current!);
  holder.current = await crypto.subtle.importKey('raw', raw, 'AES-GCM', true, [
    'encrypt',
    'decrypt',
  ]);
};

describe('the row store the screens share', () => {
  it('reads an inspection once, keeps it in id order, and hands out the same rows until one changes', async () => {
    const repo = repoOf(db);
    const first = await repo.create('evidence', INSPECTION, note('first'));
    await repo.create('evidence', OTHER, note('elsewhere'));
    expect(store.peek('evidence', INSPECTION)).toBeUndefined();
    const rows = await until(store, (r) => r.length === 1);
    expect(texts(rows)).toEqual(['first']);
    expect(store.peek('evidence', INSPECTION)).toBe(rows); // a second opening reads nothing
    await repo.update('evidence', first, { text: 'first, edited' });
    const after = await until(store, (r) => r[0]?.fields.text === 'first, edited');
    expect(after).not.toBe(rows);
    expect(store.peek('evidence', OTHER)).toBeUndefined(); // never asked for: never read
  });

  it('reads partitions asked for together side by side, and keeps a write made while they are read', async () => {
    const repo = repoOf(db);
    await repo.create('evidence', INSPECTION, note('here'));
    await repo.create('evidence', OTHER, note('there'));
    const reads = Promise.all([
      until(store, (r) => r.some((row) => row.fields.text === 'here, then more')),
      until(store, (r) => r.length === 2, OTHER),
    ]);
    // Both reads are under way: the writes land while they run, or just after.
    const here = (await db.evidence.where('inspectionId').equals(INSPECTION).first())!.id;
    await Promise.all([
      repo.update('evidence', here, { text: 'here, then more' }),
      repo.create('evidence', OTHER, note('there too')),
    ]);
    const [inspection, other] = await reads;
    expect(texts(inspection)).toEqual(['here, then more']);
    expect(texts(other)?.sort()).toEqual(['there', 'there too']);
  });

  it("hears another tab's writes (a second connection, as another tab opens the database)", async () => {
    const otherTab = open({ current: holder.current });
    const mine = await repoOf(db).create('evidence', INSPECTION, note('mine'));
    await until(store, (r) => r.length === 1);
    const theirs = await repoOf(otherTab).create('evidence', INSPECTION, note('theirs'));
    await repoOf(otherTab).update('evidence', mine, { text: 'mine, edited there' });
    const rows = await until(
      store,
      (r) => r.length === 2 && r.some((row) => row.fields.text === 'mine, edited there'),
    );
    expect(rows.map((r) => r.id)).toEqual([mine, theirs].sort());
    expect(texts(rows)).toEqual(
      [mine, theirs].sort().map((id) => (id === mine ? 'mine, edited there' : 'theirs')),
    );
  });

  it('takes in pulled pages by id, deletions included, and sorts rows that arrive out of order', async () => {
    const mine = await repoOf(db).create('evidence', INSPECTION, note('mine'));
    await until(store, (r) => r.length === 1);
    // More than 50 rows: Dexie itself then reports "the whole table changed"; the store must not need that.
    const page = Array.from({ length: 60 }, (_, i) =>
      pulled(serverId(i + 1), `pulled ${i}`, i + 1),
    );
    await applyPulledPage(db, page, { key: 'checkpoint', value: 60 });
    const rows = await until(store, (r) => r.length === 61);
    expect(rows.map((r) => r.id)).toEqual([...page.map((r) => r.id), mine].sort());
    expect(rows.find((r) => r.id === serverId(7))?.fields.text).toBe('pulled 6');

    await applyPulledPage(db, [pulled(serverId(7), 'gone', 99, true)], {
      key: 'checkpoint',
      value: 99,
    });
    const after = await until(store, (r) => r.length === 60);
    expect(after.some((r) => r.id === serverId(7))).toBe(false);
  });

  it('lets go of deleted rows: a removed note, and an inspection forgotten at once', async () => {
    const repo = repoOf(db);
    const gone = await repo.create('evidence', INSPECTION, note('to remove'));
    await repo.create('evidence', INSPECTION, note('to keep'));
    await until(store, (r) => r.length === 2);
    await repo.remove('evidence', gone);
    expect(texts(await until(store, (r) => r.length === 1))).toEqual(['to keep']);

    await forgetInspection(db, INSPECTION, 'reported', '2026-11-26T11:00:00.000Z');
    await until(store, (r) => r.length === 0);
    await store.settled();
    expect(store.peek('evidence', INSPECTION)).toEqual([]);
  });

  it('keeps a write that lands while a partition large enough to be sliced is read', async () => {
    const count = SLICED_FROM + 100;
    const page = Array.from({ length: count }, (_, i) =>
      pulled(serverId(i + 1), `pulled ${i}`, i + 1),
    );
    await applyPulledPage(db, page, { key: 'checkpoint', value: count });
    await unlockAnew();
    const reading = until(store, (r) => r.some((row) => row.fields.text === 'edited meanwhile'));
    // The last row lives in the last slice; the edit lands while the slices are read, or just after.
    await repoOf(db).update('evidence', serverId(count), { text: 'edited meanwhile' });
    const rows = await reading;
    expect(rows).toHaveLength(count);
    expect(rows.at(-1)?.fields.text).toBe('edited meanwhile');
    expect(rows[0]?.fields.text).toBe('pulled 0');
  });

  it('stops opening a partition when locked in the middle of reading it, and keeps nothing of it', async () => {
    const count = SLICED_FROM;
    const page = Array.from({ length: count }, (_, i) =>
      pulled(serverId(i + 1), `pulled ${i}`, i + 1),
    );
    await applyPulledPage(db, page, { key: 'checkpoint', value: count });
    await unlockAnew();
    const key = holder.current;
    let opened = 0;
    const original = crypto.subtle.decrypt.bind(crypto.subtle);
    const decrypt = vi.spyOn(crypto.subtle, 'decrypt').mockImplementation((...args) => {
      if (++opened === READ_SLICE + 1) lock(holder); // the second slice has begun
      return original(...args);
    });
    try {
      store.watch('evidence', INSPECTION, () => undefined);
      await store.settled();
      expect(store.peek('evidence', INSPECTION)).toBeUndefined();
      expect(store.failure('evidence', INSPECTION)).toBeUndefined();
      // No slice after the second was opened: the key was gone before them.
      expect(opened).toBeLessThanOrEqual(READ_SLICE * 2);
    } finally {
      decrypt.mockRestore();
    }
    holder.current = key; // unlocked again: read afresh, whole
    expect(await until(store, (r) => r.length === count)).toHaveLength(count);
  });

  it('is emptied on lock: no rows, no kept values, and writes heard while locked read nothing', async () => {
    const repo = repoOf(db);
    await repo.create('evidence', INSPECTION, note('the child said the boyfriend shouts'));
    await until(store, (r) => r.length === 1);
    const index = store.keep('search', () => ({ words: ['boyfriend'] }));
    const key = holder.current;

    lock(holder);
    expect(store.peek('evidence', INSPECTION)).toBeUndefined();
    expect(store.keep('search', () => ({ words: [] as string[] }))).not.toBe(index);
    // Another tab, still unlocked for a moment, writes: this locked tab must not read it back.
    const otherTab = open({ current: key });
    await repoOf(otherTab).create('evidence', INSPECTION, note('written while locked'));
    await store.settled();
    expect(store.peek('evidence', INSPECTION)).toBeUndefined();

    holder.current = key; // unlocked again: read afresh, both notes there
    const rows = await until(store, (r) => r.length === 2);
    expect(texts(rows)).toContain('written while locked');
  });
});
