import express, { type Express } from 'express';
import type { Clock } from '../../src/domain/clock';
import { API_PREFIX, SCHEMA_VERSION } from '../../src/domain/protocol';
import { apiNotFound, errorHandler, notFound } from './http/errors';
import { securityHeaders } from './http/security';
import { staticApp } from './http/static';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { eventRoutes } from './routes/events';
import { syncRoutes } from './routes/sync';
import type { Store } from './store/types';

export type Logger = { info(message: string): void; error(message: string, error?: unknown): void };

export type AppDeps = {
  store: Store;
  clock: Clock;
  /** The built client (`dist/`); when absent only the API is served (tests). */
  staticDir?: string;
  logger?: Logger;
  /** Seconds between SSE heartbeats; proxies drop idle streams after about 30 s. */
  heartbeatSeconds?: number;
  /** Aborted at shutdown: open event streams end at once instead of holding the process. */
  shutdown?: AbortSignal;
};

const silent: Logger = { info: () => undefined, error: () => undefined };

/** The whole server as a library: main.ts wires real dependencies, tests wire their own. */
export const createApp = (deps: AppDeps): Express => {
  const logger = deps.logger ?? silent;
  const app = express();
  app.disable('x-powered-by');
  // Behind one reverse proxy at most; the address matters for the sign-in rate limit.
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders());

  app.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ok: true, schemaVersion: SCHEMA_VERSION });
  });

  const api = express.Router();
  api.use((_req, res, next) => {
    // The service worker and any proxy must never keep API answers (DESIGN.md §4).
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use(authRoutes(deps.store, deps.clock, logger));
  api.use(syncRoutes(deps.store, deps.clock));
  api.use(eventRoutes(deps.store, deps.clock, deps.heartbeatSeconds, deps.shutdown));
  api.use(adminRoutes(deps.store, deps.clock));
  api.use(apiNotFound);
  app.use(API_PREFIX, api);

  if (deps.staticDir) app.use(staticApp(deps.staticDir));
  app.use(notFound);
  app.use(errorHandler((message, error) => logger.error(message, error)));
  return app;
};
