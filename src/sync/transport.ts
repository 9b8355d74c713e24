import * as z from 'zod/mini';
import {
  API_PATHS,
  ErrorBodySchema,
  historyPath,
  PULL_AHEAD_HEADER,
  PULL_LEFT_HEADER,
  LoginResponseSchema,
  MeResponseSchema,
  PullEnvelopeSchema,
  PullRowsSchema,
  PushResponseSchema,
  RecordHistorySchema,
  SYNC_EVENT_NAME,
  type LoginResponse,
  type MeResponse,
  type PullCursor,
  type PullResponse,
  type SyncRow,
  type PushRequest,
  type PushResponse,
  type RecordHistory,
} from '../domain';
import { createAdminTransport, type AdminTransport, type JsonRequest } from './admin-transport';
import { TransportError, type TransportFailure } from './transport-errors';

export { TransportError, type TransportFailure } from './transport-errors';
export type { AdminSettings, AdminTransport } from './admin-transport';

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
  /**
   * Opens the server-sent hint stream; `onHint` runs on every `changed` event, `onOpen` once the
   * server has accepted the stream. Resolves when the stream ends.
   */
  events(
    token: string,
    onHint: () => void,
    signal: AbortSignal,
    onOpen?: () => void,
  ): Promise<void>;
  /** The coordinator's API (admins only). Optional so transports that never act as a coordinator need not stub it. */
  admin?: AdminTransport;
};

const IssuesSchema = z.array(z.object({ path: z.string(), message: z.string() }));

/** What an error answer (S10) means for the engine and the screens. */
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

/** The one place a request goes over the network (STYLE.md 4), for the sync calls and the coordinator's. */
const jsonRequester =
  (baseUrl: string): JsonRequest =>
  async (path, schema, init = {}) => {
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
    if (!parsed.success) throw notUnderstood(response);
    return { data: parsed.data, response };
  };

const notUnderstood = (response: Response) =>
  new TransportError({
    kind: 'server',
    status: response.status,
    message: 'The server sent an answer this app does not understand',
  });

/** Rows of a pull page checked at a time: a whole page of 1,000 at once was one long task. */
const CHECK_SLICE_ROWS = 250;

export const createHttpTransport = (baseUrl = ''): Transport => {
  const request = jsonRequester(baseUrl);
  const admin = createAdminTransport(request);

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
      const { data, response } = await request(`${API_PATHS.pull}?${query}`, PullEnvelopeSchema, {
        token,
      });
      const rows: SyncRow[] = [];
      for (let from = 0; from < data.rows.length; from += CHECK_SLICE_ROWS) {
        // Each slice in a task of its own, the first after the one that parsed the JSON.
        await new Promise((resolve) => setTimeout(resolve, 0));
        const slice = PullRowsSchema.safeParse(data.rows.slice(from, from + CHECK_SLICE_ROWS));
        if (!slice.success) throw notUnderstood(response);
        for (const row of slice.data) rows.push(row);
      }
      const count = (header: string) => {
        const text = response.headers.get(header);
        const value = text === null ? NaN : Number(text);
        return Number.isSafeInteger(value) && value >= 0 ? value : null;
      };
      const ahead = count(PULL_AHEAD_HEADER);
      const left = count(PULL_LEFT_HEADER);
      const progress = ahead !== null && left !== null ? { ahead, left } : null;
      return { rows, next: data.next, hasMore: data.hasMore, progress };
    },
    history: async (token, entity, id) =>
      (await request(historyPath(entity, id), RecordHistorySchema, { token })).data,
    events: async (token, onHint, signal, onOpen) => {
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
      onOpen?.();
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
