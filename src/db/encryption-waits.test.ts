import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../domain';
import * as cipher from './cipher';
import { openDatabase, type FieldbookDB } from './database';
import type { KeyHolder } from './encryption';
import { createRepository } from './repository';

/**
 * WebCrypto answers in whatever order it likes, most of all on a busy tablet. An autosave seals
 * the row and its outbox op side by side in one transaction; when the op (started second) is
 * sealed before the row, Dexie 4's `waitFor` stopped keeping the transaction alive and the row's
 * write never resolved: the editor said "Saving…" for ever and every later save queued behind it.
 * These tests make the crypto finish out of order on purpose, and make both reads of an autosave
 * open what another tab wrote (two opens side by side hung the same way).
 */
const INSPECTION = '0190a000-0000-7000-8000-000000000001';
const realSeal = cipher.sealText;
let db: FieldbookDB;
let holder: KeyHolder;
let name: string;
let n = 0;

const within = <T>(promise: Promise<T>, ms = 2_000): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`did not finish within ${ms} ms`)), ms),
    ),
  ]);

beforeEach(async () => {
  name = `waits-${++n}`;
  holder = { current: await cipher.generateDataKey() };
  db = openDatabase(name, holder);
  await db.open();
});
afterEach(async () => {
  vi.restoreAllMocks();
  db.close();
  await Dexie.delete(name);
});

/** Seals the contexts that match `slow` only after `ms`: the others overtake them. */
const slowSealing = (slow: RegExp, ms: number) =>
  vi.spyOn(cipher, 'sealText').mockImplementation(async (key, text, context) => {
    const sealed = await realSeal(key, text, context);
    if (slow.test(context)) await new Promise((resolve) => setTimeout(resolve, ms));
    return sealed;
  });

describe('sealing that finishes out of order inside one transaction', () => {
  it('an autosave lands when its op is sealed before its row', async () => {
    const repo = createRepository({ db, clock: fixedClock(Date.UTC(2026, 10, 28, 9), 1000) });
    const id = await repo.create('evidence', INSPECTION, {
      kind: 'practitioner-interview',
      occurredAt: '2026-11-28T09:00:00.000Z',
      status: 'draft',
    });
    slowSealing(/^evidence:/, 40);
    await within(repo.update('evidence', id, { text: 'First sitting.' }));
    await within(repo.update('evidence', id, { text: 'First sitting. Second sitting.' }));
    expect((await db.evidence.get(id))?.fields.text).toBe('First sitting. Second sitting.');
    const ops = await db.outbox.toArray();
    expect(ops.at(-1)?.fields.text).toBe('First sitting. Second sitting.');
  });

  it('and when the row is sealed before its op', async () => {
    const repo = createRepository({ db, clock: fixedClock(Date.UTC(2026, 10, 28, 9), 1000) });
    const id = await repo.create('evidence', INSPECTION, {
      kind: 'practitioner-interview',
      occurredAt: '2026-11-28T09:00:00.000Z',
      status: 'draft',
    });
    slowSealing(/^outbox:/, 40);
    await within(repo.update('evidence', id, { text: 'Typed while the op was slow.' }));
    expect((await db.evidence.get(id))?.fields.text).toBe('Typed while the op was slow.');
  });

  it('and when another tab wrote both the row and its op, so both are opened in the transaction', async () => {
    // Another tab: the same data key, its own key object, so nothing it sealed is known here.
    const material = await crypto.subtle.exportKey('raw', holder.current!);
    const otherKey = await crypto.subtle.importKey('raw', material, 'AES-GCM', true, [
      'encrypt',
      'decrypt',
    ]);
    const other = openDatabase(name, { current: otherKey });
    const clock = fixedClock(Date.UTC(2026, 10, 28, 9), 1000);
    const repo = createRepository({ db, clock });
    const id = await repo.create('evidence', INSPECTION, {
      kind: 'practitioner-interview',
      occurredAt: '2026-11-28T09:00:00.000Z',
      status: 'draft',
    });
    await within(
      createRepository({ db: other, clock }).update('evidence', id, { text: 'Other tab.' }),
    );
    await within(repo.update('evidence', id, { role: 'Social worker' }));
    expect((await db.evidence.get(id))?.fields).toMatchObject({
      text: 'Other tab.',
      role: 'Social worker',
    });
    expect((await db.outbox.toArray()).at(-1)?.fields).toMatchObject({
      text: 'Other tab.',
      role: 'Social worker',
    });
    other.close();
  });
});
