import type { RevocationMode } from '../../../src/domain/admin';
import type { SafeguardingContacts } from '../../../src/domain/contacts';
import type { MergeRow } from '../../../src/domain/merge';
import type { LegalHold, Retention } from '../../../src/domain/retention';
import type { OpKind, OpStatus, RejectReason, User } from '../../../src/domain/protocol';
import type { IdOf, INSPECTION_STATUSES, TEAM_ROLES } from '../../../src/domain/vocabulary';

export type TeamRoleId = IdOf<typeof TEAM_ROLES>;
export type InspectionStatusId = IdOf<typeof INSPECTION_STATUSES>;

/**
 * The storage contract. Two implementations (SQLite, PostgreSQL) sit behind it and one test suite
 * runs against both (store.contract.test.ts). Nothing is cached in memory: the admin CLI writes to
 * the same database while the server runs, and the server must see the change at once.
 */

export type UserRecord = User & { passwordHash: string; createdAt: string };

export type SessionRecord = {
  tokenHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  /** The device (its clientId) the session was opened on, when the app said. */
  deviceId?: string | null;
};

export type DeviceRecord = {
  deviceId: string;
  createdAt: string;
  /** The last sign-in or authenticated request from it, to the minute (null: none since v5). */
  lastSeenAt: string | null;
  revokedAt: string | null;
  /** How it was revoked; null while it is not. */
  revokeMode: RevocationMode | null;
  /** The device in words ("Chrome on an Android tablet"); null when its browser was not known. */
  description: string | null;
};

export type InspectionRecord = {
  id: string;
  frameworkId: string;
  area: string;
  startsOn: string;
  endsOn: string;
  status: InspectionStatusId;
  /** The authority's safeguarding numbers (issue 9); `{}` until the coordinator records them. */
  contacts?: SafeguardingContacts;
};

export type TeamMemberRecord = { inspectionId: string; userId: string; role: TeamRoleId };

export type TeamMemberChange = { status: 'set'; demoted: string[] } | { status: 'needs-a-lead' };

export type TeamMemberView = {
  userId: string;
  name: string;
  inspectorate: string;
  role: TeamRoleId;
};

export type InspectionWithTeam = InspectionRecord & {
  team: TeamMemberView[];
  retention: Retention;
};

/** What this user may do on one inspection, read inside the write transaction. */
export type Membership = { inspectionId: string; role: TeamRoleId; frameworkId: string };

export type AuditEntry = {
  at: string;
  kind:
    | 'login'
    | 'login-failed'
    | 'logout'
    | 'session-revoked'
    | 'op-rejected'
    | 'user-added'
    | 'password-reset'
    | 'inspection-added'
    | 'team-changed'
    | 'device-revoked'
    | 'login-device-revoked'
    | 'status-changed'
    | 'settings-changed'
    | 'contacts-changed'
    | 'retention-set'
    | 'legal-hold-set'
    | 'legal-hold-lifted'
    | 'inspection-purged';
  userId?: string | null;
  username?: string | null;
  address?: string | null;
  detail?: Record<string, unknown>;
};

/** An audit entry as read back, newest first, for the coordinator (GET /api/admin/audit). */
export type AuditRecord = {
  at: string;
  kind: string;
  userId: string | null;
  username: string | null;
  address: string | null;
  detail: Record<string, unknown> | null;
};

/** One entry of the operation log: every op the server judged, accepted or rejected (S3, S5). */
export type OpRecord = {
  opId: string;
  seq: number | null;
  userId: string;
  clientId: string;
  inspectionId: string;
  entity: string;
  entityId: string;
  kind: OpKind | string;
  fields: Record<string, unknown>;
  base: Record<string, number>;
  bodyHash: string;
  status: Exclude<OpStatus, 'duplicate'>;
  reason: RejectReason | null;
  at: string;
};

/** What a retry needs to know about an op already judged. */
export type OpSeen = Pick<OpRecord, 'opId' | 'userId' | 'bodyHash' | 'status' | 'reason'>;

export type SyncHint = { inspectionId: string; seq: number };

export type PullPosition = { inspectionId: string; since: number };
/** A row of a pull page as JSON text (codec.ts `toWireRowJson`), with what the cursor needs. */
export type WireRow = { inspectionId: string; seq: number; json: string };
export type PullScope = { epoch: number; memberships: { inspectionId: string; joined: number }[] };

