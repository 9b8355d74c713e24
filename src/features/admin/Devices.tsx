import { useState } from 'react';
import type { AdminUser, RevocationMode } from '../../domain';
import { formatDateTime } from '../shared/format';
import { Button, Radios, SummaryList, Tag, WarningText } from '../shared/govuk';
import { FocusedErrorSummary } from '../shared/write-errors';
import { adminErrorItems, adminKeys, deviceLabels } from './admin-api';
import { useAdminMutation, type Admin } from './queries';

type Device = AdminUser['devices'][number];

const MODES: readonly { value: RevocationMode; label: string; hint: string }[] = [
  {
    value: 'lost',
    label: 'Lost or stolen',
    hint: 'It wipes all its Fieldbook data at its next contact and sends nothing more, not even evidence not yet synced.',
  },
  {
    value: 'retired',
    label: 'Retired or replaced',
    hint: 'At its next contact it first sends the evidence not yet synced, then wipes all its Fieldbook data.',
  },
];

/** Revoking asks first, and how: it cannot be undone, and a lost tablet's unsent work is lost with it. */
const RevokeDevice = ({
  admin,
  user,
  device,
  label,
}: {
  admin: Admin;
  user: AdminUser;
  device: Device;
  label: string;
}) => {
  const [confirming, setConfirming] = useState(false);
  const [mode, setMode] = useState<RevocationMode | ''>('');
  const [unchosen, setUnchosen] = useState(false);
  const mutation = useAdminMutation(
    (chosen: RevocationMode) =>
      admin.api.revokeDevice(admin.token, user.id, device.deviceId, chosen),
    [adminKeys.users()],
    () => setConfirming(false),
  );
  if (!confirming)
    return (
      <Button variant="secondary" onClick={() => setConfirming(true)}>
        Revoke this device<span className="govuk-visually-hidden"> ({label})</span>
      </Button>
    );
  const choiceError = unchosen ? 'Choose why this device is being revoked' : null;
  return (
    <div className="govuk-inset-text" role="group" aria-label={`Revoke ${label}`}>
      <FocusedErrorSummary
        errors={[
          ...(choiceError ? [{ text: choiceError }] : []),
          ...(mutation.error ? adminErrorItems(mutation.error) : []),
        ]}
      />
      <Radios
        legend={`Why is ${label} being revoked?`}
        error={choiceError}
        value={mode}
        onChange={(value) => {
          setMode(MODES.find((m) => m.value === value)?.value ?? '');
          setUnchosen(false);
        }}
        options={MODES.map(({ value, label: text, hint }) => ({ value, label: text, hint }))}
      />
      <WarningText>
        It cannot be undone. {user.name} will need to sign in again on another device.
      </WarningText>
      <div className="govuk-button-group">
        <Button
          variant="warning"
          onClick={() => (mode ? mutation.mutate(mode) : setUnchosen(true))}
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
export const Devices = ({ admin, user }: { admin: Admin; user: AdminUser }) => {
  const labels = deviceLabels(user.devices);
  return (
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
              {labels.get(device.deviceId)} {device.revokedAt && <Tag colour="red">Revoked</Tag>}
            </h3>
            <SummaryList
              rows={[
                { key: 'First signed in', value: formatDateTime(device.createdAt) },
                {
                  key: 'Last seen',
                  value: device.lastSeenAt
                    ? formatDateTime(device.lastSeenAt)
                    : 'Not since sign-in',
                },
                ...(device.revokedAt
                  ? [
                      {
                        key: 'Revoked',
                        value: `${formatDateTime(device.revokedAt)}, ${device.revokeMode === 'retired' ? 'retired (sends its unsent work, then wipes)' : 'lost or stolen (wipes at once)'}`,
                      },
                    ]
                  : []),
              ]}
            />
            {!device.revokedAt && (
              <RevokeDevice
                admin={admin}
                user={user}
                device={device}
                label={labels.get(device.deviceId) ?? device.deviceId}
              />
            )}
          </div>
        ))
      )}
    </section>
  );
};
