import { timingSafeEqual, createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from '../../../src/domain/clock';
import { ERROR_CODES, type PushResult } from '../../../src/domain/protocol';
import { authenticate } from '../auth/sessions';
import { httpError } from '../http/errors';
import type { Store } from '../store/types';
import { routeOf } from './route';

/**
 * `GET /metrics` in Prometheus' text format (issue 11): pushes, ops by result, rows pulled, open
 * event streams and request durations by route, plus Node's own process metrics (memory, event
 * loop lag). One registry per app, so two apps in one test process never share a counter.
 */
export type Metrics = {
  registry: Registry;
  pushed(results: readonly PushResult[]): void;
  pulled(rows: number): void;
  streamOpened(): () => void;
};

export const createMetrics = (): Metrics => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const pushes = new Counter({
    name: 'fieldbook_pushes_total',
    help: 'Push requests judged (S3)',
    registers: [registry],
  });
  const ops = new Counter({
    name: 'fieldbook_ops_total',
    help: 'Pushed ops by result: applied, conflict, rejected, duplicate',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const rows = new Counter({
    name: 'fieldbook_rows_pulled_total',
    help: 'Rows sent by pull (S6)',
    registers: [registry],
  });
  const streams = new Gauge({
    name: 'fieldbook_event_streams_open',
    help: 'Open server-sent event streams (S7)',
    registers: [registry],
  });
  // Labelled now so every series exists from the start (a rate over a missing series is empty).
  for (const result of ['applied', 'conflict', 'rejected', 'duplicate']) ops.inc({ result }, 0);
  return {
    registry,
    pushed(results) {
      pushes.inc();
      // One increment per result kind, not per op: a push of 500 ops was 500 labelled lookups.
      const counts = new Map<string, number>();
      for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
      for (const [result, n] of counts) ops.inc({ result }, n);
    },
    pulled(count) {
      rows.inc(count);
    },
    streamOpened() {
      streams.inc();
      let open = true;
      return () => {
        if (open) streams.dec();
        open = false;
      };
    },
  };
};

/** Request durations by method, route template (never the raw path: ids would explode it) and status. */
export const requestDurations = (metrics: Metrics): RequestHandler => {
  const histogram = new Histogram({
    name: 'fieldbook_http_request_duration_seconds',
    help: 'HTTP request durations by route',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      histogram.observe(
        { method: req.method, route: routeOf(req), status: String(res.statusCode) },
        seconds,
      );
    });
    next();
  };
};

/** The metrics of the app serving this response (sync routes record through it). */
export const metricsOf = (res: Response): Metrics | undefined =>
  res.locals.metrics as Metrics | undefined;
export const provideMetrics =
  (metrics: Metrics): RequestHandler =>
  (_req, res, next) => {
    res.locals.metrics = metrics;
    next();
  };

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Admins (a live session) or the scraper's METRICS_TOKEN; everyone else 401/403 as S10 says. */
export const metricsRoute =
  (
    metrics: Metrics,
    store: Store,
    clock: Clock,
    metricsToken: string | undefined,
  ): RequestHandler =>
  async (req, res, next) => {
    try {
      const header = req.headers.authorization ?? '';
      const presented = /^Bearer (\S+)$/i.exec(header)?.[1];
      const isScraper =
        metricsToken !== undefined &&
        presented !== undefined &&
        timingSafeEqual(digest(presented), digest(metricsToken));
      if (!isScraper) {
        const auth = await authenticate(store, clock, header);
        if (!auth.ok)
          throw httpError(
            ERROR_CODES.unauthorized,
            'Metrics need an admin session or METRICS_TOKEN',
            undefined,
            {
              'WWW-Authenticate': 'Bearer',
            },
          );
        if (!auth.auth.user.admin)
          throw httpError(ERROR_CODES.forbidden, 'Only coordinators may read the metrics');
      }
      res.setHeader('Cache-Control', 'no-store');
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    } catch (error) {
      next(error);
    }
  };
