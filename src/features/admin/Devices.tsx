import { useState } from 'react';
import type { AdminUser } from '../../domain';
import { formatDateTime } from '../shared/format';
import { Button, SummaryList, Tag, WarningText } from '../shared/govuk';
import { FocusedErrorSummary } from '../shared/write-errors';
import { adminErrorItems, adminKeys, deviceLabel } from './admin-api';
import { useAdminMutation, type Admin } from './queries';

type Device = AdminUser['devices'][number];

/** Revoking asks first: it cannot be undone and the tablet loses what it has not synced. */
const RevokeDevice = ({
  admin,
  user,
  device,
}: {
  admin: Admin;
  user: AdminUser;
  device: Device;
}) => {
  const [confirming, setConfirming] = useState(false);
  const mutation = useAdminMutation(
    () => admin.api.revokeDevice(admin.token, user.id, device.deviceId),
    [adminKeys.users()],
    () => setConfirming(false),
  );
  const label = deviceLabel(device.deviceId);
  if (!confirming)
    return (
      <Button variant="secondary" onClick={() => setConfirming(true)}>
        Revoke this device<span className="govuk-visually-hidden"> ({label})</span>
      </Button>
    );
  return (
    <div className="govuk-inset-text" role="group" aria-label={`Revoke ${label}`}>
      <FocusedErrorSummary errors={mutation.error ? adminErrorItems(mutation.error) : []} />
      <WarningText>
        {label} will wipe all its Fieldbook data the next time it contacts the server, including any
        evidence {user.name} has not yet synced from it. Use this for a lost or stolen tablet. It
        cannot be undone.
      </WarningText>
      <div className="govuk-button-group">
        <Button
          variant="warning"
          onClick={() => mutation.mutate(undefined)}
          disabled={mutation.isPending}
        >
          {mutation.isPending ? 'Revoking…' : 'Yes, revoke this device'}
        </Button>
        <Button variant="secondary" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
    </div>
  );
};

/** The tablets this person has signed in on. */
export const Devices = ({ admin, user }: { admin: Admin; user: AdminUser }) => (
  <section aria-labelledby="devices-heading">
    <h2 className="govuk-heading-m" id="devices-heading">
      Devices
    </h2>
    {user.devices.length === 0 ? (
      <p className="govuk-body">{user.name} has not signed in on a device yet.</p>
    ) : (
      user.devices.map((device) => (
        <div key={device.deviceId} className="govuk-!-margin-bottom-6">
          <h3 className="govuk-heading-s">
            {deviceLabel(device.deviceId)} {device.revokedAt && <Tag colour="red">Revoked</Tag>}
          </h3>
          <SummaryList
            rows={[
              { key: 'First signed in', value: formatDateTime(device.createdAt) },
              {
                key: 'Last seen',
                value: device.lastSeenAt ? formatDateTime(device.lastSeenAt) : 'Not since sign-in',
              },
              ...(device.revokedAt
                ? [{ key: 'Revoked', value: formatDateTime(device.revokedAt) }]
                : []),
            ]}
          />
          {!device.revokedAt && <RevokeDevice admin={admin} user={user} device={device} />}
        </div>
      ))
    )}
  </section>
);
