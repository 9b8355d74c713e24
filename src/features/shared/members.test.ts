import { describe, expect, it } from 'vitest';
import type { TeamMember } from '../../domain';
import { memberName } from './members';

const team: TeamMember[] = [
  {
    userId: '0190a000-0000-7000-8000-0000000000aa',
    name: 'Ivy Inspector',
    inspectorate: 'cqc',
    role: 'inspector',
  },
  {
    userId: '0190a000-0000-7000-8000-0000000000bb',
    name: 'Lee Lead',
    inspectorate: 'ofsted',
    role: 'lead',
  },
];

describe('a team member named by user id', () => {
  it('names each member, and someone no longer on the team as someone, never by id', () => {
    expect(memberName(team, '0190a000-0000-7000-8000-0000000000bb')).toBe('Lee Lead');
    expect(memberName(team, '0190a000-0000-7000-8000-0000000000aa')).toBe('Ivy Inspector');
    expect(memberName(team, '0190a000-0000-7000-8000-0000000000cc')).toBe('Another inspector');
    expect(memberName([], '0190a000-0000-7000-8000-0000000000aa')).toBe('Another inspector');
  });
});
