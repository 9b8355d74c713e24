import { Writable } from 'node:stream';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/domain/protocol';
import { createApp } from '../src/app';
import type { LogLevel } from '../src/config';
import { createLog } from '../src/ops/logging';
import {
  PASSWORD,
  addPerson,
  evidenceFields,
  id,
  makeWorld,
  notePgSkipped,
  op,
  storeKinds,
  type Person,
  type World,
} from './world';

/**
 * Issue 11 point 5: one JSON log line per request (request id, user id, route, status,
 * duration; never the Authorization header or a body), LOG_LEVEL, and `GET /metrics` in
 * Prometheus' text format for admins or the METRICS_TOKEN.
 */
const METRICS_TOKEN = 'scraper-token-0123456789';
const SECRET_TEXT = 'Child disclosed something only the team may read';

const capture = (level: LogLevel) => {
  const lines: Record<string, unknown>[] = [];
  let raw = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw += chunk.toString();
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLog(level, stream), lines, raw: () => raw };
};

notePgSkipped('operations');
describe.each(storeKinds())('logs and metrics on %s', (kind) => {
  let w: World;
  let coordinator: Person;
  beforeAll(async () => {
    w = await makeWorld(kind);
    coordinator = await addPerson(w.store, `coord-${id().slice(0, 6)}`, w.clock, true);
  });
  afterAll(() => w.close());

  it('logs one JSON line per request with its id, user, route, status and duration, and nothing secret', async () => {
    const logs = capture('info');
    const http = supertest(createApp({ store: w.store, clock: w.clock, log: logs.log }));
    const login = await http
      .post('/api/auth/login')
      .set('X-Request-Id', 'proxy-req-42')
      .send({ username: w.ann.username, password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.headers['x-request-id']).toBe('proxy-req-42');
    const token = login.body.token as string;
    const push = await http
      .post('/api/sync/push')
      .set('Authorization', `Bearer ${token}`)
      .send({
        clientId: id(),
        schemaVersion: SCHEMA_VERSION,
        ops: [
          op(w.inspectionId, { entity: 'evidence', fields: evidenceFields({ text: SECRET_TEXT }) }),
        ],
      });
    expect(push.status).toBe(200);
    await http.get(`/api/records/evidence/${id()}/history`).set('Authorization', `Bearer ${token}`);

    const requests = logs.lines.filter((l) => l.req);
    expect(requests).toHaveLength(3);
    const [first, second, third] = requests as [
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    expect(first).toMatchObject({
      level: 30,
      req: { id: 'proxy-req-42', method: 'POST', path: '/api/auth/login' },
      res: { statusCode: 200 },
      route: '/api/auth/login',
      userId: null,
    });
    expect(second).toMatchObject({
      req: { method: 'POST', path: '/api/sync/push' },
      res: { statusCode: 200 },
      route: '/api/sync/push',
      userId: w.ann.id,
    });
    expect(typeof (second.req as { id: unknown }).id).toBe('string');
    expect(second.durationMs).toEqual(expect.any(Number));
    expect(third).toMatchObject({
      level: 40,
      route: '/api/records/:entity/:id/history',
      res: { statusCode: 404 },
    });
    const raw = logs.raw();
    for (const secret of [token, PASSWORD, SECRET_TEXT, 'authorization', 'Authorization', 'Bearer'])
      expect(raw).not.toContain(secret);
  });

  it('LOG_LEVEL=warn keeps only what went wrong', async () => {
    const logs = capture('warn');
    const http = supertest(createApp({ store: w.store, clock: w.clock, log: logs.log }));
    await http.get('/api/me').set('Authorization', `Bearer ${w.ann.token}`);
    await http.get('/api/me');
    expect(logs.lines.map((l) => (l.res as { statusCode: number }).statusCode)).toEqual([401]);
  });

  it('serves Prometheus metrics to admins and the METRICS_TOKEN only: pushes, ops by result, rows pulled, open streams, durations by route', async () => {
    const app = createApp({ store: w.store, clock: w.clock, metricsToken: METRICS_TOKEN });
    const http = supertest(app);
    const read = async () => {
      const res = await http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.text;
    };
    const value = (text: string, series: string) =>
      Number(
        new RegExp(`^${series.replace(/[{}"=.]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN,
      );

    expect((await http.get('/metrics')).status).toBe(401);
    expect(
      (await http.get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789')).status,
    ).toBe(401);
    expect((await http.get('/metrics').set('Authorization', `Bearer ${w.ann.token}`)).status).toBe(
      403,
    );
    expect(
      (await http.get('/metrics').set('Authorization', `Bearer ${coordinator.token}`)).status,
    ).toBe(200);

    const before = await read();
    expect(value(before, 'fieldbook_pushes_total')).toBe(0);
    const create = op(w.inspectionId);
    await http
      .post('/api/sync/push')
      .set('Authorization', `Bearer ${w.ann.token}`)
      .send({
        clientId: id(),
        schemaVersion: SCHEMA_VERSION,
        ops: [create, create, { ...op(w.inspectionId), kind: 'nope' }],
      });
    const pulled = await http.get('/api/sync/pull').set('Authorization', `Bearer ${w.ann.token}`);

    // An open event stream counts while it is open.
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const controller = new AbortController();
    const stream = await fetch(`http://127.0.0.1:${port}/api/sync/events`, {
      headers: { Authorization: `Bearer ${w.ann.token}` },
      signal: controller.signal,
    });
    await (stream.body as ReadableStream<Uint8Array>).getReader().read();
    const during = await read();
    controller.abort();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));

    expect(value(during, 'fieldbook_pushes_total')).toBe(1);
    expect(value(during, 'fieldbook_ops_total{result="applied"}')).toBe(1);
    expect(value(during, 'fieldbook_ops_total{result="duplicate"}')).toBe(1);
    expect(value(during, 'fieldbook_ops_total{result="rejected"}')).toBe(1);
    expect(value(during, 'fieldbook_rows_pulled_total')).toBe(pulled.body.rows.length);
    expect(pulled.body.rows.length).toBeGreaterThan(0);
    expect(value(during, 'fieldbook_event_streams_open')).toBe(1);
    expect(
      value(
        during,
        'fieldbook_http_request_duration_seconds_count{method="POST",route="/api/sync/push",status="200"}',
      ),
    ).toBe(1);
    expect(during).toMatch(/^process_resident_memory_bytes \d+/m);
    await expect.poll(async () => value(await read(), 'fieldbook_event_streams_open')).toBe(0);
  });
});
