import { useParams } from 'react-router';
import { formatDate } from '../shared/format';
import { SummaryList } from '../shared/govuk';
import { AdminScreen, LoadFailure } from './AdminScreen';
import { frameworkTitle } from './InspectionsPage';
import { RetentionForm } from './RetentionForm';
import { StatusForm } from './StatusForm';
import { TeamForm } from './TeamForm';
import { useAdminInspections, useAdminUsers, type Admin } from './queries';

const InspectionDetail = ({ admin, inspectionId }: { admin: Admin; inspectionId: string }) => {
  const inspections = useAdminInspections(admin);
  const users = useAdminUsers(admin);
  const error = inspections.error ?? users.error;
  if (error)
    return (
      <LoadFailure
        error={error}
        retry={() => {
          void inspections.refetch();
          void users.refetch();
        }}
      />
    );
  if (!inspections.data || !users.data) return <p className="govuk-body">Loading…</p>;
  const inspection = inspections.data.find((i) => i.id === inspectionId);
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
      <TeamForm admin={admin} inspection={inspection} users={users.data} />
      <RetentionForm admin={admin} inspection={inspection} />
    </>
  );
};

/** One inspection: move it through its stages, change its team, keep or purge its data. */
export const InspectionPage = () => {
  const { inspectionId = '' } = useParams();
  return (
    <AdminScreen title="Inspection status, team and retention">
      {(admin) => <InspectionDetail admin={admin} inspectionId={inspectionId} />}
    </AdminScreen>
  );
};
