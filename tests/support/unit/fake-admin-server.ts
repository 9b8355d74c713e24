import {
  CreateInspectionRequestSchema,
  CreateUserRequestSchema,
  LegalHoldRequestSchema,
  purgeIsDue,
  ResetPasswordRequestSchema,
  retentionOf,
  SetRetentionRequestSchema,
  SetTeamRequestSchema,
  SetContactsRequestSchema,
  SetStatusRequestSchema,
  SettingsRequestSchema,
  type AdminUser,
  type Inspection,
  type Retention,
} from '../../../src/domain';
import { TransportError, type Transport, type TransportFailure } from '../../../src/sync';
import type { AdminApi } from '../../../src/features/admin/admin-api';

/**
 * Test support: an in-memory coordinator API behind the Transport type, validating requests with
 * the shared schemas as the server does, so the screens can be driven without a network.
 */
export const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

type Entry = Awaited<ReturnType<AdminApi['audit']>>[number];
type Issue = { path: PropertyKey[]; message: string };

const badRequest = (issues: readonly Issue[] | { path: string; message: string }[]) =>
  new TransportError({
    kind: 'rejected',
    status: 400,
    code: 'bad-request',
    message: 'The request is not valid',
    issues: issues.map((i) => ({
      path: typeof i.path === 'string' ? i.path : i.path.map(String).join('.'),
      message: i.message,
    })),
  });

const parse = <T>(
  schema: {
    safeParse: (
      v: unknown,
    ) => { success: true; data: T } | { success: false; error: { issues: Issue[] } };
  },
  value: unknown,
): T => {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(result.error.issues);
  return result.data;
};

