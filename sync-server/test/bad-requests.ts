import fc from 'fast-check';
import {
  CreateInspectionRequestSchema,
  CreateUserRequestSchema,
  ResetPasswordRequestSchema,
  RevokeDeviceRequestSchema,
  SetStatusRequestSchema,
  SetTeamRequestSchema,
  SettingsRequestSchema,
} from '../../src/domain/admin';
import { LoginRequestSchema, PushRequestSchema } from '../../src/domain/protocol';
import { ACTORS, type ActorName, type Cast } from './actors';

/**
 * The generators of fuzz-bad-input.test.ts: requests near the real ones, drawn by fast-check.
 * Methods and paths (case, slashes, extra or cut segments, odd ids and percent-encodings), query
 * strings, headers, the token of any actor or garbage, and bodies: shaped like each endpoint's
 * but with wrong types, any JSON, prototype keys, deep nesting, non-JSON and oversized text.
 */
export type Fuzzed = {
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
    'evidence\u0000',
    'put\u0000',
    'ofsted\u0000',
    'lead\u0000',
    '00000000-0000-4000-8000-000000000000\u0000',
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

/** S10: just past the 32-level limit, as a value inside an otherwise ordinary body. */
const nestedValue = fc
  .tuple(fc.integer({ min: 30, max: 60 }), fc.boolean())
  .map(([levels, arrays]) => {
    let value: unknown = 'x';
    for (let i = 0; i < levels; i++) value = arrays ? [value] : { a: value };
    return value;
  });

/** Numbers past what any field holds: JSON.stringify keeps them (1e999 is raw text, below). */
const hugeNumber = fc.constantFrom(
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  5e-324,
  2 ** 63,
);

/** Values of the wrong type or shape for any field. */
const wrong: fc.Arbitrary<unknown> = fc.oneof(
  odd,
  hugeNumber,
  nestedValue,
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
  // A NUL glued to a real id: it must never reach PostgreSQL as a query parameter (S10).
  const realWithNul = fc
    .constantFrom(c.inspectionId, c.evidenceId, c.target.id)
    .map((value) => `${value}\u0000`);
  const real = fc.constantFrom(
    c.inspectionId,
    c.otherInspectionId,
    c.evidenceId,
    c.target.id,
    c.people.inspector.id,
    c.people.coordinator.id,
  );
  const idish = fc.oneof(real, realWithNul, wrong);
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
      weight: 1,
      // Numbers JSON.stringify cannot write: they parse to Infinity or lose precision.
      arbitrary: fc
        .tuple(
          fc.constantFrom('1e999', '-1e999', '123456789012345678901234567890', '1e-999', '-0'),
          fc.constantFrom('schemaVersion', 'idleLockMinutes', 'limit', 'caseRef'),
        )
        .map(
          ([n, key]) =>
            `{"${key}":${n},"clientId":"${c.inspectionId}","ops":[{"opId":"${c.evidenceId}","base":{"text":${n}}}]}`,
        ),
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

export const fuzzed = (c: Cast): fc.Arbitrary<Fuzzed> =>
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
export const noValidWrite = (r: Fuzzed): Fuzzed => {
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
