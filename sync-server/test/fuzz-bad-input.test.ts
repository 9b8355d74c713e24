import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateInspectionRequestSchema,
  CreateUserRequestSchema,
  ResetPasswordRequestSchema,
  RevokeDeviceRequestSchema,
  SetStatusRequestSchema,
  SetTeamRequestSchema,
  SettingsRequestSchema,
} from '../../src/domain/admin';
import { ErrorBodySchema, LoginRequestSchema, PushRequestSchema } from '../../src/domain/protocol';
import { SQLITE_FILE_NAME } from '../src/store/open';
import { ACTORS, makeCast, type ActorName, type Cast } from './actors';

/**
 * Issue 5: a generated bad-input run over every endpoint. fast-check draws requests near the
 * real ones (methods, paths, queries, headers, tokens of every actor, JSON and non-JSON bodies,
 * wrong types, huge and odd strings, deep nesting, prototype keys) from a fixed seed; none may
 * get a 5xx or an error body outside S10's shape, the server must keep answering, and the data
 * only a valid write could change must be byte for byte as before. Valid tokens never carry a
 * valid write: such a request is sent with a forged token instead (see `noValidWrite`).
 */
const SEED = 20_261_126;
const REQUESTS = 10_000;
const CONCURRENCY = 6;
const REQUEST_TIMEOUT_MS = 10_000;

type Fuzzed = {
  method: string;
  path: string;
  actor: ActorName | 'garbage';
  garbageAuth: string;
  headers: Record<string, string>;
  body: string | undefined;
};

const ROUTES = [
  ['GET', '/healthz'],
  ['POST', '/api/auth/login'],
  ['POST', '/api/auth/logout'],
  ['GET', '/api/me'],
  ['POST', '/api/sync/push'],
  ['GET', '/api/sync/pull'],
  ['GET', '/api/sync/events'],
  ['GET', '/api/records/{entity}/{id}/history'],
  ['GET', '/api/admin/users'],
  ['POST', '/api/admin/users'],
  ['POST', '/api/admin/users/{id}/password'],
  ['POST', '/api/admin/devices/{id}/revoke'],
  ['GET', '/api/admin/inspections'],
  ['POST', '/api/admin/inspections'],
  ['PUT', '/api/admin/inspections/{id}/team'],
  ['PUT', '/api/admin/inspections/{id}/status'],
  ['GET', '/api/admin/settings'],
  ['PUT', '/api/admin/settings'],
  ['GET', '/api/admin/audit'],
] as const;

/** Every schema a write endpoint accepts: a body passing any of them never goes with a valid token. */
const WRITE_SCHEMAS = [
  PushRequestSchema,
  LoginRequestSchema,
  CreateUserRequestSchema,
  ResetPasswordRequestSchema,
  RevokeDeviceRequestSchema,
  CreateInspectionRequestSchema,
  SetTeamRequestSchema,
  SetStatusRequestSchema,
  SettingsRequestSchema,
];

const odd = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '__proto__',
    'constructor',
    'prototype',
    'null',
    'undefined',
    'NaN',
    '-1',
    '1e999',
    '0x10',
    '%',
    '%zz',
    '%00',
    '..',
    '../..',
    '\u0000',
    '\u202e',
    '😀',
    'ﬀ',
    "' or 1=1 --",
    '<script>alert(1)</script>',
    'a'.repeat(5000),
  ),
  fc.string({ maxLength: 40 }),
  fc.uuid(),
  fc.integer().map(String),
  fc.double().map(String),
);

/** Values of the wrong type or shape for any field. */
const wrong: fc.Arbitrary<unknown> = fc.oneof(
  odd,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.uuid(),
  fc.array(odd, { maxLength: 3 }),
  fc.dictionary(odd, odd, { maxKeys: 3 }),
  fc.string({ minLength: 1000, maxLength: 20_000 }),
);

const deep = (depth: number, open: string, close: string, leaf: string) =>
  open.repeat(depth) + leaf + close.repeat(depth);

