import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { LoginResponseSchema, MeResponseSchema, SCHEMA_VERSION } from '../../src/domain/protocol';
import type { Clock } from '../../src/domain/clock';
import { createApp } from '../src/app';
import {
  PASSWORD,
  START_MS,
  addInspection,
  addPerson,
  op,
  openTestStore,
  type OpenedStore,
} from './world';

/** DESIGN.md §4.2 and §5: accounts and sessions (the sign-in limits: sign-in-limits.test.ts). */
describe('accounts and sessions', () => {
  let nowMs = START_MS;
  const clock: Clock = { now: () => nowMs };
  let opened: OpenedStore;
  let http: ReturnType<typeof supertest>;

  beforeAll(async () => {
    opened = await openTestStore('sqlite', clock);
    const lead = await addPerson(opened.store, 'lead', clock);
    const ann = await addPerson(opened.store, 'ann', clock);
    await addPerson(opened.store, 'victim', clock);
    inspectionId = await addInspection(opened.store, 'lac-2012', lead, [ann]);
    // The tests name each client's address through the local proxy (TRUST_PROXY=loopback).
    http = supertest(createApp({ store: opened.store, clock, trustProxy: ['loopback'] }));
  });
  let inspectionId = '';
  afterAll(() => opened.close());

  const login = (username: string, password: string, address = '10.0.0.1') =>
    http.post('/api/auth/login').set('X-Forwarded-For', address).send({ username, password });

  it('signs in with a password and returns a bearer token and the user', async () => {
    const res = await login('ann', PASSWORD);
    expect(res.status).toBe(200);
    const body = LoginResponseSchema.parse(res.body);
    expect(body.user).toMatchObject({ username: 'ann', admin: false });
    const me = await http.get('/api/me').set('Authorization', `Bearer ${body.token}`);
    const parsed = MeResponseSchema.parse(me.body);
    expect(parsed.inspections).toHaveLength(1);
    expect(parsed.inspections[0]?.framework.id).toBe('lac-2012');
    expect(parsed.inspections[0]?.team.map((m) => m.role).sort()).toEqual(['inspector', 'lead']);
  });

  it('releases the same device key to the same user and device, another to anyone else', async () => {
    const deviceId = crypto.randomUUID();
    const login = (username: string) =>
      http
        .post('/api/auth/login')
        .set('X-Forwarded-For', '10.0.0.4')
        .send({ username, password: PASSWORD, deviceId });
    const first = LoginResponseSchema.parse((await login('ann')).body);
    const again = LoginResponseSchema.parse((await login('ann')).body);
    const other = LoginResponseSchema.parse((await login('lead')).body);
    expect(first.device?.deviceId).toBe(deviceId);
    expect(Buffer.from(first.device?.key ?? '', 'base64')).toHaveLength(32);
    expect(again.device?.key).toBe(first.device?.key);
    expect(other.device?.key).not.toBe(first.device?.key);
    const withoutDevice = await http
      .post('/api/auth/login')
      .set('X-Forwarded-For', '10.0.0.4')
      .send({ username: 'ann', password: PASSWORD });
    expect(withoutDevice.body.device).toBeUndefined();
  });

  it('a revoked device gets a 401 that says so, on every request and at sign-in; other devices work', async () => {
    const lost = crypto.randomUUID();
    const kept = crypto.randomUUID();
    const signIn = (deviceId: string) =>
      http
        .post('/api/auth/login')
        .set('X-Forwarded-For', '10.0.0.6')
        .send({ username: 'ann', password: PASSWORD, deviceId });
    const onLost = LoginResponseSchema.parse((await signIn(lost)).body);
    const onKept = LoginResponseSchema.parse((await signIn(kept)).body);
    const ann = await opened.store.userByUsername('ann');
    expect(
      await opened.store.revokeDevices(ann?.id ?? '', lost, new Date(nowMs).toISOString(), 'lost'),
    ).toBe(1);

    const refused = await http.get('/api/sync/pull').set('Authorization', `Bearer ${onLost.token}`);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({
      code: 'unauthorized',
      details: { reason: 'device-revoked', mode: 'lost' },
    });
    const again = await signIn(lost);
    expect(again.status).toBe(401);
    expect(again.body.error.details).toEqual({ reason: 'device-revoked', mode: 'lost' });
    expect(again.body.device).toBeUndefined();

    expect((await http.get('/api/me').set('Authorization', `Bearer ${onKept.token}`)).status).toBe(
      200,
    );
    const plain = await http.get('/api/me').set('Authorization', `Bearer ${'B'.repeat(43)}`);
    expect(plain.body.error.details).toBeUndefined();
  });

  it('a retired device may still push its unsent work, and every other request tells it to wipe; a lost one may not push', async () => {
    const signIn = async (deviceId: string) =>
      LoginResponseSchema.parse(
        (
          await http
            .post('/api/auth/login')
            .set('X-Forwarded-For', '10.0.0.7')
            .send({ username: 'ann', password: PASSWORD, deviceId })
        ).body,
      ).token;
    const [retired, lost] = [crypto.randomUUID(), crypto.randomUUID()];
    const [onRetired, onLost] = [await signIn(retired), await signIn(lost)];
    const ann = await opened.store.userByUsername('ann');
    const at = new Date(nowMs).toISOString();
    await opened.store.revokeDevices(ann?.id ?? '', retired, at, 'retired');
    await opened.store.revokeDevices(ann?.id ?? '', lost, at, 'lost');
    const push = (token: string) =>
      http
        .post('/api/sync/push')
        .set('Authorization', `Bearer ${token}`)
        .send({
          clientId: crypto.randomUUID(),
          schemaVersion: SCHEMA_VERSION,
          ops: [op(inspectionId)],
        });

    const sent = await push(onRetired);
    expect(sent.status).toBe(200);
    expect(sent.body.results[0].status).toBe('applied');
    // It may still ask where it may send (the app asks before it pushes)…
    expect((await http.get('/api/me').set('Authorization', `Bearer ${onRetired}`)).status).toBe(
      200,
    );
    // …but nothing more comes to it.
    for (const path of ['/api/sync/pull', '/api/sync/events']) {
      const refused = await http.get(path).set('Authorization', `Bearer ${onRetired}`);
      expect(refused.status, path).toBe(401);
      expect(refused.body.error.details, path).toEqual({
        reason: 'device-revoked',
        mode: 'retired',
      });
    }
    for (const path of ['/api/me', '/api/sync/pull'])
      expect((await http.get(path).set('Authorization', `Bearer ${onLost}`)).status, path).toBe(
        401,
      );
    const refused = await push(onLost);
    expect(refused.status).toBe(401);
    expect(refused.body.error.details).toEqual({ reason: 'device-revoked', mode: 'lost' });
  });

  it('sends the coordinator device policy with /api/me, 10 idle minutes by default', async () => {
    const { token } = LoginResponseSchema.parse((await login('ann', PASSWORD, '10.0.0.5')).body);
    const me = async () =>
      MeResponseSchema.parse(
        (await http.get('/api/me').set('Authorization', `Bearer ${token}`)).body,
      );
    expect((await me()).settings).toEqual({ idleLockMinutes: 10 });
    await opened.store.setSetting('idleLockMinutes', '5');
    expect((await me()).settings).toEqual({ idleLockMinutes: 5 });
  });

  it('takes the username in any case, as a tablet keyboard may capitalise it', async () => {
    expect((await login(' Ann', PASSWORD, '10.0.0.3')).status).toBe(200);
  });

  it('refuses a wrong password or unknown user with the same 401', async () => {
    const wrong = await login('ann', 'not-the-password', '10.0.0.50');
    const unknown = await login('nobody', 'not-the-password', '10.0.0.51');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('ends a session on logout, and sessions outlive two weeks of fieldwork but not thirty days', async () => {
    const { token } = LoginResponseSchema.parse((await login('ann', PASSWORD, '10.0.0.2')).body);
    const bearer = `Bearer ${token}`;
    nowMs = START_MS + 29 * 86_400_000;
    expect((await http.get('/api/me').set('Authorization', bearer)).status).toBe(200);
    nowMs = START_MS + 31 * 86_400_000;
    expect((await http.get('/api/me').set('Authorization', bearer)).status).toBe(401);
    nowMs = START_MS;
    expect((await http.post('/api/auth/logout').set('Authorization', bearer)).status).toBe(200);
    expect((await http.get('/api/me').set('Authorization', bearer)).status).toBe(401);
  });
});
