import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBodySchema, SCHEMA_VERSION } from '../../src/domain/protocol';
import { id, makeWorld, op, snapshot, type World } from './world';

/**
 * S10: bad input never reaches a 500. Each case gets the error shape and a 4xx (or a per-op
 * `rejected`), and the rows and seq counter are exactly as before.
 */
describe('[S10] bad input', () => {
  let w: World;
  let before: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => {
    w = await makeWorld();
    await w.push(w.ann, [op(w.inspectionId), op(w.inspectionId)]);
    before = await snapshot(w.store);
  });
  afterAll(() => w.close());

  const auth = () => `Bearer ${w.ann.token}`;
  const expectError = async (
    res: { status: number; body: unknown },
    status: number,
    code: string,
  ) => {
    expect(res.status).toBe(status);
    const body = ErrorBodySchema.parse(res.body);
    expect(body.error.code).toBe(code);
    expect(await snapshot(w.store)).toEqual(before);
    return body;
  };

  it('[S10] malformed JSON is 400 bad-request', async () => {
    const res = await w.http
      .post('/api/sync/push')
      .set('Authorization', auth())
      .set('Content-Type', 'application/json')
      .send('{"clientId": ');
    await expectError(res, 400, 'bad-request');
  });

  it('[S10] a __proto__ key anywhere is refused as bad JSON', async () => {
    const body = JSON.stringify({
      clientId: id(),
      schemaVersion: SCHEMA_VERSION,
      ops: [op(w.inspectionId)],
    }).replace('"base":{', '"base":{"__proto__":{"caseRef":99},');
    const res = await w.http
      .post('/api/sync/push')
      .set('Authorization', auth())
      .set('Content-Type', 'application/json')
      .send(body);
    await expectError(res, 400, 'bad-request');
  });

  it('[S10] a body that is not JSON at all is 400 with details.issues', async () => {
    const res = await w.http
      .post('/api/sync/push')
      .set('Authorization', auth())
      .set('Content-Type', 'text/plain')
      .send('hello');
    const body = await expectError(res, 400, 'bad-request');
    expect(Array.isArray(body.error.details?.issues)).toBe(true);
  });

  it('[S3] [S10] wrong envelope types are 400 with the failing paths', async () => {
    const res = await w.http
      .post('/api/sync/push')
      .set('Authorization', auth())
      .send({ clientId: 'me', schemaVersion: '1', ops: {} });
    const body = await expectError(res, 400, 'bad-request');
    const paths = (body.error.details?.issues as { path: string }[]).map((i) => i.path).sort();
    expect(paths).toEqual(['clientId', 'ops', 'schemaVersion']);
  });

  it('[S3] wrong op types, unknown entities and foreign inspections are rejected per op', async () => {
    const res = await w.http
      .post('/api/sync/push')
      .set('Authorization', auth())
      .send({
        clientId: id(),
        schemaVersion: SCHEMA_VERSION,
        ops: [
          { ...op(w.inspectionId), fields: { caseRef: 42, selection: 'tracked' } },
          { ...op(w.inspectionId), kind: 'upsert' },
          op(w.inspectionId, { entity: 'inspection', fields: {} }),
          op(w.otherInspectionId),
          op(id()),
          'not an op',
          {
            ...op(w.inspectionId),
            fields: { caseRef: 'LA-1', selection: 'tracked', nickname: 'x' },
          },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { reason: string }) => r.reason)).toEqual([
      'invalid',
      'invalid',
      'unknown-entity',
      'forbidden',
      'forbidden',
      'invalid',
      'invalid',
    ]);
    expect(await snapshot(w.store)).toEqual(before);
  });

  it('[S3] 501 ops is 413 payload-too-large', async () => {
    const ops = Array.from({ length: 501 }, () => op(w.inspectionId));
    const res = await w.http
      .post('/api/sync/push')
      .set('Authorization', auth())
      .send({ clientId: id(), schemaVersion: SCHEMA_VERSION, ops });
    await expectError(res, 413, 'payload-too-large');
  });

  it('[S3] a 2 MB body is 413 payload-too-large', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const res = await w.http
      .post('/api/sync/push')
      .set('Authorization', auth())
      .send({
        clientId: id(),
        schemaVersion: SCHEMA_VERSION,
        ops: [op(w.inspectionId, { fields: { caseRef: big } })],
      });
    await expectError(res, 413, 'payload-too-large');
  });

  it('[S10] a missing or forged token is 401, decided before the body is looked at', async () => {
    const none = await w.http
      .post('/api/sync/push')
      .set('Content-Type', 'application/json')
      .send('{bad json');
    await expectError(none, 401, 'unauthorized');
    const forged = await w.http
      .get('/api/sync/pull')
      .set('Authorization', `Bearer ${'A'.repeat(43)}`);
    await expectError(forged, 401, 'unauthorized');
    const garbage = await w.http.get('/api/me').set('Authorization', 'Basic dXNlcjpwYXNz');
    await expectError(garbage, 401, 'unauthorized');
  });

  it('[S6] a bad cursor is 400 bad-request', async () => {
    for (const query of [
      '?since=abc',
      '?since=-1',
      '?since=1.5',
      '?limit=0',
      '?limit=many',
      '?since=1e999',
    ]) {
      const res = await w.pull(w.ann, query);
      await expectError(res, 400, 'bad-request');
    }
  });

  it('[S10] unknown API routes are 404 JSON; unknown history records are 404', async () => {
    await expectError(
      await w.http.get('/api/nothing-here').set('Authorization', auth()),
      404,
      'not-found',
    );
    await expectError(
      await w.http.get(`/api/records/evidence/${id()}/history`).set('Authorization', auth()),
      404,
      'not-found',
    );
    await expectError(
      await w.http.get('/api/records/spaceship/not-a-uuid/history').set('Authorization', auth()),
      404,
      'not-found',
    );
  });

  it('[S10] a sign-in with the wrong shape is 400, not 500', async () => {
    await expectError(
      await w.http.post('/api/auth/login').send({ username: ['a'], password: 1 }),
      400,
      'bad-request',
    );
    await expectError(
      await w.http.post('/api/auth/login').set('Content-Type', 'application/json').send('[1,'),
      400,
      'bad-request',
    );
  });
});
