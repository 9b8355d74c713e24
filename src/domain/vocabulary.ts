/**
 * The words of the domain (DESIGN.md §2.2, wire names §4.1). Each list is an `as const` array of
 * `{id, label}` so the wire id and the words a person reads live together; unions derive from it.
 */
type Vocab = readonly { readonly id: string; readonly label: string }[];
export type IdOf<V extends Vocab> = V[number]['id'];

const ids = <V extends Vocab>(vocab: V) =>
  vocab.map((entry) => entry.id) as unknown as [IdOf<V>, ...IdOf<V>[]];

export const labelOf = (vocab: Vocab, id: string | null | undefined): string =>
  vocab.find((entry) => entry.id === id)?.label ?? id ?? '';

export const INSPECTORATES = [
  { id: 'ofsted', label: 'Ofsted' },
  { id: 'cqc', label: 'Care Quality Commission (CQC)' },
  { id: 'hmic', label: 'HM Inspectorate of Constabulary (HMIC)' },
  { id: 'hmi-probation', label: 'HM Inspectorate of Probation' },
  { id: 'hmi-prisons', label: 'HM Inspectorate of Prisons' },
  { id: 'hmcpsi', label: 'HM Crown Prosecution Service Inspectorate (HMCPSI)' },
] as const;
export type InspectorateId = IdOf<typeof INSPECTORATES>;
export const INSPECTORATE_IDS = ids(INSPECTORATES);

export const AGENCIES = [
  { id: 'childrens-social-care', label: "Children's social care" },
  { id: 'early-help', label: 'Early help' },
  { id: 'mash', label: 'Multi-agency safeguarding hub (MASH)' },
  { id: 'police', label: 'Police' },
  { id: 'health-visiting', label: 'Health visiting' },
  { id: 'school-nursing', label: 'School nursing' },
  { id: 'gp', label: 'GPs' },
  { id: 'hospital', label: 'Hospitals' },
  { id: 'camhs', label: 'Child and adolescent mental health (CAMHS)' },
  { id: 'adult-mental-health', label: 'Adult mental health' },
  { id: 'substance-misuse', label: 'Drug and alcohol services' },
  { id: 'school', label: 'Schools' },
  { id: 'virtual-school', label: 'Virtual school' },
  { id: 'probation', label: 'Probation' },
  { id: 'youth-offending', label: 'Youth offending team' },
  { id: 'cps', label: 'Crown Prosecution Service (CPS)' },
  { id: 'prison', label: 'Prisons and young offender institutions' },
  { id: 'cafcass', label: 'Cafcass' },
  { id: 'fostering', label: 'Fostering agencies' },
  { id: 'adoption', label: 'Adoption agencies' },
  { id: 'childrens-home', label: "Children's homes" },
  { id: 'leaving-care', label: 'Leaving care service' },
  { id: 'housing', label: 'Housing' },
  { id: 'voluntary-sector', label: 'Voluntary sector' },
  { id: 'other', label: 'Other' },
] as const;
export type AgencyId = IdOf<typeof AGENCIES>;
export const AGENCY_IDS = ids(AGENCIES);
/** Agencies that count as health when the lead looks for gaps in health evidence. */
export const HEALTH_AGENCY_IDS: readonly AgencyId[] = [
  'health-visiting',
  'school-nursing',
  'gp',
  'hospital',
  'camhs',
  'adult-mental-health',
  'substance-misuse',
];

export const EVIDENCE_KINDS = [
  { id: 'practitioner-interview', label: 'Practitioner interview' },
  { id: 'shadowing-observation', label: 'Shadowing observation' },
  { id: 'case-tracking-note', label: 'Case-tracking note' },
  { id: 'child-conversation', label: 'Conversation with a child or young person' },
  {
    id: 'family-conversation',
    label: 'Conversation with a parent, carer, adopter or birth family',
  },
  { id: 'care-leaver-conversation', label: 'Conversation with a care leaver' },
  { id: 'leader-meeting', label: 'Meeting with managers or leaders' },
  { id: 'focus-group', label: 'Focus group' },
  { id: 'document-review', label: 'Document or performance data review' },
] as const;
export type EvidenceKind = IdOf<typeof EVIDENCE_KINDS>;
export const EVIDENCE_KIND_IDS = ids(EVIDENCE_KINDS);

export const EVALUATIONS = [
  { id: 'strength', label: 'Strength' },
  { id: 'area-for-improvement', label: 'Area for improvement' },
  { id: 'priority-action', label: 'Area for priority action' },
  { id: 'neutral', label: 'Neutral' },
] as const;
export type Evaluation = IdOf<typeof EVALUATIONS>;
export const EVALUATION_IDS = ids(EVALUATIONS);

export const SENSITIVITIES = [
  { id: 'official', label: 'Official' },
  { id: 'official-sensitive', label: 'Official-sensitive' },
] as const;
export const SENSITIVITY_IDS = ids(SENSITIVITIES);

export const EVIDENCE_STATUSES = [
  { id: 'draft', label: 'Draft' },
  { id: 'final', label: 'Final' },
] as const;
export const EVIDENCE_STATUS_IDS = ids(EVIDENCE_STATUSES);

export const AGE_BANDS = [
  { id: 'unborn', label: 'Unborn' },
  { id: '0-4', label: '0 to 4' },
  { id: '5-9', label: '5 to 9' },
  { id: '10-15', label: '10 to 15' },
  { id: '16-17', label: '16 to 17' },
  { id: '18-25', label: '18 to 25 (care leaver)' },
] as const;
export const AGE_BAND_IDS = ids(AGE_BANDS);

