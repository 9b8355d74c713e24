import type { LocalInspection } from '../../db';
import { useDeviceUser } from './useDeviceUser';

/**
 * This device user's role on an inspection: the lead reviews, grades and keeps the safeguarding
 * log (S8); an inspector records. `undefined` while loading; null when not on the team.
 */
export const useTeamRole = (
  inspection: LocalInspection | null | undefined,
): 'lead' | 'inspector' | null | undefined => {
  const { user } = useDeviceUser();
  if (!inspection || !user) return undefined;
  return inspection.team.find((member) => member.userId === user.id)?.role ?? null;
};
