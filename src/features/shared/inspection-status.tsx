import { INSPECTION_STATUSES, labelOf, type Inspection } from '../../domain';
import { Tag } from './govuk';

/**
 * The one way an inspection's status reads, wherever it shows (list, home, record, coordinator
 * screens). Its only source is the stored `status` the coordinator sets; the fieldwork dates are
 * dates, never a status, so no screen may infer "Fieldwork" from them.
 */
export const inspectionStatusLabel = (inspection: Pick<Inspection, 'status'>): string =>
  labelOf(INSPECTION_STATUSES, inspection.status);

export const InspectionStatusTag = ({ inspection }: { inspection: Pick<Inspection, 'status'> }) => (
  <Tag colour={inspection.status === 'fieldwork' ? 'green' : 'grey'}>
    {inspectionStatusLabel(inspection)}
  </Tag>
);
