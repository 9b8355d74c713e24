import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROUTES } from '../../src/domain/admin';
import { ErrorBodySchema, SCHEMA_VERSION } from '../../src/domain/protocol';
import { ACTORS, dataDump, makeCast, type ActorName, type Cast } from './actors';
import { evidenceFields, notePgSkipped, op, storeKinds } from './world';

/**
 * Issue 5 / DESIGN.md §4 S8, S10, §5: every endpoint × every kind of caller, with the answer each
 * must get, and no byte of an inspection's data in a body sent to anyone outside its team.
 */
notePgSkipped('authorization matrix');

type Endpoint = {
  name: string;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT';
  path: (c: Cast) => string;
  body?: (c: Cast, actor: ActorName) => unknown;
  /** The expected status for each actor, in ACTORS order. */
  expect: readonly number[];
  check?: (c: Cast, actor: ActorName, body: unknown) => void;
};

//            anon forged outsider inspector lead coord revoked ended
const SIGNED_IN = [401, 401, 200, 200, 200, 200, 401, 401] as const;
const ADMIN_OK = [401, 401, 403, 403, 403, 200, 401, 401] as const;
const ADMIN_CREATED = [401, 401, 403, 403, 403, 201, 401, 401] as const;

type PushResult = { status: string; reason?: string };
type PullBody = { rows: { inspectionId: string; id: string }[] };

const ENDPOINTS: Endpoint[] = [
  { name: 'GET /healthz', method: 'GET', path: () => '/healthz', expect: Array(8).fill(200) },
  {
    name: 'POST /api/auth/login',
    method: 'POST',
    path: () => '/api/auth/login',
    body: (c, actor) =>
      actor === 'anonymous'
        ? { username: 'nobody-at-all', password: 'not-a-password' }
        : actor === 'forged'
          ? { username: c.people.inspector.username, password: 'not-the-password' }
          : {
              username: c.people[actor].username,
              password: c.password,
              ...(actor === 'revokedDevice' ? { deviceId: c.lostDevice } : {}),
            },
    expect: [401, 401, 200, 200, 200, 200, 401, 200],
  },
  {
    name: 'POST /api/auth/logout',
    method: 'POST',
    path: () => '/api/auth/logout',
    expect: SIGNED_IN,
  },
  {
    name: 'GET /api/me',
    method: 'GET',
    path: () => '/api/me',
    expect: SIGNED_IN,
    check: (c, actor, body) => {
      const ids = (body as { inspections: { id: string }[] }).inspections.map((i) => i.id);
      const expected = {
        outsider: [c.otherInspectionId],
        inspector: [c.inspectionId],
        lead: [c.inspectionId],
        coordinator: [],
      }[actor as 'outsider' | 'inspector' | 'lead' | 'coordinator'];
      expect(ids).toEqual(expected);
    },
  },
  {
    name: 'POST /api/sync/push',
    method: 'POST',
    path: () => '/api/sync/push',
    body: (c) => ({
      clientId: randomUUID(),
      schemaVersion: SCHEMA_VERSION,
      ops: [op(c.inspectionId, { entity: 'evidence', fields: evidenceFields({ text: 'matrix' }) })],
    }),
    expect: SIGNED_IN,
    check: (_c, actor, body) => {
      const [result] = (body as { results: PushResult[] }).results;
      // S8: only the team writes to its inspection; anyone else's op is rejected, not stored.
      if (actor === 'inspector' || actor === 'lead') expect(result?.status).toBe('applied');
      else expect(result).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    },
  },
  {
    name: 'GET /api/sync/pull',
    method: 'GET',
    path: () => '/api/sync/pull?since=0&limit=1000',
    expect: SIGNED_IN,
    check: (c, actor, body) => {
      const rows = (body as PullBody).rows;
      const mine = {
        outsider: c.otherInspectionId,
        inspector: c.inspectionId,
        lead: c.inspectionId,
      }[actor as 'outsider' | 'inspector' | 'lead'];
      // S8: every row pulled is of an inspection the caller is on; the coordinator is on none.
      expect(rows.filter((r) => r.inspectionId !== mine)).toEqual([]);
      if (mine) expect(rows.length).toBeGreaterThan(0);
    },
  },
  {
    name: 'GET /api/sync/events',
    method: 'GET',
    path: () => '/api/sync/events',
    expect: SIGNED_IN,
  },
  // Regression from the bad-input run: a HEAD on the stream used to hang without an answer.
  {
    name: 'HEAD /api/sync/events',
    method: 'HEAD',
    path: () => '/api/sync/events',
    expect: SIGNED_IN,
  },
  {
    name: 'GET /api/records/evidence/:id/history (this inspection)',
    method: 'GET',
    path: (c) => `/api/records/evidence/${c.evidenceId}/history`,
    expect: [401, 401, 403, 200, 200, 403, 401, 401],
  },
  {
    name: 'GET /api/records/evidence/:id/history (the other inspection)',
    method: 'GET',
    path: (c) => `/api/records/evidence/${c.otherEvidenceId}/history`,
    expect: [401, 401, 200, 403, 403, 403, 401, 401],
  },
  { name: 'GET admin users', method: 'GET', path: () => ADMIN_ROUTES.users, expect: ADMIN_OK },
  {
    name: 'POST admin users',
    method: 'POST',
    path: () => ADMIN_ROUTES.users,
    body: (c) => ({
      username: `new-${randomUUID().slice(0, 8)}`,
      name: 'New Person',
      inspectorate: 'hmic',
      admin: false,
      password: c.password,
    }),
    expect: ADMIN_CREATED,
  },
  {
    name: 'POST admin users/:id/password',
    method: 'POST',
    path: (c) => ADMIN_ROUTES.userPassword(c.target.id),
    body: () => ({ password: 'a-new-long-passphrase' }),
    expect: ADMIN_OK,
  },
  {
    name: 'POST admin devices/:deviceId/revoke',
    method: 'POST',
    path: (c) => ADMIN_ROUTES.revokeDevice(c.targetDevice),
    body: (c) => ({ userId: c.target.id, mode: 'lost' }),
    expect: ADMIN_OK,
  },
  {
    name: 'GET admin inspections',
    method: 'GET',
    path: () => ADMIN_ROUTES.inspections,
    expect: ADMIN_OK,
  },
  {
    name: 'POST admin inspections',
    method: 'POST',
    path: () => ADMIN_ROUTES.inspections,
    body: (c) => ({
      frameworkId: 'lac-2012',
      area: 'Matrix',
      startsOn: '2026-06-01',
      leadUserId: c.target.id,
      memberUserIds: [],
    }),
    expect: ADMIN_CREATED,
  },
  {
    name: 'PUT admin inspections/:id/team',
    method: 'PUT',
    path: (c) => ADMIN_ROUTES.inspectionTeam(c.spareInspectionId),
    body: (c) => ({ members: [{ userId: c.target.id, role: 'lead' }] }),
    expect: ADMIN_OK,
  },
  {
    name: 'PUT admin inspections/:id/status',
    method: 'PUT',
    path: (c) => ADMIN_ROUTES.inspectionStatus(c.spareInspectionId),
    body: () => ({ status: 'fieldwork' }),
    expect: ADMIN_OK,
  },
  {
    name: 'PUT admin inspections/:id/retention',
    method: 'PUT',
    path: (c) => ADMIN_ROUTES.inspectionRetention(c.spareInspectionId),
    body: () => ({ retainUntil: null }),
    expect: ADMIN_OK,
  },
  {
    // Set, never lifted here: each cell that may do it sets it again, which is allowed.
    name: 'POST admin inspections/:id/legal-hold',
    method: 'POST',
    path: (c) => ADMIN_ROUTES.inspectionLegalHold(c.spareInspectionId),
    body: () => ({ action: 'set', reason: 'Authorization matrix' }),
    expect: ADMIN_OK,
  },
  {
    name: 'POST admin purge',
    method: 'POST',
    path: () => ADMIN_ROUTES.purge,
    body: () => ({}),
    expect: ADMIN_OK,
  },
  {
    name: 'GET admin settings',
    method: 'GET',
    path: () => ADMIN_ROUTES.settings,
    expect: ADMIN_OK,
  },
  {
    name: 'PUT admin settings',
    method: 'PUT',
    path: () => ADMIN_ROUTES.settings,
    body: () => ({ idleLockMinutes: 15 }),
    expect: ADMIN_OK,
  },
  {
    name: 'GET admin audit',
    method: 'GET',
    path: () => `${ADMIN_ROUTES.audit}?limit=1000`,
    expect: ADMIN_OK,
  },
  {
    name: 'GET an unknown admin path',
    method: 'GET',
    path: () => '/api/admin/nothing-here',
    expect: [401, 401, 403, 403, 403, 404, 401, 401],
  },
];

