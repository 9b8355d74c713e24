import { DEFAULT_RETENTION_MONTHS, type Retention } from '../../domain';
import { formatDate, formatDateTime } from './format';

/**
 * When an inspection's content leaves the server (DESIGN.md §4.3), in one sentence for the lead's
 * inspection home and the coordinator's screens. Null when the server has not said (an older one).
 */
export const retentionSentence = (retention: Retention | undefined): string | null => {
  if (!retention) return null;
  if (retention.purgedAt)
    return `Its evidence, cases and concerns were purged from the server on ${formatDateTime(retention.purgedAt)}.`;
  if (retention.legalHold)
    return `On legal hold since ${formatDate(retention.legalHold.since)} (${retention.legalHold.reason}): nothing is purged until a coordinator lifts it.`;
  if (retention.purgeOn)
    return `Its evidence, cases and concerns will be purged from the server on ${formatDate(retention.purgeOn)}${retention.retainUntil ? ', the date a coordinator set' : `, ${DEFAULT_RETENTION_MONTHS} months after it was reported`}.`;
  return retention.retainUntil
    ? `Once reported, its evidence, cases and concerns will be purged from the server on ${formatDate(retention.retainUntil)}.`
    : `Its evidence, cases and concerns will be purged from the server ${DEFAULT_RETENTION_MONTHS} months after it is reported.`;
};

/** A table cell's worth: "1 Mar 2027", "Legal hold", "Purged", "12 months after reported". */
export const retentionShort = (retention: Retention | undefined): string => {
  if (!retention) return '—';
  if (retention.purgedAt) return `Purged ${formatDate(retention.purgedAt)}`;
  if (retention.legalHold) return 'Legal hold';
  if (retention.purgeOn) return formatDate(retention.purgeOn);
  return retention.retainUntil
    ? `${formatDate(retention.retainUntil)} once reported`
    : `${DEFAULT_RETENTION_MONTHS} months after reported`;
};
