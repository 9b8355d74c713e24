import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { SQLITE_FILE_NAME } from '../src/store/open';
import { PG_URL } from './world';

/**
 * Named queries run straight against a test store's database (its SQLite file, or its PostgreSQL
 * schema), each answered with its raw rows: what a test compares to prove bytes unchanged.
 */
export const dumpQueries = async <Q extends Record<string, string>>(
  where: { dataDir?: string | undefined; schema?: string | undefined },
  queries: Q,
): Promise<Record<keyof Q, Record<string, unknown>[]>> => {
  const dump: Record<string, Record<string, unknown>[]> = {};
  if (where.schema) {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      await client.query(`set search_path to ${where.schema}`);
      for (const [name, sql] of Object.entries(queries))
        dump[name] = (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  } else {
    const file = path.join(where.dataDir ?? '', SQLITE_FILE_NAME);
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      for (const [name, sql] of Object.entries(queries))
        dump[name] = db.prepare(sql).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  }
  return dump as Record<keyof Q, Record<string, unknown>[]>;
};
