// @vitest-environment happy-dom
import Dexie from 'dexie';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { fixedClock } from '../../domain';
import { createRepository, onUpgradedElsewhere, openDatabase, type FieldbookDB } from '../../db';
import { draftNote } from '../../db/fixtures';
import { useAutosave } from './useAutosave';

// Locking unmounts the editor, whose autosave flushes what was typed, waits for the repository to
// be idle, then drops the key: a write queued behind one still landing must count as not idle.

const INSPECTION = '0190a000-0000-7000-8000-000000000001';
let db: FieldbookDB;
const name = 'autosave-idle';
beforeEach(async () => {
  db = openDatabase(name);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

it('idle waits for the save an unmounted editor queued behind the one being written', async () => {
  const repo = createRepository({ db, clock: fixedClock(Date.UTC(2026, 10, 26, 9), 1000) });
  const id = await repo.create('evidence', INSPECTION, draftNote);
  const started: string[] = [];
  const save = (patch: { text: string }) => {
    started.push(patch.text);
    return repo.update('evidence', id, patch);
  };
  const { result, unmount } = renderHook(() => useAutosave(save, () => 0));
  act(() => result.current.change({ text: 'The worker' }));
  void result.current.flush();
  while (started.length === 0) await Promise.resolve(); // the first save is being written
  act(() => result.current.change({ text: 'The worker knows the child' })); // typed meanwhile
  unmount(); // a lock: the editor's last flush queues behind the write in flight
  await new Promise((resolve) => setTimeout(resolve, 0)); // as KeyringGate's closeUp does
  await repo.idle();
  // Read at once: the key would be dropped now.
  expect((await db.evidence.get(id))?.fields.text).toBe('The worker knows the child');
});

it('another tab upgrading the database waits while the editor flushes, as the gate closes up', async () => {
  const repo = createRepository({ db, clock: fixedClock(Date.UTC(2026, 10, 30, 9), 1000) });
  const id = await repo.create('evidence', INSPECTION, draftNote);
  const save = (patch: { text: string }) => repo.update('evidence', id, patch);
  const { result, unmount } = renderHook(() => useAutosave(save, () => 0));
  act(() => result.current.change({ text: 'Typed as the update lands' })); // not saved yet
  // KeyringGate's closeUp: the screens unmount (the editor flushes), the writes land.
  onUpgradedElsewhere(db, async () => {
    unmount();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await repo.idle();
  });
  // The newer version's open, one version up: it goes ahead once this tab has closed.
  const seen = await new Promise<string | undefined>((resolve, reject) => {
    const request = indexedDB.open(name, db.verno * 10 + 10);
    request.onupgradeneeded = () => {
      const row = request.transaction!.objectStore('evidence').get(id);
      row.onsuccess = () => resolve((row.result as { fields: { text?: string } }).fields.text);
    };
    request.onsuccess = () => request.result.close();
    request.onerror = () => reject(request.error);
  });
  expect(seen).toBe('Typed as the update lands'); // stored before the upgrade ran
  expect(db.isOpen()).toBe(false);
});
