import type { LocalRow } from '../../db';
import type { EvidenceFields } from '../../domain';

/** An evidence row as the device stores it, for pure tests and benchmarks of the list. */
export const evidenceRow = (
  id: string,
  fields: Partial<EvidenceFields> & Pick<EvidenceFields, 'kind'>,
  extra: Partial<Omit<LocalRow<'evidence'>, 'fields'>> = {},
): LocalRow<'evidence'> => ({
  id,
  inspectionId: 'insp-1',
  fields: { occurredAt: '2026-11-24T10:00:00.000Z', status: 'draft', ...fields },
  seq: 0,
  versions: {},
  conflicts: {},
  author: 'user-a',
  createdAt: '2026-11-24T10:00:00.000Z',
  updatedAt: '2026-11-24T10:00:00.000Z',
  deleted: false,
  ...extra,
});
