import {
  ADMIN_ROUTES,
  API_PATHS,
  historyPath,
  PULL_AHEAD_HEADER,
  PULL_LEFT_HEADER,
  AdminInspectionsResponseSchema,
  AdminUserResponseSchema,
  AdminUsersResponseSchema,
  AuditResponseSchema,
  InspectionResponseSchema,
  PurgeResponseSchema,
  SettingsResponseSchema,
  ErrorBodySchema,
  LoginResponseSchema,
  MeResponseSchema,
  PullResponseSchema,
  PushResponseSchema,
  RecordHistorySchema,
  SYNC_EVENT_NAME,
  type LoginResponse,
  type MeResponse,
  type PullCursor,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type RecordHistory,
  type AdminUser,
  type RevocationMode,
  type AuditEntrySchema,
  type CreateInspectionRequestSchema,
  type CreateUserRequestSchema,
  type Inspection,
  type SetTeamRequestSchema,
  type LegalHoldRequestSchema,
  type SettingsRequestSchema,
  type SetContactsRequestSchema,
  type SetStatusRequestSchema,
} from '../domain';
import * as z from 'zod/mini';

/** Why a request failed, in terms the engine and the screens act on. */
export type TransportFailure =
  | { kind: 'offline' }
  | { kind: 'unauthorized'; message: string }
  /**
   * A coordinator revoked this device: its local data must be wiped (DESIGN.md §5). 'lost': at
   * once, sending nothing; 'retired': the server still takes its pushes, so sync sends first.
   */
  | { kind: 'device-revoked'; message: string; mode: RevocationMode }
  | { kind: 'client-too-old'; accepted: number[] }
  | { kind: 'rate-limited'; retryAfterMs: number; message: string }
  | {
      kind: 'rejected';
      status: number;
      code: string;
      message: string;
      /** For a 400: which fields failed (S10 `details.issues`), so a form can point at them. */
      issues?: { path: string; message: string }[];
    }
  | { kind: 'server'; status: number; message: string };

export class TransportError extends Error {
  override name = 'TransportError';
  constructor(readonly failure: TransportFailure) {
    super('message' in failure ? failure.message : failure.kind);
  }
}

export type PullPage = PullResponse & {
  /**
   * How far the server still had to go from the request's cursor, and from this page's `next`
   * (PULL_AHEAD_HEADER), when it said: lets a long first sync show real progress.
   */
  progress: { ahead: number; left: number } | null;
};

/** Everything the client asks of the server. The in-memory transport of the simulation tests implements the same type. */
export type Transport = {
  login(username: string, password: string, deviceId?: string): Promise<LoginResponse>;
  logout(token: string): Promise<void>;
  me(token: string): Promise<MeResponse>;
  push(token: string, request: PushRequest): Promise<PushResponse>;
  /** `since` is the cursor as the server last sent it (S6), or 0 for the beginning. */
  pull(token: string, since: PullCursor, limit: number, schemaVersion: number): Promise<PullPage>;
  /** The revision history of one record (team members only). */
  history(token: string, entity: string, id: string): Promise<RecordHistory>;
  /** Opens the server-sent hint stream; `onHint` runs on every `changed` event. Resolves when the stream ends. */
  events(token: string, onHint: () => void, signal: AbortSignal): Promise<void>;
  /** The coordinator's API (admins only). Optional so transports that never act as a coordinator need not stub it. */
  admin?: AdminTransport;
};

