import { Link } from 'react-router';
import { INSPECTORATES, labelOf, type AdminUser } from '../../domain';
import { formatDateTime } from '../shared/format';
import { TAP_LINK } from '../shared/touch';
import { SortableTable, type Column } from '../shared/sortable-table';
import { AdminScreen, LoadFailure } from './AdminScreen';
import { AddUserForm } from './AddUserForm';
import { deviceLabels } from './admin-api';
import { useAdminUsers, type Admin } from './queries';

const DeviceSummary = ({ user }: { user: AdminUser }) => {
  const labels = deviceLabels(user.devices);
  return user.devices.length === 0 ? (
    <>None yet</>
  ) : (
    <ul className="govuk-list govuk-!-margin-bottom-0">
      {user.devices.map((d) => (
        <li key={d.deviceId}>
          {labels.get(d.deviceId)}:{' '}
          {d.revokedAt
            ? `revoked ${formatDateTime(d.revokedAt)}`
            : d.lastSeenAt
              ? `last seen ${formatDateTime(d.lastSeenAt)}`
              : 'not seen since sign-in'}
        </li>
      ))}
    </ul>
  );
};

const COLUMNS: Column<AdminUser>[] = [
  {
    key: 'name',
    header: 'Name',
    sortValue: (u) => u.name,
    cell: (u) => (
      <Link className={TAP_LINK} to={`/admin/users/${u.id}`}>
        {u.name}
        <span className="govuk-visually-hidden">: password and devices</span>
      </Link>
    ),
  },
  { key: 'username', header: 'Username', sortValue: (u) => u.username, cell: (u) => u.username },
  {
    key: 'inspectorate',
    header: 'Inspectorate',
    sortValue: (u) => labelOf(INSPECTORATES, u.inspectorate),
    cell: (u) => labelOf(INSPECTORATES, u.inspectorate),
  },
  {
    key: 'admin',
    header: 'Coordinator',
    sortValue: (u) => (u.admin ? 0 : 1),
    cell: (u) => (u.admin ? 'Yes' : 'No'),
  },
  { key: 'devices', header: 'Devices', cell: (u) => <DeviceSummary user={u} /> },
];

const Users = ({ admin }: { admin: Admin }) => {
  const users = useAdminUsers(admin);
  if (users.error) return <LoadFailure error={users.error} retry={() => void users.refetch()} />;
  if (!users.data) return <p className="govuk-body">Loading users…</p>;
  return (
    <>
      <SortableTable
        caption={`${users.data.length} ${users.data.length === 1 ? 'user' : 'users'}`}
        columns={COLUMNS}
        rows={users.data}
        rowKey={(u) => u.id}
        initialSort={{ key: 'name', direction: 'ascending' }}
        compact
      />
      <p className="govuk-body">
        Choose a name to reset that person’s password or revoke one of their devices.
      </p>
      <AddUserForm admin={admin} />
    </>
  );
};

export const UsersPage = () => (
  <AdminScreen title="Users and devices">{(admin) => <Users admin={admin} />}</AdminScreen>
);
