import type { TeamMember } from '../../domain';

/**
 * A team member's name by user id (records name people by id, DESIGN.md §4.1). Someone no longer
 * on the team, or not on it yet on this device, still shows as someone.
 */
export const memberName = (team: readonly TeamMember[], userId: string): string =>
  team.find((m) => m.userId === userId)?.name ?? 'Another inspector';
