import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createRepository,
  getMeta,
  META_KEYS,
  openDatabase,
  setMeta,
  type FieldbookDB,
  type Repository,
} from '../db';
import { fixedClock, PULL_MAX_LIMIT, SCHEMA_VERSION, type PullCursor } from '../domain';
import { checkpointKey } from './engine';
import type { HeadStart } from './head-start';
import { INSPECTION, me, USER } from './fixtures';
import { getSession, signIn, type BeginUnlock } from './session';
import type { Transport } from './transport';

const clock = fixedClock(Date.UTC(2026, 10, 26, 9, 0, 0), 1000);

const pulls: [string, PullCursor, number, number][] = [];
const transport: Transport = {
  login: async () => ({ token: 'a-token', user: me.user }),
  logout: () => Promise.resolve(),
  me: async () => me,
  push: () => Promise.reject(new Error('unused')),
  pull: async (token, since, limit, schemaVersion) => {
    pulls.push([token, since, limit, schemaVersion]);
    return { rows: [], next: 'c1', hasMore: false, progress: null };
  },
  history: () => Promise.reject(new Error('unused')),
  events: () => Promise.resolve(),
};

let db: FieldbookDB;
let repo: Repository;
let name: string;
let n = 0;
beforeEach(async () => {
  pulls.length = 0;
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

describe('signIn: page one of the first sync asked early (issue 10)', () => {
  /** The head starts the app's sign-in is told of, and in what order that and keeping the session came. */
  const signInTold = async (beginUnlock: BeginUnlock = () => async () => {}) => {
    const told: HeadStart[] = [];
    const order: string[] = [];
    db.meta.hook('creating', (key) => void (key === META_KEYS.session && order.push('session')));
    await signIn(
      db,
      repo,
      transport,
      clock,
      { username: 'ann', password: 'pw' },
      beginUnlock,
      (head) => {
        told.push(head);
        order.push('head start');
      },
    );
    return { told, order };
  };

  it('[S6] on a device that never pulled for this user: asked from the start with the token, sealed for this user’s checkpoint, and told before the session is kept', async () => {
    const { told, order } = await signInTold();
    expect(pulls).toEqual([['a-token', 0, PULL_MAX_LIMIT, SCHEMA_VERSION]]);
    expect(order).toEqual(['head start', 'session']);
    const [head] = told as [HeadStart];
    expect(head).toMatchObject({
      token: 'a-token',
      limit: PULL_MAX_LIMIT,
      schemaVersion: SCHEMA_VERSION,
    });
    expect(head.prepared?.key).toBe(checkpointKey(USER));
    expect(head.scope?.me).toEqual(me); // the first run may start from it (S6a)
    expect((await head.prepared?.page)?.checkpoint).toMatchObject({ key: checkpointKey(USER) });
  });

  it('[S6] a device that has pulled for this user asks for nothing early (it would not fit the first run)', async () => {
    await setMeta(db, checkpointKey(USER), 'c9');
    const { told, order } = await signInTold();
    expect(pulls).toEqual([]);
    expect(told).toEqual([]);
    expect(order).toEqual(['session']);
  });

  it('a sign-in whose key set-up fails tells of no page (no evidence is held in memory for it)', async () => {
    const told: HeadStart[] = [];
    const failing = signIn(
      db,
      repo,
      transport,
      clock,
      { username: 'ann', password: 'pw' },
      () => async () => {
        throw new Error('wrong password');
      },
      (head) => void told.push(head),
    );
    await expect(failing).rejects.toThrow('wrong password');
    expect(told).toEqual([]);
    expect(await getSession(db)).toBeUndefined();
  });
});
