import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { applyOp } from '../../src/domain/merge';
import { PullResponseSchema } from '../../src/domain/protocol';
import { toOpRow, toRowRow } from '../../sync-server/src/store/codec';
import { SQLITE_FILE_NAME } from '../../sync-server/src/store/open';
import { bodyHash } from '../../sync-server/src/sync/canonical';
import { startServer, type RunningServer } from '../../sync-server/test/processes';
import { addInspection, addPerson, type Person } from '../../sync-server/test/world';
import { PG_URL, evidenceOp, openBenchStore, wallClock, type BenchDb } from './server-common';
import { median } from './stats';
import type { BenchRow, BenchSuite } from './types';

/**
 * Pull of 100 rows from a 1,000,000-op log against the same pull from a 10,000-op log: the pull
 * query must be an index range scan whose cost does not grow with the log.
 *
 * The logs are built by direct bulk insert into the store's own tables, generated inside the
 * database (a recursive CTE on SQLite, generate_series on PostgreSQL) from one real evidence row
 * and op encoded by the store's codec, with each copy given its own ids and seq. Pushing a
 * million ops over HTTP would take minutes. Each op creates its own row, so the rows table is as
 * large as the log: the worst case. The pull is timed over real HTTP against server processes,
 * both logs served at once and sampled alternately at pseudo-random cursors.
 */
const BIG_LOG = 1_000_000;
const SMALL_LOG = 10_000;
const PAGE = 100;
const SAMPLES = 200;

const ROW_COLUMNS =
  'entity, id, inspection_id, seq, author, created_at, updated_at, fields, stamps, conflicts, deleted, deleted_by';
const OP_COLUMNS =
  'op_id, seq, user_id, client_id, inspection_id, entity, entity_id, kind, body, body_hash, status, reason, at';

/** One real row and op as the store writes them, with seq 1, to be copied n times. */
const template = (inspectionId: string, author: string) => {
  const op = evidenceOp(inspectionId);
  const at = '2026-03-02T09:00:00.000Z';
  const outcome = applyOp(undefined, op, { seq: 1, author, clientId: op.opId, at });
  if (outcome.status === 'rejected') throw new Error('bench op was rejected');
  const { opId: _id, ...body } = op;
  const opRow = toOpRow({
    ...op,
    seq: 1,
    userId: author,
    clientId: op.opId,
    bodyHash: bodyHash(body),
    status: 'applied',
    reason: null,
    at,
  });
  return { row: toRowRow(outcome.row), op: opRow };
};

type Built = { server: RunningServer; lead: Person; stop: () => Promise<void> };

