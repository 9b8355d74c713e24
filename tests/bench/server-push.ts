import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { SCHEMA_VERSION, type PushResponse } from '../../src/domain/protocol';
import { newId } from '../../src/domain/ids';
import {
  PG_URL,
  evidenceOp,
  wallClock,
  startBenchServer,
  type BenchDb,
  type BenchServer,
} from './server-common';
import type { BenchRow, BenchSuite } from './types';

/**
 * Push throughput over HTTP with 1, 10 and 50 concurrent clients sharing 300 pushes of 100
 * evidence creates against a real server process. The floor is the raw insert
 * rate of the same payload (the same UUIDv7 row ids) in one transaction, measured in the same run:
 * better-sqlite3 into a bare table for SQLite; multi-row INSERTs through pg for PostgreSQL.
 */
const CONCURRENCY = [1, 10, 50] as const;
const OPS_PER_PUSH = 100; // a busy tablet after a morning offline sends a few hundred at most
const PUSHES_PER_LEVEL = 300; // 30,000 ops per measurement: seconds, not milliseconds, of work
const FLOOR_ROWS = 20_000;
const PG_FLOOR_BATCH = 500;

const payload = () => JSON.stringify(evidenceOp(randomUUID()).fields);

const sqliteFloor = (): number => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fieldbook-floor-'));
  try {
    const db = new BetterSqlite3(path.join(dir, 'floor.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL'); // the same durability the store uses
    db.exec(
      'create table rows (id text primary key, inspection_id text not null, seq integer not null, fields text not null)',
    );
    const insert = db.prepare(
      'insert into rows (id, inspection_id, seq, fields) values (?, ?, ?, ?)',
    );
    const inspectionId = randomUUID();
    const rows = Array.from(
      { length: FLOOR_ROWS },
      (_, i) => [newId(wallClock), inspectionId, i + 1, payload()] as const,
    );
    const started = performance.now();
    db.transaction(() => {
      for (const row of rows) insert.run(...row);
    })();
    const seconds = (performance.now() - started) / 1000;
    db.close();
    return FLOOR_ROWS / seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const pgFloor = async (url: string): Promise<number> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const table = `fb_floor_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  try {
    await client.query(
      `create table ${table} (id text primary key, inspection_id text not null, seq bigint not null, fields text not null)`,
    );
    const inspectionId = randomUUID();
    const rows = Array.from({ length: FLOOR_ROWS }, (_, i) => [
      newId(wallClock),
      inspectionId,
      i + 1,
      payload(),
    ]);
    const started = performance.now();
    await client.query('begin');
    for (let i = 0; i < rows.length; i += PG_FLOOR_BATCH) {
      const batch = rows.slice(i, i + PG_FLOOR_BATCH);
      const values = batch
        .map((_, j) => `($${j * 4 + 1}, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4})`)
        .join(',');
      await client.query(
        `insert into ${table} (id, inspection_id, seq, fields) values ${values}`,
        batch.flat(),
      );
    }
    await client.query('commit');
    return FLOOR_ROWS / ((performance.now() - started) / 1000);
  } finally {
    await client.query(`drop table if exists ${table}`);
    await client.end();
  }
};

/**
 * Request bodies are built before the clock starts (fresh op ids for every push), so the figure is
 * the server's work, not this process generating UUIDs and JSON on the same two cores.
 */
const prepareBodies = (server: BenchServer, clients: number): string[][] =>
  Array.from({ length: clients }, (_, c) => {
    const inspectionId = server.inspectionIds[c % server.inspectionIds.length] ?? '';
    const clientId = randomUUID();
    return Array.from({ length: Math.ceil(PUSHES_PER_LEVEL / clients) }, () =>
      JSON.stringify({
        clientId,
        schemaVersion: SCHEMA_VERSION,
        ops: Array.from({ length: OPS_PER_PUSH }, () => evidenceOp(inspectionId)),
      }),
    );
  });

/** node:http with keep-alive: a lighter client than fetch, so the figure is the server's. */
const post = (
  agent: Agent,
  url: URL,
  token: string,
  body: string,
): Promise<{ status: number; text: string }> =>
  new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: '/api/sync/push',
        method: 'POST',
        agent,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });

/** Ops applied per second with `clients` sending their pushes at once (also trace-push.ts). */
export const measure = async (server: BenchServer, clients: number): Promise<number> => {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const url = new URL(server.url);
  const send = async (client: number, body: string) => {
    const who = server.people[client % server.people.length];
    if (!who) throw new Error('bench team is too small');
    const res = await post(agent, url, who.token, body);
    if (res.status !== 200) throw new Error(`push failed: ${res.status} ${res.text}`);
    const { results } = JSON.parse(res.text) as PushResponse;
    return results.filter((r) => r.status === 'applied').length;
  };
  // Warm-up: connections, JIT and page cache, on bodies of their own.
  const warm = prepareBodies(server, clients);
  await Promise.all(warm.map((bodies, c) => send(c, bodies[0] ?? '')));
  const perClient = prepareBodies(server, clients);
  let applied = 0;
  const started = performance.now();
  await Promise.all(
    perClient.map(async (bodies, c) => {
      for (const body of bodies) {
        const done = await send(c, body); // read before adding: `applied += await` would race
        applied += done;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  if (applied !== perClient.flat().length * OPS_PER_PUSH)
    throw new Error('some bench ops were not applied');
  return applied / seconds;
};

const runOn = async (db: BenchDb): Promise<BenchRow[]> => {
  const floorValue = db === 'sqlite' ? sqliteFloor() : await pgFloor(PG_URL ?? '');
  const floor = {
    name:
      db === 'sqlite'
        ? 'raw better-sqlite3 insert, one transaction'
        : 'raw pg multi-row INSERT, one transaction',
    value: floorValue,
  };
  const server = await startBenchServer(db, 50, 10);
  try {
    const rows: BenchRow[] = [];
    for (const clients of CONCURRENCY) {
      rows.push({
        name: `push ${db === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${clients} client${clients > 1 ? 's' : ''} (${OPS_PER_PUSH} ops/push)`,
        value: await measure(server, clients),
        unit: 'ops/s',
        floor,
        // Issue 10 point 3, at 10 clients.
        ...(clients === 10 ? { goal: db === 'sqlite' ? '≥ 15,000 ops/s' : '≥ 10,000 ops/s' } : {}),
      });
    }
    return rows;
  } finally {
    await server.stop();
  }
};

export const serverPush: BenchSuite = {
  title: 'sync server push',
  run: async () => {
    const rows = await runOn('sqlite');
    if (PG_URL) rows.push(...(await runOn('postgres')));
    else console.log('(server push on PostgreSQL skipped: DATABASE_URL is not set)');
    return rows;
  },
};
