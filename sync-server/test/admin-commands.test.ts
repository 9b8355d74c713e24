import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeResponseSchema } from '../../src/domain/protocol';
import { UsageError, setMember, setStatus } from '../src/admin/commands';
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
