import type { LocalRow, Repository } from '../../db';

type ReviewChange = { state: 'reviewed' } | { state: 'follow-up'; comment: string };

/**
 * The lead's mark on one piece of evidence. There is one review row per evidence: the first mark
 * creates it, later ones change it, so the author's reply and the lead's comment stay together.
 * Marking reviewed keeps the comment: it is the record of what was asked.
 */
export const saveReview = async (
  repo: Repository,
  inspectionId: string,
  evidenceId: string,
  existing: LocalRow<'review'> | undefined,
  change: ReviewChange,
): Promise<void> => {
  if (existing) {
    await repo.update('review', existing.id, change);
    return;
  }
  await repo.create('review', inspectionId, { evidenceId, ...change });
};