export const CASE_SELECTIONS = [
  { id: 'tracked', label: 'Tracked' },
  { id: 'sampled', label: 'Sampled' },
] as const;
export const CASE_SELECTION_IDS = ids(CASE_SELECTIONS);

export const CASE_STATUSES = [
  { id: 'early-help', label: 'Early help' },
  { id: 'child-in-need', label: 'Child in need' },
  { id: 'child-protection-plan', label: 'Child protection plan' },
  { id: 'looked-after', label: 'Looked after' },
  { id: 'care-leaver', label: 'Care leaver' },
  { id: 'closed', label: 'Closed' },
] as const;
export const CASE_STATUS_IDS = ids(CASE_STATUSES);

/**
 * The child's journey: from needing help to receiving it, then — for looked after children —
 * from entering care through placement and permanence to leaving care. `phase` groups the timeline.
 */
export const JOURNEY_STAGES = [
  { id: 'early-help', label: 'Early help', phase: 'help' },
  { id: 'contact', label: 'Contact / front door', phase: 'help' },
  { id: 'referral', label: 'Referral', phase: 'help' },
  { id: 'assessment', label: 'Assessment', phase: 'help' },
  { id: 'strategy-discussion', label: 'Strategy discussion', phase: 'help' },
  { id: 'section-47-enquiry', label: 'Section 47 enquiry', phase: 'help' },
  { id: 'child-protection-conference', label: 'Child protection conference', phase: 'help' },
  { id: 'child-protection-plan', label: 'Child protection plan', phase: 'help' },
  { id: 'cp-review-conference', label: 'Child protection review conference', phase: 'help' },
  { id: 'child-in-need-plan', label: 'Child in need plan', phase: 'help' },
  { id: 'pre-proceedings', label: 'Pre-proceedings', phase: 'help' },
  { id: 'care-proceedings', label: 'Care proceedings', phase: 'help' },
  { id: 'entering-care', label: 'Entering care', phase: 'care' },
  { id: 'placement', label: 'Placement', phase: 'care' },
  { id: 'looked-after-review', label: 'Looked after review', phase: 'care' },
  { id: 'permanence-plan', label: 'Permanence plan', phase: 'care' },
  { id: 'placement-order', label: 'Placement order (court authority to place)', phase: 'care' },
  { id: 'matched-with-adopters', label: 'Matched with adopters', phase: 'care' },
  {
    id: 'placed-for-adoption',
    label: 'Placed for adoption (moved in with the adoptive family)',
    phase: 'care',
  },
  { id: 'adoption-order', label: 'Adoption order', phase: 'care' },
  { id: 'permanence-achieved', label: 'Permanence achieved', phase: 'care' },
  { id: 'leaving-care', label: 'Leaving care', phase: 'care' },
  { id: 'pathway-plan', label: 'Pathway plan', phase: 'care' },
  { id: 'closure', label: 'Closure', phase: 'care' },
] as const;
export type JourneyStage = IdOf<typeof JOURNEY_STAGES>;
export const JOURNEY_STAGE_IDS = ids(JOURNEY_STAGES);

/** How a looked after child reached permanence: `route` on a `permanence-achieved` stage. */
export const PERMANENCE_ROUTES = [
  { id: 'adoption', label: 'Adoption' },
  { id: 'special-guardianship', label: 'Special guardianship' },
  { id: 'residence-order', label: 'Residence order' },
  { id: 'long-term-fostering', label: 'Long-term fostering' },
  { id: 'return-to-family', label: 'Return to family' },
  { id: 'other', label: 'Other' },
] as const;
export type PermanenceRoute = IdOf<typeof PERMANENCE_ROUTES>;
export const PERMANENCE_ROUTE_IDS = ids(PERMANENCE_ROUTES);

export const REVIEW_STATES = [
  { id: 'reviewed', label: 'Reviewed' },
  { id: 'follow-up', label: 'Returned for follow-up' },
] as const;
export const REVIEW_STATE_IDS = ids(REVIEW_STATES);

export const JUDGEMENT_STATES = [
  { id: 'draft', label: 'Draft' },
  { id: 'team-agreed', label: 'Team agreed' },
  { id: 'moderated', label: 'Moderated' },
  { id: 'final', label: 'Final' },
] as const;
export const JUDGEMENT_STATE_IDS = ids(JUDGEMENT_STATES);

export const REFERRED_TO = [
  { id: 'childrens-social-care', label: "Children's social care" },
  { id: 'allocated-social-worker', label: 'Allocated social worker' },
  { id: 'police', label: 'Police' },
  { id: 'lado', label: 'Local authority designated officer (LADO)' },
  { id: 'director', label: "Director of children's services" },
  { id: 'other', label: 'Other' },
] as const;
export const REFERRED_TO_IDS = ids(REFERRED_TO);

export const CONCERN_STATUSES = [
  { id: 'open', label: 'Open' },
  { id: 'referred', label: 'Referred' },
  { id: 'closed', label: 'Closed' },
] as const;
export const CONCERN_STATUS_IDS = ids(CONCERN_STATUSES);

export const INSPECTION_STATUSES = [
  { id: 'planned', label: 'Planned' },
  { id: 'fieldwork', label: 'Fieldwork' },
  { id: 'moderation', label: 'Moderation' },
  { id: 'reported', label: 'Reported' },
] as const;
export const INSPECTION_STATUS_IDS = ids(INSPECTION_STATUSES);

export const TEAM_ROLES = [
  { id: 'lead', label: 'Lead inspector' },
  { id: 'inspector', label: 'Inspector' },
] as const;
export const TEAM_ROLE_IDS = ids(TEAM_ROLES);
