import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** DESIGN.md §4.2: everything the server and the admin CLI read from the environment. */
export type ServerConfig = {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL instead of SQLite when set. */
  databaseUrl: string | undefined;
  /** A PostgreSQL schema to work in (tests give each run its own); default `public`. */
  databaseSchema: string | undefined;
  staticDir: string;
};

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export class ConfigError extends Error {}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): ServerConfig => {
  const port = Number(env.PORT ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  }
  const databaseSchema = env.DATABASE_SCHEMA || undefined;
  if (databaseSchema !== undefined && !SCHEMA_NAME.test(databaseSchema)) {
    throw new ConfigError('DATABASE_SCHEMA must be a lower-case SQL identifier');
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema,
    staticDir: path.resolve(env.STATIC_DIR || path.join(REPO_ROOT, 'dist')),
  };
};
