import { Link } from 'react-router';
import { frameworkById, INSPECTION_STATUSES, type Inspection } from '../../domain';
import { formatDate } from '../shared/format';
import { inspectionStatusLabel } from '../shared/inspection-status';
import { SortableTable, type Column } from '../shared/sortable-table';
import { TAP_LINK } from '../shared/touch';
import { AdminScreen, LoadFailure } from './AdminScreen';
import { useFieldbook } from '../shared/fieldbook-context';
import { retentionShort } from '../shared/retention';
import { PurgeDue } from './PurgeDue';
import { SetUpInspectionForm } from './SetUpInspectionForm';
import { useAdminInspectionsAndUsers, type Admin } from './queries';

export const frameworkTitle = (id: string) => frameworkById(id)?.title ?? id;

export const teamSummary = (inspection: Inspection) =>
  inspection.team.length === 0
    ? 'No team yet'
    : inspection.team.map((m) => (m.role === 'lead' ? `${m.name} (lead)` : m.name)).join(', ');

const COLUMNS: Column<Inspection>[] = [
  {
    key: 'area',
    header: 'Area',
    sortValue: (i) => i.area,
    cell: (i) => (
      <Link className={TAP_LINK} to={`/admin/inspections/${i.id}`}>
        {i.area}
        <span className="govuk-visually-hidden">: status and team</span>
      </Link>
    ),
  },
  {
    key: 'framework',
    header: 'Inspection',
    sortValue: (i) => frameworkTitle(i.frameworkId),
    cell: (i) => frameworkTitle(i.frameworkId),
  },
  {
    key: 'dates',
    header: 'Fieldwork',
    sortValue: (i) => i.startsOn,
    cell: (i) => `${formatDate(i.startsOn)} to ${formatDate(i.endsOn)}`,
  },
  {
    key: 'status',
    header: 'Status',
    sortValue: (i) => INSPECTION_STATUSES.findIndex((s) => s.id === i.status),
    cell: (i) => inspectionStatusLabel(i),
  },
  { key: 'team', header: 'Team', cell: teamSummary },
  {
    key: 'purge',
    header: 'Data purged',
    sortValue: (i) => i.retention?.purgedAt ?? i.retention?.purgeOn ?? '9999',
    cell: (i) => retentionShort(i.retention),
  },
];

const Inspections = ({ admin }: { admin: Admin }) => {
  const { clock } = useFieldbook();
  const { inspections, users, error, retry } = useAdminInspectionsAndUsers(admin);
  if (error) return <LoadFailure error={error} retry={retry} />;
  if (!inspections || !users) return <p className="govuk-body">Loading inspections…</p>;
  return (
    <>
      {inspections.length === 0 ? (
        <p className="govuk-body">No inspections have been set up yet.</p>
      ) : (
        <SortableTable
          caption={`${inspections.length} ${inspections.length === 1 ? 'inspection' : 'inspections'}`}
          columns={COLUMNS}
          rows={inspections}
          rowKey={(i) => i.id}
          initialSort={{ key: 'dates', direction: 'descending' }}
          compact
        />
      )}
      <SetUpInspectionForm admin={admin} users={users} />
      <PurgeDue admin={admin} inspections={inspections} nowMs={clock.now()} />
    </>
  );
};

export const InspectionsPage = () => (
  <AdminScreen title="Inspections and teams">
    {(admin) => <Inspections admin={admin} />}
  </AdminScreen>
);
