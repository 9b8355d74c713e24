import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../domain';
import { ROW_TABLES, type FieldbookDB } from './database';
import { draftNote, encryptedTabs, pulledNote } from './fixtures';
import { createRepository } from './repository';
import { WRITE_TOKEN_STORE } from './write-token';

/**
 * A steady autosave is written blind (no read of the record) while this page holds the write
 * token for it (write-token.ts, direct-write.ts). What that must never do is overwrite a change
 * it has not seen: so every other writer of a row or an op takes the token, and IndexedDB refuses
 * the blind save itself when one has. These check that the blind save is taken, and that no
 * writer is left out: every Dexie read/write transaction on a row table or the outbox, in this
 * tab or another.
 */
const INSPECTION = '0190a000-0000-7000-8000-000000000001';
const tabs = encryptedTabs('token');
const repoOf = (on: FieldbookDB) =>
  createRepository({ db: on, clock: fixedClock(Date.UTC(2026, 10, 28, 9), 1000) });

beforeEach(tabs.start);
afterEach(async () => {
  vi.restoreAllMocks();
  await tabs.end();
});

/** A note saved twice by this page: the second save, checked, took the token for it. */
const holding = async () => {
  const repo = repoOf(tabs.db);
  const id = await repo.create('evidence', INSPECTION, draftNote);
  await repo.update('evidence', id, { text: 'First words.' });
  await repo.update('evidence', id, { text: 'First words. More.' });
  return { repo, id };
};

/**
 * Counts the reads an autosave could make of the record inside its read/write transaction: the row,
 * and its newest op. (Reads in read-only transactions are the row stores' and live queries'.)
 */
const spyOnReads = () => {
  const index = globalThis.IDBIndex.prototype as IDBIndex & { getAllRecords?: unknown };
  const spies = [
    vi.spyOn(globalThis.IDBObjectStore.prototype, 'get'),
    vi.spyOn(index, 'openCursor'),
    ...(typeof index.getAllRecords === 'function'
      ? [vi.spyOn(index as unknown as { getAllRecords: () => unknown }, 'getAllRecords')]
      : []),
  ];
  const inWrite = (on: unknown) => {
    const { transaction } = on instanceof IDBIndex ? on.objectStore : (on as IDBObjectStore);
    return transaction.mode === 'readwrite';
  };
  return () => spies.reduce((sum, spy) => sum + spy.mock.contexts.filter(inWrite).length, 0);
};

const storedNote = async (id: string) => {
  const reader = await tabs.otherTab();
  return {
    fields: (await reader.evidence.get(id))?.fields,
    ops: (await reader.outbox.toArray()).map((op) => op.fields),
  };
};

describe('an autosave that holds the write token', () => {
  it('is written blind, with no read of the record, and stores what was typed', async () => {
    const { repo, id } = await holding();
    const reads = spyOnReads();
    await repo.update('evidence', id, { text: 'First words. More. Blind.' });
    expect(reads()).toBe(0);
    expect(await storedNote(id)).toEqual({
      fields: { ...draftNote, text: 'First words. More. Blind.' },
      ops: [{ ...draftNote, text: 'First words. More. Blind.' }],
    });
    const tokens = await (await tabs.otherTab()).table(WRITE_TOKEN_STORE).toArray();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ c: 0 });
    expect(tokens[0].k).not.toBe(0);
  });

  it('is not written blind for another record: what the page knows of it may be older than the token', async () => {
    const { repo, id } = await holding();
    // Another tab changes the note; then this page takes the token writing another note.
    await repoOf(await tabs.otherTab()).update('evidence', id, { role: 'Health visitor' });
    const other = await repo.create('evidence', INSPECTION, draftNote);
    await repo.update('evidence', other, { text: 'Other note.' });
    await repo.update('evidence', other, { text: 'Other note, blind.' });
    const reads = spyOnReads();
    await repo.update('evidence', id, { text: 'First words. More. Back here.' });
    expect(reads()).toBeGreaterThan(0);
    expect((await storedNote(id)).fields).toMatchObject({
      text: 'First words. More. Back here.',
      role: 'Health visitor',
    });
  });

  it('keeps both of two saves of one record made at once: the second is not written blind', async () => {
    const { repo, id } = await holding();
    await Promise.all([
      repo.update('evidence', id, { text: 'First words. More. Typed.' }),
      repo.update('evidence', id, { role: 'Social worker' }),
    ]);
    expect((await storedNote(id)).fields).toMatchObject({
      text: 'First words. More. Typed.',
      role: 'Social worker',
    });
  });

  it('after a write to the same record by another tab, stores nothing blind and keeps both edits', async () => {
    const { repo, id } = await holding();
    await repoOf(await tabs.otherTab()).update('evidence', id, { role: 'Health visitor' });
    await repo.update('evidence', id, { text: 'First words. More. After theirs.' });
    const stored = await storedNote(id);
    expect(stored.fields).toMatchObject({
      text: 'First words. More. After theirs.',
      role: 'Health visitor',
    });
    expect(stored.ops).toHaveLength(1);
  });

  it("refuses Dexie's own writes to the token's store", async () => {
    await expect(tabs.db.table(WRITE_TOKEN_STORE).put({ k: 'mine', c: 0 })).rejects.toThrow(
      /write-token/,
    );
  });
});

describe.each(['this tab', 'another tab'])(
  'every Dexie write of a row table or the outbox, from %s, takes the token',
  (where) => {
    it.each([...ROW_TABLES, 'outbox'])('%s', async (table) => {
      const { repo, id } = await holding();
      const writer = where === 'this tab' ? tabs.db : await tabs.otherTab();
      // A write of anything in that table, not of the note: the token is the whole database's.
      const row =
        table === 'outbox'
          ? {
              opId: '0190a000-0000-7000-8000-0000000000ad',
              entity: 'evidence',
              entityId: '0190a000-0000-7000-8000-0000000000ae',
              inspectionId: INSPECTION,
              kind: 'put',
              fields: { role: 'Social worker' },
              base: {},
              createdAt: '2026-11-28T09:00:01.000Z',
              state: 'pending',
            }
          : pulledNote('0190a000-0000-7000-8000-0000000000af', INSPECTION, 'Elsewhere.', 3);
      await writer.table(table).put(row);
      const reads = spyOnReads();
      await repo.update('evidence', id, { text: 'First words. More. Checked.' });
      expect(reads()).toBeGreaterThan(0);
      expect((await storedNote(id)).fields?.text).toBe('First words. More. Checked.');
    });
  },
);
