import { useParams } from 'react-router';
import { formatDate } from '../shared/format';
import { SummaryList } from '../shared/govuk';
import { AdminScreen, LoadFailure } from './AdminScreen';
import { ContactsForm } from './ContactsForm';
import { frameworkTitle } from './InspectionsPage';
import { RetentionForm } from './RetentionForm';
import { StatusForm } from './StatusForm';
import { TeamForm } from './TeamForm';
import { useAdminInspectionsAndUsers, type Admin } from './queries';

const InspectionDetail = ({ admin, inspectionId }: { admin: Admin; inspectionId: string }) => {
  const { inspections, users, error, retry } = useAdminInspectionsAndUsers(admin);
  if (error) return <LoadFailure error={error} retry={retry} />;
  if (!inspections || !users) return <p className="govuk-body">Loading…</p>;
  const inspection = inspections.find((i) => i.id === inspectionId);
  if (!inspection) return <p className="govuk-body">There is no such inspection.</p>;
  return (
    <>
      <SummaryList
        rows={[
          { key: 'Area', value: inspection.area },
          { key: 'Inspection', value: frameworkTitle(inspection.frameworkId) },
          {
            key: 'Fieldwork',
            value: `${formatDate(inspection.startsOn)} to ${formatDate(inspection.endsOn)}`,
          },
        ]}
      />
      <StatusForm admin={admin} inspection={inspection} />
      <TeamForm admin={admin} inspection={inspection} users={users} />
      <RetentionForm admin={admin} inspection={inspection} />
      <ContactsForm admin={admin} inspection={inspection} />
    </>
  );
};

/**
 * One inspection: move it through its stages, change its team, record its safeguarding numbers,
 * keep or purge its data.
 */
export const InspectionPage = () => {
  const { inspectionId = '' } = useParams();
  return (
    <AdminScreen title="Inspection status, team and retention">
      {(admin) => <InspectionDetail admin={admin} inspectionId={inspectionId} />}
    </AdminScreen>
  );
};