export const createFakeAdminServer = (seed: { users: AdminUser[]; inspections?: Inspection[] }) => {
  const state = {
    users: structuredClone(seed.users),
    inspections: structuredClone(seed.inspections ?? []),
    settings: { idleLockMinutes: 10 },
    audit: [] as Entry[],
    passwords: new Map<string, string>(),
    /** Every admin call, by method name, so a test can say what did (or did not) reach the server. */
    calls: [] as string[],
    /** When set, every call fails like this (no connection, not a coordinator). */
    failure: null as TransportFailure | null,
    /** When set, only the calls named here fail like `failure` (one list of a screen failing). */
    failOnly: null as readonly string[] | null,
  };
  let next = 100;
  const audit = (kind: string, detail: Record<string, unknown>) =>
    state.audit.unshift({
      at: `2026-11-26T10:${String(next % 60).padStart(2, '0')}:00.000Z`,
      kind,
      userId: uuid(1),
      username: 'coordinator',
      address: '10.0.0.5',
      detail,
    });
  const call = async <T>(name: string, run: () => T): Promise<T> => {
    state.calls.push(name);
    await Promise.resolve();
    if (state.failure && (!state.failOnly || state.failOnly.includes(name)))
      throw new TransportError(state.failure);
    return structuredClone(run());
  };
  const inspection = (id: string) => {
    const found = state.inspections.find((i) => i.id === id);
    if (!found)
      throw new TransportError({
        kind: 'rejected',
        status: 404,
        code: 'not-found',
        message: 'No such inspection',
      });
    return found;
  };
  const member = (userId: string, role: 'lead' | 'inspector') => {
    const user = state.users.find((u) => u.id === userId)!;
    return { userId, name: user.name, inspectorate: user.inspectorate, role };
  };

  const admin: AdminApi = {
    listUsers: () => call('listUsers', () => state.users),
    createUser: (_token, body) =>
      call('createUser', () => {
        const request = parse(CreateUserRequestSchema, body);
        if (state.users.some((u) => u.username === request.username.toLowerCase()))
          throw badRequest([{ path: 'username', message: 'That username is already taken' }]);
        const { password, ...user } = request;
        const id = uuid(++next);
        state.passwords.set(id, password);
        const created: AdminUser = {
          ...user,
          username: user.username.toLowerCase(),
          id,
          createdAt: '2026-11-26T10:00:00.000Z',
          devices: [],
        };
        state.users.push(created);
        audit('user-created', { username: request.username });
        return created;
      }),
    resetPassword: (_token, userId, password) =>
      call('resetPassword', () => {
        parse(ResetPasswordRequestSchema, { password });
        state.passwords.set(userId, password);
        audit('password-reset', { userId });
      }),
    revokeDevice: (_token, userId, deviceId, mode) =>
      call('revokeDevice', () => {
        const device = state.users
          .find((u) => u.id === userId)
          ?.devices.find((d) => d.deviceId === deviceId);
        if (device)
          Object.assign(device, { revokedAt: '2026-11-26T10:30:00.000Z', revokeMode: mode });
        audit('device-revoked', { deviceId, mode });
      }),
    listInspections: () => call('listInspections', () => state.inspections),
    createInspection: (_token, body) =>
      call('createInspection', () => {
        const request = parse(CreateInspectionRequestSchema, body);
        const created: Inspection = {
          id: uuid(++next),
          frameworkId: request.frameworkId,
          area: request.area,
          startsOn: request.startsOn,
          endsOn: request.endsOn ?? '2026-12-11',
          status: 'planned',
          team: [
            member(request.leadUserId, 'lead'),
            ...request.memberUserIds.map((id) => member(id, 'inspector')),
          ],
          retention: retentionOf({
            reportedAt: null,
            retainUntil: null,
            legalHold: null,
            purgedAt: null,
          }),
        };
        state.inspections.push(created);
        audit('inspection-created', { area: request.area });
        return created;
      }),
    setTeam: (_token, id, body) =>
      call('setTeam', () => {
        const request = parse(SetTeamRequestSchema, body);
        const found = inspection(id);
        found.team = request.members.map((m) => member(m.userId, m.role));
        return found;
      }),
    setStatus: (_token, id, status) =>
      call('setStatus', () => {
        const request = parse(SetStatusRequestSchema, { status });
        const found = inspection(id);
        found.status = request.status;
        // As the server does: becoming reported starts the retention clock; leaving it stops it.
        const reportedAt =
          request.status === 'reported' ? (found.retention?.reportedAt ?? FAKE_NOW) : null;
        found.retention = retentionOf({ ...retentionIn(found), reportedAt });
        return found;
      }),
    setRetention: (_token, id, retainUntil) =>
      call('setRetention', () => {
        const request = parse(SetRetentionRequestSchema, { retainUntil });
        const found = inspection(id);
        found.retention = retentionOf({ ...retentionIn(found), retainUntil: request.retainUntil });
        audit('retention-set', { inspectionId: id, retainUntil });
        return found;
      }),
    legalHold: (_token, id, body) =>
      call('legalHold', () => {
        const request = parse(LegalHoldRequestSchema, body);
        const found = inspection(id);
        const legalHold =
          request.action === 'set'
            ? { reason: request.reason, since: '2026-11-26T10:30:00.000Z', by: 'coordinator' }
            : null;
        found.retention = retentionOf({ ...retentionIn(found), legalHold });
        audit(request.action === 'set' ? 'legal-hold-set' : 'legal-hold-lifted', {
          inspectionId: id,
          reason: request.reason,
        });
        return found;
      }),
    purge: () =>
      call('purge', () =>
        state.inspections
          .filter((i) => i.retention && purgeIsDue(i.retention, Date.parse(FAKE_NOW)))
          .map((i) => {
            i.retention = {
              ...retentionIn(i),
              purgeOn: i.retention?.purgeOn ?? null,
              purgedAt: FAKE_NOW,
            };
            audit('inspection-purged', { inspectionId: i.id });
            return { inspectionId: i.id, area: i.area, rows: 0, ops: 0 };
          }),
      ),
    setContacts: (_token, id, contacts) =>
      call('setContacts', () => {
        const request = parse(SetContactsRequestSchema, contacts);
        const found = inspection(id);
        found.contacts = Object.fromEntries(Object.entries(request).filter(([, phone]) => phone));
        return found;
      }),
    getSettings: () => call('getSettings', () => state.settings),
    setSettings: (_token, body) =>
      call('setSettings', () => {
        state.settings = parse(SettingsRequestSchema, body);
        return state.settings;
      }),
    audit: () => call('audit', () => state.audit),
  };
  const unused = () => Promise.reject(new Error('not part of the coordinator screens'));
  const transport: Transport = {
    login: unused,
    logout: () => Promise.resolve(),
    me: unused,
    push: unused,
    pull: unused,
    history: unused,
    events: () => Promise.resolve(),
    admin,
  };
  return { state, transport };
};

/** The fake's "now" for purges: the day the other fake timestamps use. */
const FAKE_NOW = '2026-11-26T10:30:00.000Z';
const retentionIn = (i: Inspection): Omit<Retention, 'purgeOn'> => ({
  reportedAt: i.retention?.reportedAt ?? null,
  retainUntil: i.retention?.retainUntil ?? null,
  legalHold: i.retention?.legalHold ?? null,
  purgedAt: i.retention?.purgedAt ?? null,
});
