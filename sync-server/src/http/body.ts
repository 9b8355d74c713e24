import express, { type RequestHandler } from 'express';
import type * as z from 'zod/mini';
import { BODY_MAX_BYTES } from '../../../src/domain/protocol';
import { badRequest } from './errors';

/** Every endpoint refuses bodies over 1 MB (DESIGN.md §4.2); body-parser says 413 for us. */
export const jsonBody = (): RequestHandler => express.json({ limit: BODY_MAX_BYTES, strict: true });

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
