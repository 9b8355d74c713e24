import type { Kysely } from 'kysely';
import type { User } from '../../../src/domain/protocol';
import type { Database } from './schema';
import type { Store, UserRecord } from './types';

type AccountsStore = Pick<
  Store,
  | 'insertUser'
  | 'userByUsername'
  | 'userById'
  | 'listUsers'
  | 'setPasswordHash'
  | 'insertSession'
  | 'sessionUser'
  | 'liveSessions'
  | 'revokeSession'
  | 'revokeUserSessions'
  | 'setting'
  | 'setSetting'
  | 'audit'
  | 'auditEntries'
  | 'loginFailuresSince'
>;

const toUser = (r: Database['users']): UserRecord => ({
  id: r.id,
  username: r.username,
  name: r.name,
  inspectorate: r.inspectorate,
  admin: Boolean(r.admin),
  passwordHash: r.password_hash,
  createdAt: r.created_at,
});

export const auditRows = (entries: Parameters<Store['audit']>[0]) =>
  entries.map((e) => ({
    at: e.at,
    kind: e.kind,
    user_id: e.userId ?? null,
    username: e.username ?? null,
    address: e.address ?? null,
    detail: JSON.stringify(e.detail ?? {}),
  }));

const parseDetail = (text: string): Record<string, unknown> | null => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null; // written by us as JSON; a hand-edited row must not break the audit screen
  }
};

/**
 * `read` serves queries, `write` every change. They are one pool on PostgreSQL; on SQLite they are
 * two connections, so a sign-in check never queues behind a push's write transaction.
 */
export type Connections = { read: Kysely<Database>; write: Kysely<Database> };

/**
 * The one rule for a live session, for every request and for S7's stream sweep alike: not ended,
 * not expired, and not opened on a device that has since been revoked.
 */
const liveSessionsAt = (read: Kysely<Database>, nowIso: string) =>
  read
    .selectFrom('sessions')
    .leftJoin('device_keys', (join) =>
      join
        .onRef('device_keys.user_id', '=', 'sessions.user_id')
        .onRef('device_keys.device_id', '=', 'sessions.device_id'),
    )
    .where('sessions.revoked_at', 'is', null)
    .where('device_keys.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', nowIso);

/** Users, sessions, device keys, settings and the audit log: read fresh on every request. */
export const accountsStore = ({ read, write }: Connections): AccountsStore => {
  return {
    async insertUser(u) {
      await write
        .insertInto('users')
        .values({
          id: u.id,
          username: u.username,
          name: u.name,
          inspectorate: u.inspectorate,
          admin: u.admin ? 1 : 0,
          password_hash: u.passwordHash,
          created_at: u.createdAt,
        })
        .execute();
    },
    async userByUsername(username) {
      const r = await read
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      return r ? toUser(r) : undefined;
    },
    async userById(id) {
      const r = await read.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toUser(r) : undefined;
    },
    async listUsers() {
      return (await read.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser);
    },
    async setPasswordHash(userId, passwordHash) {
      await write
        .updateTable('users')
        .set({ password_hash: passwordHash })
        .where('id', '=', userId)
        .execute();
    },
    async insertSession(s) {
      await write
        .insertInto('sessions')
        .values({
          token_hash: s.tokenHash,
          user_id: s.userId,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
          revoked_at: null,
          device_id: s.deviceId ?? null,
        })
        .execute();
    },
    async sessionUser(tokenHash, nowIso) {
      const r = await liveSessionsAt(read, nowIso)
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['users.id', 'users.username', 'users.name', 'users.inspectorate', 'users.admin'])
        .where('sessions.token_hash', '=', tokenHash)
        .executeTakeFirst();
      return r ? ({ ...r, admin: Boolean(r.admin) } satisfies User) : undefined;
    },
    async liveSessions(tokenHashes, nowIso) {
      if (tokenHashes.length === 0) return new Set();
      const rows = await liveSessionsAt(read, nowIso)
        .select('sessions.token_hash')
        .where('sessions.token_hash', 'in', [...tokenHashes])
        .execute();
      return new Set(rows.map((r) => r.token_hash));
    },
    async revokeSession(tokenHash, atIso) {
      const result = await write
        .updateTable('sessions')
        .set({ revoked_at: atIso })
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async revokeUserSessions(userId, atIso) {
      const result = await write
        .updateTable('sessions')
        .set({ revoked_at: atIso })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async setting(name) {
      const row = await read
        .selectFrom('settings')
        .select('value')
        .where('name', '=', name)
        .executeTakeFirst();
      return row?.value;
    },
    async setSetting(name, value) {
      await write
        .insertInto('settings')
        .values({ name, value })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
        .execute();
    },
    async audit(entries) {
      if (entries.length > 0)
        await write.insertInto('audit_log').values(auditRows(entries)).execute();
    },
    async auditEntries(limit) {
      const rows = await read
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        at: r.at,
        kind: r.kind,
        userId: r.user_id,
        username: r.username,
        address: r.address,
        detail: parseDetail(r.detail),
      }));
    },
    async loginFailuresSince(key, sinceIso) {
      let query = read
        .selectFrom('audit_log')
        .select((eb) => [
          eb.fn.countAll<number | string>().as('count'),
          eb.fn.min('at').as('oldest'),
          eb.fn.max('at').as('newest'),
        ])
        .where('kind', '=', 'login-failed')
        .where('at', '>', sinceIso);
      if (key.username !== undefined) query = query.where('username', '=', key.username);
      if (key.address !== undefined) query = query.where('address', '=', key.address);
      const r = await query.executeTakeFirstOrThrow();
      return { count: Number(r.count), oldestAt: r.oldest ?? null, newestAt: r.newest ?? null };
    },
  };
};