/** The write side of a push: one database transaction holding the seq counter lock (S4). */
export type PushReads = {
  memberships: Map<string, Membership>;
  seen: Map<string, OpSeen>;
  rows: Map<string, MergeRow>;
  /** Which of the named inspections have been purged (DESIGN.md §4.3). */
  purged: Set<string>;
};

/** The arguments of one readForPush call. */
export type PushReadRequest = {
  userId: string;
  opIds: readonly string[];
  rowIds: readonly string[];
  inspectionIds: readonly string[];
};

export type SyncTx = {
  /** The counter's value when the lock was taken; every seq this transaction assigns is above it. */
  readonly seqAtStart: number;
  memberships(userId: string): Promise<Map<string, Membership>>;
  /** Which of these inspections have been purged (DESIGN.md §4.3): they take no more content. */
  purgedAmong(inspectionIds: readonly string[]): Promise<Set<string>>;
  opsById(opIds: readonly string[]): Promise<Map<string, OpSeen>>;
  rowsById(ids: readonly string[]): Promise<Map<string, MergeRow>>;
  /** The four reads a push starts with, at once: one round trip where the database is remote. */
  readForPush(
    userId: string,
    opIds: readonly string[],
    rowIds: readonly string[],
    inspectionIds: readonly string[],
  ): Promise<PushReads>;
  insertOps(ops: readonly OpRecord[]): Promise<void>;
  upsertRows(rows: readonly MergeRow[]): Promise<void>;
  /** Moves the counter to the last seq assigned; must be ≥ seqAtStart. */
  setSeq(seq: number): Promise<void>;
  audit(entries: readonly AuditEntry[]): Promise<void>;
  /** Queued and published only after commit, so a listener never pulls before the data is there. */
  hint(hint: SyncHint): void;
};

/** Failed sign-ins in a window: how many, and the first and last of them (null when none). */
export type LoginFailures = { count: number; oldestAt: string | null; newestAt: string | null };

