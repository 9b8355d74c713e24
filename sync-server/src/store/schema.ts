import type { Generated } from 'kysely';

/**
 * The tables as Kysely sees them. Ids are UUID strings (validated at the edge), times are ISO 8601
 * UTC strings (they sort as text in both databases), JSON columns are text we parse ourselves so
 * both databases hand back the same shape, and booleans are 0/1 integers for the same reason.
 */
export type Database = {
  schema_migrations: { version: number; name: string; applied_at: string };
  users: {
    id: string;
    username: string;
    name: string;
    inspectorate: string;
    admin: number;
    password_hash: string;
    created_at: string;
  };
  sessions: {
    token_hash: string;
    user_id: string;
    created_at: string;
    expires_at: string;
    revoked_at: string | null;
    device_id: string | null;
  };
  inspections: {
    id: string;
    framework_id: string;
    area: string;
    starts_on: string;
    ends_on: string;
    status: string;
    reported_at: string | null;
    retain_until: string | null;
    legal_hold_reason: string | null;
    legal_hold_since: string | null;
    legal_hold_by: string | null;
    purged_at: string | null;
    /** JSON: SafeguardingContacts (migration 10); '{}' when none recorded. */
    safeguarding_contacts: Generated<string>;
  };
  team_members: {
    inspection_id: string;
    user_id: string;
    role: string;
    /** The team epoch when this user joined (S6a); 0 for members from before version 7. */
    joined: Generated<number>;
  };
  audit_log: {
    id: Generated<number>;
    at: string;
    kind: string;
    user_id: string | null;
    username: string | null;
    address: string | null;
    detail: string;
  };
  rows: {
    entity: string;
    id: string;
    inspection_id: string;
    seq: number;
    author: string;
    created_at: string;
    updated_at: string;
    fields: string;
    stamps: string;
    conflicts: string;
    deleted: number;
    deleted_by: string | null;
  };
  ops: {
    op_id: string;
    seq: number | null;
    user_id: string;
    client_id: string;
    inspection_id: string;
    entity: string;
    entity_id: string;
    kind: string;
    body: string;
    body_hash: string;
    status: string;
    reason: string | null;
    at: string;
  };
  counters: { name: string; value: number };
  device_keys: {
    user_id: string;
    device_id: string;
    key: string;
    created_at: string;
    revoked_at: string | null;
    last_seen_at: string | null;
    revoke_mode: string | null;
    /** In words, from the User-Agent of its first sign-in since migration 11 (null: not known). */
    description: string | null;
  };
  settings: { name: string; value: string };
};

export type Dialect = 'sqlite' | 'postgres';

/** The one counter row every write transaction locks first (S4). */
export const SEQ_COUNTER = 'seq';
/** Counts team joins (S6a): each new member gets the next value, and every pull cursor the current one. */
export const TEAM_EPOCH_COUNTER = 'team';

/** The columns a push writes, in one order for every statement that lists them. */
export const OP_COLUMNS = [
  'op_id',
  'seq',
  'user_id',
  'client_id',
  'inspection_id',
  'entity',
  'entity_id',
  'kind',
  'body',
  'body_hash',
  'status',
  'reason',
  'at',
] as const satisfies readonly (keyof Database['ops'])[];

export const ROW_COLUMNS = [
  'entity',
  'id',
  'inspection_id',
  'seq',
  'author',
  'created_at',
  'updated_at',
  'fields',
  'stamps',
  'conflicts',
  'deleted',
  'deleted_by',
] as const satisfies readonly (keyof Database['rows'])[];

/** A row's entity, id, inspection, author and creation never change once written (S8). */
const ROW_FIXED: readonly string[] = ['entity', 'id', 'inspection_id', 'author', 'created_at'];
export const ROW_UPDATED = ROW_COLUMNS.filter((column) => !ROW_FIXED.includes(column));
