import express, { type RequestHandler } from 'express';
import type * as z from 'zod/mini';
import { BODY_MAX_BYTES } from '../../../src/domain/protocol';
import { badRequest } from './errors';
import { jsonShapeProblem } from './json-shape';

/** Any spelling of a `__proto__` key needs `proto` or a `\u` escape in the raw text. */
const mayHidePrototypeKey = (text: string): boolean =>
  text.includes('proto') || text.includes('\\u');

const notJson = () =>
  badRequest('The request body is not valid JSON', [{ path: '', message: 'Invalid JSON' }]);

export type JsonBodyOptions = {
  /**
   * A push judges each op on its own (S3): nesting and U+0000 inside an op reject that op, not
   * the push, so the body is checked here only for prototype keys.
   */
  opsJudgedAlone?: boolean;
};

/**
 * Every endpoint refuses bodies over 1 MB (DESIGN.md §4.2); body-parser says 413 for us. The JSON
 * is parsed here rather than by body-parser so S10's shape checks (json-shape.ts) run on it: in
 * full for every small body, and for a push (the hot path) only the prototype-key walk, and only
 * when the text could hide such a key. JSON.parse itself never recurses, however deep the text.
 */
export const jsonBody = ({ opsJudgedAlone = false }: JsonBodyOptions = {}): RequestHandler => {
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
        value = JSON.parse(text);
      } catch {
        next(notJson());
        return;
      }
      // As body-parser's strict mode: a request body is an object or an array, not a bare value.
      if (typeof value !== 'object' || value === null) {
        next(notJson());
        return;
      }
      const problem = opsJudgedAlone
        ? mayHidePrototypeKey(text)
          ? jsonShapeProblem(value, { maxDepth: Infinity, nul: false })
          : null
        : jsonShapeProblem(value);
      if (problem) {
        next(badRequest(`The request body is not acceptable: ${problem.message}`, [problem]));
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
