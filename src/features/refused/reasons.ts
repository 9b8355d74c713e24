import type { EntityName, RejectReason } from '../../domain';

/**
 * Every reject reason of the protocol (S3), in words an inspector can act on. `satisfies` makes a
 * new reason in protocol.ts a type error here until it is worded.
 */
export const REFUSED_REASON_WORDS = {
  invalid:
    'The server could not accept the values: one of them breaks the record rules (for example a choice or date it does not recognise), or the record changed in a way this device had not seen.',
  forbidden:
    'You are not allowed to make this change. Only the author may change or delete a piece of evidence; only the lead inspector may review evidence, draft judgements or record team meetings; and only members of an inspection’s team may change its records.',
  'inspection-mismatch':
    'This record belongs to a different inspection on the server, so the change could not be filed under this one.',
  'field-not-writable':
    'The change tried to set something only the server sets, such as who wrote the record.',
  'op-id-reused':
    'The server already holds a different change with the same identity, so it could not take this one. Copy your words and enter them again.',
  'unknown-entity':
    'The server does not know this kind of record. Fieldbook on this device may be newer than the server.',
  'not-found': 'The record no longer exists on the server; it may have been deleted.',
} as const satisfies Record<RejectReason, string>;

/** Reasons a device gives itself when it removes an inspection (S6a, DESIGN.md §4.3). */
const DEVICE_REASON_WORDS: Record<string, string> = {
  'removed-from-team':
    'You are no longer on this inspection’s team, so the change could not be sent and the inspection has left this device.',
  reported:
    'The inspection has been reported, so its records have left this device and the change could not be sent.',
};

/** S8, per kind of record: who may change it, so "not allowed" says what rule was met. */
const FORBIDDEN_BY_ENTITY: Record<EntityName, string> = {
  evidence: 'only the inspector who recorded a piece of evidence may change or delete it',
  review: 'only the lead inspector may review evidence (its author may only reply)',
  judgementDraft: 'only the lead inspector may draft judgements',
  teamMeeting: 'only the lead inspector may record team meetings',
  safeguardingConcern:
    'only the inspector who raised a concern, or the lead inspector, may change it, and only the lead may close it',
  childCase: 'only members of the inspection’s team may change its child cases',
  journeyEvent: 'only members of the inspection’s team may change a child’s journey',
};

/**
 * `inspectionGone`: the change's inspection is no longer on this device. Its ops were kept as
 * `forbidden` when the device forgot it (S6a), and the author of a note taken off the team must not
 * read that only the author may change it.
 */
export const refusedReasonWords = (
  reason: string | undefined,
  entity?: EntityName,
  inspectionGone = false,
): string =>
  reason === 'forbidden' && inspectionGone
    ? 'Its inspection has left this device (you were taken off its team, or it was reported), so the change could not be sent.'
    : reason === 'forbidden' && entity
      ? `You are not allowed to make this change: ${FORBIDDEN_BY_ENTITY[entity]}. Your place on the team may have changed since you made it.`
      : ((REFUSED_REASON_WORDS as Record<string, string>)[reason ?? ''] ??
        DEVICE_REASON_WORDS[reason ?? ''] ??
        'The server refused this change without giving a reason this version of Fieldbook knows.');
