import { smallDisk, type SmallDisk } from './full-disk';
import { inspectorsTablet, type TeamTablet } from './team-tablet';

/** The full-tablet tests' inspection: Fullham Council, led by Fay, with Fin on the team. */
export const FULLHAM = {
  area: 'Fullham Council',
  password: 'a long fieldwork passphrase',
  lead: { username: 'fay', name: 'Fay Lead' },
  inspector: { username: 'fin', name: 'Fin Inspector' },
};

export type TabletOnSmallDisk = TeamTablet & { disk: SmallDisk };

/**
 * Fin's tablet signed in to FULLHAM, its Chromium profile on a small disk of its own (full-disk.ts)
 * that a test can fill and free. `dispose` closes the tablet and its server, then unmounts the disk.
 */
export const tabletOnSmallDisk = async (name: string): Promise<TabletOnSmallDisk> => {
  const disk = smallDisk();
  let tablet: TeamTablet;
  try {
    tablet = await inspectorsTablet({ name, ...FULLHAM, userDataDir: disk.profileDir });
  } catch (error) {
    disk.dispose();
    throw error;
  }
  return {
    ...tablet,
    disk,
    dispose: async () => {
      try {
        await tablet.dispose();
      } finally {
        disk.dispose();
      }
    },
  };
};
