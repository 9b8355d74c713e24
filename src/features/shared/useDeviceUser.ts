import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect } from 'react';
import { getMeta, META_KEYS, type DeviceUser } from '../../db';
import { useFieldbook } from './fieldbook-context';

/**
 * The person using this device (`undefined` while loading or locked), and a way to change their
 * details. Live: when a sign-in stores the server's user, every screen sees it at once (a copy
 * read once at mount kept an earlier, device-made user and showed the user's own synced notes as
 * someone else's).
 */
export const useDeviceUser = (): {
  user: DeviceUser | undefined;
  save: (user: DeviceUser) => Promise<void>;
} => {
  const { db, repo } = useFieldbook();
  // Made on first need, in one transaction with the read (see Repository.deviceUser).
  useEffect(() => {
    void repo.deviceUser().catch(() => undefined); // locked: nothing to read or make yet
  }, [repo]);
  const user = useLiveQuery(
    () => getMeta<DeviceUser>(db, META_KEYS.deviceUser).catch(() => undefined),
    [db],
  );
  const save = useCallback((next: DeviceUser) => repo.setDeviceUser(next), [repo]);
  return { user, save };
};
