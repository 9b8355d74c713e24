import type { EvidenceFields } from '../../domain';

/** A change to some of a note's fields, as the editor's parts hand it up. */
export type Patch = Partial<EvidenceFields>;
/** What each part of the evidence editor is given: the draft, and how to change it. */
export type FieldsProps = { draft: EvidenceFields; set: (patch: Patch) => void };
