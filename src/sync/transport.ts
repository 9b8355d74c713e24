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
  plainSyncRow,
  RecordHistorySchema,
  SYNC_EVENT_NAME,
  SYNC_HEARTBEAT_SECONDS,
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
import { realTimers, type Timers } from './timers';
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

/**
 * How long a request waits for its answer to begin. Express sends the headers with the body once
 * the handler has built it, so this covers the server's work: a 1,000-row pull page takes ~125 ms
 * and a 500-op push ~60 ms on the bench (tests/bench/README.md), so 30 s leaves a loaded server
 * and a link losing packets (TCP's retransmissions back off to 16 s and beyond) a hundred times
 * that. Past it, hotel Wi-Fi that silently drops everything, or a captive portal that takes the
 * connection and never answers, is taken for what it is: no connection (S7 backoff, "Offline").
 */
export const ANSWER_WAIT_MS = 30_000;
/**
 * A body goes up before its answer can begin, and fetch tells nothing of its progress: the wait
 * grows by the time the body takes at 8 KB/s (64 kbit/s, a poor 2G link), so a full 0.8 MB push
 * after a day offline gets ~100 s more. Counted in characters: JSON of mostly ASCII text.
 */
const SLOWEST_UPLOAD_CHARS_PER_MS = 8;
/**
 * An answer whose body stops arriving: no byte for this long. Any byte re-arms it, so a large
 * pull page coming slowly is never cut off while it moves.
 */
export const BODY_STALL_MS = 30_000;
/**
 * An open event stream with no byte for this long is dead (Wi-Fi gone without the socket
 * closing): two heartbeats missed and ten seconds more, so one late heartbeat never cuts a
 * healthy stream. It then ends as `offline`, and the triggers sync at once and reconnect.
 */
export const EVENTS_STALL_MS = (2 * SYNC_HEARTBEAT_SECONDS + 10) * 1000;

const offline = () => new TransportError({ kind: 'offline' });

/**
 * One request over the network, cut off (aborted) when its answer does not begin within `waitMs`;
 * after that, each `progress(ms)` (a byte arrived) gives it `ms` more. `outer` (the caller's own
 * signal) aborts it too. `done` must be called when the request is over.
 */
const send = async (
  timers: Timers,
  url: string,
  init: RequestInit,
  waitMs: number,
  outer?: AbortSignal,
) => {
  const controller = new AbortController();
  let timer: unknown = null;
  const arm = (ms: number) => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => controller.abort(), ms);
  };
  const onOuter = () => controller.abort();
  outer?.addEventListener('abort', onOuter);
  if (outer?.aborted) controller.abort();
  const done = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    outer?.removeEventListener('abort', onOuter);
  };
  arm(waitMs);
  try {
    const response = await fetch(url, { ...init, cache: 'no-store', signal: controller.signal });
    return { response, progress: arm, done };
  } catch {
    done();
    throw offline();
  }
};

/** The whole body as text, re-arming the stall timer on every chunk; a body cut off is `offline`. */
const readBody = async (response: Response, progress: (ms: number) => void): Promise<string> => {
  if (!response.body) return '';
  progress(BODY_STALL_MS);
  const watched = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, controller) => {
        progress(BODY_STALL_MS);
        controller.enqueue(chunk);
      },
    }),
  );
  try {
    return await new Response(watched).text();
  } catch {
    throw offline();
  }
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** What an error answer (S10), its body already read, means for the engine and the screens. */
const failureOf = (response: Response, body: unknown): TransportFailure => {
  const parsed = ErrorBodySchema.safeParse(body);
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
  (baseUrl: string, timers: Timers): JsonRequest =>
  async (path, schema, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
    if (init.body) headers.set('Content-Type', 'application/json');
    const chars = typeof init.body === 'string' ? init.body.length : 0;
    const waitMs = ANSWER_WAIT_MS + chars / SLOWEST_UPLOAD_CHARS_PER_MS;
    const { response, progress, done } = await send(
      timers,
      `${baseUrl}${path}`,
      { ...init, headers },
      waitMs,
      init.signal ?? undefined,
    );
    let body: unknown;
    try {
      body = parseJson(await readBody(response, progress));
    } finally {
      done();
    }
    if (!response.ok) throw new TransportError(failureOf(response, body));
    const parsed = schema.safeParse(body);
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

/** `timers` only for tests: when a request is cut off is theirs to say. */
export const createHttpTransport = (baseUrl = '', timers: Timers = realTimers): Transport => {
  const request = jsonRequester(baseUrl, timers);
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
      // Sign-out waits for this: a network that never answers must not keep the user signed in.
      try {
        const { done } = await send(
          timers,
          `${baseUrl}${API_PATHS.logout}`,
          { method: 'POST', headers: { Authorization: `Bearer ${token}` } },
          ANSWER_WAIT_MS,
        );
        done();
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
      // In a task after the one that parsed the JSON. Nearly every row plainly passes the schema
      // (domain/pull-row.ts: a few checks a key, a page of 1,000 in a few ms); should one not, the
      // page is checked by zod, in slices, each in a task of its own (a whole page at once was one
      // long task), exactly as before.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const quick = data.rows.map(plainSyncRow);
      const rows: SyncRow[] = quick.every((row): row is SyncRow => row !== null) ? quick : [];
      for (let from = rows.length; from < data.rows.length; from += CHECK_SLICE_ROWS) {
        if (from > 0) await new Promise((resolve) => setTimeout(resolve, 0));
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
      const { response, progress, done } = await send(
        timers,
        `${baseUrl}${API_PATHS.events}`,
        { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' } },
        ANSWER_WAIT_MS,
        signal,
      );
      try {
        if (!response.ok || !response.body) {
          const body = parseJson(await readBody(response, progress));
          throw new TransportError(failureOf(response, body));
        }
        onOpen?.();
        progress(EVENTS_STALL_MS);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done: ended } = await reader.read();
          if (ended) return;
          // The heartbeats keep a healthy stream well inside the stall timeout.
          progress(EVENTS_STALL_MS);
          buffer += value;
          // Events are separated by a blank line; only `changed` events matter, heartbeats are comments.
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (event.split('\n').some((line) => line === `event: ${SYNC_EVENT_NAME}`)) onHint();
          }
        }
      } catch (error) {
        if (signal.aborted) return;
        throw error instanceof TransportError ? error : offline();
      } finally {
        done();
      }
    },
  };
};
