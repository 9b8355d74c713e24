import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countUnsent, createRepository, openDatabase } from '../db';
import { pulledNote } from '../db/fixtures';
import {
  API_PATHS,
  fixedClock,
  PULL_AHEAD_HEADER,
  PULL_LEFT_HEADER,
  type PushRequest,
  type PushResult,
} from '../domain';
import { createSyncEngine } from './engine';
import type { Timers } from './timers';
import { INSPECTION, me, USER } from './fixtures';
import {
  ANSWER_WAIT_MS,
  BODY_STALL_MS,
  createHttpTransport,
  EVENTS_STALL_MS,
  TransportError,
} from './transport';

/** A pull page of `count` notes as the server sends it, with `broken` rows made unreadable. */
const page = (count: number, broken: number[] = []) => ({
  rows: Array.from({ length: count }, (_, i) => {
    const id = `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`;
    return broken.includes(i) ? { id } : pulledNote(id, INSPECTION, `note ${i}`, i + 1);
  }),
  next: 'cursor-2',
  hasMore: true,
});

const serving = (body: unknown) =>
  vi.stubGlobal(
    'fetch',
    async () =>
      new Response(JSON.stringify(body), {
        headers: { [PULL_AHEAD_HEADER]: '2000', [PULL_LEFT_HEADER]: '1400' },
      }),
  );
afterEach(() => vi.unstubAllGlobals());