const bodies = (c: Cast): fc.Arbitrary<string | undefined> => {
  const real = fc.constantFrom(
    c.inspectionId,
    c.otherInspectionId,
    c.evidenceId,
    c.target.id,
    c.people.inspector.id,
    c.people.coordinator.id,
  );
  const idish = fc.oneof(real, wrong);
  const shaped = fc.oneof(
    fc.record(
      {
        clientId: idish,
        schemaVersion: fc.oneof(fc.constant(1), wrong),
        ops: fc.oneof(
          fc.array(
            fc.record(
              {
                opId: idish,
                entity: fc.oneof(fc.constantFrom('evidence', 'childCase', 'review'), wrong),
                entityId: idish,
                inspectionId: idish,
                kind: fc.oneof(fc.constantFrom('put', 'delete', 'resolve'), wrong),
                fields: fc.oneof(fc.dictionary(odd, wrong, { maxKeys: 4 }), wrong),
                base: fc.oneof(fc.dictionary(odd, wrong, { maxKeys: 3 }), wrong),
              },
              { requiredKeys: [] },
            ),
            { maxLength: 4 },
          ),
          wrong,
        ),
      },
      { requiredKeys: [] },
    ),
    fc.record(
      { username: fc.oneof(odd, wrong), password: fc.oneof(odd, wrong), deviceId: idish },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        username: fc.oneof(odd, wrong),
        name: wrong,
        inspectorate: fc.oneof(fc.constantFrom('ofsted', 'cqc'), wrong),
        admin: fc.oneof(fc.boolean(), wrong),
        password: wrong,
      },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        frameworkId: fc.oneof(fc.constantFrom('cp-joint-2012', 'lac-2012'), wrong),
        area: wrong,
        startsOn: fc.oneof(fc.constantFrom('2026-02-30', '2026-13-01', '20260301'), wrong),
        leadUserId: idish,
        memberUserIds: fc.oneof(fc.array(idish, { maxLength: 3 }), wrong),
      },
      { requiredKeys: [] },
    ),
    fc.record(
      {
        members: fc.oneof(
          fc.array(fc.record({ userId: idish, role: fc.oneof(odd, wrong) }), { maxLength: 3 }),
          wrong,
        ),
        status: fc.oneof(fc.constantFrom('fieldwork', 'closed', 'FIELDWORK'), wrong),
        idleLockMinutes: fc.oneof(fc.constantFrom(0, -1, 241, 1.5, 1e300), wrong),
        userId: idish,
      },
      { requiredKeys: [] },
    ),
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 6, arbitrary: shaped.map((v) => JSON.stringify(v)) },
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{"admin":true}}}',
        '{"\\u005f_proto__":{"admin":true}}',
        '{"ops":[{"fields":{"__proto__":{"text":"x"}},"base":{"__proto__":{"text":1}}}]}',
        '{"members":[{"__proto__":{"role":"lead"}}]}',
        '{"username":"a","password":"b","__proto__":null}',
      ),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.integer({ min: 100, max: 20_000 }),
          fc.constantFrom<[string, string, string]>(
            ['[', ']', '1'],
            ['{"a":', '}', '1'],
            ['{"ops":[', ']}', ''],
            ['[{"x":', '}]', 'null'],
          ),
        )
        .map(([depth, [open, close, leaf]]) => deep(depth, open, close, leaf)),
    },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.constantFrom(
          '',
          'null',
          '1',
          '"text"',
          'true',
          '[',
          '{',
          '{"a":1,}',
          'a=1&b=2',
          '\uFEFF{}',
        ),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(1024 * 1024 - 16, 1024 * 1024 + 1, 1_200_000)
        .map((n) => JSON.stringify({ clientId: 'x'.repeat(n) })),
    },
  );
};

