import { REVOCATION_MODES, type RevocationMode } from '../../../src/domain/admin';
import type { User } from '../../../src/domain/protocol';
import type { Connections } from './accounts-store';
import type { Store } from './types';

type DevicesStore = Pick<
  Store,
  | 'deviceKey'
  | 'deviceRevoked'
  | 'sessionDeviceRevoked'
  | 'retiringSessionUser'
  | 'revokeDevices'
  | 'listDevices'
  | 'touchSessionDevice'
>;

/** A revoked row read back; anything unknown counts as the stricter 'lost'. */
const modeOf = (row: { revoked_at: string | null; revoke_mode: string | null }) =>
  row.revoked_at === null
    ? null
    : ((REVOCATION_MODES.find((m) => m === row.revoke_mode) ?? 'lost') satisfies RevocationMode);

/** DESIGN.md §5: the per-device keys the server releases after sign-in, and their revocation. */
export const devicesStore = ({ read, write }: Connections): DevicesStore => ({
  async deviceKey(userId, deviceId, candidate, atIso, description = null) {
    await write
      .insertInto('device_keys')
      .values({
        user_id: userId,
        device_id: deviceId,
        key: candidate,
        created_at: atIso,
        revoked_at: null,
        last_seen_at: atIso,
        revoke_mode: null,
        description,
      })
      // The key already stored wins; a sign-in only marks the device as seen, and names it if it
      // had no name yet (a device first seen before migration 11, or by a browser not known).
      .onConflict((oc) =>
        oc.columns(['user_id', 'device_id']).doUpdateSet((eb) => ({
          last_seen_at: atIso,
          description: eb.fn.coalesce('device_keys.description', 'excluded.description'),
        })),
      )
      .execute();
    const row = await write
      .selectFrom('device_keys')
      .select('key')
      .where('user_id', '=', userId)
      .where('device_id', '=', deviceId)
      .executeTakeFirstOrThrow();
    return row.key;
  },
  async deviceRevoked(userId, deviceId) {
    const row = await read
      .selectFrom('device_keys')
      .select('revoked_at')
      .where('user_id', '=', userId)
      .where('device_id', '=', deviceId)
      .executeTakeFirst();
    return Boolean(row?.revoked_at);
  },
  async sessionDeviceRevoked(tokenHash) {
    const row = await read
      .selectFrom('sessions')
      .innerJoin('device_keys', (join) =>
        join
          .onRef('device_keys.user_id', '=', 'sessions.user_id')
          .onRef('device_keys.device_id', '=', 'sessions.device_id'),
      )
      .select(['device_keys.revoked_at', 'device_keys.revoke_mode'])
      .where('sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? modeOf(row) : null;
  },
  async retiringSessionUser(tokenHash, nowIso) {
    const r = await read
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .innerJoin('device_keys', (join) =>
        join
          .onRef('device_keys.user_id', '=', 'sessions.user_id')
          .onRef('device_keys.device_id', '=', 'sessions.device_id'),
      )
      .select(['users.id', 'users.username', 'users.name', 'users.inspectorate', 'users.admin'])
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.revoked_at', 'is', null)
      .where('sessions.expires_at', '>', nowIso)
      .where('device_keys.revoked_at', 'is not', null)
      .where('device_keys.revoke_mode', '=', 'retired')
      .executeTakeFirst();
    return r ? ({ ...r, admin: Boolean(r.admin) } satisfies User) : undefined;
  },
  async revokeDevices(userId, deviceId, atIso, mode) {
    let query = write
      .updateTable('device_keys')
      .set({ revoked_at: atIso, revoke_mode: mode })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null);
    if (deviceId !== undefined) query = query.where('device_id', '=', deviceId);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  },
  async listDevices(userId) {
    const rows = await read
      .selectFrom('device_keys')
      .select([
        'device_id',
        'created_at',
        'revoked_at',
        'last_seen_at',
        'revoke_mode',
        'description',
      ])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      deviceId: r.device_id,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      revokedAt: r.revoked_at,
      revokeMode: modeOf(r),
      description: r.description,
    }));
  },
  async touchSessionDevice(tokenHash, atIso, staleBeforeIso) {
    const session = (column: 'user_id' | 'device_id') =>
      read.selectFrom('sessions').select(column).where('token_hash', '=', tokenHash);
    await write
      .updateTable('device_keys')
      .set({ last_seen_at: atIso })
      .where('user_id', '=', session('user_id'))
      .where('device_id', '=', session('device_id'))
      .where((eb) =>
        eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', staleBeforeIso)]),
      )
      .execute();
  },
});
