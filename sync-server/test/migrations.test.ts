import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { MIGRATIONS } from '../src/store/migrations';
import type { Database } from '../src/store/schema';
import type { Store } from '../src/store/types';
import { pushOps } from '../src/sync/push';
import { fromVersion } from './migrate-from';
import { PG_URL, START_MS, notePgSkipped, op } from './world';

/** STYLE.md 11: each migration starts from data written at the version before it. */
notePgSkipped('migrations');
const clock = fixedClock(START_MS, 1);
const NOW = new Date(START_MS).toISOString();

/** Version 1 data: a user with a session and an inspection team, written with raw SQL of that time. */
const seedVersion1 = async (db: Kysely<Database>) => {
  const userId = randomUUID();
  const inspectionId = randomUUID();
  await db
    .insertInto('users')
    .values({
      id: userId,
      username: 'old-lead',
      name: 'Old Lead',
      inspectorate: 'ofsted',
      admin: 1,
      password_hash: 'scrypt$x',
      created_at: NOW,
    })
    .execute();
  await db
    .insertInto('sessions')
    .values({
      token_hash: 't1',
      user_id: userId,
      created_at: NOW,
      expires_at: '2027-01-01T00:00:00Z',
      revoked_at: null,
    })
    .execute();
  await db
    .insertInto('inspections')
    .values({
      id: inspectionId,
      framework_id: 'cp-joint-2012',
      area: 'York',
      starts_on: '2026-03-02',
      ends_on: '2026-03-13',
      status: 'fieldwork',
    })
    .execute();
  await db
    .insertInto('team_members')
    .values({ inspection_id: inspectionId, user_id: userId, role: 'lead' })
    .execute();
  return { userId, inspectionId };
};

const expectUpgraded = async (store: Store, seeded: { userId: string; inspectionId: string }) => {
  expect((await store.userByUsername('old-lead'))?.admin).toBe(true);
  expect((await store.sessionUser('t1', NOW))?.id).toBe(seeded.userId);
  expect((await store.inspectionsFor(seeded.userId)).map((i) => i.id)).toEqual([
    seeded.inspectionId,
  ]);
  // Version 2 added the sync tables and the seq counter at 0: the first op gets seq 1.
  const [result] = await pushOps(store, clock, {
    userId: seeded.userId,
    clientId: randomUUID(),
    ops: [op(seeded.inspectionId)],
  });
  expect(result).toMatchObject({ status: 'applied', seq: 1 });
};

/** Version 2 data: one synced row with its op and the counter past it. */
const seedVersion2 = async (
  db: Kysely<Database>,
  seeded: { userId: string; inspectionId: string },
) => {
  const rowId = randomUUID();
  await db
    .insertInto('rows')
    .values({
      entity: 'childCase',
      id: rowId,
      inspection_id: seeded.inspectionId,
      seq: 1,
      author: seeded.userId,
      created_at: NOW,
      updated_at: NOW,
      fields: '{"caseRef":"LA-1","selection":"tracked"}',
      stamps: '{}',
      conflicts: '{}',
      deleted: 0,
      deleted_by: null,
    })
    .execute();
  await db
    .insertInto('ops')
    .values({
      op_id: randomUUID(),
      seq: 1,
      user_id: seeded.userId,
      client_id: randomUUID(),
      inspection_id: seeded.inspectionId,
      entity: 'childCase',
      entity_id: rowId,
      kind: 'put',
      body: '{"fields":{},"base":{}}',
      body_hash: 'h',
      status: 'applied',
      reason: null,
      at: NOW,
    })
    .execute();
  await db.updateTable('counters').set({ value: 1 }).where('name', '=', 'seq').execute();
  return rowId;
};