const nearPath = (c: Cast): fc.Arbitrary<{ method: string; path: string }> => {
  const param = fc.oneof(
    fc.constantFrom(c.inspectionId, c.spareInspectionId, c.evidenceId, c.target.id, c.targetDevice),
    fc.constantFrom('evidence', 'childCase', 'review', 'inspection'),
    odd.map((s) => encodeURIComponent(s).slice(0, 300)),
    fc.constantFrom('%', '%zz', '%E0%A4%A', '..%2F..', '%00'),
  );
  const query = fc.oneof(
    fc.constant(''),
    fc.constantFrom(
      '?since=0&limit=1000',
      '?since=-1',
      '?since=1e999',
      '?limit=0',
      '?limit=10000000',
      '?since=1&since=2',
      '?since[a]=1',
      '?__proto__[admin]=true',
      '?limit=abc',
      '?schemaVersion=0',
      '?schemaVersion=99',
      '?limit=%',
    ),
    fc
      .array(fc.tuple(odd, odd), { maxLength: 4 })
      .map(
        (pairs) =>
          `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`,
      ),
  );
  const mutate = fc.constantFrom(
    'as-is',
    'as-is',
    'as-is',
    'slash',
    'upper',
    'extra',
    'double',
    'cut',
  );
  return fc
    .tuple(
      fc.constantFrom(...ROUTES),
      fc.array(param, { minLength: 2, maxLength: 2 }),
      mutate,
      query,
      fc.oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        {
          weight: 1,
          arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
        },
      ),
      odd,
    )
    .map(([[method, template], [p1, p2], how, q, otherMethod, extra]) => {
      let p = template.replace('{entity}', String(p1)).replace('{id}', String(p2));
      if (how === 'slash') p += '/';
      if (how === 'upper') p = p.toUpperCase();
      if (how === 'extra') p += `/${encodeURIComponent(extra).slice(0, 200)}`;
      if (how === 'double') p = p.replace('/api/', '/api//');
      if (how === 'cut') p = p.slice(0, p.lastIndexOf('/')) || '/';
      return { method: otherMethod ?? method, path: p + q };
    });
};

const printable = fc.string({ maxLength: 80 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));

const fuzzed = (c: Cast): fc.Arbitrary<Fuzzed> =>
  fc
    .record({
      route: nearPath(c),
      actor: fc.constantFrom<Fuzzed['actor']>(...ACTORS, 'garbage'),
      garbageAuth: fc.oneof(
        printable,
        printable.map((s) => `Bearer ${s}`),
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'bearer  x',
          'Basic dXNlcjpwYXNz',
          `Bearer ${'A'.repeat(44)}`,
        ),
      ),
      contentType: fc.constantFrom(
        undefined,
        'application/json',
        'application/json',
        'application/json; charset=utf-8',
        'application/merge-patch+json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin-99',
      ),
      extraHeaders: fc.dictionary(
        fc.constantFrom(
          'Accept',
          'Origin',
          'Cookie',
          'X-Forwarded-For',
          'If-None-Match',
          'X-Fieldbook',
        ),
        printable,
        { maxKeys: 2 },
      ),
      body: bodies(c),
    })
    .map(({ route, actor, garbageAuth, contentType, extraHeaders, body }) => ({
      method: route.method,
      path: route.path,
      actor,
      garbageAuth,
      headers: { ...extraHeaders, ...(contentType ? { 'Content-Type': contentType } : {}) },
      body: route.method === 'GET' || route.method === 'HEAD' ? undefined : body,
    }));

const isValidActor = (actor: Fuzzed['actor']) =>
  actor === 'outsider' || actor === 'inspector' || actor === 'lead' || actor === 'coordinator';

/** A valid token never goes with a body any write endpoint accepts, nor to sign-out. */
const noValidWrite = (r: Fuzzed): Fuzzed => {
  if (!isValidActor(r.actor) || r.method === 'GET' || r.method === 'HEAD' || r.method === 'OPTIONS')
    return r;
  if (/logout/i.test(decodeURIComponentSafe(r.path))) return { ...r, actor: 'forged' };
  let value: unknown;
  try {
    value = r.body === undefined ? undefined : JSON.parse(r.body);
  } catch {
    return r;
  }
  return WRITE_SCHEMAS.some((s) => s.safeParse(value).success) ? { ...r, actor: 'forged' } : r;
};
const decodeURIComponentSafe = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Every table a valid request could change, straight from the file (audit and last-seen aside). */
const dumpDatabase = (file: string) => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const all = (sql: string) => db.prepare(sql).all();
    return {
      users: all('select * from users order by id'),
      sessions: all('select * from sessions order by token_hash'),
      inspections: all('select * from inspections order by id'),
      team: all('select * from team_members order by inspection_id, user_id'),
      devices: all(
        'select user_id, device_id, key, created_at, revoked_at from device_keys order by user_id, device_id',
      ),
      settings: all('select * from settings order by name'),
      counters: all('select * from counters order by name'),
      rows: all('select * from rows order by id'),
      ops: all('select * from ops order by op_id'),
    };
  } finally {
    db.close();
  }
};

