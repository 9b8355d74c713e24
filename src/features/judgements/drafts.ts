import type { LocalRow } from '../../db';
import type { Framework } from '../../domain';

type Draft = LocalRow<'judgementDraft'>;

const older = (a: Draft, b: Draft) =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/**
 * One draft per judgement area. Two could exist if the lead started the same area on two devices
 * before either synced; the oldest is the one shown and edited on every device, so they agree.
 */
export const draftsByJudgement = (rows: readonly Draft[]): Map<string, Draft> => {
  const map = new Map<string, Draft>();
  for (const row of [...rows].sort(older)) {
    if (!map.has(row.fields.judgementId)) map.set(row.fields.judgementId, row);
  }
  return map;
};

export const gradeLabel = (framework: Framework, grade: string | null | undefined): string =>
  grade ? (framework.gradeScale.find((g) => g.id === grade)?.label ?? grade) : 'Not graded yet';

/** The judgement areas in framework order with their depth (a sub-judgement is indented). */
export const judgementTree = (framework: Framework) =>
  framework.judgements.map((j) => ({
    ...j,
    depth: j.parentId ? 1 : 0,
    parentTitle: j.parentId
      ? framework.judgements.find((p) => p.id === j.parentId)?.title
      : undefined,
  }));

export const STATE_COLOURS = {
  draft: 'grey',
  'team-agreed': 'blue',
  moderated: 'purple',
  final: 'green',
} as const;
