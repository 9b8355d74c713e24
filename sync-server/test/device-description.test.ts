import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { ADMIN_ROUTES, AdminUsersResponseSchema } from '../../src/domain/admin';
import { fixedClock } from '../../src/domain/clock';
import { createApp } from '../src/app';
import { MIGRATIONS } from '../src/store/migrations';
import type { Database } from '../src/store/schema';
import type { Store } from '../src/store/types';
import { MIGRATED_AT, fromVersion } from './migrate-from';
import {
  PASSWORD,
  PG_URL,
  START_MS,
  addPerson,
  notePgSkipped,
  openTestStore,
  storeKinds,
} from './world';

/**
 * Issue 9: the coordinator's device list names each device from the browser it first signed in
 * with ("Chrome on an Android tablet"), read by the server from the User-Agent (migration 11).
 */
notePgSkipped('device descriptions');
const clock = fixedClock(START_MS, 1);
const NOW = MIGRATED_AT;
const DESCRIPTION = MIGRATIONS.findIndex((m) => m.name === 'device-description') + 1;

const GALAXY_TAB =
  'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const FIREFOX_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

const signIn = (store: Store, username: string, deviceId: string, userAgent: string) =>
  supertest(createApp({ store, clock }))
    .post('/api/auth/login')
    .set('User-Agent', userAgent)
    .send({ username, password: PASSWORD, deviceId });

const devicesSeenByCoordinator = async (store: Store, token: string, username: string) => {
  const res = await supertest(createApp({ store, clock }))
    .get(ADMIN_ROUTES.users)
    .set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  const { users } = AdminUsersResponseSchema.parse(res.body);
  return users.find((u) => u.username === username)?.devices ?? [];
};

describe.each(storeKinds())('devices named from their browser (%s)', (kind) => {
  it('records the words at first sign-in and keeps them when the device signs in again', async () => {
    const opened = await openTestStore(kind, clock);
    try {
      const coordinator = await addPerson(opened.store, 'coord', clock, true);
      await addPerson(opened.store, 'ann', clock);
      const tablet = randomUUID();
      const laptop = randomUUID();
      expect((await signIn(opened.store, 'ann', tablet, GALAXY_TAB)).status).toBe(200);
      // The same device later with another browser keeps the name it first signed in with.
      expect((await signIn(opened.store, 'ann', tablet, FIREFOX_WINDOWS)).status).toBe(200);
      expect((await signIn(opened.store, 'ann', laptop, 'curl/8.5.0')).status).toBe(200);

      const devices = await devicesSeenByCoordinator(opened.store, coordinator.token, 'ann');
      expect(devices.map((d) => [d.deviceId, d.description])).toEqual(
        expect.arrayContaining([
          [tablet, 'Chrome on an Android tablet'],
          [laptop, null],
        ]),
      );
      // Not known at first, named by the first sign-in that tells.
      expect((await signIn(opened.store, 'ann', laptop, FIREFOX_WINDOWS)).status).toBe(200);
      const after = await devicesSeenByCoordinator(opened.store, coordinator.token, 'ann');
      expect(after.find((d) => d.deviceId === laptop)?.description).toBe(
        'Firefox on a Windows computer',
      );
    } finally {
      await opened.close();
    }
  });
});

// STYLE.md 11: migration 11 starts from a device signed in at the version before it.
const seedDevice = async (db: Kysely<Database>) => {
  const userId = randomUUID();
  const deviceId = randomUUID();
  await db
    .insertInto('users')
    .values({
      id: userId,
      username: 'ann',
      name: 'Ann',
      inspectorate: 'ofsted',
      admin: 0,
      password_hash: 'scrypt$x',
      created_at: NOW,
    })
    .execute();
  // Written through a raw insert without the new column, as a version-10 server would.
  await db
    .insertInto('device_keys')
    .values({
      user_id: userId,
      device_id: deviceId,
      key: 'old-key',
      created_at: NOW,
      revoked_at: null,
      last_seen_at: NOW,
      revoke_mode: null,
    } as never)
    .execute();
  return { userId, deviceId };
};

const checkMigrated = async (store: Store, seeded: { userId: string; deviceId: string }) => {
  expect(await store.listDevices(seeded.userId)).toEqual([
    expect.objectContaining({ deviceId: seeded.deviceId, createdAt: NOW, description: null }),
  ]);
  // Its key is kept; its next sign-in names it.
  expect(
    await store.deviceKey(seeded.userId, seeded.deviceId, 'new-key', NOW, 'Safari on an iPad'),
  ).toBe('old-key');
  expect((await store.listDevices(seeded.userId))[0]?.description).toBe('Safari on an iPad');
};

describe(`migration ${DESCRIPTION} (device-description)`, () => {
  it('is number 11', () => {
    expect(DESCRIPTION).toBe(11);
    expect(MIGRATIONS[DESCRIPTION - 1]?.version).toBe(11);
  });

  for (const kind of ['sqlite', 'postgres'] as const) {
    it.skipIf(kind === 'postgres' && !PG_URL)(
      `on ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} keeps a device signed in at the version before it`,
      async () => {
        let seeded = { userId: '', deviceId: '' };
        await fromVersion(
          kind,
          DESCRIPTION - 1,
          async (db) => {
            seeded = await seedDevice(db);
          },
          (store) => checkMigrated(store, seeded),
        );
      },
    );
  }
});
