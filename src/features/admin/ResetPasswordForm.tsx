import { useState } from 'react';
import { PASSWORD_MIN_CHARS, isValidPassword, passwordRule, type AdminUser } from '../../domain';
import { Button, NotificationBanner, TextInput } from '../shared/govuk';
import { FocusedErrorSummary } from '../shared/write-errors';
import { adminKeys } from './admin-api';
import type { Admin } from './queries';
import { useAdminForm } from './useAdminForm';

const FIELDS = {
  password: { id: 'reset-password', label: 'New password' },
  confirmation: { id: 'reset-password-confirm', label: 'Confirm the new password' },
} as const;
type Field = keyof typeof FIELDS;

/**
 * A forgotten password: the coordinator sets a new one. The data on the person's tablet is not
 * lost: their next online sign-in with the new password recovers it (DESIGN.md §5).
 */
export const ResetPasswordForm = ({ admin, user }: { admin: Admin; user: AdminUser }) => {
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const { submit, errors, fieldErrors, done, pending } = useAdminForm({
    fields: FIELDS,
    run: (next: string) => admin.api.resetPassword(admin.token, user.id, next),
    touches: [adminKeys.users()],
    done: () => true,
    onSuccess: () => {
      setPassword('');
      setConfirmation('');
    },
  });
  const check = (): Partial<Record<Field, string>> => ({
    ...(isValidPassword(password) ? {} : { password: passwordRule('The new password') }),
    ...(confirmation === password ? {} : { confirmation: 'The two passwords do not match' }),
  });

  return (
    <section aria-labelledby="reset-heading">
      <h2 className="govuk-heading-m" id="reset-heading">
        Reset password
      </h2>
      {done && (
        <NotificationBanner title="Success" success role="status">
          <p className="govuk-notification-banner__heading">
            {user.name}’s password has been reset.
          </p>
          <p className="govuk-body">
            Tell them the new password. Their sessions have ended; they sign in again online.
          </p>
        </NotificationBanner>
      )}
      <p className="govuk-body">
        Use this when {user.name} has forgotten their password. Nothing on their tablet is lost: the
        next time they sign in online with the new password, Fieldbook recovers the evidence on the
        device, including anything not yet synced, and sends it.
      </p>
      <FocusedErrorSummary errors={errors} />
      <form noValidate onSubmit={(event) => submit(event, password, check())}>
        <TextInput
          id={FIELDS.password.id}
          type="password"
          label="New password"
          hint={`At least ${PASSWORD_MIN_CHARS} characters.`}
          autoComplete="new-password"
          width={20}
          value={password}
          error={fieldErrors.password}
          onChange={setPassword}
        />
        <TextInput
          id={FIELDS.confirmation.id}
          type="password"
          label="Confirm the new password"
          autoComplete="new-password"
          width={20}
          value={confirmation}
          error={fieldErrors.confirmation}
          onChange={setConfirmation}
        />
        <Button type="submit" disabled={pending}>
          {pending ? 'Resetting…' : 'Reset password'}
        </Button>
      </form>
    </section>
  );
};
