import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { v7 } from 'uuid';
import { PullResponseSchema } from '../../src/domain/protocol';
import { applyOp } from '../../src/domain/merge';
import { SQLITE_FILE_NAME } from '../../sync-server/src/store/open';
import { toOpRow, toRowRow } from '../../sync-server/src/store/codec';
import { bodyHash } from '../../sync-server/src/sync/canonical';
import { startServer } from '../../sync-server/test/processes';
import { addInspection, addPerson } from '../../sync-server/test/world';
import { evidenceOp, openBenchStore, wallClock } from './server-common';
import { median } from './stats';
import type { BenchRow, BenchSuite } from './types';

/**
 * Pull of 100 rows from a 1,000,000-op log against the same pull from a 10,000-op log: the pull
 * query must be an index range scan whose cost does not grow with the log.
 *
 * The logs are built by direct bulk insert into the store's own tables (rows and ops, through
 * the store's codec so the bytes are exactly what a push writes), in one transaction through a
 * second better-sqlite3 connection, because pushing a million ops over HTTP would take minutes.
 * Each op creates its own evidence row, so the rows table is as large as the log: the worst case.
 * The pull itself is timed over real HTTP against a server process, at random cursors.
 */
const BIG_LOG = 1_000_000;
const SMALL_LOG = 10_000;
const PAGE = 100;
const SAMPLES = 200;

const buildLog = async (ops: number) => {
  const opened = await openBenchStore('sqlite');
  const lead = await addPerson(opened.store, 'lead', wallClock);
  const inspectionId = await addInspection(opened.store, 'cp-joint-2012', lead, []);
  await opened.store.close();
  const db = new BetterSqlite3(path.join(opened.dataDir ?? '', SQLITE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  const insertRow = db.prepare(
    `insert into rows (entity, id, inspection_id, seq, author, created_at, updated_at, fields, stamps, conflicts, deleted, deleted_by)
     values (@entity, @id, @inspection_id, @seq, @author, @created_at, @updated_at, @fields, @stamps, @conflicts, @deleted, @deleted_by)`,
  );
  const insertOp = db.prepare(
    `insert into ops (op_id, seq, user_id, client_id, inspection_id, entity, entity_id, kind, body, body_hash, status, reason, at)
     values (@op_id, @seq, @user_id, @client_id, @inspection_id, @entity, @entity_id, @kind, @body, @body_hash, @status, @reason, @at)`,
  );
  const clientId = v7();
  const start = Date.parse('2026-03-02T09:00:00Z');
  db.transaction(() => {
    for (let seq = 1; seq <= ops; seq++) {
      const msecs = start + seq;
      const op = { ...evidenceOp(inspectionId), opId: v7({ msecs }), entityId: v7({ msecs }) };
      const at = new Date(msecs).toISOString();
      const outcome = applyOp(undefined, op, { seq, author: lead.id, at });
      if (outcome.status === 'rejected') throw new Error('bench op was rejected');
      insertRow.run(toRowRow(outcome.row));
      const { opId: _id, ...body } = op;
      insertOp.run(
        toOpRow({
          ...op,
          seq,
          userId: lead.id,
          clientId,
          bodyHash: bodyHash(body),
          status: 'applied',
          reason: null,
          at,
        }),
      );
    }
    db.prepare(`update counters set value = ? where name = 'seq'`).run(ops);
  })();
  db.close();
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

type Built = Awaited<ReturnType<typeof buildLog>>;

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

export const serverPull: BenchSuite = {
  title: 'sync server pull',
  run: async (): Promise<BenchRow[]> => {
    const small = await buildLog(SMALL_LOG);
    try {
      const big = await buildLog(BIG_LOG);
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
        return [
          {
            name: `pull ${PAGE} rows p50, SQLite, ${BIG_LOG.toLocaleString('en-GB')}-op log`,
            value: median(bigMs),
            unit: 'ms',
            floor: {
              name: `same pull from a ${SMALL_LOG.toLocaleString('en-GB')}-op log`,
              value: median(smallMs),
            },
            goal: '≤ 1.5× floor',
          },
        ];
      } finally {
        await big.stop();
      }
    } finally {
      await small.stop();
    }
  },
};
