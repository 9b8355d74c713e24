import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { expect } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { migrate } from '../src/store/migrations';
import {
  SQLITE_FILE_NAME,
  createSchemaIfMissing,
  dropSchema,
  openPostgresStore,
  openSqliteStore,
} from '../src/store/open';
import type { Database } from '../src/store/schema';
import type { Store } from '../src/store/types';
import { PG_URL, START_MS } from './world';

/** STYLE.md 11: the harness every migration test starts from (the data of the version before). */
const clock = fixedClock(START_MS, 1);
/** When the harness migrates: the seeds may write it as their own timestamps. */
export const MIGRATED_AT = new Date(START_MS).toISOString();
const NOW = MIGRATED_AT;

export type Kind = 'sqlite' | 'postgres';

/**
 * Builds a database at `version` with raw statements, lets `seed` write that version's data,
 * then opens the store (which migrates to the latest) and hands it to `check`.
 */
export const fromVersion = async (
  kind: Kind,
  version: number,
  seed: (db: Kysely<Database>) => Promise<void>,
  check: (store: Store) => Promise<void>,
) => {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'fieldbook-mig-'));
    const raw = new Kysely<Database>({
      dialect: new SqliteDialect({ database: new BetterSqlite3(path.join(dir, SQLITE_FILE_NAME)) }),
    });
    try {
      expect(await migrate(raw, 'sqlite', NOW, version)).toHaveLength(version);
      await seed(raw);
      await raw.destroy();
      const store = await openSqliteStore(dir, { clock });
      try {
        await check(store);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const url = PG_URL ?? '';
  const schema = `fb_mig_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await createSchemaIfMissing(url, schema);
  const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 1 });
  const raw = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    expect(await migrate(raw, 'postgres', NOW, version)).toHaveLength(version);
    await seed(raw);
    await raw.destroy();
    const store = await openPostgresStore(url, { clock, schema });
    try {
      await check(store);
    } finally {
      await store.close();
    }
  } finally {
    await dropSchema(url, schema);
  }
};
