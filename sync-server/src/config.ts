import path from 'node:path';
import express from 'express';
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
  /**
   * TRUST_PROXY: the reverse proxies (addresses, subnets, or `loopback`, `linklocal`,
   * `uniquelocal`) whose X-Forwarded-For names the client. Unset: nobody's is believed, so a
   * client cannot pick its own address for the sign-in limit (DESIGN.md §4.2).
   */
  trustProxy: string[];
  /** LOG_LEVEL for the JSON log (pino's levels); default `info`. */
  logLevel: LogLevel;
  /** METRICS_TOKEN: a bearer token that may read `GET /metrics` besides signed-in admins. */
  metricsToken: string | undefined;
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** Long enough that guessing it is hopeless; it guards only counters, but still. */
const METRICS_TOKEN_MIN_CHARS = 16;

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
  const trustProxy = (env.TRUST_PROXY ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (trustProxy.some((p) => /^(true|false|\d+)$/i.test(p)))
    throw new ConfigError('TRUST_PROXY names the proxies (addresses or subnets), not a count');
  try {
    // Express compiles the list at once and throws on a malformed address: fail at start, not later.
    express().set('trust proxy', trustProxy);
  } catch (error) {
    throw new ConfigError(`TRUST_PROXY is not a list of addresses or subnets: ${String(error)}`);
  }
  const logLevel = (env.LOG_LEVEL || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && metricsToken.length < METRICS_TOKEN_MIN_CHARS)
    throw new ConfigError(`METRICS_TOKEN must have at least ${METRICS_TOKEN_MIN_CHARS} characters`);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema,
    staticDir: path.resolve(env.STATIC_DIR || path.join(REPO_ROOT, 'dist')),
    trustProxy,
    logLevel: logLevel as LogLevel,
    metricsToken,
  };
};
