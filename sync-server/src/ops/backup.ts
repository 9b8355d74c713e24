import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SQLITE_FILE_NAME } from '../store/open';

/**
 * Backups (issue 11 point 5). SQLite: SQLite's online backup API through better-sqlite3, safe
 * while the server runs and writes (it copies a consistent snapshot, restarting pages a writer
 * touched). PostgreSQL: its own tool does it better than we could; the CLI says so with the line.
 * Restoring is README §"Backups": stop the server, put the file back, start it.
 */
export const PG_DUMP_LINE = 'pg_dump --format=custom --file=fieldbook.dump "$DATABASE_URL"';

export class BackupError extends Error {}

export type BackupResult = { file: string; pages: number };

export const backupSqlite = async (dataDir: string, target: string): Promise<BackupResult> => {
  const source = path.join(dataDir, SQLITE_FILE_NAME);
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source}`);
  const file = path.resolve(target);
  if (existsSync(file)) throw new BackupError(`${file} exists already: name a new file`);
  // Written beside the target and renamed at the end, so a half-made backup never looks whole.
  const partial = `${file}.partial`;
  const db = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(partial);
    const copy = new BetterSqlite3(partial, { readonly: true });
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok')
        throw new BackupError(`The backup failed its integrity check: ${String(check)}`);
    } finally {
      copy.close();
    }
    renameSync(partial, file);
    return { file, pages: totalPages };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
};