/** The coordinator's API (`src/domain/admin.ts`): each method parses the answer with the shared schema. */
export type AdminTransport = {
  listUsers(token: string): Promise<AdminUser[]>;
  createUser(token: string, request: z.infer<typeof CreateUserRequestSchema>): Promise<AdminUser>;
  /** Also ends the user's sessions; their next online sign-in recovers each device's data. */
  resetPassword(token: string, userId: string, password: string): Promise<void>;
  /** The device wipes its Fieldbook data on its next contact with the server. */
  revokeDevice(
    token: string,
    userId: string,
    deviceId: string,
    mode: RevocationMode,
  ): Promise<void>;
  listInspections(token: string): Promise<Inspection[]>;
  createInspection(
    token: string,
    request: z.infer<typeof CreateInspectionRequestSchema>,
  ): Promise<Inspection>;
  setTeam(
    token: string,
    inspectionId: string,
    request: z.infer<typeof SetTeamRequestSchema>,
  ): Promise<Inspection>;
  setStatus(
    token: string,
    inspectionId: string,
    status: z.infer<typeof SetStatusRequestSchema>['status'],
  ): Promise<Inspection>;
  /** §4.3: a retention date (YYYY-MM-DD), or null for the default. */
  setRetention(
    token: string,
    inspectionId: string,
    retainUntil: string | null,
  ): Promise<Inspection>;
  legalHold(
    token: string,
    inspectionId: string,
    request: z.infer<typeof LegalHoldRequestSchema>,
  ): Promise<Inspection>;
  purge(token: string): Promise<z.infer<typeof PurgeResponseSchema>['purged']>;
  /** The whole set of the authority's safeguarding numbers; one left out is cleared. */
  setContacts(
    token: string,
    inspectionId: string,
    contacts: z.infer<typeof SetContactsRequestSchema>,
  ): Promise<Inspection>;
  getSettings(token: string): Promise<AdminSettings>;
  setSettings(
    token: string,
    request: z.infer<typeof SettingsRequestSchema>,
  ): Promise<AdminSettings>;
  audit(token: string): Promise<z.infer<typeof AuditEntrySchema>[]>;
};
export type AdminSettings = z.infer<typeof SettingsResponseSchema>;

const IssuesSchema = z.array(z.object({ path: z.string(), message: z.string() }));

const failureOf = async (response: Response): Promise<TransportFailure> => {
  const parsed = ErrorBodySchema.safeParse(await response.json().catch(() => null));
  const message = parsed.success
    ? parsed.data.error.message
    : `The server answered ${response.status}`;
  const details = parsed.success ? parsed.data.error.details : undefined;
  if (response.status === 401) {
    return details?.reason === 'device-revoked'
      ? { kind: 'device-revoked', message, mode: details.mode === 'retired' ? 'retired' : 'lost' }
      : { kind: 'unauthorized', message };
  }
  if (response.status === 426) {
    const accepted = Array.isArray(details?.accepted) ? (details.accepted as number[]) : [];
    return { kind: 'client-too-old', accepted };
  }
  if (response.status === 429) {
    const seconds = Number(response.headers.get('Retry-After') ?? '60');
    return {
      kind: 'rate-limited',
      retryAfterMs: (Number.isFinite(seconds) ? seconds : 60) * 1000,
      message,
    };
  }
  if (response.status >= 500) return { kind: 'server', status: response.status, message };
  const issues = IssuesSchema.safeParse(details?.issues);
  return {
    kind: 'rejected',
    status: response.status,
    code: parsed.success ? parsed.data.error.code : 'unknown',
    message,
    ...(issues.success ? { issues: issues.data } : {}),
  };
};

