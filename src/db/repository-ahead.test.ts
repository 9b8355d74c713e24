import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../domain';
import * as cipher from './cipher';
import { RecordNotFoundError } from './errors';
import { LockedError } from './encryption';
import { draftNote, encryptedTabs } from './fixtures';
import { settleBatch, takeBatch } from './outbox';
import { createRepository } from './repository';

/**
 * An autosave seals the row and op it expects to write before its transaction, from what this
 * page last wrote (direct-write.ts). The guess must never decide what is stored: each
 * case below changes the record behind the page's back, and what is stored — read back by a
 * second connection with its own key object, so every blob is really decrypted — must be what the
 * transaction read called for.
 */
const INSPECTION = '0190a000-0000-7000-8000-000000000001';
const note = draftNote;
const tabs = encryptedTabs('ahead');
const otherTab = tabs.otherTab;
/** What is stored, every blob opened afresh. */
const stored = async (id: string) => {
  const other = await otherTab();
  return { row: await other.evidence.get(id), ops: await other.outbox.orderBy('n').toArray() };
};

beforeEach(tabs.start);
afterEach(async () => {
  vi.restoreAllMocks();
  await tabs.end();
});

const clock = () => fixedClock(Date.UTC(2026, 10, 28, 9), 1000);

describe('an autosave sealed ahead of its transaction', () => {
  it('seals nothing inside the transaction while the page is the only writer, and stores what it typed', async () => {
    const repo = createRepository({ db: tabs.db, clock: clock() });
    const id = await repo.create('evidence', INSPECTION, note);
    await repo.update('evidence', id, { text: 'First words.' });
    const sealedInTransaction: string[] = [];
    const realSeal = cipher.sealText;
    vi.spyOn(cipher, 'sealText').mockImplementation((key, text, context) => {
      if (Dexie.currentTransaction) sealedInTransaction.push(context);
      return realSeal(key, text, context);
    });
    await repo.update('evidence', id, { text: 'First words. More words.' });
    expect(sealedInTransaction).toEqual([]);
    const { row, ops } = await stored(id);
    expect(row?.fields.text).toBe('First words. More words.');
    expect(ops).toHaveLength(1);
    expect(ops[0]!.fields).toEqual({ ...note, text: 'First words. More words.' });
  });

  it('keeps another tab’s change of the row: the guess from this page’s last write is not stored', async () => {
    const repo = createRepository({ db: tabs.db, clock: clock() });
    const id = await repo.create('evidence', INSPECTION, note);
    await repo.update('evidence', id, { text: 'This tab.' });
    await createRepository({ db: await otherTab(), clock: clock() }).update('evidence', id, {
      text: 'Other tab.',
    });
    await repo.update('evidence', id, { role: 'Social worker' });
    const { row, ops } = await stored(id);
    expect(row?.fields).toMatchObject({ text: 'Other tab.', role: 'Social worker' });
    expect(ops).toHaveLength(1);
    expect(ops[0]!.fields).toMatchObject({ text: 'Other tab.', role: 'Social worker' });
  });

  it('[S2] never rewrites an op sent meanwhile: the edit gets its own op', async () => {
    const repo = createRepository({ db: tabs.db, clock: clock() });
    const id = await repo.create('evidence', INSPECTION, note);
    await repo.update('evidence', id, { text: 'Sent.' });
    const [sent] = await takeBatch(tabs.db, 500, 1_000_000);
    await repo.update('evidence', id, { text: 'Sent. Typed after.' });
    const { row, ops } = await stored(id);
    expect(row?.fields.text).toBe('Sent. Typed after.');
    expect(ops.map((op) => [op.state, op.fields.text])).toEqual([
      ['sending', 'Sent.'],
      ['pending', 'Sent. Typed after.'],
    ]);
    expect(ops[0]!.opId).toBe(sent!.opId);
    expect(ops[1]!.base).toEqual({ text: 0 });
  });

  it('[S5a] bases a new op on the versions the server gave once the op was acknowledged', async () => {
    const repo = createRepository({ db: tabs.db, clock: clock() });
    const id = await repo.create('evidence', INSPECTION, note);
    await repo.update('evidence', id, { text: 'Acknowledged.' });
    const batch = await takeBatch(tabs.db, 500, 1_000_000);
    await settleBatch(tabs.db, batch, [{ opId: batch[0]!.opId, status: 'applied', seq: 7 }]);
    await repo.update('evidence', id, { text: 'Acknowledged. Then more.' });
    const { row, ops } = await stored(id);
    expect(row?.fields.text).toBe('Acknowledged. Then more.');
    expect(row?.seq).toBe(7);
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({
      state: 'pending',
      fields: { text: 'Acknowledged. Then more.' },
      base: { text: 7 },
    });
    expect(ops[0]!.opId).not.toBe(batch[0]!.opId);
  });

  it('refuses to bring back a row deleted meanwhile, and writes nothing', async () => {
    const repo = createRepository({ db: tabs.db, clock: clock() });
    const id = await repo.create('evidence', INSPECTION, note);
    await repo.update('evidence', id, { text: 'About to go.' });
    await createRepository({ db: await otherTab(), clock: clock() }).remove('evidence', id);
    const before = await stored(id);
    await expect(repo.update('evidence', id, { text: 'Too late.' })).rejects.toBeInstanceOf(
      RecordNotFoundError,
    );
    const after = await stored(id);
    expect(after.row).toEqual(before.row);
    expect(after.ops).toEqual(before.ops);
  });

  it('writes nothing when the device locks while the save is sealing ahead', async () => {
    const repo = createRepository({ db: tabs.db, clock: clock() });
    const id = await repo.create('evidence', INSPECTION, note);
    await repo.update('evidence', id, { text: 'Saved before the lock.' });
    const key = tabs.holder.current;
    const realSeal = cipher.sealText;
    let sealing!: () => void;
    const sealingStarted = new Promise<void>((resolve) => (sealing = resolve));
    vi.spyOn(cipher, 'sealText').mockImplementation(async (k, text, context) => {
      sealing();
      await new Promise((resolve) => setTimeout(resolve, 20));
      return realSeal(k, text, context);
    });
    const saving = repo.update('evidence', id, { text: 'Typed as it locked.' });
    await sealingStarted;
    tabs.holder.current = null;
    await expect(saving).rejects.toBeInstanceOf(LockedError);
    vi.restoreAllMocks();
    tabs.holder.current = key;
    const { row, ops } = await stored(id);
    expect(row?.fields.text).toBe('Saved before the lock.');
    expect(ops.map((op) => op.fields.text)).toEqual(['Saved before the lock.']);
  });

  it('after a new unlock (a new key object) seals with it, not with blobs sealed under the old one', async () => {
    const repo = createRepository({ db: tabs.db, clock: clock() });
    const id = await repo.create('evidence', INSPECTION, note);
    await repo.update('evidence', id, { text: 'Before.' });
    const realSeal = cipher.sealText;
    const next = await tabs.sameKeyAgain();
    let swapped = false;
    vi.spyOn(cipher, 'sealText').mockImplementation(async (k, text, context) => {
      const sealed = await realSeal(k, text, context);
      if (!swapped) {
        swapped = true;
        tabs.holder.current = next; // lock and unlock again while the save seals ahead
      }
      return sealed;
    });
    await repo.update('evidence', id, { text: 'Before. After.' });
    const keysUsed = vi.mocked(cipher.sealText).mock.calls.map(([k]) => k);
    expect(keysUsed.at(-1)).toBe(next);
    expect((await stored(id)).row?.fields.text).toBe('Before. After.');
  });
});
