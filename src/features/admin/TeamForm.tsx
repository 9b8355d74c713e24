import { useState } from 'react';
import type { AdminUser, Inspection } from '../../domain';
import { Button, Checkboxes, NotificationBanner, Select } from '../shared/govuk';
import { FocusedErrorSummary } from '../shared/write-errors';
import { adminKeys } from './admin-api';
import { useAdminForm } from './useAdminForm';
import type { Admin } from './queries';
import { userOption } from './SetUpInspectionForm';

const FIELDS = {
  members: { id: 'team-members', label: 'Team' },
  lead: { id: 'team-lead', label: 'Lead inspector' },
} as const;

/**
 * The whole team at once: who is on it and who leads. Someone taken off keeps nothing new: the
 * server stops sending them this inspection (S8).
 */
export const TeamForm = ({
  admin,
  inspection,
  users,
}: {
  admin: Admin;
  inspection: Inspection;
  users: AdminUser[];
}) => {
  const [members, setMembers] = useState(() => inspection.team.map((m) => m.userId));
  const [lead, setLead] = useState(
    () => inspection.team.find((m) => m.role === 'lead')?.userId ?? '',
  );
  const {
    submit,
    errors,
    fieldErrors,
    done: saved,
    pending,
  } = useAdminForm({
    fields: FIELDS,
    run: () =>
      admin.api.setTeam(admin.token, inspection.id, {
        members: members.map((userId) => ({
          userId,
          role: userId === lead ? ('lead' as const) : ('inspector' as const),
        })),
      }),
    touches: [adminKeys.inspections()],
    done: () => true,
  });
  // Team members no longer listed as users (unlikely) still show, so they can be taken off.
  const known = new Set(users.map((u) => u.id));
  const options = [
    ...[...users].sort((a, b) => a.name.localeCompare(b.name)).map(userOption),
    ...inspection.team
      .filter((m) => !known.has(m.userId))
      .map((m) => ({ value: m.userId, label: m.name })),
  ];

  const problems =
    members.length === 0
      ? { members: 'Choose at least one person for the team' }
      : !members.includes(lead)
        ? { lead: 'Choose the lead inspector from the team' }
        : {};

  return (
    <section aria-labelledby="team-heading">
      <h2 className="govuk-heading-m" id="team-heading">
        Team
      </h2>
      {saved && (
        <NotificationBanner title="Success" success role="status">
          <p className="govuk-notification-banner__heading">The team has been changed.</p>
          <p className="govuk-body">Tablets pick up the change at their next sync.</p>
        </NotificationBanner>
      )}
      <FocusedErrorSummary errors={errors} />
      <form noValidate onSubmit={(event) => submit(event, undefined, problems)}>
        <div id={FIELDS.members.id}>
          <Checkboxes
            legend="Who is on the team"
            small
            values={members}
            options={options}
            error={fieldErrors.members}
            onChange={setMembers}
          />
        </div>
        <Select
          id={FIELDS.lead.id}
          label="Lead inspector"
          hint="The lead reviews the team’s evidence and drafts the judgements."
          emptyLabel="Select the lead inspector"
          options={options.filter((o) => members.includes(o.value))}
          value={members.includes(lead) ? lead : ''}
          error={fieldErrors.lead}
          onChange={setLead}
        />
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save team'}
        </Button>
      </form>
    </section>
  );
};