describe('migrations', () => {
  it('are numbered 1, 2, … with no gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  for (const kind of ['sqlite', 'postgres'] as const) {
    const name = kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';

    it.skipIf(kind === 'postgres' && !PG_URL)(
      `2 (sync) on ${name} keeps the accounts written at version 1`,
      async () => {
        let seeded = { userId: '', inspectionId: '' };
        await fromVersion(
          kind,
          1,
          async (db) => {
            seeded = await seedVersion1(db);
          },
          (store) => expectUpgraded(store, seeded),
        );
      },
    );

    it.skipIf(kind === 'postgres' && !PG_URL)(
      `3 (devices and settings) on ${name} keeps the rows and seq written at version 2`,
      async () => {
        let seeded = { userId: '', inspectionId: '' };
        let rowId = '';
        await fromVersion(
          kind,
          2,
          async (db) => {
            seeded = await seedVersion1(db);
            rowId = await seedVersion2(db, seeded);
          },
          async (store) => {
            expect((await store.rowById(rowId))?.fields.caseRef).toBe('LA-1');
            expect(await store.currentSeq()).toBe(1);
            const deviceId = randomUUID();
            const key = await store.deviceKey(seeded.userId, deviceId, 'k1', NOW);
            expect(await store.deviceKey(seeded.userId, deviceId, 'k2', NOW)).toBe(key);
            expect(await store.setting('idleLockMinutes')).toBeUndefined();
          },
        );
      },
    );

    it.skipIf(kind === 'postgres' && !PG_URL)(
      `4 (device revocation) on ${name} keeps the sessions and device keys written at version 3`,
      async () => {
        let seeded = { userId: '', inspectionId: '' };
        const deviceId = randomUUID();
        await fromVersion(
          kind,
          3,
          async (db) => {
            seeded = await seedVersion1(db);
            await seedVersion2(db, seeded);
            await sql`insert into device_keys (user_id, device_id, key, created_at)
              values (${seeded.userId}, ${deviceId}, 'old-key', ${NOW})`.execute(db);
          },
          async (store) => {
            // Sessions opened before version 4 have no device: they stay valid.
            expect((await store.sessionUser('t1', NOW))?.id).toBe(seeded.userId);
            expect(await store.deviceKey(seeded.userId, deviceId, 'new-key', NOW)).toBe('old-key');
            expect(await store.deviceRevoked(seeded.userId, deviceId)).toBe(false);
            expect(await store.revokeDevices(seeded.userId, deviceId, NOW, 'lost')).toBe(1);
            expect(await store.deviceRevoked(seeded.userId, deviceId)).toBe(true);
          },
        );
      },
    );

    it.skipIf(kind === 'postgres' && !PG_URL)(
      `5 (device last seen) on ${name} keeps the device keys and revocations written at version 4`,
      async () => {
        let seeded = { userId: '', inspectionId: '' };
        const kept = randomUUID();
        const lost = randomUUID();
        const LATER = '2026-03-03T08:00:00.000Z';
        await fromVersion(
          kind,
          4,
          async (db) => {
            seeded = await seedVersion1(db);
            await seedVersion2(db, seeded);
            await sql`insert into device_keys (user_id, device_id, key, created_at, revoked_at)
              values (${seeded.userId}, ${kept}, 'kept-key', ${NOW}, null),
                     (${seeded.userId}, ${lost}, 'lost-key', ${NOW}, ${NOW})`.execute(db);
            await sql`update sessions set device_id = ${kept} where token_hash = 't1'`.execute(db);
          },
          async (store) => {
            // Devices from before version 5 have never been seen; revocations stay.
            expect(await store.listDevices(seeded.userId)).toEqual(
              expect.arrayContaining([
                expect.objectContaining({
                  deviceId: kept,
                  createdAt: NOW,
                  lastSeenAt: null,
                  revokedAt: null,
                }),
                expect.objectContaining({
                  deviceId: lost,
                  createdAt: NOW,
                  lastSeenAt: null,
                  revokedAt: NOW,
                }),
              ]),
            );
            expect((await store.sessionUser('t1', NOW))?.id).toBe(seeded.userId);
            await store.touchSessionDevice('t1', LATER, NOW);
            expect(await store.deviceKey(seeded.userId, kept, 'new-key', LATER)).toBe('kept-key');
            const seen = (await store.listDevices(seeded.userId)).find((d) => d.deviceId === kept);
            expect(seen?.lastSeenAt).toBe(LATER);
            // Already seen after the cut-off: not written again.
            await store.touchSessionDevice('t1', '2026-03-03T08:00:30.000Z', NOW);
            expect(
              (await store.listDevices(seeded.userId)).find((d) => d.deviceId === kept)?.lastSeenAt,
            ).toBe(LATER);
          },
        );
      },
    );

    it.skipIf(kind === 'postgres' && !PG_URL)(
      `inspection-retention on ${name}: an inspection already reported starts its 12 months at the upgrade; others have no purge date`,
      async () => {
        let seeded = { userId: '', inspectionId: '' };
        const reported = randomUUID();
        const version = MIGRATIONS.findIndex((m) => m.name === 'inspection-retention');
        await fromVersion(
          kind,
          version,
          async (db) => {
            seeded = await seedVersion1(db);
            await seedVersion2(db, seeded);
            await sql`insert into inspections (id, framework_id, area, starts_on, ends_on, status)
              values (${reported}, 'lac-2012', 'Hull', '2025-01-06', '2025-01-17', 'reported')`.execute(
              db,
            );
          },
          async (store) => {
            const done = await store.inspectionById(reported);
            expect(done?.retention).toEqual({
              reportedAt: expect.stringMatching(/^2026-03-02T09:00:00\.\d{3}Z$/),
              retainUntil: null,
              purgeOn: '2027-03-02',
              legalHold: null,
              purgedAt: null,
            });
            expect((await store.inspectionById(seeded.inspectionId))?.retention).toEqual({
              reportedAt: null,
              retainUntil: null,
              purgeOn: null,
              legalHold: null,
              purgedAt: null,
            });
          },
        );
      },
    );

    it.skipIf(kind === 'postgres' && !PG_URL)(
      `device-revocation-mode on ${name}: a device revoked before it counts as lost (wipe at once), the others are not revoked`,
      async () => {
        let seeded = { userId: '', inspectionId: '' };
        const kept = randomUUID();
        const lost = randomUUID();
        const version = MIGRATIONS.findIndex((m) => m.name === 'device-revocation-mode');
        await fromVersion(
          kind,
          version,
          async (db) => {
            seeded = await seedVersion1(db);
            await seedVersion2(db, seeded);
            await sql`insert into device_keys (user_id, device_id, key, created_at, revoked_at, last_seen_at)
              values (${seeded.userId}, ${kept}, 'kept-key', ${NOW}, null, ${NOW}),
                     (${seeded.userId}, ${lost}, 'lost-key', ${NOW}, ${NOW}, ${NOW})`.execute(db);
            await sql`update sessions set device_id = ${lost} where token_hash = 't1'`.execute(db);
          },
          async (store) => {
            expect(
              new Map((await store.listDevices(seeded.userId)).map((d) => [d.deviceId, d])),
            ).toEqual(
              new Map([
                [
                  kept,
                  {
                    deviceId: kept,
                    createdAt: NOW,
                    lastSeenAt: NOW,
                    revokedAt: null,
                    revokeMode: null,
                    description: null,
                  },
                ],
                [
                  lost,
                  {
                    deviceId: lost,
                    createdAt: NOW,
                    lastSeenAt: NOW,
                    revokedAt: NOW,
                    revokeMode: 'lost',
                    description: null,
                  },
                ],
              ]),
            );
            expect(await store.sessionDeviceRevoked('t1')).toBe('lost');
            expect(await store.retiringSessionUser('t1', NOW)).toBeUndefined();
            expect(await store.revokeDevices(seeded.userId, kept, NOW, 'retired')).toBe(1);
            expect(
              (await store.listDevices(seeded.userId)).find((d) => d.deviceId === kept)?.revokeMode,
            ).toBe('retired');
          },
        );
      },
    );

    it.skipIf(kind === 'postgres' && !PG_URL)(
      `6 (stamp devices) on ${name} gives stamps written at version 5 the device from the op log`,
      async () => {
        let seeded = { userId: '', inspectionId: '' };
        const tablet = randomUUID();
        const rowId = randomUUID();
        const opIds = [randomUUID(), randomUUID()];
        const orphanRowId = randomUUID();
        await fromVersion(
          kind,
          5,
          async (db) => {
            seeded = await seedVersion1(db);
            // A row created by one op and edited by a second, both from `tablet`, with stamps
            // as version 5 wrote them (no clientId), and a row whose op is not in the log.
            const stamp = (seq: number, opId: string) => ({
              seq,
              author: seeded.userId,
              at: NOW,
              opId,
            });
            const rowValues = (id: string, seq: number, stamps: unknown) => ({
              entity: 'childCase',
              id,
              inspection_id: seeded.inspectionId,
              seq,
              author: seeded.userId,
              created_at: NOW,
              updated_at: NOW,
              fields: '{"caseRef":"LA-1","selection":"tracked","initials":"AB"}',
              stamps: JSON.stringify(stamps),
              conflicts: '{}',
              deleted: 0,
              deleted_by: null,
            });
            await db
              .insertInto('rows')
              .values([
                rowValues(rowId, 2, {
                  '~': [stamp(1, opIds[0]!), stamp(2, opIds[1]!)],
                  caseRef: 0,
                  selection: 0,
                  initials: 1,
                }),
                rowValues(orphanRowId, 3, {
                  '~': [stamp(3, randomUUID())],
                  caseRef: 0,
                  selection: 0,
                  initials: 0,
                }),
              ])
              .execute();
            await db
              .insertInto('ops')
              .values(
                opIds.map((opId, i) => ({
                  op_id: opId,
                  seq: i + 1,
                  user_id: seeded.userId,
                  client_id: tablet,
                  inspection_id: seeded.inspectionId,
                  entity: 'childCase',
                  entity_id: rowId,
                  kind: 'put',
                  body: '{"fields":{},"base":{}}',
                  body_hash: `h${i}`,
                  status: 'applied',
                  reason: null,
                  at: NOW,
                })),
              )
              .execute();
            await db.updateTable('counters').set({ value: 3 }).where('name', '=', 'seq').execute();
          },
          async (store) => {
            const migrated = await store.rowById(rowId);
            expect(migrated?.stamps.initials).toMatchObject({ seq: 2, clientId: tablet });
            expect(migrated?.stamps.caseRef).toMatchObject({ seq: 1, clientId: tablet });
            expect(migrated?.changedBy).toMatchObject({ seq: 2, opId: opIds[1], clientId: tablet });
            expect(migrated?.changedElsewhere).toBeNull();
            expect(migrated?.fields.initials).toBe('AB');
            const orphan = await store.rowById(orphanRowId);
            expect(orphan?.stamps.initials?.clientId).toBeNull();
            // [S5a] The tablet's next edit, made before it heard back, is not a race with itself;
            // on the row whose op was lost, an unknown device counts as another one.
            const edit = (entityId: string) =>
              op(seeded.inspectionId, { entityId, fields: { initials: 'CD' }, base: {} });
            const mine = await pushOps(store, clock, {
              userId: seeded.userId,
              clientId: tablet,
              ops: [edit(rowId), edit(orphanRowId)],
            });
            expect(mine.map((r) => r.status)).toEqual(['applied', 'conflict']);
            const del = op(seeded.inspectionId, {
              entityId: rowId,
              kind: 'delete',
              fields: {},
              base: { _row: 0 },
            });
            const [deleted] = await pushOps(store, clock, {
              userId: seeded.userId,
              clientId: tablet,
              ops: [del],
            });
            expect(deleted?.status).toBe('applied');
          },
        );
      },
    );

    it.skipIf(kind === 'postgres' && !PG_URL)(
      `7 (team epochs) on ${name} keeps the teams written at version 6; a later join sends the whole inspection`,
      async () => {
        let seeded = { userId: '', inspectionId: '' };
        const newcomer = randomUUID();
        await fromVersion(
          kind,
          6,
          async (db) => {
            seeded = await seedVersion1(db);
            await seedVersion2(db, seeded);
            await db
              .insertInto('users')
              .values({
                id: newcomer,
                username: 'newcomer',
                name: 'New Comer',
                inspectorate: 'cqc',
                admin: 0,
                password_hash: 'scrypt$x',
                created_at: NOW,
              })
              .execute();
          },
          async (store) => {
            // The lead from before version 7 keeps pulling from a number as before.
            const scope = await store.pullScope(seeded.userId);
            expect(scope).toEqual({
              epoch: 0,
              memberships: [{ inspectionId: seeded.inspectionId, joined: 0 }],
            });
            await store.setTeamMember({
              inspectionId: seeded.inspectionId,
              userId: newcomer,
              role: 'inspector',
            });
            const joined = await store.pullScope(newcomer);
            expect(joined.epoch).toBe(1);
            expect(joined.memberships).toEqual([{ inspectionId: seeded.inspectionId, joined: 1 }]);
            // Changing the lead's role is no join: their epoch stays.
            await store.setTeamMember({
              inspectionId: seeded.inspectionId,
              userId: seeded.userId,
              role: 'lead',
            });
            expect((await store.pullScope(seeded.userId)).memberships[0]?.joined).toBe(0);
          },
        );
      },
    );
  }
});
