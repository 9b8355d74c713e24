import { useState } from 'react';
import {
  INSPECTORATES,
  PASSWORD_MIN_CHARS,
  USERNAME_RULE,
  isValidPassword,
  isValidUsername,
  passwordRule,
} from '../../domain';
import { Button, Checkboxes, NotificationBanner, Select, TextInput } from '../shared/govuk';
import { FocusedErrorSummary } from '../shared/write-errors';
import { adminKeys } from './admin-api';
import type { Admin } from './queries';
import { useAdminForm } from './useAdminForm';

const FIELDS = {
  username: { id: 'add-user-username', label: 'Username' },
  name: { id: 'add-user-name', label: 'Full name' },
  inspectorate: { id: 'add-user-inspectorate', label: 'Inspectorate' },
  password: { id: 'add-user-password', label: 'Initial password' },
} as const;
type Field = keyof typeof FIELDS;

const EMPTY = { username: '', name: '', inspectorate: '', admin: false, password: '' };

const check = (form: typeof EMPTY): Partial<Record<Field, string>> => {
  const errors: Partial<Record<Field, string>> = {};
  const username = form.username.trim();
  if (!username) errors.username = 'Enter a username';
  else if (!isValidUsername(username)) errors.username = USERNAME_RULE;
  if (!form.name.trim()) errors.name = 'Enter the person’s full name';
  if (!form.inspectorate) errors.inspectorate = 'Select the person’s inspectorate';
  if (!isValidPassword(form.password)) errors.password = passwordRule('The initial password');
  return errors;
};

/** Adds an inspector or a coordinator; they sign in once online with the initial password. */
export const AddUserForm = ({ admin }: { admin: Admin }) => {
  const [form, setForm] = useState(EMPTY);
  const {
    submit,
    errors,
    fieldErrors,
    done: added,
    pending,
  } = useAdminForm({
    fields: FIELDS,
    run: (request: typeof EMPTY) =>
      admin.api.createUser(admin.token, {
        ...request,
        username: request.username.trim(),
        name: request.name.trim(),
        inspectorate: request.inspectorate as (typeof INSPECTORATES)[number]['id'],
      }),
    touches: [adminKeys.users()],
    done: (user) => `${user.name} (${user.username})`,
    onSuccess: () => setForm(EMPTY),
  });
  const set = <K extends keyof typeof EMPTY>(key: K, value: (typeof EMPTY)[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  return (
    <section aria-labelledby="add-user-heading">
      <h2 className="govuk-heading-m" id="add-user-heading">
        Add a user
      </h2>
      {added && (
        <NotificationBanner title="Success" success role="status">
          <p className="govuk-notification-banner__heading">{added} has been added.</p>
          <p className="govuk-body">Give them the initial password in person or by phone.</p>
        </NotificationBanner>
      )}
      <FocusedErrorSummary errors={errors} />
      <form noValidate onSubmit={(event) => submit(event, form, check(form))}>
        <TextInput
          id={FIELDS.username.id}
          label="Username"
          hint="What they type to sign in, for example jsmith. Letters, numbers, full stops, hyphens and underscores."
          width={20}
          value={form.username}
          error={fieldErrors.username}
          onChange={(v) => set('username', v)}
        />
        <TextInput
          id={FIELDS.name.id}
          label="Full name"
          hint="Shown to the team beside their evidence."
          width={30}
          value={form.name}
          error={fieldErrors.name}
          onChange={(v) => set('name', v)}
        />
        <Select
          id={FIELDS.inspectorate.id}
          label="Inspectorate"
          emptyLabel="Select an inspectorate"
          options={INSPECTORATES.map((i) => ({ value: i.id, label: i.label }))}
          value={form.inspectorate}
          error={fieldErrors.inspectorate}
          onChange={(v) => set('inspectorate', v)}
        />
        <Checkboxes
          legend="Coordinator"
          hint="A coordinator can use these screens: add users, reset passwords, revoke devices and set up inspections."
          values={form.admin ? ['admin'] : []}
          options={[{ value: 'admin', label: 'This person is a coordinator' }]}
          onChange={(values) => set('admin', values.includes('admin'))}
        />
        <TextInput
          id={FIELDS.password.id}
          type="password"
          label="Initial password"
          hint={`At least ${PASSWORD_MIN_CHARS} characters. They can keep using it offline on their tablet.`}
          autoComplete="new-password"
          width={20}
          value={form.password}
          error={fieldErrors.password}
          onChange={(v) => set('password', v)}
        />
        <Button type="submit" disabled={pending}>
          {pending ? 'Adding…' : 'Add user'}
        </Button>
      </form>
    </section>
  );
};
