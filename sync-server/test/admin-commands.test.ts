import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeResponseSchema } from '../../src/domain/protocol';
import { UsageError, revokeDevice } from '../src/admin/commands';
import { setMember, setStatus } from '../src/admin/inspection-commands';
import { makeWorld, op, type World } from './world';

/** Team and status changes made by the coordinator while the server runs: seen at once. */
describe('coordinator changes while the server runs', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld();
  });
  afterAll(() => w.close());

  const me = async (token: string) =>
    MeResponseSchema.parse(
      (await w.http.get('/api/me').set('Authorization', `Bearer ${token}`)).body,
    );

  it('[S8] a member added mid-inspection may sync it at once; a role change takes effect at once', async () => {
    await w.push(w.ann, [op(w.inspectionId)]);
    expect((await w.push(w.outsider, [op(w.inspectionId)])).body.results[0].reason).toBe(
      'forbidden',
    );
    await setMember(w.store, w.clock, {
      inspection: w.inspectionId,
      username: w.outsider.username,
      role: 'inspector',
    });
    expect((await w.pull(w.outsider)).body.rows.length).toBeGreaterThan(0);
    expect((await w.push(w.outsider, [op(w.inspectionId)])).body.results[0].status).toBe('applied');
    const draft = { entity: 'judgementDraft', fields: { judgementId: 'overall', state: 'draft' } };
    expect((await w.push(w.outsider, [op(w.inspectionId, draft)])).body.results[0].reason).toBe(
      'forbidden',
    );
    await setMember(w.store, w.clock, {
      inspection: w.inspectionId,
      username: w.outsider.username,
      role: 'lead',
    });
    expect((await w.push(w.outsider, [op(w.inspectionId, draft)])).body.results[0].status).toBe(
      'applied',
    );
  });

  it('moves an inspection through its statuses; status does not restrict sync', async () => {
    await setStatus(w.store, w.clock, { inspection: w.inspectionId, status: 'reported' });
    const inspection = (await me(w.ann.token)).inspections.find((i) => i.id === w.inspectionId);
    expect(inspection?.status).toBe('reported');
    expect((await w.push(w.ann, [op(w.inspectionId)])).body.results[0].status).toBe('applied');
  });

  it('revokes one device or all of a user as lost or retired, and refuses a device the user does not have or another mode', async () => {
    const at = new Date(w.clock.now()).toISOString();
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    await w.store.deviceKey(w.ben.id, a, 'ka', at);
    await w.store.deviceKey(w.ben.id, b, 'kb', at);
    expect(await revokeDevice(w.store, w.clock, w.ben.username, a, 'retired')).toBe(1);
    expect(await w.store.deviceRevoked(w.ben.id, a)).toBe(true);
    expect(await w.store.deviceRevoked(w.ben.id, b)).toBe(false);
    await expect(
      revokeDevice(w.store, w.clock, w.ben.username, crypto.randomUUID(), 'lost'),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(revokeDevice(w.store, w.clock, w.ben.username, b, 'misplaced')).rejects.toThrow(
      /lost, retired/,
    );
    expect(await revokeDevice(w.store, w.clock, w.ben.username, undefined, 'lost')).toBe(1);
    const modes = new Map(
      (await w.store.listDevices(w.ben.id)).map((d) => [d.deviceId, d.revokeMode]),
    );
    expect(modes).toEqual(
      new Map([
        [a, 'retired'],
        [b, 'lost'],
      ]),
    );
    const audited = (await w.store.auditEntries(10)).filter((e) => e.kind === 'device-revoked');
    expect(audited.map((e) => e.detail?.mode).sort()).toEqual(['lost', 'retired']);
  });

  it('refuses unknown inspections, users, roles and statuses', async () => {
    const member = (inspection: string, username: string, role: string) => () =>
      setMember(w.store, w.clock, { inspection, username, role });
    const bad = [
      member(crypto.randomUUID(), w.ann.username, 'inspector'),
      member(w.inspectionId, 'nobody', 'inspector'),
      member(w.inspectionId, w.ann.username, 'boss'),
      () => setStatus(w.store, w.clock, { inspection: w.inspectionId, status: 'finished' }),
    ];
    for (const attempt of bad) await expect(attempt()).rejects.toBeInstanceOf(UsageError);
  });
});
