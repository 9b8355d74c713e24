import type { EvidenceKind } from '../../domain';

/**
 * What each kind of evidence asks for (DESIGN.md §2.2, issue 9). One form per kind, from one
 * table: a conversation with a child has no practitioner, a leader meeting names the leaders'
 * roles, a document review names the document. A field a kind does not show is never written
 * for it, so nothing hidden is stored.
 */
export type KindForm = {
  /** The agency select's label and hint; null hides it. */
  agency: { label: string; hint?: string } | null;
  /** The `role` text field (people by role only, §2.3); null hides it. */
  role: { label: string; hint: string } | null;
  /** The document review's "Kind of document" field. */
  documentType: boolean;
  /** Whether the evidence is about particular children (linked child cases). */
  cases: boolean;
  /** The main text field's label and hint: "Notes" everywhere but shadowing, with the kind's hint. */
  notes: { label: string; hint: string };
};

const NOT_NAMES = 'never a name';
const NOTES_HINT = 'Record people by job title and children by case reference, never by name';

export const KIND_FORMS = {
  'practitioner-interview': {
    agency: { label: 'Source agency' },
    role: {
      label: 'Practitioner role',
      hint: `Job title only, for example ‘Team manager’ – ${NOT_NAMES}`,
    },
    documentType: false,
    cases: true,
    notes: {
      label: 'Notes',
      hint: NOTES_HINT,
    },
  },
  'shadowing-observation': {
    agency: { label: 'Source agency', hint: 'The agency of the practitioner you shadowed' },
    role: {
      label: 'Practitioner shadowed',
      hint: `Job title only, for example ‘Health visitor’ – ${NOT_NAMES}`,
    },
    documentType: false,
    cases: true,
    notes: { label: 'Summary (optional)', hint: NOTES_HINT },
  },
  'case-tracking-note': {
    agency: { label: 'Whose record', hint: 'The agency whose case record you read' },
    role: null,
    documentType: false,
    cases: true,
    notes: {
      label: 'Notes',
      hint: 'What the record shows of the child’s experience and the help given; children by case reference',
    },
  },
  'child-conversation': {
    agency: {
      label: 'Service arranging the conversation (optional)',
      hint: 'For example the school or the children’s home',
    },
    role: null,
    documentType: false,
    cases: true,
    notes: {
      label: 'Notes',
      hint: 'Their words and views; the child by case reference, never by name',
    },
  },
  'family-conversation': {
    agency: null,
    role: {
      label: 'Who they are to the child',
      hint: `For example ‘mother’, ‘foster carer’, ‘adopter’ or ‘grandparent’ – ${NOT_NAMES}`,
    },
    documentType: false,
    cases: true,
    notes: {
      label: 'Notes',
      hint: 'What they said about the help the child and family got, in their words; never a name',
    },
  },
  'care-leaver-conversation': {
    agency: {
      label: 'Service supporting them (optional)',
      hint: 'For example the leaving care service',
    },
    role: null,
    documentType: false,
    cases: true,
    notes: {
      label: 'Notes',
      hint: 'Their words and views; the young person by case reference, never by name',
    },
  },
  'leader-meeting': {
    agency: { label: 'Leaders’ agency' },
    role: {
      label: 'Leaders’ roles',
      hint: `For example ‘Director of children’s services, designated nurse’ – ${NOT_NAMES}`,
    },
    documentType: false,
    cases: false,
    notes: {
      label: 'Notes',
      hint: 'What leaders said, and what they know of frontline practice; people by role',
    },
  },
  'focus-group': {
    agency: { label: 'Agency (optional)', hint: 'Leave unset for a group from several agencies' },
    role: {
      label: 'Who took part',
      hint: `Roles, for example ‘frontline social workers and health visitors’ – ${NOT_NAMES}`,
    },
    documentType: false,
    cases: false,
    notes: {
      label: 'Notes',
      hint: 'What the group said; people by role, never by name',
    },
  },
  'document-review': {
    agency: { label: 'Whose document' },
    role: null,
    documentType: true,
    cases: false,
    notes: {
      label: 'Notes',
      hint: 'What the document or data shows, with the figures and dates you relied on',
    },
  },
} as const satisfies Record<EvidenceKind, KindForm>;

export const kindForm = (kind: EvidenceKind): KindForm => KIND_FORMS[kind];
