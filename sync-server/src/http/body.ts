import express, { type RequestHandler } from 'express';
import type * as z from 'zod/mini';
import { BODY_MAX_BYTES } from '../../../src/domain/protocol';
import { badRequest } from './errors';

/**
 * A `__proto__` key is never data: copied by a schema it would swap an object's prototype (and
 * could smuggle a `base` version past validation), so a body with one is "not valid JSON".
 */
const refusePrototypeKeys = (key: string, value: unknown): unknown => {
  if (key === '__proto__') throw new SyntaxError('"__proto__" is not allowed as a key');
  return value;
};
/** Any spelling of the key needs `proto` or a `\u` escape in the raw text. */
const mayHidePrototypeKey = (text: string): boolean =>
  text.includes('proto') || text.includes('\\u');

const notJson = () =>
  badRequest('The request body is not valid JSON', [{ path: '', message: 'Invalid JSON' }]);

/**
 * Every endpoint refuses bodies over 1 MB (DESIGN.md §4.2); body-parser says 413 for us. The JSON
 * is parsed here rather than by body-parser so the key check (a reviver, about three times the
 * cost of a plain parse) only runs on the rare body that could need it: pushes are the hot path.
 */
export const jsonBody = (): RequestHandler => {
  const readRaw = express.raw({
    type: ['application/json', 'application/*+json'],
    limit: BODY_MAX_BYTES,
  });
  return (req, res, next) => {
    readRaw(req, res, (error?: unknown) => {
      if (error) {
        next(error);
        return;
      }
      if (!Buffer.isBuffer(req.body)) {
        req.body = undefined;
        next();
        return;
      }
      const text = req.body.toString('utf8');
      let value: unknown;
      try {
        value = JSON.parse(text, mayHidePrototypeKey(text) ? refusePrototypeKeys : undefined);
      } catch {
        next(notJson());
        return;
      }
      // As body-parser's strict mode: a request body is an object or an array, not a bare value.
      if (typeof value !== 'object' || value === null) {
        next(notJson());
        return;
      }
      req.body = value;
      next();
    });
  };
};

/** Parses with the shared zod schema or throws S10's 400 with the failing paths. */
export const parseWith = <S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  what: string,
): z.infer<S> => {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(`The ${what} is not valid`, result.error.issues);
  return result.data;
};
