import type { LocalRow } from '../../db';

type Concern = LocalRow<'safeguardingConcern'>;

export const STATUS_COLOUR = { open: 'red', referred: 'orange', closed: 'grey' } as const;

const RANK = { open: 0, referred: 1, closed: 2 } as const;

/** Open concerns first (a referral is still to be made), then referred, then closed; newest first within each. */
export const byUrgency = (a: Concern, b: Concern) =>
  RANK[a.fields.status] - RANK[b.fields.status] ||
  b.fields.raisedAt.localeCompare(a.fields.raisedAt);

export const concernSnippet = (concern: Concern, chars = 100) => {
  const text = concern.fields.concern.trim();
  return text.length > chars ? `${text.slice(0, chars).trimEnd()}…` : text;
};