export const createHttpTransport = (baseUrl = ''): Transport => {
  const request = async <S extends z.ZodMiniType>(
    path: string,
    schema: S,
    init: RequestInit & { token?: string } = {},
  ): Promise<{ data: z.infer<S>; response: Response }> => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
    if (init.body) headers.set('Content-Type', 'application/json');
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, { ...init, headers, cache: 'no-store' });
    } catch {
      throw new TransportError({ kind: 'offline' });
    }
    if (!response.ok) throw new TransportError(await failureOf(response));
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw new TransportError({
        kind: 'server',
        status: response.status,
        message: 'The server sent an answer this app does not understand',
      });
    }
    return { data: parsed.data, response };
  };

  // Answers the contract leaves unspecified (a reset, a revocation) are not relied on.
  const Anything = z.unknown();
  const send = (method: 'POST' | 'PUT', token: string, body: unknown) => ({
    method,
    token,
    body: JSON.stringify(body),
  });
  /** Every coordinator change to an inspection answers with the inspection as it now stands. */
  const changeInspection = async (
    path: string,
    method: 'POST' | 'PUT',
    token: string,
    body: unknown,
  ) => (await request(path, InspectionResponseSchema, send(method, token, body))).data.inspection;
  const admin: AdminTransport = {
    listUsers: async (token) =>
      (await request(ADMIN_ROUTES.users, AdminUsersResponseSchema, { token })).data.users,
    createUser: async (token, body) =>
      (await request(ADMIN_ROUTES.users, AdminUserResponseSchema, send('POST', token, body))).data
        .user,
    resetPassword: async (token, userId, password) => {
      await request(ADMIN_ROUTES.userPassword(userId), Anything, send('POST', token, { password }));
    },
    revokeDevice: async (token, userId, deviceId, mode) => {
      await request(
        ADMIN_ROUTES.revokeDevice(deviceId),
        Anything,
        send('POST', token, { userId, mode }),
      );
    },
    listInspections: async (token) =>
      (await request(ADMIN_ROUTES.inspections, AdminInspectionsResponseSchema, { token })).data
        .inspections,
    createInspection: async (token, body) =>
      changeInspection(ADMIN_ROUTES.inspections, 'POST', token, body),
    setTeam: async (token, id, body) =>
      changeInspection(ADMIN_ROUTES.inspectionTeam(id), 'PUT', token, body),
    setRetention: async (token, id, retainUntil) =>
      changeInspection(ADMIN_ROUTES.inspectionRetention(id), 'PUT', token, { retainUntil }),
    legalHold: async (token, id, body) =>
      changeInspection(ADMIN_ROUTES.inspectionLegalHold(id), 'POST', token, body),
    purge: async (token) =>
      (await request(ADMIN_ROUTES.purge, PurgeResponseSchema, send('POST', token, {}))).data.purged,
    setStatus: async (token, id, status) =>
      changeInspection(ADMIN_ROUTES.inspectionStatus(id), 'PUT', token, { status }),
    setContacts: async (token, id, contacts) =>
      changeInspection(ADMIN_ROUTES.inspectionContacts(id), 'PUT', token, contacts),
    getSettings: async (token) =>
      (await request(ADMIN_ROUTES.settings, SettingsResponseSchema, { token })).data,
    setSettings: async (token, body) =>
      (await request(ADMIN_ROUTES.settings, SettingsResponseSchema, send('PUT', token, body))).data,
    audit: async (token) =>
      (await request(ADMIN_ROUTES.audit, AuditResponseSchema, { token })).data.entries,
  };

  return {
    admin,
    login: async (username, password, deviceId) =>
      (
        await request(API_PATHS.login, LoginResponseSchema, {
          method: 'POST',
          body: JSON.stringify({ username, password, deviceId }),
        })
      ).data,
    logout: async (token) => {
      try {
        await fetch(`${baseUrl}${API_PATHS.logout}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}` },
        });
      } catch {
        // Offline: the token stays valid on the server until it expires or a coordinator revokes it.
      }
    },
    me: async (token) => (await request(API_PATHS.me, MeResponseSchema, { token })).data,
    push: async (token, body) =>
      (
        await request(API_PATHS.push, PushResponseSchema, {
          method: 'POST',
          token,
          body: JSON.stringify(body),
        })
      ).data,
    pull: async (token, since, limit, schemaVersion) => {
      const query = new URLSearchParams({
        since: String(since),
        limit: String(limit),
        schemaVersion: String(schemaVersion),
      });
      const { data, response } = await request(`${API_PATHS.pull}?${query}`, PullResponseSchema, {
        token,
      });
      const count = (header: string) => {
        const text = response.headers.get(header);
        const value = text === null ? NaN : Number(text);
        return Number.isSafeInteger(value) && value >= 0 ? value : null;
      };
      const ahead = count(PULL_AHEAD_HEADER);
      const left = count(PULL_LEFT_HEADER);
      return { ...data, progress: ahead !== null && left !== null ? { ahead, left } : null };
    },
    history: async (token, entity, id) =>
      (await request(historyPath(entity, id), RecordHistorySchema, { token })).data,
    events: async (token, onHint, signal) => {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${API_PATHS.events}`, {
          headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
          cache: 'no-store',
          signal,
        });
      } catch {
        throw new TransportError({ kind: 'offline' });
      }
      if (!response.ok || !response.body) throw new TransportError(await failureOf(response));
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          // Events are separated by a blank line; only `changed` events matter, heartbeats are comments.
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (event.split('\n').some((line) => line === `event: ${SYNC_EVENT_NAME}`)) onHint();
          }
        }
      } catch {
        if (!signal.aborted) throw new TransportError({ kind: 'offline' });
      }
    },
  };
};
