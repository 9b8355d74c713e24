import { useState } from 'react';
import {
  SAFEGUARDING_CONTACTS,
  type Inspection,
  type SafeguardingContactId,
  type SafeguardingContacts,
} from '../../domain';
import { Button, NotificationBanner, TextInput } from '../shared/govuk';
import { FocusedErrorSummary } from '../shared/write-errors';
import { adminKeys } from './admin-api';
import type { Admin } from './queries';
import { useAdminForm } from './useAdminForm';

const fieldId = (id: SafeguardingContactId) => `contact-${id}`;
const FIELDS = Object.fromEntries(
  SAFEGUARDING_CONTACTS.map((c) => [c.id, { id: fieldId(c.id), label: c.label }]),
);

/**
 * The local authority's safeguarding numbers (issue 9): the team's devices receive them with
 * their inspections and the concern screen offers them as tap-to-call links, offline too.
 */
export const ContactsForm = ({ admin, inspection }: { admin: Admin; inspection: Inspection }) => {
  const [numbers, setNumbers] = useState<Record<SafeguardingContactId, string>>(() => ({
    frontDoor: inspection.contacts?.frontDoor ?? '',
    outOfHours: inspection.contacts?.outOfHours ?? '',
    lado: inspection.contacts?.lado ?? '',
  }));
  const {
    submit,
    errors,
    done: saved,
    pending,
  } = useAdminForm({
    fields: FIELDS,
    run: (contacts: SafeguardingContacts) =>
      admin.api.setContacts(admin.token, inspection.id, contacts),
    touches: [adminKeys.inspections()],
    done: () => true,
  });
  const contacts = () =>
    Object.fromEntries(
      SAFEGUARDING_CONTACTS.map((c) => [c.id, numbers[c.id].trim() || null]),
    ) as SafeguardingContacts;
  return (
    <section aria-labelledby="contacts-heading" className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id="contacts-heading">
        Safeguarding numbers
      </h2>
      <p className="govuk-body">
        The numbers an inspector phones when they find a child at risk. Every tablet on the team
        receives them at its next sync and shows them on the concern screen, even offline.
      </p>
      {saved && (
        <NotificationBanner title="Success" success role="status">
          <p className="govuk-notification-banner__heading">The safeguarding numbers are saved.</p>
        </NotificationBanner>
      )}
      <FocusedErrorSummary errors={errors} />
      <form noValidate onSubmit={(event) => submit(event, contacts())}>
        {SAFEGUARDING_CONTACTS.map((c) => (
          <TextInput
            key={c.id}
            id={fieldId(c.id)}
            type="tel"
            label={c.label}
            hint={c.id === 'frontDoor' ? 'For example 0300 123 4567' : undefined}
            value={numbers[c.id]}
            onChange={(value) => setNumbers((was) => ({ ...was, [c.id]: value }))}
          />
        ))}
        <Button type="submit" disabled={pending}>
          Save the numbers
        </Button>
      </form>
    </section>
  );
};
