import { useParams } from 'react-router';
import { INSPECTORATES, labelOf } from '../../domain';
import { AdminScreen, LoadFailure } from './AdminScreen';
import { Devices } from './Devices';
import { ResetPasswordForm } from './ResetPasswordForm';
import { useAdminUsers, type Admin } from './queries';

const User = ({ admin, userId }: { admin: Admin; userId: string }) => {
  const users = useAdminUsers(admin);
  if (users.error) return <LoadFailure error={users.error} retry={() => void users.refetch()} />;
  if (!users.data) return <p className="govuk-body">Loading…</p>;
  const user = users.data.find((u) => u.id === userId);
  if (!user) return <p className="govuk-body">There is no such user.</p>;
  return (
    <>
      <p className="govuk-body-l">
        {user.name} ({user.username}), {labelOf(INSPECTORATES, user.inspectorate)}
        {user.admin ? ', coordinator' : ''}
      </p>
      <ResetPasswordForm admin={admin} user={user} />
      <Devices admin={admin} user={user} />
    </>
  );
};

/** One person: reset their password, revoke a device. */
export const UserPage = () => {
  const { userId = '' } = useParams();
  return (
    <AdminScreen title="Password and devices">
      {(admin) => <User admin={admin} userId={userId} />}
    </AdminScreen>
  );
};
