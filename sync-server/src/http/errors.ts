import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ERROR_CODES, type ErrorBody, type ErrorCode } from '../../../src/domain/protocol';

/**
 * S10: every error leaves the server as `{error: {code, message, details?}}`. Routes throw
 * `HttpError`; the one handler at the end turns it (and body-parser's own errors) into JSON, so
 * bad input can never surface as a 500.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

const STATUS_OF: Record<ErrorCode, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'payload-too-large': 413,
  'client-too-old': 426,
  'rate-limited': 429,
};

export const httpError = (
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
  headers?: Record<string, string>,
): HttpError => new HttpError(STATUS_OF[code], code, message, details, headers);

/** A zod-style issue list as `details.issues`, so a client can point at the failing path. */
export const badRequest = (
  message: string,
  issues: readonly { path: readonly PropertyKey[] | string; message: string }[],
): HttpError =>
  httpError(ERROR_CODES.badRequest, message, {
    issues: issues.map((i) => ({
      path: typeof i.path === 'string' ? i.path : i.path.map(String).join('.'),
      message: i.message,
    })),
  });

export const sendError = (res: Response, error: HttpError): void => {
  for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
    },
  };
  res.status(error.status).json(body);
};

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(httpError(ERROR_CODES.notFound, `No API route ${req.method} ${req.path}`));
};

/** Anything else (no built app to fall back to, or a method it does not serve): JSON too (S10). */
export const notFound: RequestHandler = (req, _res, next) => {
  next(httpError(ERROR_CODES.notFound, `Nothing at ${req.method} ${req.path}`));
};

/** body-parser marks its failures with `type`; each is the client's fault, never ours. */
type ParserError = { type?: unknown; status?: unknown; message?: unknown };

const fromParser = (err: ParserError): HttpError | undefined => {
  if (err.type === 'entity.too.large') {
    return httpError(ERROR_CODES.payloadTooLarge, 'The request body is over 1 MB');
  }
  if (err.type === 'entity.parse.failed') {
    return badRequest('The request body is not valid JSON', [
      { path: '', message: 'Invalid JSON' },
    ]);
  }
  if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
    return badRequest(typeof err.message === 'string' ? err.message : 'Bad request', []);
  }
  return undefined;
};

export const errorHandler =
  (log: (message: string, error: unknown) => void): ErrorRequestHandler =>
  (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof HttpError) {
      sendError(res, err);
      return;
    }
    const parsed = typeof err === 'object' && err !== null ? fromParser(err) : undefined;
    if (parsed) {
      sendError(res, parsed);
      return;
    }
    log('Unhandled error', err);
    res
      .status(500)
      .json({ error: { code: 'internal', message: 'Something went wrong on the server' } });
  };
