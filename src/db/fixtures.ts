import type { SyncRow } from '../domain';

/** A teammate's evidence note as a pull page carries it, for the tests of pulled pages. */
export const pulledNote = (
  id: string,
  inspectionId: string,
  text: string,
  seq: number,
  deleted = false,
): SyncRow => ({
  entity: 'evidence',
  id,
  inspectionId,
  seq,
  author: 'someone-else',
  createdAt: '2026-11-26T09:00:00.000Z',
  updatedAt: '2026-11-26T10:00:00.000Z',
  fields: {
    kind: 'practitioner-interview',
    occurredAt: '2026-11-26T09:00:00.000Z',
    status: 'draft',
    text,
  },
  versions: { text: seq },
  conflicts: {},
  deleted,
});