describe('the HTTP transport', () => {
  it('[S6] hands over every row of a page larger than a slice of checks, in order, with its cursor and progress', async () => {
    serving(page(600));
    const pulled = await createHttpTransport('http://server').pull('t', 0, 1000, 2);
    expect(pulled.rows.map((r) => r.seq)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(pulled.rows[599]).toEqual(page(600).rows[599]);
    expect(pulled).toMatchObject({
      next: 'cursor-2',
      hasMore: true,
      progress: { ahead: 2000, left: 1400 },
    });
  });

  it('[S6] refuses a whole page when a row in a later slice is not one it understands', async () => {
    serving(page(600, [550]));
    const pulled = createHttpTransport('http://server').pull('t', 0, 1000, 2);
    await expect(pulled).rejects.toBeInstanceOf(TransportError);
    await expect(pulled).rejects.toMatchObject({ failure: { kind: 'server' } });
  });

  it('[S6] checks a page by zod when a row is not plainly valid, and hands over what zod gives', async () => {
    // A key the schema does not know: zod strips it, the quick check leaves the row to zod.
    const odd = page(600);
    const rows: unknown[] = [...odd.rows];
    rows[450] = { ...odd.rows[450], shadow: 'not on the wire' };
    serving({ ...odd, rows });
    const pulled = await createHttpTransport('http://server').pull('t', 0, 1000, 2);
    expect(pulled.rows).toHaveLength(600);
    expect(pulled.rows[450]).toEqual(page(600).rows[450]);
    expect(pulled.rows[450]).not.toHaveProperty('shadow');
    expect(pulled.rows.map((r) => r.seq)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
  });
});

/** Timers that move only when the test says: `advance` runs what falls due; `armed` counts every setTimeout. */
const manualTimers = () => {
  let now = 0;
  let armed = 0;
  let id = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      armed += 1;
      pending.set(++id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [key, timer] of [...pending])
      if (timer.at <= now) {
        pending.delete(key);
        timer.fn();
      }
  };
  return { timers, advance, armed: () => armed };
};

/**
 * A real HTTP server on a free port whose every request goes to `handle`, which may never
 * answer (a captive portal, Wi-Fi dropping everything after the connection was made).
 */
const serve = async (handle: (req: IncomingMessage, res: ServerResponse) => void) => {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** What a request came to within a second of real time: its answer, its error, or still nothing. */
const outcome = (request: Promise<unknown>) =>
  Promise.race([
    request.then(
      () => 'answered',
      (error: unknown) => (error instanceof TransportError ? error.failure.kind : String(error)),
    ),
    sleep(1_000).then(() => 'still waiting'),
  ]);
/** Still pending a few real milliseconds after the timers moved (an abort settles at once). */
const stillPending = async (request: Promise<unknown>) => {
  let settled = false;
  request.then(
    () => (settled = true),
    () => (settled = true),
  );
  await sleep(20);
  return !settled;
};

const servers: { close: () => Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
const started = async (handle: (req: IncomingMessage, res: ServerResponse) => void) => {
  const server = await serve(handle);
  servers.push(server);
  return server.url;
};

describe('the HTTP transport on a link that stops answering (S7)', () => {
  it('[S7] a request the server takes and never answers ends as offline once ANSWER_WAIT_MS pass, not before', async () => {
    let asked!: () => void;
    const arrived = new Promise<void>((resolve) => (asked = resolve));
    const url = await started(() => asked()); // accepts, never writes a header
    const time = manualTimers();
    const pull = createHttpTransport(url, time.timers).pull('t', 0, 1000, 2);
    pull.catch(() => undefined);
    await arrived;
    time.advance(ANSWER_WAIT_MS - 1);
    expect(await stillPending(pull)).toBe(true);
    time.advance(1);
    expect(await outcome(pull)).toBe('offline');
  });

  it('[S6] a large page arriving slowly completes, however long it takes, while bytes keep coming', async () => {
    const json = JSON.stringify(page(400));
    const parts = Array.from({ length: 6 }, (_, i) =>
      json.slice((i * json.length) / 6, ((i + 1) * json.length) / 6),
    );
    let answer!: (res: ServerResponse) => void;
    const answering = new Promise<ServerResponse>((resolve) => (answer = resolve));
    const url = await started((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      answer(res);
    });
    const time = manualTimers();
    const pull = createHttpTransport(url, time.timers).pull('t', 0, 1000, 2);
    pull.catch(() => undefined);
    const res = await answering;
    for (const part of parts) {
      const armed = time.armed();
      res.write(part);
      await vi.waitFor(() => expect(time.armed()).toBeGreaterThan(armed)); // the bytes arrived
      time.advance(BODY_STALL_MS - 1);
    }
    // Six stalls' worth of time short of one each: far past ANSWER_WAIT_MS and BODY_STALL_MS.
    expect(await stillPending(pull)).toBe(true);
    res.end();
    expect((await pull).rows).toHaveLength(400);
  });

  it('[S7] an answer whose body stops arriving ends as offline after BODY_STALL_MS with no byte', async () => {
    const json = JSON.stringify(page(400));
    const url = await started((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(json.slice(0, json.length / 2)); // and then nothing, the socket still open
    });
    const time = manualTimers();
    const pull = createHttpTransport(url, time.timers).pull('t', 0, 1000, 2);
    pull.catch(() => undefined);
    await vi.waitFor(() => expect(time.armed()).toBeGreaterThan(2)); // the headers and some bytes
    time.advance(BODY_STALL_MS - 1);
    expect(await stillPending(pull)).toBe(true);
    time.advance(1);
    expect(await outcome(pull)).toBe('offline');
  });

  it('[S7] the event stream stays open while heartbeats come, and a silent one ends as offline', async () => {
    let answer!: (res: ServerResponse) => void;
    const answering = new Promise<ServerResponse>((resolve) => (answer = resolve));
    const url = await started((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(': connected\n\n');
      answer(res);
    });
    const time = manualTimers();
    let hints = 0;
    let opened = false;
    const stream = createHttpTransport(url, time.timers).events(
      't',
      () => (hints += 1),
      new AbortController().signal,
      () => (opened = true),
    );
    stream.catch(() => undefined);
    const res = await answering;
    await vi.waitFor(() => expect(opened).toBe(true));
    for (const event of [': heartbeat\n\n', 'event: changed\ndata: {}\n\n', ': heartbeat\n\n']) {
      time.advance(EVENTS_STALL_MS - 1);
      const armed = time.armed();
      res.write(event);
      await vi.waitFor(() => expect(time.armed()).toBeGreaterThan(armed));
    }
    time.advance(EVENTS_STALL_MS - 1);
    expect(await stillPending(stream)).toBe(true);
    expect(hints).toBe(1);
    time.advance(1); // the heartbeats stopped: Wi-Fi gone with the socket still open
    expect(await outcome(stream)).toBe('offline');
  });

  it('[S7] the event stream the app closes ends quietly, not as offline', async () => {
    const url = await started((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(': connected\n\n');
    });
    const stop = new AbortController();
    let opened = false;
    const stream = createHttpTransport(url, manualTimers().timers).events(
      't',
      () => undefined,
      stop.signal,
      () => (opened = true),
    );
    await vi.waitFor(() => expect(opened).toBe(true));
    stop.abort();
    expect(await outcome(stream)).toBe('answered');
  });
});

describe('the sync engine over a link that stops answering', () => {
  /** A server that applies each op once and answers a resent one as `duplicate` (S3); its push answers can be lost. */
  const fakeServer = () => {
    const applied = new Set<string>();
    const received: string[] = [];
    let hang = false;
    let pushed!: () => void;
    const pushArrived = new Promise<void>((resolve) => (pushed = resolve));
    const handle = (req: IncomingMessage, res: ServerResponse) => {
      const answer = (body: unknown) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const path = req.url ?? '';
      if (path.startsWith(API_PATHS.me)) return answer(me);
      if (path.startsWith(API_PATHS.pull)) return answer({ rows: [], next: 'c1', hasMore: false });
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        const { ops } = JSON.parse(text) as PushRequest;
        const results: PushResult[] = ops.map((op) => {
          received.push(op.opId);
          if (applied.has(op.opId))
            return { opId: op.opId, status: 'duplicate', original: 'applied' };
          applied.add(op.opId);
          return { opId: op.opId, status: 'applied', seq: applied.size };
        });
        pushed();
        if (!hang) answer({ results });
      });
    };
    return { handle, applied, received, pushArrived, answerPushes: (on: boolean) => (hang = !on) };
  };

  it('[S3][S7] a push applied whose answer never comes: the bar says offline, and the retry sends it once more as a duplicate, none lost or doubled', async () => {
    const name = 'transport-engine';
    const db = openDatabase(name);
    await db.open();
    try {
      const repo = createRepository({ db, clock: fixedClock(Date.UTC(2026, 10, 26, 9)) });
      await repo.create('childCase', INSPECTION, { caseRef: 'LA-7', selection: 'sampled' });
      const server = fakeServer();
      const url = await started(server.handle);
      const time = manualTimers();
      const retries: number[] = [];
      const engine = createSyncEngine({
        db,
        transport: createHttpTransport(url, time.timers),
        clock: fixedClock(Date.UTC(2026, 10, 26, 18), 1000),
        clientId: '0190a000-0000-7000-8000-0000000000c1',
        token: 't',
        userId: USER,
        random: () => 0.5,
        timers: { setTimeout: (_fn, ms) => retries.push(ms), clearTimeout: () => undefined },
      });
      const statuses: string[] = [];
      engine.subscribe((status) => {
        if (statuses.at(-1) !== status.state) statuses.push(status.state);
      });

      server.answerPushes(false); // the server applies the push; its answer is lost on the way back
      const run = engine.sync();
      await server.pushArrived;
      expect(engine.getStatus().state).toBe('syncing');
      time.advance(5 * 60_000);
      expect(await outcome(run)).toBe('answered');
      expect(engine.getStatus()).toMatchObject({ state: 'offline', retryAt: expect.any(String) });
      expect(retries).toHaveLength(1); // backs off as for any lost connection
      expect(await countUnsent(db)).toBe(1);

      server.answerPushes(true);
      await engine.sync();
      expect(engine.getStatus().state).toBe('idle');
      expect(await countUnsent(db)).toBe(0);
      expect(server.received).toHaveLength(2); // the same op twice...
      expect(new Set(server.received).size).toBe(1);
      expect(server.applied.size).toBe(1); // ...applied once
      expect(statuses).toEqual(['syncing', 'offline', 'syncing', 'idle']);
    } finally {
      db.close();
      await Dexie.delete(name);
    }
  });
});
