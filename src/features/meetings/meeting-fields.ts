import type { LocalInspection, LocalRow } from '../../db';
import type { TeamMeetingFields } from '../../domain';

/** The meeting as the form holds it: every optional field present, so inputs are always controlled. */
export type MeetingForm = {
  date: string;
  attendees: string[];
  views: Record<string, string>;
  gaps: string;
  plan: string;
  evidenceIds: string[];
};

export const toForm = (fields: TeamMeetingFields): MeetingForm => ({
  date: fields.date,
  attendees: fields.attendees ?? [],
  views: fields.views ?? {},
  gaps: fields.gaps ?? '',
  plan: fields.plan ?? '',
  evidenceIds: fields.evidenceIds ?? [],
});

/** A judgement's title as the meeting shows it: a sub-judgement says which one it belongs to. */
export const judgementLabel = (inspection: LocalInspection, judgementId: string): string => {
  const { judgements } = inspection.framework;
  const j = judgements.find((x) => x.id === judgementId);
  if (!j) return judgementId;
  const parent = judgements.find((p) => p.id === j.parentId);
  return parent ? `${j.title} (part of ${parent.title})` : j.title;
};

/** Newest meeting first; two on one day in the order they were started. */
export const byDateDesc = (a: LocalRow<'teamMeeting'>, b: LocalRow<'teamMeeting'>) =>
  b.fields.date.localeCompare(a.fields.date) || b.createdAt.localeCompare(a.createdAt);

export const FIELD_LABELS: Record<string, string> = {
  date: 'Date',
  attendees: 'Who attended',
  views: 'Emerging view',
  gaps: 'Evidence gaps',
  plan: 'Plan for tomorrow',
  evidenceIds: 'Linked evidence',
};
