import { useState } from 'react';
import { Button, NotificationBanner, TextInput } from '../shared/govuk';
import { FocusedErrorSummary } from '../shared/write-errors';
import { AdminScreen, LoadFailure } from './AdminScreen';
import { adminKeys } from './admin-api';
import { useAdminForm } from './useAdminForm';
import { useAdminSettings, type Admin } from './queries';

// The contract's bounds (src/domain/admin.ts SettingsRequestSchema).
const IDLE_LOCK_MIN_MINUTES = 1;
const IDLE_LOCK_MAX_MINUTES = 240;
const FIELDS = { idleLockMinutes: { id: 'idle-lock-minutes', label: 'Lock after' } } as const;

const IdleLockForm = ({ admin, current }: { admin: Admin; current: number }) => {
  const [value, setValue] = useState(String(current));
  const {
    submit,
    errors,
    fieldErrors,
    done: saved,
    pending,
  } = useAdminForm({
    fields: FIELDS,
    run: (idleLockMinutes: number) => admin.api.setSettings(admin.token, { idleLockMinutes }),
    touches: [adminKeys.settings()],
    done: (settings) => settings.idleLockMinutes,
  });
  const minutes = Number(value.trim());
  const fits =
    /^\d+$/.test(value.trim()) &&
    minutes >= IDLE_LOCK_MIN_MINUTES &&
    minutes <= IDLE_LOCK_MAX_MINUTES;
  const problems = fits
    ? {}
    : {
        idleLockMinutes: `Enter a whole number of minutes from ${IDLE_LOCK_MIN_MINUTES} to ${IDLE_LOCK_MAX_MINUTES}`,
      };
  return (
    <>
      {saved !== null && (
        <NotificationBanner title="Success" success role="status">
          <p className="govuk-notification-banner__heading">
            Tablets now lock after {saved} {saved === 1 ? 'minute' : 'minutes'} without use.
          </p>
          <p className="govuk-body">
            Each tablet picks this up at its next online sign-in or sync.
          </p>
        </NotificationBanner>
      )}
      <FocusedErrorSummary errors={errors} />
      <p className="govuk-body">
        Fieldbook locks a tablet that has not been used for this long. Locked, it shows nothing from
        the inspection and keeps no key in memory; the inspector unlocks it with their password,
        with or without a connection. A shorter time protects a tablet left in a car or a hotel
        room; a longer one interrupts a long interview less.
      </p>
      <form noValidate onSubmit={(event) => submit(event, minutes, problems)}>
        <TextInput
          id={FIELDS.idleLockMinutes.id}
          label="Lock after (minutes without use)"
          hint={`From ${IDLE_LOCK_MIN_MINUTES} to ${IDLE_LOCK_MAX_MINUTES} minutes. The usual setting is 10.`}
          inputMode="numeric"
          width={3}
          value={value}
          error={fieldErrors.idleLockMinutes}
          onChange={setValue}
        />
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save'}
        </Button>
      </form>
    </>
  );
};

const Settings = ({ admin }: { admin: Admin }) => {
  const settings = useAdminSettings(admin);
  if (settings.error)
    return <LoadFailure error={settings.error} retry={() => void settings.refetch()} />;
  if (!settings.data) return <p className="govuk-body">Loading…</p>;
  return <IdleLockForm admin={admin} current={settings.data.idleLockMinutes} />;
};

/** The device policy every tablet follows (DESIGN.md §5, issue 5 point 2). */
export const AdminSettingsPage = () => (
  <AdminScreen title="Device policy">{(admin) => <Settings admin={admin} />}</AdminScreen>
);
