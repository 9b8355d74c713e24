import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_ROUTES,
  AdminInspectionsResponseSchema,
  AdminUserResponseSchema,
  AdminUsersResponseSchema,
  AuditResponseSchema,
  InspectionResponseSchema,
  SettingsResponseSchema,
} from '../../src/domain/admin';
import type { Clock } from '../../src/domain/clock';
import { ErrorBodySchema, LoginResponseSchema, MeResponseSchema } from '../../src/domain/protocol';
import { createApp } from '../src/app';
import {
  PASSWORD,
  START_MS,
  addInspection,
  addPerson,
  notePgSkipped,
  openTestStore,
  storeKinds,
  type OpenedStore,
  type Person,
} from './world';

/** Issue 5: the coordinator's API, end to end over HTTP, on each store. */
notePgSkipped('coordinator API');
const NEW_PASSWORD = 'a-brand-new-passphrase';

describe.each(storeKinds())('coordinator API on %s', (kind) => {
  let nowMs = START_MS;
  const clock: Clock = { now: () => nowMs };
  let opened: OpenedStore;
  let http: ReturnType<typeof supertest>;
  let coordinator: Person;
  let lead: Person;
  let ann: Person;
  let inspectionId: string;
  const as = (who: Person) => `Bearer ${who.token}`;

  beforeAll(async () => {
    opened = await openTestStore(kind, clock);
    coordinator = await addPerson(opened.store, 'coord', clock, true);
    lead = await addPerson(opened.store, 'lead', clock);
    ann = await addPerson(opened.store, 'ann', clock);
    inspectionId = await addInspection(opened.store, 'cp-joint-2012', lead, [ann]);
    http = supertest(createApp({ store: opened.store, clock }));
  });
  afterAll(() => opened.close());

  const audit = async () =>
    AuditResponseSchema.parse(
      (await http.get(`${ADMIN_ROUTES.audit}?limit=5`).set('Authorization', as(coordinator))).body,
    ).entries;

  it('adds a user who can then sign in; a taken username is 400 with a clear message', async () => {
    const res = await http.post(ADMIN_ROUTES.users).set('Authorization', as(coordinator)).send({
      username: 'Cara',
      name: 'Cara CQC',
      inspectorate: 'cqc',
      admin: false,
      password: PASSWORD,
    });
    expect(res.status).toBe(201);
    const { user } = AdminUserResponseSchema.parse(res.body);
    expect(user).toMatchObject({ username: 'cara', admin: false, devices: [] });
    expect(res.body.user.passwordHash).toBeUndefined();
    const login = await http.post('/api/auth/login').send({ username: 'cara', password: PASSWORD });
    expect(login.status).toBe(200);

    const again = await http
      .post(ADMIN_ROUTES.users)
      .set('Authorization', as(coordinator))
      .send({ username: 'cara', name: 'X', inspectorate: 'cqc', admin: false, password: PASSWORD });
    expect(again.status).toBe(400);
    expect(ErrorBodySchema.parse(again.body).error.message).toMatch(/already exists/);
    expect(again.body.error.details.issues[0].path).toBe('username');
    expect((await audit()).find((e) => e.kind === 'user-added')).toMatchObject({
      kind: 'user-added',
      userId: coordinator.id,
      username: coordinator.username,
      detail: { target: { userId: user.id, username: 'cara' }, via: 'api' },
    });
  });

  it('lists users with their devices, last seen and revoked; revokes one device', async () => {
    const deviceId = randomUUID();
    nowMs += 60_000;
    const login = LoginResponseSchema.parse(
      (
        await http
          .post('/api/auth/login')
          .send({ username: ann.username, password: PASSWORD, deviceId })
      ).body,
    );
    const seenAtSignIn = new Date(nowMs).toISOString();
    nowMs += 5 * 60_000;
    await http.get('/api/me').set('Authorization', `Bearer ${login.token}`);
    const seenLater = new Date(nowMs).toISOString();
    nowMs += 10_000; // within the minute: not written again
    await http.get('/api/me').set('Authorization', `Bearer ${login.token}`);

    const list = async () =>
      AdminUsersResponseSchema.parse(
        (await http.get(ADMIN_ROUTES.users).set('Authorization', as(coordinator))).body,
      ).users.find((u) => u.id === ann.id);
    const before = await list();
    expect(before?.devices).toEqual([
      {
        deviceId,
        createdAt: seenAtSignIn,
        lastSeenAt: seenLater,
        revokedAt: null,
        revokeMode: null,
        // The test client is no browser: nothing to name it by (device-description.test.ts).
        description: null,
      },
    ]);

    const unknown = await http
      .post(ADMIN_ROUTES.revokeDevice(randomUUID()))
      .set('Authorization', as(coordinator))
      .send({ userId: ann.id, mode: 'lost' });
    expect(unknown.status).toBe(404);
    // The coordinator must say how: lost or stolen, or retired.
    for (const body of [{ userId: ann.id }, { userId: ann.id, mode: 'misplaced' }]) {
      const unsaid = await http
        .post(ADMIN_ROUTES.revokeDevice(deviceId))
        .set('Authorization', as(coordinator))
        .send(body);
      expect(unsaid.status).toBe(400);
      expect(unsaid.body.error.details.issues[0].path).toBe('mode');
    }
    const revoke = await http
      .post(ADMIN_ROUTES.revokeDevice(deviceId))
      .set('Authorization', as(coordinator))
      .send({ userId: ann.id, mode: 'retired' });
    expect(revoke.status).toBe(200);
    expect((await list())?.devices[0]).toMatchObject({
      revokedAt: new Date(nowMs).toISOString(),
      revokeMode: 'retired',
    });
    const pull = await http.get('/api/sync/pull').set('Authorization', `Bearer ${login.token}`);
    expect(pull.status).toBe(401);
    expect(pull.body.error.details).toEqual({ reason: 'device-revoked', mode: 'retired' });
    expect((await audit())[0]).toMatchObject({
      kind: 'device-revoked',
      userId: coordinator.id,
      detail: expect.objectContaining({ mode: 'retired' }),
    });
  });

  it('resets a password: old sessions end, the new password signs in and gets the same device key', async () => {
    const deviceId = randomUUID();
    const first = LoginResponseSchema.parse(
      (
        await http
          .post('/api/auth/login')
          .send({ username: lead.username, password: PASSWORD, deviceId })
      ).body,
    );
    const res = await http
      .post(ADMIN_ROUTES.userPassword(lead.id))
      .set('Authorization', as(coordinator))
      .send({ password: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect((await http.get('/api/me').set('Authorization', `Bearer ${first.token}`)).status).toBe(
      401,
    );
    const old = await http
      .post('/api/auth/login')
      .send({ username: lead.username, password: PASSWORD, deviceId });
    expect(old.status).toBe(401);
    const next = LoginResponseSchema.parse(
      (
        await http
          .post('/api/auth/login')
          .send({ username: lead.username, password: NEW_PASSWORD, deviceId })
      ).body,
    );
    expect(next.device?.key).toBe(first.device?.key);
    const kinds = (await audit()).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['password-reset', 'session-revoked']));
    lead = { ...lead, token: next.token };

    const short = await http
      .post(ADMIN_ROUTES.userPassword(lead.id))
      .set('Authorization', as(coordinator))
      .send({ password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.details.issues[0].path).toBe('password');
    const nobody = await http
      .post(ADMIN_ROUTES.userPassword(randomUUID()))
      .set('Authorization', as(coordinator))
      .send({ password: NEW_PASSWORD });
    expect(nobody.status).toBe(404);
  });

  it('creates an inspection with its team, changes the team and the status; sync access follows', async () => {
    const created = await http
      .post(ADMIN_ROUTES.inspections)
      .set('Authorization', as(coordinator))
      .send({
        frameworkId: 'lac-2012',
        area: 'York',
        startsOn: '2026-04-13',
        leadUserId: lead.id,
        memberUserIds: [ann.id],
      });
    expect(created.status).toBe(201);
    const { inspection } = InspectionResponseSchema.parse(created.body);
    expect(inspection).toMatchObject({ endsOn: '2026-04-26', status: 'planned' });
    expect(inspection.team.map((m) => [m.userId, m.role]).sort()).toEqual(
      [
        [lead.id, 'lead'],
        [ann.id, 'inspector'],
      ].sort(),
    );

    const team = await http
      .put(ADMIN_ROUTES.inspectionTeam(inspection.id))
      .set('Authorization', as(coordinator))
      .send({ members: [{ userId: ann.id, role: 'lead' }] });
    expect(team.status).toBe(200);
    expect(InspectionResponseSchema.parse(team.body).inspection.team).toHaveLength(1);
    const me = MeResponseSchema.parse(
      (await http.get('/api/me').set('Authorization', as(lead))).body,
    );
    expect(me.inspections.map((i) => i.id)).toEqual([inspectionId]);

    const noLead = await http
      .put(ADMIN_ROUTES.inspectionTeam(inspection.id))
      .set('Authorization', as(coordinator))
      .send({ members: [{ userId: ann.id, role: 'inspector' }] });
    expect(noLead.status).toBe(400);
    expect(noLead.body.error.message).toMatch(/lead/);

    const status = await http
      .put(ADMIN_ROUTES.inspectionStatus(inspection.id))
      .set('Authorization', as(coordinator))
      .send({ status: 'fieldwork' });
    expect(InspectionResponseSchema.parse(status.body).inspection.status).toBe('fieldwork');
    const all = AdminInspectionsResponseSchema.parse(
      (await http.get(ADMIN_ROUTES.inspections).set('Authorization', as(coordinator))).body,
    );
    expect(all.inspections.map((i) => i.id).sort()).toEqual([inspectionId, inspection.id].sort());
    expect((await audit()).slice(0, 3).map((e) => e.kind)).toEqual([
      'status-changed',
      'team-changed',
      'inspection-added',
    ]);

    const unknownUser = await http
      .post(ADMIN_ROUTES.inspections)
      .set('Authorization', as(coordinator))
      .send({
        frameworkId: 'lac-2012',
        area: 'York',
        startsOn: '2026-04-13',
        leadUserId: randomUUID(),
        memberUserIds: [],
      });
    expect(unknownUser.status).toBe(400);
    expect(unknownUser.body.error.details.issues[0].path).toBe('leadUserId');
    const unknownFramework = await http
      .post(ADMIN_ROUTES.inspections)
      .set('Authorization', as(coordinator))
      .send({
        frameworkId: 'nope-2099',
        area: 'York',
        startsOn: '2026-04-13',
        leadUserId: lead.id,
        memberUserIds: [],
      });
    expect(unknownFramework.status).toBe(400);
    expect(unknownFramework.body.error.details.issues[0].path).toBe('frameworkId');
    const ends = await http
      .post(ADMIN_ROUTES.inspections)
      .set('Authorization', as(coordinator))
      .send({
        frameworkId: 'lac-2012',
        area: 'York',
        startsOn: '2026-04-13',
        endsOn: '2026-04-01',
        leadUserId: lead.id,
        memberUserIds: [],
      });
    expect(ends.status).toBe(400);
    expect(ends.body.error.details.issues[0].path).toBe('endsOn');
    const missing = await http
      .put(ADMIN_ROUTES.inspectionStatus(randomUUID()))
      .set('Authorization', as(coordinator))
      .send({ status: 'fieldwork' });
    expect(missing.status).toBe(404);
  });

  it('sets the idle lock, which /api/me then sends; the audit is newest first and limited', async () => {
    const get = async () =>
      SettingsResponseSchema.parse(
        (await http.get(ADMIN_ROUTES.settings).set('Authorization', as(coordinator))).body,
      );
    expect(await get()).toEqual({ idleLockMinutes: 10 });
    const put = await http
      .put(ADMIN_ROUTES.settings)
      .set('Authorization', as(coordinator))
      .send({ idleLockMinutes: 5 });
    expect(put.body).toEqual({ idleLockMinutes: 5 });
    expect(await get()).toEqual({ idleLockMinutes: 5 });
    const me = MeResponseSchema.parse(
      (await http.get('/api/me').set('Authorization', as(ann))).body,
    );
    expect(me.settings?.idleLockMinutes).toBe(5);
    const bad = await http
      .put(ADMIN_ROUTES.settings)
      .set('Authorization', as(coordinator))
      .send({ idleLockMinutes: 0 });
    expect(bad.status).toBe(400);

    const entries = (await audit()).slice(0, 1);
    expect(entries[0]).toMatchObject({
      kind: 'settings-changed',
      detail: { idleLockMinutes: 5, before: null },
    });
    const all = AuditResponseSchema.parse(
      (await http.get(`${ADMIN_ROUTES.audit}?limit=5000`).set('Authorization', as(coordinator)))
        .body,
    ).entries;
    const times = all.map((e) => e.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(
      (await http.get(`${ADMIN_ROUTES.audit}?limit=-1`).set('Authorization', as(coordinator)))
        .status,
    ).toBe(400);
  });
});
