import type { LocalRow } from '../../db';
import type { EvidenceKind } from '../../domain';
import { newestFirst } from '../shared/evidence-title';
import { rememberLast } from '../shared/remember';

type EvidenceRow = LocalRow<'evidence'>;
type ReviewRow = LocalRow<'review'>;

export type KindGroup = { kind: EvidenceKind; items: EvidenceRow[] };
/** One inspector's new evidence, by kind. `newest` orders the inspectors (most recent first). */
export type AuthorGroup = { author: string; count: number; newest: string; kinds: KindGroup[] };
export type FollowUp = { review: ReviewRow; evidence: EvidenceRow };

export type TodayCounts = {
  /** Evidence with no review at all (draft or final). */
  new: number;
  /** Of those, changed after `since` (all of them when there is no `since`). */
  newSince: number;
  reviewed: number;
  followUp: number;
  /** Follow-ups the author has answered: the lead's next job. */
  replied: number;
};

export type TodayModel = {
  counts: TodayCounts;
  /** New evidence (changed after `since` unless `showAll`), by author then kind, newest first. */
  groups: AuthorGroup[];
  /** Returned items, answered ones first (the lead can close them now), then newest first. */
  followUps: FollowUp[];
};

export type TodayInput = {
  evidence: readonly EvidenceRow[];
  reviews: readonly ReviewRow[];
  /** ISO instant of the lead's last review session; null for "never reviewed on this device". */
  since?: string | null;
  showAll?: boolean;
};

/** Triage order (issue 9): what may need action reads first, then what to improve, then the rest. */
const EVALUATION_RANK: Record<string, number> = {
  'priority-action': 0,
  'area-for-improvement': 1,
  strength: 2,
  neutral: 3,
};
const UNEVALUATED_RANK = 4;
const rankOf = (row: EvidenceRow) =>
  EVALUATION_RANK[row.fields.evaluation ?? ''] ?? UNEVALUATED_RANK;
/** Priority actions first, then newest first within the same evaluation. */
const triageOrder = (a: EvidenceRow, b: EvidenceRow) => rankOf(a) - rankOf(b) || newestFirst(a, b);

export const hasReply = (review: ReviewRow): boolean => Boolean(review.fields.reply?.trim());

/**
 * One review per evidence (the lead updates it rather than adding another). Two devices could
 * still each create one offline; the most recently changed one is the lead's current word.
 */
export const reviewsByEvidence = (reviews: readonly ReviewRow[]): Map<string, ReviewRow> => {
  const byEvidence = new Map<string, ReviewRow>();
  for (const review of reviews) {
    if (review.deleted) continue;
    const seen = byEvidence.get(review.fields.evidenceId);
    if (!seen || seen.updatedAt < review.updatedAt)
      byEvidence.set(review.fields.evidenceId, review);
  }
  return byEvidence;
};

/**
 * The lead's evening in numbers and lists, from the rows alone (no React, no database), so it is
 * tested as a table and benchmarked at 50,000 rows. One pass over the evidence, then a sort per
 * group: sorting many small groups is cheaper than one big sort and keeps each group ordered.
 */
export const buildToday = ({ evidence, reviews, since, showAll }: TodayInput): TodayModel => {
  const reviewOf = reviewsByEvidence(reviews);
  const counts: TodayCounts = { new: 0, newSince: 0, reviewed: 0, followUp: 0, replied: 0 };
  const followUps: FollowUp[] = [];
  const byAuthor = new Map<string, Map<EvidenceKind, EvidenceRow[]>>();

  for (const row of evidence) {
    if (row.deleted) continue;
    const review = reviewOf.get(row.id);
    if (review) {
      if (review.fields.state === 'reviewed') counts.reviewed++;
      else {
        counts.followUp++;
        if (hasReply(review)) counts.replied++;
        followUps.push({ review, evidence: row });
      }
      continue;
    }
    counts.new++;
    const recent = !since || row.updatedAt > since;
    if (recent) counts.newSince++;
    if (!recent && !showAll) continue;
    let kinds = byAuthor.get(row.author);
    if (!kinds) byAuthor.set(row.author, (kinds = new Map()));
    const items = kinds.get(row.fields.kind);
    if (items) items.push(row);
    else kinds.set(row.fields.kind, [row]);
  }

  const groups: AuthorGroup[] = [];
  for (const [author, kinds] of byAuthor) {
    const kindGroups: KindGroup[] = [];
    let count = 0;
    for (const [kind, items] of kinds) {
      items.sort(triageOrder);
      count += items.length;
      kindGroups.push({ kind, items });
    }
    kindGroups.sort((a, b) => triageOrder(a.items[0]!, b.items[0]!));
    groups.push({
      author,
      count,
      newest: kindGroups
        .map((k) =>
          k.items.reduce((n, r) => (r.fields.occurredAt > n ? r.fields.occurredAt : n), ''),
        )
        .reduce((n, at) => (at > n ? at : n), ''),
      kinds: kindGroups,
    });
  }
  groups.sort((a, b) => (a.newest < b.newest ? 1 : a.newest > b.newest ? -1 : 0));

  followUps.sort(
    (a, b) =>
      Number(hasReply(b.review)) - Number(hasReply(a.review)) ||
      (a.review.updatedAt < b.review.updatedAt
        ? 1
        : a.review.updatedAt > b.review.updatedAt
          ? -1
          : 0),
  );
  return { counts, groups, followUps };
};

/**
 * Items returned to one author for follow-up, newest first: the top of their home screen.
 * Reviews are few; the evidence lookup is by id.
 */
export const returnedTo = (
  authorId: string,
  evidence: readonly EvidenceRow[],
  reviews: readonly ReviewRow[],
): FollowUp[] => {
  const mine = new Map<string, EvidenceRow>();
  for (const row of evidence) if (!row.deleted && row.author === authorId) mine.set(row.id, row);
  const found: FollowUp[] = [];
  for (const review of reviewsByEvidence(reviews).values()) {
    const row = mine.get(review.fields.evidenceId);
    if (row && review.fields.state === 'follow-up') found.push({ review, evidence: row });
  }
  return found.sort((a, b) => b.review.updatedAt.localeCompare(a.review.updatedAt));
};

/** `buildToday` that answers again at once while the rows and the bookmark are the same. */
export const createTodayMemo = () =>
  rememberLast(
    buildToday,
    (a: TodayInput, b: TodayInput) =>
      a.evidence === b.evidence &&
      a.reviews === b.reviews &&
      a.since === b.since &&
      a.showAll === b.showAll,
  );
export const todayMemoKey = (inspectionId: string) => `today-model:${inspectionId}`;
