import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponseSchema, PushResponseSchema, SCHEMA_VERSION } from '../../src/domain/protocol';
import { dropSchema, openPostgresStore } from '../src/store/open';
import type { Store } from '../src/store/types';
import { startServer, type RunningServer } from './processes';
import { PG_URL, addInspection, addPerson, notePgSkipped, op, type Person } from './world';

/**
 * DESIGN.md §4 S4 with two server processes on one PostgreSQL database: concurrent pushes from
 * several clients through both, while a puller pages through both. No op is lost and the puller
 * never sees a seq repeat or go backwards.
 */
notePgSkipped('two server processes');

const CLIENTS = 4;
const PUSHES_PER_CLIENT = 15;
const OPS_PER_PUSH = 20;

describe.skipIf(!PG_URL)('[S4] two server processes on one PostgreSQL database', () => {
  const url = PG_URL ?? '';
  const schema = `fb_2p_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  // The servers read the wall clock, so the sessions made here must be live by it too.
  const clock = { now: () => Date.now() };
  let store: Store;
  let servers: RunningServer[] = [];
  let people: Person[] = [];
  let inspectionId = '';

  beforeAll(async () => {
    store = await openPostgresStore(url, { clock, schema, poolSize: 2 });
    const lead = await addPerson(store, 'lead', clock);
    people = [lead];
    for (let i = 0; i < CLIENTS - 1; i++)
      people.push(await addPerson(store, `inspector${i}`, clock));
    inspectionId = await addInspection(store, 'cp-joint-2012', lead, people.slice(1));
    const env = { DATABASE_URL: url, DATABASE_SCHEMA: schema };
    servers = await Promise.all([startServer(env), startServer(env)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await store?.close();
    await dropSchema(url, schema);
  });

  const call = async (server: RunningServer, who: Person, pathname: string, body?: unknown) => {
    const res = await fetch(`${server.url}${pathname}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { Authorization: `Bearer ${who.token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.status).toBe(200);
    return res.json() as Promise<unknown>;
  };
  const serverFor = (i: number) => servers[i % servers.length] as RunningServer;

  it('[S4] loses no op and a paging puller never sees a repeated or out-of-order seq', async () => {
    let pushing = true;
    const assigned: number[] = [];
    const seen: number[] = [];
    let since: string | number = 0;

    const pullPage = async (round: number) => {
      const page = PullResponseSchema.parse(
        await call(
          serverFor(round),
          people[0] as Person,
          `/api/sync/pull?since=${encodeURIComponent(since)}&limit=37`,
        ),
      );
      for (const row of page.rows) {
        expect(row.seq).toBeGreaterThan(seen.at(-1) ?? 0);
        seen.push(row.seq);
      }
      since = page.next;
      return page.hasMore;
    };
    const puller = (async () => {
      for (let round = 0; pushing; round++) await pullPage(round);
    })();

    const clients = people.map(async (who, c) => {
      const clientId = randomUUID();
      for (let p = 0; p < PUSHES_PER_CLIENT; p++) {
        const ops = Array.from({ length: OPS_PER_PUSH }, () => op(inspectionId));
        const body = PushResponseSchema.parse(
          await call(serverFor(c + p), who, '/api/sync/push', {
            clientId,
            schemaVersion: SCHEMA_VERSION,
            ops,
          }),
        );
        for (const result of body.results) {
          expect(result.status).toBe('applied');
          if (result.status === 'applied') assigned.push(result.seq);
        }
      }
    });
    await Promise.all(clients);
    pushing = false;
    await puller;
    for (let round = 0; await pullPage(round); round++);

    const total = CLIENTS * PUSHES_PER_CLIENT * OPS_PER_PUSH;
    expect(assigned).toHaveLength(total);
    expect(new Set(assigned).size).toBe(total);
    expect([...seen].sort((a, b) => a - b)).toEqual([...assigned].sort((a, b) => a - b));
    expect(await store.currentSeq()).toBe(total);
  });

  it('[S5] concurrent edits of one field through both processes keep every value', async () => {
    const create = op(inspectionId);
    const [created] = PushResponseSchema.parse(
      await call(servers[0] as RunningServer, people[0] as Person, '/api/sync/push', {
        clientId: randomUUID(),
        schemaVersion: SCHEMA_VERSION,
        ops: [create],
      }),
    ).results;
    expect(created?.status).toBe('applied');
    const EDITS_PER_CLIENT = 5;
    // Every inspector edits the same field, unset on create (version 0), each from its own device.
    await Promise.all(
      people.map(async (who, c) => {
        for (let e = 0; e < EDITS_PER_CLIENT; e++) {
          const edit = op(inspectionId, {
            entityId: create.entityId,
            fields: { initials: `C${c}E${e}` },
            base: { initials: 0 },
          });
          const [result] = PushResponseSchema.parse(
            await call(serverFor(c + e), who, '/api/sync/push', {
              clientId: randomUUID(),
              schemaVersion: SCHEMA_VERSION,
              ops: [edit],
            }),
          ).results;
          expect(['applied', 'conflict']).toContain(result?.status);
        }
      }),
    );
    const row = await store.rowById(create.entityId);
    const values = [row?.fields.initials, ...(row?.conflicts.initials ?? []).map((v) => v.value)];
    const written = people.flatMap((_, c) =>
      Array.from({ length: EDITS_PER_CLIENT }, (__, e) => `C${c}E${e}`),
    );
    // The first edit to land set the unset field; every written value is still there.
    expect(values.filter((v) => v !== null).sort()).toEqual(written.sort());
    expect(await store.history(create.entityId)).toHaveLength(1 + written.length);
  });

  it('[S7] a commit through one process reaches SSE listeners of the other', async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    const controller = new AbortController();
    const res = await fetch(`${a.url}/api/sync/events`, {
      headers: { Authorization: `Bearer ${(people[1] as Person).token}` },
      signal: controller.signal,
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    await reader.read().then(({ value }) => (text += decoder.decode(value)));
    const pushed = PushResponseSchema.parse(
      await call(b, people[2] as Person, '/api/sync/push', {
        clientId: randomUUID(),
        schemaVersion: SCHEMA_VERSION,
        ops: [op(inspectionId)],
      }),
    );
    const seq = pushed.results[0]?.status === 'applied' ? pushed.results[0].seq : -1;
    const expected = `data: ${JSON.stringify({ inspectionId, seq })}`;
    while (!text.includes(expected)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    controller.abort();
    expect(text).toContain('event: changed');
    expect(text).toContain(expected);
  });
});
