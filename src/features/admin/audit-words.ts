import { labelOf, INSPECTION_STATUSES, REJECT_REASONS } from '../../domain';
import type { Admin } from './queries';

type Entry = Awaited<ReturnType<Admin['api']['audit']>>[number];

/** Who is who, so the log names people and inspections rather than showing ids. */
export type AuditNames = {
  users: ReadonlyMap<string, string>;
  inspections: ReadonlyMap<string, string>;
};

export type AuditLine = { who: string; what: string };

const COMMAND_LINE = 'Command line';

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' ? (value as Record<string, unknown>) : {};

/**
 * One audit entry in words (issue 9): who did it, what, to whom. Actions from the coordinator CLI
 * say "Command line"; people and inspections are named, never shown as ids or JSON.
 */
export const describeAudit = (entry: Entry, names: AuditNames): AuditLine => {
  const detail = record(entry.detail);
  const userName = (id: unknown, username?: unknown) =>
    names.users.get(str(id) ?? '') ?? str(username) ?? 'a user no longer listed';
  const inspection = (id: unknown) => {
    const area = names.inspections.get(str(id) ?? '');
    return area ? `the ${area} inspection` : 'an inspection';
  };
  const target = record(detail.target);
  const whom = userName(target.userId, target.username);
  const roleOf = (role: unknown) => (role === 'lead' ? 'lead inspector' : 'inspector');
  const who =
    entry.userId || entry.username
      ? userName(entry.userId, entry.username)
      : detail.via === 'cli'
        ? COMMAND_LINE
        : 'Not signed in';

  switch (entry.kind) {
    case 'login':
      return { who, what: 'Signed in' };
    case 'login-failed':
      return {
        who: 'Not signed in',
        what: `A sign-in as ${str(entry.username) ?? 'an unknown username'} failed`,
      };
    case 'login-device-revoked':
      return { who, what: 'Tried to sign in on a revoked device; it was told to wipe its data' };
    case 'logout':
      return { who, what: 'Signed out' };
    case 'session-revoked': {
      const n = Number(detail.sessions ?? 0);
      return {
        who,
        what: `Signed ${whom} out everywhere (${n} ${n === 1 ? 'session' : 'sessions'})`,
      };
    }
    case 'user-added':
      return { who, what: `Added ${whom}${detail.admin ? ' as a coordinator' : ''}` };
    case 'password-reset':
      return { who, what: `Reset the password of ${whom}` };
    case 'device-revoked': {
      const n = Number(detail.revoked ?? 0);
      return {
        who,
        what:
          detail.deviceId === 'all'
            ? `Revoked all ${n} ${n === 1 ? 'device' : 'devices'} of ${whom}`
            : `Revoked a device of ${whom}`,
      };
    }
    case 'inspection-added':
      return { who, what: `Set up ${inspection(detail.inspectionId)}` };
    case 'team-changed':
      return {
        who,
        what: detail.target
          ? `Put ${whom} on the team of ${inspection(detail.inspectionId)} as ${roleOf(detail.role)}`
          : `Changed the team of ${inspection(detail.inspectionId)}`,
      };
    case 'status-changed':
      return {
        who,
        what: `Moved ${inspection(detail.inspectionId)} to ${labelOf(
          INSPECTION_STATUSES,
          str(detail.status) ?? '',
        ).toLowerCase()}`,
      };
    case 'contacts-changed':
      return {
        who,
        what: `Changed the safeguarding numbers of ${inspection(detail.inspectionId)}`,
      };
    case 'settings-changed':
      return {
        who,
        what: `Set tablets to lock after ${String(detail.idleLockMinutes)} idle minutes`,
      };
    case 'op-rejected':
      return {
        who,
        what: `A change from their device was refused (${reasonWords(str(detail.reason))})`,
      };
    default:
      return { who, what: entry.kind.replaceAll('-', ' ') };
  }
};

const REASON_WORDS: Record<string, string> = {
  [REJECT_REASONS.invalid]: 'not valid',
  [REJECT_REASONS.forbidden]: 'not allowed for their role',
  [REJECT_REASONS.inspectionMismatch]: 'it named another inspection',
  [REJECT_REASONS.fieldNotWritable]: 'a field nobody may change',
  [REJECT_REASONS.opIdReused]: 'a repeated change id',
  [REJECT_REASONS.unknownEntity]: 'an unknown kind of record',
  [REJECT_REASONS.notFound]: 'the record was not found',
};
const reasonWords = (reason: string | undefined) =>
  (reason && REASON_WORDS[reason]) ?? reason ?? 'no reason given';
