import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBodySchema } from '../../src/domain/protocol';
import { ACTORS, makeCast, type ActorName, type Cast } from './actors';
import { fuzzed, noValidWrite, type Fuzzed } from './bad-requests';
import { dumpQueries } from './dump';
import { notePgSkipped, storeKinds, type StoreKind } from './world';

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

/** Every table a valid request could change, straight from the database (audit and last-seen aside). */
const DUMP_QUERIES = {
  users: 'select * from users order by id',
  sessions: 'select * from sessions order by token_hash',
  inspections: 'select * from inspections order by id',
  team: 'select * from team_members order by inspection_id, user_id',
  devices:
    'select user_id, device_id, key, created_at, revoked_at from device_keys order by user_id, device_id',
  settings: 'select * from settings order by name',
  counters: 'select * from counters order by name',
  rows: 'select * from rows order by id',
  ops: 'select * from ops order by op_id',
} as const;
const dumpDatabase = (c: Cast) => dumpQueries(c, DUMP_QUERIES);

type Answer = { status: number; contentType: string; text: string };

notePgSkipped('generated bad input');
describe.each(storeKinds())(
  '[S10] generated bad input over every endpoint on %s',
  (kind: StoreKind) => {
    let c: Cast;
    let server: Server;
    let port = 0;
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const tokens = new Map<ActorName, string | undefined>();

    beforeAll(async () => {
      c = await makeCast(kind);
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
      const before = await dumpDatabase(c);
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
        `[fuzz ${kind}] ${requests.length} requests in ${seconds.toFixed(1)} s (seed ${SEED}); by status: ${[
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
      expect(JSON.parse(pull.text).rows.map((row: { id: string }) => row.id)).toEqual([
        c.evidenceId,
      ]);
      expect(await dumpDatabase(c)).toEqual(before);
    }, 120_000);
  },
);