const fillSqlite = (dataDir: string, count: number, t: ReturnType<typeof template>) => {
  const db = new BetterSqlite3(path.join(dataDir, SQLITE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  const series = `with recursive g(n) as (select 1 union all select n + 1 from g where n < @count)`;
  const id = (prefix: string) => `printf('${prefix}-0000-7000-8000-%012x', n)`;
  const seqStamp = `replace(@stamps, '"seq":1,', '"seq":' || n || ',')`;
  db.transaction(() => {
    db.prepare(
      `${series} insert into rows (${ROW_COLUMNS}) select @entity, ${id('00000000')}, @inspection_id,
       n, @author, @created_at, @updated_at, @fields, ${seqStamp}, @conflicts, 0, null from g`,
    ).run({ ...t.row, count });
    db.prepare(
      `${series} insert into ops (${OP_COLUMNS}) select ${id('00000001')}, n, @user_id, @client_id,
       @inspection_id, @entity, ${id('00000000')}, @kind, @body, @body_hash, @status, null, @at from g`,
    ).run({ ...t.op, count });
    db.prepare(`update counters set value = ? where name = 'seq'`).run(count);
  })();
  db.close();
};

const fillPostgres = async (schema: string, count: number, t: ReturnType<typeof template>) => {
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await client.connect();
  const id = (prefix: string) => `'${prefix}-0000-7000-8000-' || lpad(to_hex(n), 12, '0')`;
  try {
    await client.query('begin');
    await client.query(
      `insert into rows (${ROW_COLUMNS}) select $1::text, ${id('00000000')}, $2::text, n, $3::text,
       $4::text, $5::text, $6::text, replace($7::text, '"seq":1,', '"seq":' || n || ','), $8::text, 0, null
       from generate_series(1, $9::int) n`,
      [
        t.row.entity,
        t.row.inspection_id,
        t.row.author,
        t.row.created_at,
        t.row.updated_at,
        t.row.fields,
        t.row.stamps,
        t.row.conflicts,
        count,
      ],
    );
    await client.query(
      `insert into ops (${OP_COLUMNS}) select ${id('00000001')}, n, $1::text, $2::text, $3::text,
       $4::text, ${id('00000000')}, $5::text, $6::text, $7::text, $8::text, null, $9::text
       from generate_series(1, $10::int) n`,
      [
        t.op.user_id,
        t.op.client_id,
        t.op.inspection_id,
        t.op.entity,
        t.op.kind,
        t.op.body,
        t.op.body_hash,
        t.op.status,
        t.op.at,
        count,
      ],
    );
    await client.query(`update counters set value = $1 where name = 'seq'`, [count]);
    await client.query('commit');
    await client.query('analyze rows');
  } finally {
    await client.end();
  }
};

const buildLog = async (db: BenchDb, count: number): Promise<Built> => {
  const opened = await openBenchStore(db);
  const lead = await addPerson(opened.store, 'lead', wallClock);
  const inspectionId = await addInspection(opened.store, 'cp-joint-2012', lead, []);
  await opened.store.close();
  const t = template(inspectionId, lead.id);
  if (db === 'sqlite') fillSqlite(opened.dataDir ?? '', count, t);
  else await fillPostgres(opened.env.DATABASE_SCHEMA ?? '', count, t);
  const server = await startServer(opened.env);
  return {
    server,
    lead,
    stop: async () => {
      await server.stop();
      await opened.cleanup();
    },
  };
};

/** One pull of a page at `since`, timed from request to parsed JSON. */
const pullOnce = async (built: Built, since: number): Promise<number> => {
  const started = performance.now();
  const res = await fetch(`${built.server.url}/api/sync/pull?since=${since}&limit=${PAGE}`, {
    headers: { Authorization: `Bearer ${built.lead.token}` },
  });
  const page = PullResponseSchema.parse(await res.json());
  const ms = performance.now() - started;
  if (page.rows.length !== PAGE) throw new Error(`expected ${PAGE} rows, got ${page.rows.length}`);
  return ms;
};

/** A fixed pseudo-random walk over a log, the same shape for both sizes. */
const walk = (ops: number) => {
  let x = 12_345;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((x / 2_147_483_648) * (ops - PAGE));
  };
};

const compare = async (db: BenchDb): Promise<BenchRow> => {
  const small = await buildLog(db, SMALL_LOG);
  try {
    const big = await buildLog(db, BIG_LOG);
    try {
      // Both servers run at once and the samples alternate, so a burst of load from anything
      // else on the machine lands on both figures alike.
      const smallCursor = walk(SMALL_LOG);
      const bigCursor = walk(BIG_LOG);
      for (let i = 0; i < 20; i++) {
        await pullOnce(small, smallCursor());
        await pullOnce(big, bigCursor());
      }
      const smallMs: number[] = [];
      const bigMs: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        smallMs.push(await pullOnce(small, smallCursor()));
        bigMs.push(await pullOnce(big, bigCursor()));
      }
      const label = db === 'sqlite' ? 'SQLite' : 'PostgreSQL';
      return {
        name: `pull ${PAGE} rows p50, ${label}, ${BIG_LOG.toLocaleString('en-GB')}-op log`,
        value: median(bigMs),
        unit: 'ms',
        floor: {
          name: `same pull from a ${SMALL_LOG.toLocaleString('en-GB')}-op log`,
          value: median(smallMs),
        },
        goal: '≤ 1.5× floor',
      };
    } finally {
      await big.stop();
    }
  } finally {
    await small.stop();
  }
};

export const serverPull: BenchSuite = {
  title: 'sync server pull',
  run: async () => {
    const rows = [await compare('sqlite')];
    if (PG_URL) rows.push(await compare('postgres'));
    else console.log('(server pull on PostgreSQL skipped: DATABASE_URL is not set)');
    return rows;
  },
};
