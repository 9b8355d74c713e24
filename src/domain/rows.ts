import * as z from 'zod/mini';
import { ENTITY_NAMES } from './entities';

/** A value that lost a race but is kept, never dropped (S5): who wrote it, when, and by which op. */
export const ConflictValueSchema = z.object({
  value: z.unknown(),
  author: z.string(),
  at: z.string(),
  opId: z.string(),
});
export type ConflictValue = z.infer<typeof ConflictValueSchema>;

/** `_deleted` is the conflicts key for a delete that arrived after someone else changed the row. */
export const DELETED_CONFLICT_KEY = '_deleted';

/** The current state of one row as the server sends it on pull (S6). */
export const SyncRowSchema = z.object({
  entity: z.enum(ENTITY_NAMES),
  id: z.string(),
  inspectionId: z.string(),
  /** The row's version: the seq of its last change. */
  seq: z.int().check(z.nonnegative()),
  /** The user id that created the row; set by the server, never writable. */
  author: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  fields: z.record(z.string(), z.unknown()),
  /** Field name → the seq that last set it. */
  versions: z.record(z.string(), z.int().check(z.nonnegative())),
  conflicts: z.record(z.string(), z.array(ConflictValueSchema)),
  deleted: z.boolean(),
});
export type SyncRow = z.infer<typeof SyncRowSchema>;
