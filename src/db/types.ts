import type { Dexie, EntityTable } from 'dexie';
import type { ConflictValue, EntityName, FieldsOf, Framework, Inspection, OpKind } from '../domain';

/**
 * A row on the device mirrors the wire row of S6 (minus `entity`, which is its table): the fields
 * as this device sees them (server state with unpushed local edits on top), and the server's
 * bookkeeping — `seq` is 0 until the server has the row.
 */
export type LocalRow<E extends EntityName = EntityName> = {
  id: string;
  inspectionId: string;
  fields: FieldsOf[E];
  seq: number;
  versions: Record<string, number>;
  conflicts: Record<string, ConflictValue[]>;
  author: string;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
};

/** An operation waiting in the outbox (S2). `state` is the device's own bookkeeping, never sent. */
export type OutboxOp = {
  /** Auto-increment key: the order ops were made in, which is the order they are pushed in. */
  n?: number;
  opId: string;
  entity: EntityName;
  entityId: string;
  inspectionId: string;
  kind: OpKind;
  fields: Record<string, unknown>;
  base: Record<string, number>;
  createdAt: string;
  /**
   * pending: not yet sent, may still absorb later edits of the same record;
   * sending: in a push whose answer has not arrived, frozen so a retry sends the same body;
   * rejected: the server refused it; kept and shown to the user, never silently dropped.
   */
  state: 'pending' | 'sending' | 'rejected';
  reason?: string;
};

/** An inspection as this device knows it: set up locally (before sync) or received from the server. */
export type LocalInspection = Inspection & {
  framework: Framework;
  source: 'local' | 'server';
};

/** The person using this device, as the author of what they write. */
export type DeviceUser = { id: string; name: string; inspectorate: string };

export type MetaEntry = { key: string; value: unknown };

/**
 * The device database as Dexie opens it (database.ts): here, with the rows it holds, so modules
 * that only take it as a parameter (meta.ts) need not import the module that opens it.
 */
export type FieldbookDB = Dexie & {
  inspections: EntityTable<LocalInspection, 'id'>;
  meta: EntityTable<MetaEntry, 'key'>;
  evidence: EntityTable<LocalRow<'evidence'>, 'id'>;
  childCases: EntityTable<LocalRow<'childCase'>, 'id'>;
  journeyEvents: EntityTable<LocalRow<'journeyEvent'>, 'id'>;
  reviews: EntityTable<LocalRow<'review'>, 'id'>;
  judgementDrafts: EntityTable<LocalRow<'judgementDraft'>, 'id'>;
  safeguardingConcerns: EntityTable<LocalRow<'safeguardingConcern'>, 'id'>;
  teamMeetings: EntityTable<LocalRow<'teamMeeting'>, 'id'>;
  outbox: EntityTable<OutboxOp, 'n'>;
};