/** 401s are S10's; the coordinator's routes are admins-only (DESIGN.md §5); the rest is S8. */
const ruleOf = (endpoint: Endpoint, status: number) =>
  status === 401
    ? '[S10]'
    : endpoint.name.includes('admin')
      ? '[§5] [S10]'
      : endpoint.name.includes('healthz') || endpoint.name.includes('auth/')
        ? '[§4.2]'
        : '[S8]';

const CELLS = ENDPOINTS.flatMap((endpoint) =>
  ACTORS.map((actor, i) => {
    const status = endpoint.expect[i] ?? 0;
    return {
      endpoint,
      actor,
      status,
      title: `${ruleOf(endpoint, status)} ${endpoint.name} as ${actor} → ${status}`,
    };
  }),
);

describe.each(storeKinds())('authorization matrix on %s', (kind) => {
  let c: Cast;
  let server: Server;
  let base = '';

  beforeAll(async () => {
    c = await makeCast(kind);
    server = createServer(c.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await c.close();
  });

  for (const { endpoint, actor, status, title } of CELLS)
    it(title, async () => {
      const token = await c.tokenOf(actor);
      const body = endpoint.body?.(c, actor);
      const refused = status >= 400 && endpoint.name !== 'POST /api/auth/login';
      const before = refused ? await dataDump(c.store) : undefined;
      const abort = new AbortController();
      const res = await fetch(`${base}${endpoint.path(c)}`, {
        method: endpoint.method,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: abort.signal,
      });
      expect(res.status).toBe(status);
      if (endpoint.name === 'GET /api/sync/events' && status === 200) {
        // A stream: its first bytes are a comment, never data; then hang up.
        expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
        abort.abort();
        return;
      }
      if (endpoint.method === 'HEAD') {
        expect(await res.text()).toBe('');
        return;
      }
      const text = await res.text();
      for (const phrase of c.forbiddenPhrases(actor)) expect(text).not.toContain(phrase);
      if (status >= 400) {
        const error = ErrorBodySchema.parse(JSON.parse(text)).error;
        expect(error.code).toBe(
          { 401: 'unauthorized', 403: 'forbidden', 404: 'not-found' }[status as 401 | 403 | 404],
        );
        // The app wipes itself on this reason, so it is only ever given to the revoked device.
        if (actor === 'revokedDevice') expect(error.details?.reason).toBe('device-revoked');
        else expect(error.details?.reason).toBeUndefined();
        if (before) expect(await dataDump(c.store)).toEqual(before);
        return;
      }
      endpoint.check?.(c, actor, JSON.parse(text));
    });
});
