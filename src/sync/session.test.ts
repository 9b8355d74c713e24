import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createRepository,
  getMeta,
  META_KEYS,
  openDatabase,
  type FieldbookDB,
  type Repository,
} from '../db';
import { fixedClock } from '../domain';
import { INSPECTION, me, USER } from './fixtures';
import { getSession, signIn } from './session';
import type { Transport } from './transport';

const clock = fixedClock(Date.UTC(2026, 10, 26, 9, 0, 0), 1000);

const transport: Transport = {
  login: async () => ({ token: 'a-token', user: me.user }),
  logout: () => Promise.resolve(),
  me: async () => me,
  push: () => Promise.reject(new Error('unused')),
  pull: () => Promise.reject(new Error('unused')),
  history: () => Promise.reject(new Error('unused')),
  events: () => Promise.resolve(),
};

let db: FieldbookDB;
let repo: Repository;
let name: string;
let n = 0;
beforeEach(async () => {
  name = `session-${++n}`;
  db = openDatabase(name);
  await db.open();
  repo = createRepository({ db, clock });
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

const signInAnn = () =>
  signIn(db, repo, transport, clock, { username: 'ann', password: 'pw' }, () => async () => {});

describe('signIn', () => {
  it('stores the user, their inspections, the device policy and the session', async () => {
    const session = await signInAnn();
    expect(session).toEqual({ token: 'a-token', user: me.user });
    expect(await getSession(db)).toEqual(session);
    expect(await getMeta(db, META_KEYS.deviceUser)).toEqual({
      id: USER,
      name: 'Ann',
      inspectorate: 'ofsted',
    });
    expect(await getMeta(db, META_KEYS.deviceSettings)).toEqual({ idleLockMinutes: 5 });
    expect((await db.inspections.get(INSPECTION))?.source).toBe('server');
  });

  it('stores all of it or none: a session that cannot be kept leaves no half-signed-in device', async () => {
    db.meta.hook('creating', (key) => {
      if (key === META_KEYS.session) throw new Error('disk full');
    });
    await expect(signInAnn()).rejects.toThrow('disk full');
    expect(await getSession(db)).toBeUndefined();
    expect(await getMeta(db, META_KEYS.deviceUser)).toBeUndefined();
    expect(await getMeta(db, META_KEYS.deviceSettings)).toBeUndefined();
    expect(await db.inspections.count()).toBe(0);
  });
});
