import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Clock } from '../../../src/domain/clock';
import { isoAt } from '../../../src/domain/clock';
import { accountsStore } from './accounts-store';
import { devicesStore } from './devices-store';
import { inspectionsStore } from './inspections-store';
import { retentionStore } from './retention-store';
import { createHub } from './hub';
import { migrate } from './migrations';
import { listenForHints } from './pg-notify';
import { pgStoredReads } from './pg-reads';
import { pgBulkWrites, pgGroupEnd } from './pg-writes';
import type { Database } from './schema';
import { BACKSTOP_CHECKPOINT_PAGES, startCheckpointer } from './sqlite-checkpoint';
import { preparedOnce, sqliteBulkWrites, sqliteStoredReads } from './sqlite-fast';
import { syncStore } from './sync-store';
import type { Store } from './types';

export const SQLITE_FILE_NAME = 'fieldbook.sqlite';

type OpenOptions = {
  clock: Clock;
  onError?: (message: string, error: unknown) => void;
  /**
   * SQLite only. `false`: no checkpoint worker thread (sqlite-checkpoint.ts), for a process that
   * writes a little and exits — the admin CLI, the sync simulation's two thousand short-lived
   * servers. The write connection's backstop checkpoint still bounds the WAL, and closing the
   * last connection checkpoints it; durability is the same (every commit fsyncs the WAL).
   * Starting the thread and its connection, and a checkpoint after every commit, cost such a
   * process more than all its own work. Default `true`: the server keeps commits short.
   */
  checkpointWorker?: boolean;
};

const noCheckpointer = { committed: () => undefined, close: async () => undefined };

/** SQLite under DATA_DIR in WAL mode: readers never wait for the writer, one file to back up. */
export const openSqliteStore = async (dataDir: string, options: OpenOptions): Promise<Store> => {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SQLITE_FILE_NAME);
  const connect = () => {
    const database = new BetterSqlite3(file);
    database.pragma('journal_mode = WAL');
    // FULL: an op the server answered `applied` is on disk even after a power cut; the client has
    // already dropped it from its outbox by then.
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    // 64 MB of page cache per connection (the default is 2 MB): pulls from a long log stay in memory.
    database.pragma('cache_size = -65536');
    // The admin CLI may hold the write lock for a moment while the server runs.
    database.pragma('busy_timeout = 5000');
    return {
      handle: database,
      db: new Kysely<Database>({
        dialect: new SqliteDialect({ database: preparedOnce(database) }),
      }),
    };
  };
  // Every write goes through one connection (better-sqlite3 is synchronous: a second writer in
  // this process could only spin on the lock). Reads use their own connection, which WAL lets
  // run beside an open write transaction, so sign-in checks and pulls never queue behind a push.
  const { db, handle } = connect();
  await migrate(db, 'sqlite', isoAt(options.clock));
  handle.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  const checkpointer =
    options.checkpointWorker === false ? noCheckpointer : startCheckpointer(file, options.onError);
  const reader = connect().db;
  const connections = { read: reader, write: db };
  const hub = createHub((e) => options.onError?.('SSE listener failed', e));
  return {
    kind: 'sqlite',
    ...accountsStore(connections),
    ...inspectionsStore(connections),
    ...devicesStore(connections),
    ...retentionStore(connections, 'sqlite'),
    ...syncStore(connections, hub, {
      bulkWrites: sqliteBulkWrites(handle),
      storedReads: sqliteStoredReads(handle),
      afterCommit: checkpointer.committed,
    }),
    subscribe: hub.subscribe,
    close: async () => {
      await checkpointer.close();
      await reader.destroy();
      await db.destroy();
    },
  };
};

const INT8_OID = 20;
/** pg returns bigint as a string; our seqs stay far below 2^53, so numbers are exact. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export const createSchemaIfMissing = async (url: string, schema: string): Promise<void> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create schema if not exists "${schema}"`);
  } finally {
    await client.end();
  }
};

export type PostgresOptions = OpenOptions & { schema?: string; poolSize?: number };

export const openPostgresStore = async (url: string, options: PostgresOptions): Promise<Store> => {
  const schema = options.schema;
  if (schema) await createSchemaIfMissing(url, schema);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types,
    ...(schema ? { options: `-c search_path="${schema}"` } : {}),
  });
  pool.on('error', (e) => options.onError?.('PostgreSQL pool error', e));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await migrate(db, 'postgres', isoAt(options.clock));
  const hub = createHub((e) => options.onError?.('SSE listener failed', e));
  // Commits from other server processes on the same database reach this process's streams.
  const origin = randomUUID();
  const channel = `fieldbook_${schema ?? 'public'}`;
  const stopListening = await listenForHints(url, channel, origin, hub, options.onError);
  return {
    kind: 'postgres',
    ...accountsStore({ read: db, write: db }),
    ...inspectionsStore({ read: db, write: db }),
    ...devicesStore({ read: db, write: db }),
    ...retentionStore({ read: db, write: db }, 'postgres'),
    ...syncStore({ read: db, write: db }, hub, {
      storedReads: pgStoredReads,
      bulkWrites: pgBulkWrites,
      groupEnd: pgGroupEnd(channel, origin),
    }),
    subscribe: hub.subscribe,
    async close() {
      await stopListening();
      await db.destroy();
    },
  };
};

export type StoreConfig = {
  dataDir: string;
  databaseUrl?: string | undefined;
  databaseSchema?: string | undefined;
};

export const openStore = (config: StoreConfig, options: OpenOptions): Promise<Store> =>
  config.databaseUrl
    ? openPostgresStore(config.databaseUrl, {
        ...options,
        ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
      })
    : openSqliteStore(config.dataDir, options);

/** For tests that need a quiet, throwaway PostgreSQL schema. */
export const dropSchema = async (url: string, schema: string): Promise<void> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
};

export { sql };
