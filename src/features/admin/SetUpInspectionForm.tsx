import { useState } from 'react';
import { FRAMEWORKS, type AdminUser } from '../../domain';
import { FieldworkFields, fieldworkErrors } from '../shared/fieldwork';
import { Button, Checkboxes, NotificationBanner, Select } from '../shared/govuk';
import { FocusedErrorSummary } from '../shared/write-errors';
import { adminKeys } from './admin-api';
import type { Admin } from './queries';
import { useAdminForm } from './useAdminForm';

const FIELDS = {
  frameworkId: { id: 'new-inspection-framework', label: 'Inspection' },
  area: { id: 'new-inspection-area', label: 'Local authority area' },
  startsOn: { id: 'new-inspection-starts', label: 'Start of fieldwork' },
  endsOn: { id: 'new-inspection-ends', label: 'End of fieldwork' },
  leadUserId: { id: 'new-inspection-lead', label: 'Lead inspector' },
  memberUserIds: { id: 'new-inspection-members', label: 'Team' },
} as const;
type Field = keyof typeof FIELDS;

const EMPTY = {
  frameworkId: '',
  area: '',
  startsOn: '',
  endsOn: '',
  leadUserId: '',
  memberUserIds: [] as string[],
};
type Form = typeof EMPTY;

const check = (form: Form): Partial<Record<Field, string>> => {
  const errors: Partial<Record<Field, string>> = fieldworkErrors(form);
  if (!form.leadUserId) errors.leadUserId = 'Select the lead inspector';
  return errors;
};

export const userOption = (u: AdminUser) => ({ value: u.id, label: `${u.name} (${u.username})` });

/** Sets up an inspection on the server with its lead and team; they see it at their next sync. */
export const SetUpInspectionForm = ({ admin, users }: { admin: Admin; users: AdminUser[] }) => {
  const [form, setForm] = useState<Form>(EMPTY);
  const {
    submit,
    errors,
    fieldErrors,
    done: created,
    pending,
  } = useAdminForm({
    fields: FIELDS,
    run: (request: Form) =>
      admin.api.createInspection(admin.token, {
        frameworkId: request.frameworkId,
        area: request.area.trim(),
        startsOn: request.startsOn,
        ...(request.endsOn ? { endsOn: request.endsOn } : {}),
        leadUserId: request.leadUserId,
        // The lead is on the team by being the lead; members are everyone else.
        memberUserIds: request.memberUserIds.filter((id) => id !== request.leadUserId),
      }),
    touches: [adminKeys.inspections()],
    done: (inspection) => inspection.area,
    onSuccess: () => setForm(EMPTY),
  });
  const set = <K extends keyof Form>(key: K, value: Form[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const options = [...users].sort((a, b) => a.name.localeCompare(b.name)).map(userOption);

  return (
    <section aria-labelledby="new-inspection-heading">
      <h2 className="govuk-heading-m" id="new-inspection-heading">
        Set up an inspection
      </h2>
      {created && (
        <NotificationBanner title="Success" success role="status">
          <p className="govuk-notification-banner__heading">
            The inspection of {created} has been set up.
          </p>
          <p className="govuk-body">The team sees it on their tablets at their next sync.</p>
        </NotificationBanner>
      )}
      <FocusedErrorSummary errors={errors} />
      <form noValidate onSubmit={(event) => submit(event, form, check(form))}>
        <Select
          id={FIELDS.frameworkId.id}
          label="Inspection"
          emptyLabel="Select the inspection framework"
          options={FRAMEWORKS.map((f) => ({ value: f.id, label: f.title }))}
          value={form.frameworkId}
          error={fieldErrors.frameworkId}
          onChange={(v) => set('frameworkId', v)}
        />
        <FieldworkFields
          ids={FIELDS}
          form={form}
          errors={fieldErrors}
          set={set}
          end={{
            legend: 'End of fieldwork (optional)',
            hint: 'Leave empty and the server uses the framework’s length (two weeks).',
          }}
        />
        <Select
          id={FIELDS.leadUserId.id}
          label="Lead inspector"
          emptyLabel="Select the lead inspector"
          options={options}
          value={form.leadUserId}
          error={fieldErrors.leadUserId}
          onChange={(v) => set('leadUserId', v)}
        />
        <div id={FIELDS.memberUserIds.id}>
          <Checkboxes
            legend="Team"
            hint="The inspectors on this inspection besides the lead. You can change the team later."
            small
            values={form.memberUserIds.filter((id) => id !== form.leadUserId)}
            options={options.filter((o) => o.value !== form.leadUserId)}
            onChange={(values) => set('memberUserIds', values)}
          />
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Setting up…' : 'Set up inspection'}
        </Button>
      </form>
    </section>
  );
};
