import express, { type Express } from 'express';
import type { Logger as PinoLogger } from 'pino';
import type { Clock } from '../../src/domain/clock';
import { API_PREFIX, SCHEMA_VERSION } from '../../src/domain/protocol';
import { apiNotFound, errorHandler, notFound } from './http/errors';
import { securityHeaders } from './http/security';
import { staticApp } from './http/static';
import { loggerFor, requestLog } from './ops/logging';
import { createMetrics, metricsRoute, provideMetrics, requestDurations } from './ops/metrics';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { eventRoutes } from './routes/events';
import { syncRoutes } from './routes/sync';
import type { Store } from './store/types';

export type AppDeps = {
  store: Store;
  clock: Clock;
  /** The built client (`dist/`); when absent only the API is served (tests). */
  staticDir?: string;
  /** The JSON log (pino); silent when absent. */
  log?: PinoLogger;
  /** A bearer token that may read `GET /metrics` besides admins (METRICS_TOKEN). */
  metricsToken?: string;
  /** Seconds between SSE heartbeats; proxies drop idle streams after about 30 s. */
  heartbeatSeconds?: number;
  /** Proxies whose X-Forwarded-For is believed (TRUST_PROXY); none by default. */
  trustProxy?: readonly string[];
  /** Aborted at shutdown: open event streams end at once instead of holding the process. */
  shutdown?: AbortSignal;
};

/** The whole server as a library: main.ts wires real dependencies, tests wire their own. */
export const createApp = (deps: AppDeps): Express => {
  const logger = loggerFor(deps.log);
  const metrics = createMetrics();
  const app = express();
  app.disable('x-powered-by');
  // Express would hash every answer it sends for an ETag: a pull page is hundreds of KB, and API
  // answers are no-store, so nothing could revalidate them. Built files carry their own (static.ts).
  app.set('etag', false);
  // The client's address decides the sign-in limit (DESIGN.md §4.2): X-Forwarded-For counts
  // only when the request comes from a proxy named in TRUST_PROXY.
  app.set('trust proxy', [...(deps.trustProxy ?? [])]);
  if (deps.log) app.use(requestLog(deps.log));
  app.use(requestDurations(metrics), provideMetrics(metrics));
  app.use(securityHeaders());

  app.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ok: true, schemaVersion: SCHEMA_VERSION });
  });

  app.get('/metrics', metricsRoute(metrics, deps.store, deps.clock, deps.metricsToken));

  const api = express.Router();
  api.use((req, res, next) => {
    // The service worker and any proxy must never keep API answers (DESIGN.md §4), so none is
    // ever revalidated either: a conditional header (`If-None-Match: *`) would get an empty 304.
    res.setHeader('Cache-Control', 'no-store');
    delete req.headers['if-none-match'];
    delete req.headers['if-modified-since'];
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
