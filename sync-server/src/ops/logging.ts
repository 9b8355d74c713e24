import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import pino, { type Logger as PinoLogger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { LogLevel } from '../config';
import { routeOf } from './route';

/**
 * Structured JSON logs (issue 11): one line per request with its id, the user, the route
 * template, the status and the duration. Never a header (the Authorization bearer is a session)
 * and never a body (bodies are evidence about children): the serializers below name each field
 * that may leave, rather than redacting from everything.
 */
export const createLog = (level: LogLevel, destination?: pino.DestinationStream): PinoLogger =>
  pino(
    { level, base: { service: 'fieldbook-sync' }, timestamp: pino.stdTimeFunctions.isoTime },
    destination,
  );

/** What the routes need of the log: a line of news or an error, without pino's API. */
export type Logger = { info(message: string): void; error(message: string, error?: unknown): void };

/** The routes' small logging needs, written to the JSON log. */
export const loggerFor = (log: PinoLogger | undefined): Logger =>
  log
    ? { info: (message) => log.info(message), error: (message, err) => log.error({ err }, message) }
    : { info: () => undefined, error: () => undefined };

/** A request id from the proxy when it sent a sane one, so both logs can be joined. */
const REQUEST_ID = /^[\w.:-]{1,100}$/;

const userIdOf = (res: ServerResponse): string | null => {
  const auth = (res as Response).locals?.auth as { user?: { id?: string } } | undefined;
  return auth?.user?.id ?? null;
};

export const requestLog = (log: PinoLogger) =>
  pinoHttp({
    logger: log,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({
        id: req.id,
        method: req.method,
        // The path without its query: a cursor is harmless, but nothing else is logged either.
        path: (req.url ?? '').split('?')[0],
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    customAttributeKeys: { responseTime: 'durationMs' },
    customSuccessObject: (req, res, value: object) => ({
      ...value,
      userId: userIdOf(res),
      route: routeOf(req as Request),
    }),
    customErrorObject: (req, res, _error, value: object) => ({
      ...value,
      userId: userIdOf(res),
      route: routeOf(req as Request),
    }),
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    // Health checks every few seconds would drown the log.
    autoLogging: { ignore: (req) => req.url === '/healthz' },
  });
