import { sql, type Kysely, type Transaction } from 'kysely';
import { addDevicesToStamps } from './migrate-stamps';
import { TEAM_EPOCH_COUNTER, type Database, type Dialect } from './schema';

/**
 * Forward-only migrations (STYLE.md 11): numbered, each recorded in `schema_migrations`, never
 * edited once shipped, never dropping data. Add a new one at the end, with a test in
 * migrations.test.ts that starts from data written at the version before it.
 */
export type Migration = {
  version: number;
  name: string;
  up: (dialect: Dialect) => string[];
  /** Rewrites existing data after the statements, in the same transaction, at `nowIso`. */
  data?: (tx: Transaction<Database>, nowIso: string) => Promise<void>;
};

const bigint = (d: Dialect) => (d === 'postgres' ? 'bigint' : 'integer');
const autoId = (d: Dialect) =>
  d === 'postgres'
    ? 'bigint generated always as identity primary key'
    : 'integer primary key autoincrement';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts',
    up: (d) => [
      `create table users (
        id text primary key, username text not null unique, name text not null,
        inspectorate text not null, admin integer not null default 0,
        password_hash text not null, created_at text not null)`,
      // Only the SHA-256 of a token is kept: a copy of the database cannot sign anyone in.
      `create table sessions (
        token_hash text primary key, user_id text not null references users(id),
        created_at text not null, expires_at text not null, revoked_at text)`,
      `create index sessions_user on sessions (user_id)`,
      `create table inspections (
        id text primary key, framework_id text not null, area text not null,
        starts_on text not null, ends_on text not null, status text not null)`,
      `create table team_members (
        inspection_id text not null references inspections(id),
        user_id text not null references users(id),
        role text not null check (role in ('lead', 'inspector')),
        primary key (inspection_id, user_id))`,
      `create index team_members_user on team_members (user_id)`,
      `create table audit_log (
        id ${autoId(d)}, at text not null, kind text not null,
        user_id text, username text, address text, detail text not null default '{}')`,
      // The sign-in rate limit counts recent failures by username and by address.
      `create index audit_log_username on audit_log (kind, username, at)`,
      `create index audit_log_address on audit_log (kind, address, at)`,
    ],
  },
  {
    version: 2,
    name: 'sync',
    up: (d) => [
      `create table counters (name text primary key, value ${bigint(d)} not null)`,
      `insert into counters (name, value) values ('seq', 0)`,
      `create table rows (
        entity text not null, id text primary key, inspection_id text not null references inspections(id),
        seq ${bigint(d)} not null, author text not null, created_at text not null,
        updated_at text not null, fields text not null, stamps text not null,
        conflicts text not null, deleted integer not null default 0, deleted_by text)`,
      // Pull reads one inspection's rows in seq order from a cursor: this index is the whole query.
      `create index rows_inspection_seq on rows (inspection_id, seq)`,
      `create unique index rows_seq on rows (seq)`,
      `create table ops (
        op_id text primary key, seq ${bigint(d)}, user_id text not null, client_id text not null,
        inspection_id text not null, entity text not null, entity_id text not null,
        kind text not null, body text not null, body_hash text not null,
        status text not null, reason text, at text not null)`,
      `create index ops_entity_id on ops (entity_id, seq)`,
    ],
  },
  {
    version: 3,
    name: 'devices-and-settings',
    up: () => [
      // DESIGN.md §5: each device's data key is also wrapped by a key the server releases after
      // an online sign-in, so a forgotten password never strands unsynced evidence. Keyed by
      // user as well as device, so one user can never fetch another's key by naming their device.
      `create table device_keys (
        user_id text not null references users(id), device_id text not null,
        key text not null, created_at text not null, primary key (user_id, device_id))`,
      // Device policy the coordinator sets (e.g. idle lock minutes), sent with /api/me.
      `create table settings (name text primary key, value text not null)`,
    ],
  },
  {
    version: 4,
    name: 'device-revocation',
    up: () => [
      // A session remembers the device it was opened on, so revoking that device (a lost or
      // stolen tablet) ends it with a reason the app acts on: it wipes its local data.
      `alter table sessions add column device_id text`,
      `alter table device_keys add column revoked_at text`,
    ],
  },
  {
    version: 5,
    name: 'device-last-seen',
    up: () => [
      // The coordinator's user list shows when each tablet last reached the server, so a lost
      // one can be told from one merely offline. Null until its next sign-in or request.
      `alter table device_keys add column last_seen_at text`,
    ],
  },
  {
    version: 6,
    name: 'stamp-devices',
    // S5a: a field is stale for an op only when another device set it since the op's base, so
    // every stamp now names its device. Old stamps learn it from the op log (migrate-stamps.ts).
    up: () => [],
    data: addDevicesToStamps,
  },
  {
    version: 7,
    name: 'team-epochs',
    up: (d) => [
      // S6a: the pull cursor covers each inspection separately and records the team epoch it
      // was made at; a member who (re)joined after that epoch gets the inspection from the start.
      // Members from before this version count as joined at epoch 0, i.e. before every cursor.
      `alter table team_members add column joined ${bigint(d)} not null default 0`,
      `insert into counters (name, value) values ('${TEAM_EPOCH_COUNTER}', 0)`,
    ],
  },
  {
    version: 8,
    name: 'device-revocation-mode',
    up: () => [
      // Issue 11 point 7: a lost or stolen tablet wipes at once and may send nothing; a retired
      // one sends its unsent work first. Every revocation before this one wiped at once: 'lost'.
      `alter table device_keys add column revoke_mode text`,
      `update device_keys set revoke_mode = 'lost' where revoked_at is not null`,
    ],
  },
  {
    version: 9,
    name: 'inspection-retention',
    up: () => [
      // DESIGN.md §4.3: content is kept until a retention date (the coordinator's, or 12 months
      // after the inspection became reported), then purged, unless a legal hold stops it.
      `alter table inspections add column reported_at text`,
      `alter table inspections add column retain_until text`,
      `alter table inspections add column legal_hold_reason text`,
      `alter table inspections add column legal_hold_since text`,
      `alter table inspections add column legal_hold_by text`,
      `alter table inspections add column purged_at text`,
    ],
    // When an inspection already reported became so is not recorded: its 12 months start now,
    // so an upgrade never purges anything sooner than a coordinator could expect.
    data: async (tx, nowIso) => {
      await tx
        .updateTable('inspections')
        .set({ reported_at: nowIso })
        .where('status', '=', 'reported')
        .execute();
    },
  },
  {
    version: 10,
    name: 'inspection-safeguarding-contacts',
    up: () => [
      // Issue 9: the authority's safeguarding numbers (front door, out of hours, LADO), set by
      // the coordinator and sent with /api/me so the concern screen can dial them offline. JSON
      // text like the other JSON columns; existing inspections start with none recorded.
      `alter table inspections add column safeguarding_contacts text not null default '{}'`,
    ],
  },
  {
    version: 11,
    name: 'device-description',
    up: () => [
      // Issue 9: a device in words ("Chrome on an Android tablet") from the browser it first
      // signed in with, so the coordinator need not tell tablets apart by id. Devices from before
      // this version have none until their next sign-in.
      `alter table device_keys add column description text`,
    ],
  },
];

/** Any constant works; it only has to be the same in every process sharing the database. */
const MIGRATION_LOCK_KEY = 7_246_001;

export const migrate = async (
  db: Kysely<Database>,
  dialect: Dialect,
  nowIso: string,
  upTo: number = MIGRATIONS.length,
): Promise<number[]> =>
  db.transaction().execute(async (tx) => {
    // Two servers starting at once on one PostgreSQL database must not both migrate.
    if (dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(tx);
    await sql`create table if not exists schema_migrations (
      version integer primary key, name text not null, applied_at text not null)`.execute(tx);
    const done = new Set(
      (await tx.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version),
    );
    const ran: number[] = [];
    for (const migration of MIGRATIONS.slice(0, upTo)) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.up(dialect)) await sql.raw(statement).execute(tx);
      if (migration.data) await migration.data(tx, nowIso);
      await tx
        .insertInto('schema_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: nowIso })
        .execute();
      ran.push(migration.version);
    }
    return ran;
  });
