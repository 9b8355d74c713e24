import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain';
import { randomBytes } from './cipher';
import { openDatabase, type FieldbookDB } from './database';
import type { KeyHolder } from './encryption';
import {
  attachSignIn,
  createKeyring,
  lock,
  readKeyring,
  TooManyTriesError,
  unlockWithPassword,
  WrongPasswordError,
} from './keyring';
import { diskText } from './fixtures';
import { createRepository } from './repository';
import { exportEncrypted, openBackup } from './backup';

const OWNER = { userId: '0190a000-0000-7000-8000-0000000000aa', origin: 'https://fieldbook.test' };
const INSPECTION = '0190a000-0000-7000-8000-000000000001';
const deviceKey = () => ({
  deviceId: '0190a000-0000-7000-8000-0000000000d1',
  key: btoa(String.fromCharCode(...randomBytes(32))),
});
const clock = fixedClock(Date.UTC(2026, 10, 26, 9), 1000);
const opened: { db: FieldbookDB; name: string }[] = [];
let n = 0;

const open = async (name = `keyring-${++n}`) => {
  const holder: KeyHolder = { current: null };
  const db = openDatabase(name, holder);
  await db.open();
  opened.push({ db, name });
  return { db, holder, name };
};
afterEach(async () => {
  for (const { db, name } of opened.splice(0)) {
    db.close();
    await Dexie.delete(name);
  }
});

const note = {
  kind: 'practitioner-interview',
  occurredAt: '2026-11-26T09:00:00.000Z',
  status: 'draft',
  text: 'unsynced words',
} as const;

describe('keyring', () => {
  it('unlocks offline with the same password, and never with another', async () => {
    const { db, holder } = await open();
    await createKeyring(db, holder, 'correct horse battery');
    const id = await createRepository({ db, clock }).create('evidence', INSPECTION, note);
    lock(holder);
    await expect(db.evidence.get(id)).rejects.toThrow(/locked/i);
    await expect(unlockWithPassword(db, holder, 'wrong password!', clock)).rejects.toBeInstanceOf(
      WrongPasswordError,
    );
    expect(holder.current).toBeNull();
    await unlockWithPassword(db, holder, 'correct horse battery', clock);
    expect((await db.evidence.get(id))?.fields.text).toBe('unsynced words');
    const keyring = await readKeyring(db);
    expect(keyring?.iterations).toBeGreaterThanOrEqual(600_000);
  }, 30_000);

  it('slows down repeated wrong passwords', async () => {
    const { db, holder } = await open();
    await createKeyring(db, holder, 'correct horse battery');
    lock(holder);
    const frozen = fixedClock(Date.UTC(2026, 10, 26, 9));
    const waits: (number | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const error = await unlockWithPassword(db, holder, `guess ${i}`, frozen).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WrongPasswordError);
      waits.push((error as WrongPasswordError).retryAt);
    }
    // The try that starts the wait says so itself: the first two are free, the third waits 2 s.
    expect(waits).toEqual([null, null, frozen.now() + 2_000]);
    await expect(
      unlockWithPassword(db, holder, 'correct horse battery', frozen),
    ).rejects.toBeInstanceOf(TooManyTriesError);
  }, 30_000);

  it('a wait set while the clock was days ahead never shuts the inspector out for longer than 5 minutes', async () => {
    const { db, holder } = await open();
    await createKeyring(db, holder, 'correct horse battery');
    lock(holder);
    const ahead = fixedClock(Date.UTC(2026, 11, 20, 9)); // three weeks ahead
    for (let i = 0; i < 9; i++)
      await unlockWithPassword(db, holder, `guess ${i}`, ahead).catch(() => undefined);
    const rightAgain = Date.UTC(2026, 10, 29, 9); // the clock put right
    const refused = await unlockWithPassword(
      db,
      holder,
      'correct horse battery',
      fixedClock(rightAgain),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TooManyTriesError);
    expect((refused as TooManyTriesError).retryAt).toBeLessThanOrEqual(rightAgain + 5 * 60_000);
    await unlockWithPassword(
      db,
      holder,
      'correct horse battery',
      fixedClock(rightAgain + 5 * 60_000),
    );
    expect(holder.current).not.toBeNull();
  }, 60_000);

  it('recovers the data key after a password reset through the device key, losing nothing unsynced', async () => {
    const { db, holder, name } = await open();
    const device = deviceKey();
    await attachSignIn(db, holder, 'first password 1', device);
    const id = await createRepository({ db, clock }).create('evidence', INSPECTION, note);
    lock(holder);
    db.close();

    const again = await open(name);
    await expect(
      unlockWithPassword(again.db, again.holder, 'reset password 2', clock),
    ).rejects.toBeInstanceOf(WrongPasswordError);
    expect(await attachSignIn(again.db, again.holder, 'reset password 2', device)).toBe(
      'recovered',
    );
    expect((await again.db.evidence.get(id))?.fields.text).toBe('unsynced words');
    lock(again.holder);
    await unlockWithPassword(again.db, again.holder, 'reset password 2', clock);
    expect(await again.db.outbox.count()).toBe(1);
  }, 60_000);

  it('seals rows written before the device had a key', async () => {
    const name = `keyring-${++n}`;
    const plain = openDatabase(name);
    await plain.open();
    await createRepository({ db: plain, clock }).create('evidence', INSPECTION, note);
    plain.close();
    const { db, holder } = await open(name);
    await createKeyring(db, holder, 'correct horse battery');
    const disk = await diskText(name);
    expect(disk).not.toContain('unsynced words');
    expect(disk).toContain(INSPECTION); // the row is there, its ids in clear

    expect((await db.evidence.toArray())[0]?.fields.text).toBe('unsynced words');
  }, 30_000);
});

describe('encrypted export before sign-out', () => {
  it('holds the unsynced work, readable only with the export password', async () => {
    const { db, holder } = await open();
    await createKeyring(db, holder, 'correct horse battery');
    await createRepository({ db, clock }).create('evidence', INSPECTION, note);
    const backup = await exportEncrypted(
      db,
      'export passphrase',
      '2026-11-26T18:00:00.000Z',
      OWNER,
    );
    expect(JSON.stringify(backup)).not.toContain('unsynced words');
    const opened = await openBackup(backup, 'export passphrase');
    expect(JSON.stringify(opened.tables.evidence)).toContain('unsynced words');
    expect(opened.tables.outbox).toHaveLength(1);
    await expect(openBackup(backup, 'wrong passphrase')).rejects.toThrow();
  }, 30_000);
});
