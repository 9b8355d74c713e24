import type { LocalInspection, LocalRow } from '../../db';
import { ENTITY_NAMES, type EntityName, type SyncRow } from '../../domain';
import { mapInChunks, type ChunkOptions } from './chunks';
import { journeysJson } from './journeys-export';
import {
  OFFICIAL_MARKING,
  recordJourneys,
  SENSITIVE_MARKING,
  type RecordInput,
} from './record-model';

export const RECORD_FORMAT = 'fieldbook-inspection-record';
export const RECORD_FORMAT_VERSION = 1;

/** A row on the device as the wire names it (S6): the device row plus its entity. */
export const toWireRow = <E extends EntityName>(entity: E, row: LocalRow<E>): SyncRow => ({
  entity,
  id: row.id,
  inspectionId: row.inspectionId,
  seq: row.seq,
  author: row.author,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  fields: row.fields,
  versions: row.versions,
  conflicts: row.conflicts,
  deleted: row.deleted,
});

const rowsOf = (input: RecordInput): Record<EntityName, readonly LocalRow[]> => ({
  evidence: input.evidence,
  childCase: input.cases,
  journeyEvent: input.journeyEvents,
  review: input.reviews,
  judgementDraft: input.drafts,
  safeguardingConcern: input.concerns,
  teamMeeting: input.meetings,
});

/** Every row of the record, entity by entity in the wire's order. */
export const wireRows = (input: RecordInput): SyncRow[] => {
  const all = rowsOf(input);
  return ENTITY_NAMES.flatMap((entity) => all[entity].map((row) => toWireRow(entity, row)));
};

const inspectionHeader = (inspection: LocalInspection) => ({
  id: inspection.id,
  frameworkId: inspection.frameworkId,
  area: inspection.area,
  startsOn: inspection.startsOn,
  endsOn: inspection.endsOn,
  status: inspection.status,
  team: inspection.team,
});

/**
 * The whole record as JSON in the wire format: the inspection, then `rows` exactly as a pull
 * returns them (S6), so another tool reads it with the shared `SyncRowSchema`. `marking` says
 * whether any evidence is official-sensitive; each evidence row keeps its own `sensitivity`.
 * `journeys` holds the children's journeys measured against the framework's timescales.
 * Built a chunk of rows at a time; the output is the same as one `JSON.stringify`.
 */
export const buildRecordJson = async (
  input: RecordInput,
  exportedAt: string,
  options?: ChunkOptions,
): Promise<string> => {
  const marking = input.evidence.some((e) => e.fields.sensitivity === 'official-sensitive')
    ? SENSITIVE_MARKING
    : OFFICIAL_MARKING;
  const head = JSON.stringify({
    format: RECORD_FORMAT,
    formatVersion: RECORD_FORMAT_VERSION,
    marking,
    exportedAt,
    inspection: inspectionHeader(input.inspection),
    // Added beside the rows, not in them: figures derived from the rows, as the record states them.
    journeys: journeysJson(recordJourneys(input)),
  });
  const rows = await mapInChunks(wireRows(input), (row) => JSON.stringify(row), options);
  return `${head.slice(0, -1)},"rows":[${rows.join(',')}]}`;
};