type Answer = { status: number; contentType: string; text: string };

describe('[S10] generated bad input over every endpoint', () => {
  let c: Cast;
  let server: Server;
  let port = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const tokens = new Map<ActorName, string | undefined>();

  beforeAll(async () => {
    c = await makeCast('sqlite');
    for (const actor of ACTORS) tokens.set(actor, await c.tokenOf(actor));
    server = createServer(c.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    agent.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await c.close();
  });

  const send = (r: Fuzzed): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const token = r.actor === 'garbage' ? undefined : tokens.get(r.actor);
      const authorization = r.actor === 'garbage' ? r.garbageAuth : token && `Bearer ${token}`;
      const req = request(
        {
          host: '127.0.0.1',
          port,
          agent,
          method: r.method,
          path: r.path,
          headers: {
            ...r.headers,
            ...(authorization ? { Authorization: authorization } : {}),
            // Node's client frames a DELETE or OPTIONS body only when told its length.
            ...(r.body === undefined ? {} : { 'Content-Length': Buffer.byteLength(r.body) }),
          },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          const contentType = String(res.headers['content-type'] ?? '');
          if (contentType.startsWith('text/event-stream')) {
            // An open event stream never ends by itself: hang up once it has answered.
            resolve({ status: res.statusCode ?? 0, contentType, text: '' });
            req.destroy();
            return;
          }
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              contentType,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timed out: ${r.method} ${r.path}`)));
      req.on('error', (error) => resolve({ status: 0, contentType: '', text: String(error) }));
      req.end(r.body);
    });

  /** What is wrong with an answer, or undefined when it is fine. */
  const problem = (r: Fuzzed, a: Answer): string | undefined => {
    if (a.status === 0) return `no answer (${a.text})`;
    if (a.status >= 500) return `${a.status}`;
    if (a.status < 400 || r.method === 'HEAD') return undefined;
    if (!a.contentType.startsWith('application/json')) return `error as ${a.contentType}`;
    try {
      if (!ErrorBodySchema.safeParse(JSON.parse(a.text)).success) return 'error not in S10 shape';
    } catch {
      return 'error body is not JSON';
    }
    return undefined;
  };

  it(`[S10] ${REQUESTS} requests: no 5xx, every error in S10's shape, the server keeps answering, the data unchanged`, async () => {
    const file = path.join(c.dataDir ?? '', SQLITE_FILE_NAME);
    const before = dumpDatabase(file);
    const requests = fc.sample(fuzzed(c), { seed: SEED, numRuns: REQUESTS }).map(noValidWrite);
    const byStatus = new Map<number, number>();
    const failures: string[] = [];
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < requests.length) {
        const r = requests[next++] as Fuzzed;
        const answer = await send(r);
        byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
        const wrong = problem(r, answer);
        if (wrong && failures.length < 20) {
          failures.push(
            `${wrong}: ${r.method} ${r.path.slice(0, 200)} as ${r.actor} body ${String(r.body).slice(0, 200)} → ${answer.text.slice(0, 300)}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `[fuzz] ${requests.length} requests in ${seconds.toFixed(1)} s (seed ${SEED}); by status: ${[
        ...byStatus,
      ]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(', ')}`,
    );
    expect(failures).toEqual([]);
    expect([...byStatus.values()].reduce((a, b) => a + b, 0)).toBe(REQUESTS);

    // Still alive and still itself: health answers and a signed-in read works.
    const health = await send({
      method: 'GET',
      path: '/healthz',
      actor: 'anonymous',
      garbageAuth: '',
      headers: {},
      body: undefined,
    });
    expect(health.status).toBe(200);
    const pull = await send({
      method: 'GET',
      path: '/api/sync/pull',
      actor: 'inspector',
      garbageAuth: '',
      headers: {},
      body: undefined,
    });
    expect(JSON.parse(pull.text).rows.map((row: { id: string }) => row.id)).toEqual([c.evidenceId]);
    expect(dumpDatabase(file)).toEqual(before);
  }, 120_000);
});
