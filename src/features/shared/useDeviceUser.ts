import { useCallback, useEffect, useState } from 'react';
import type { DeviceUser } from '../../db';
import { useFieldbook } from './fieldbook-context';

/** The person using this device (`undefined` while loading), and a way to change their details. */
export const useDeviceUser = (): {
  user: DeviceUser | undefined;
  save: (user: DeviceUser) => Promise<void>;
} => {
  const { repo } = useFieldbook();
  const [user, setUser] = useState<DeviceUser>();
  useEffect(() => {
    let live = true;
    void repo.deviceUser().then((u) => {
      if (live) setUser(u);
    });
    return () => {
      live = false;
    };
  }, [repo]);
  const save = useCallback(
    async (next: DeviceUser) => {
      await repo.setDeviceUser(next);
      setUser(next);
    },
    [repo],
  );
  return { user, save };
};