export type Store = {
  readonly kind: 'sqlite' | 'postgres';

  insertUser(user: UserRecord): Promise<void>;
  userByUsername(username: string): Promise<UserRecord | undefined>;
  userById(id: string): Promise<UserRecord | undefined>;
  listUsers(): Promise<UserRecord[]>;
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;

  insertSession(session: SessionRecord): Promise<void>;
  /** The user of a live session: not revoked, not expired at `nowIso`, its device not revoked. */
  sessionUser(tokenHash: string, nowIso: string): Promise<User | undefined>;
  /** Which of these sessions are live by the same rule as sessionUser: one query for them all. */
  liveSessions(tokenHashes: readonly string[], nowIso: string): Promise<Set<string>>;
  revokeSession(tokenHash: string, atIso: string): Promise<boolean>;
  revokeUserSessions(userId: string, atIso: string): Promise<number>;

  /**
   * The key of this user's device: the stored one, or `candidate` stored now if there is none.
   * Two sign-ins racing on a new device both get the one that was stored first. `description`
   * is kept from the first sign-in that gave one; later ones do not change it.
   */
  deviceKey(
    userId: string,
    deviceId: string,
    candidate: string,
    atIso: string,
    description?: string | null,
  ): Promise<string>;
  deviceRevoked(userId: string, deviceId: string): Promise<boolean>;
  /** How the device this token's session was opened on has been revoked; null if it has not. */
  sessionDeviceRevoked(tokenHash: string): Promise<RevocationMode | null>;
  /**
   * The user of a session that is live except that its device was retired (issue 11 point 7):
   * such a device may still send its unsent work, and nothing else.
   */
  retiringSessionUser(tokenHash: string, nowIso: string): Promise<User | undefined>;
  /** Revokes one device of a user, or all of them; returns how many were revoked now. */
  revokeDevices(
    userId: string,
    deviceId: string | undefined,
    atIso: string,
    mode: RevocationMode,
  ): Promise<number>;
  listDevices(userId: string): Promise<DeviceRecord[]>;
  /**
   * Marks the device of this token's session as seen at `atIso`, unless it was already seen after
   * `staleBeforeIso`; the condition keeps several server processes from rewriting it each request.
   */
  touchSessionDevice(tokenHash: string, atIso: string, staleBeforeIso: string): Promise<void>;
  setting(name: string): Promise<string | undefined>;
  setSetting(name: string, value: string): Promise<void>;

  insertInspection(inspection: InspectionRecord, team: readonly TeamMemberRecord[]): Promise<void>;
  /**
   * Adds a user to a team, or changes their role on it, keeping one lead (S8: "the lead"): making
   * someone the lead makes whoever led it an inspector, in the same transaction (`demoted`), and
   * the lead cannot be made an inspector while nobody else leads (`needs-a-lead`, nothing changed).
   */
  setTeamMember(member: TeamMemberRecord): Promise<TeamMemberChange>;
  /** Replaces the whole team in one transaction (the coordinator's team editor). */
  setTeam(inspectionId: string, team: readonly TeamMemberRecord[]): Promise<void>;
  /** Becoming `reported` at `atIso` starts the retention clock (§4.3); leaving it stops it. */
  setInspectionStatus(
    inspectionId: string,
    status: InspectionStatusId,
    atIso: string,
  ): Promise<boolean>;
  /** The coordinator's retention date (YYYY-MM-DD), or null for the default (§4.3). */
  setRetainUntil(inspectionId: string, retainUntil: string | null): Promise<boolean>;
  setLegalHold(inspectionId: string, hold: LegalHold | null): Promise<boolean>;
  /**
   * Empties every row's and op's fields of the inspection (ids, authors, times and versions stay),
   * marks it purged and writes `audit` (with the counts added to its detail), in one transaction.
   * Null, and nothing done, if it is under a legal hold or already purged.
   */
  purgeInspection(
    inspectionId: string,
    atIso: string,
    audit: AuditEntry,
  ): Promise<{ rows: number; ops: number } | null>;
  setInspectionContacts(inspectionId: string, contacts: SafeguardingContacts): Promise<boolean>;
  inspectionById(id: string): Promise<InspectionWithTeam | undefined>;
  inspectionsFor(userId: string): Promise<InspectionWithTeam[]>;
  inspectionIdsFor(userId: string): Promise<string[]>;
  listInspections(): Promise<InspectionWithTeam[]>;

  audit(entries: readonly AuditEntry[]): Promise<void>;
  /** The newest `limit` audit entries, newest first. */
  auditEntries(limit: number): Promise<AuditRecord[]>;
  loginFailuresSince(
    key: { username?: string; address?: string },
    sinceIso: string,
  ): Promise<LoginFailures>;

  /**
   * Runs `work` in one transaction with the seq counter locked; any throw rolls it all back.
   * `work` may run twice (when another write of its commit group fails, the group runs again),
   * so it acts only through `tx` and returns its answer, with no other side effects.
   * `reads`: what `work` will ask of `tx.readForPush`, so a commit group reads it for all its
   * writes in one statement (answers are the same as reading when asked: see group-writes.ts).
   */
  write<T>(work: (tx: SyncTx) => Promise<T>, reads?: PushReadRequest): Promise<T>;
  /** Rows of these inspections with seq > since, ordered by seq, at most `limit`. */
  rowsSince(inspectionIds: readonly string[], since: number, limit: number): Promise<MergeRow[]>;
  /** Rows after each inspection's own position (S6a), ordered by seq, at most `limit`. */
  rowsAfter(positions: readonly PullPosition[], limit: number): Promise<MergeRow[]>;
  /** The same rows as a pull page sends them: each one's JSON text (S6's row), not decoded. */
  wireRowsAfter(positions: readonly PullPosition[], limit: number): Promise<WireRow[]>;
  /** The newest row seq of these inspections (0 when empty): how far a first sync has to go. */
  headSeq(inspectionIds: readonly string[]): Promise<number>;
  /** The newest row seq of each of these inspections (absent when it has no rows). */
  headSeqs(inspectionIds: readonly string[]): Promise<Map<string, number>>;
  /**
   * What a pull may read for this user (S6a): the team epoch, read first, then each inspection
   * they are on with the epoch they joined at. A join after the epoch read is seen as after it.
   */
  pullScope(userId: string): Promise<PullScope>;
  rowById(id: string): Promise<MergeRow | undefined>;
  /** The accepted ops of one row, in seq order: its revision history. */
  history(entityId: string): Promise<OpRecord[]>;
  currentSeq(): Promise<number>;

  /** Commit hints from this process and, on PostgreSQL, from every other process on the database. */
  subscribe(listener: (hint: SyncHint) => void): () => void;
  close(): Promise<void>;
};
