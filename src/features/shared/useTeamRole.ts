import type { LocalInspection } from '../../db';
import { useSession } from './sync-context';
import { useDeviceUser } from './useDeviceUser';

/**
 * This device user's role on an inspection: the lead reviews, grades and keeps the safeguarding
 * log (S8); an inspector records. `undefined` while loading; null when not on the team.
 */
export const useTeamRole = (
  inspection: LocalInspection | null | undefined,
): 'lead' | 'inspector' | null | undefined => {
  const { user } = useDeviceUser();
  // The live session first: the device user is read once, and a sign-in can follow that read.
  const session = useSession();
  const userId = session?.user.id ?? user?.id;
  if (!inspection || !userId) return undefined;
  return inspection.team.find((member) => member.userId === userId)?.role ?? null;
};
