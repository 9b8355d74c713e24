import type { Connections } from './accounts-store';
import type { Store } from './types';

type DevicesStore = Pick<
  Store,
  | 'deviceKey'
  | 'deviceRevoked'
  | 'sessionDeviceRevoked'
  | 'revokeDevices'
  | 'listDevices'
  | 'touchSessionDevice'
>;

/** DESIGN.md §5: the per-device keys the server releases after sign-in, and their revocation. */
export const devicesStore = ({ read, write }: Connections): DevicesStore => ({
  async deviceKey(userId, deviceId, candidate, atIso) {
    await write
      .insertInto('device_keys')
      .values({
        user_id: userId,
        device_id: deviceId,
        key: candidate,
        created_at: atIso,
        revoked_at: null,
        last_seen_at: atIso,
      })
      // The key already stored wins; a sign-in only marks the device as seen.
      .onConflict((oc) => oc.columns(['user_id', 'device_id']).doUpdateSet({ last_seen_at: atIso }))
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
      .select('device_keys.revoked_at')
      .where('sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
    return Boolean(row?.revoked_at);
  },
  async revokeDevices(userId, deviceId, atIso) {
    let query = write
      .updateTable('device_keys')
      .set({ revoked_at: atIso })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null);
    if (deviceId !== undefined) query = query.where('device_id', '=', deviceId);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  },
  async listDevices(userId) {
    const rows = await read
      .selectFrom('device_keys')
      .select(['device_id', 'created_at', 'revoked_at', 'last_seen_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      deviceId: r.device_id,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      revokedAt: r.revoked_at,
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
