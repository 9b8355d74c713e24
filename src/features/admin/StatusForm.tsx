import { useState, type FormEvent } from 'react';
import { INSPECTION_STATUSES, type Inspection } from '../../domain';
import { Button, NotificationBanner, Radios } from '../shared/govuk';
import { inspectionStatusLabel } from '../shared/inspection-status';
import { FocusedErrorSummary } from '../shared/write-errors';
import { adminErrorItems, adminKeys } from './admin-api';
import { useAdminMutation, type Admin } from './queries';

type Status = Inspection['status'];
const FIELDS = { status: { id: 'inspection-status', label: 'Status' } } as const;

export const StatusForm = ({ admin, inspection }: { admin: Admin; inspection: Inspection }) => {
  const [status, setStatus] = useState<Status>(inspection.status);
  const [saved, setSaved] = useState<Status | null>(null);
  const mutation = useAdminMutation(
    (next: Status) => admin.api.setStatus(admin.token, inspection.id, next),
    [adminKeys.inspections()],
    (updated) => setSaved(updated.status),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    mutation.mutate(status);
  };
  return (
    <section aria-labelledby="status-heading">
      <h2 className="govuk-heading-m" id="status-heading">
        Status
      </h2>
      {saved && (
        <NotificationBanner title="Success" success role="status">
          <p className="govuk-notification-banner__heading">
            The status is now {inspectionStatusLabel({ status: saved }).toLowerCase()}.
          </p>
        </NotificationBanner>
      )}
      <FocusedErrorSummary errors={mutation.error ? adminErrorItems(mutation.error, FIELDS) : []} />
      <form noValidate onSubmit={submit}>
        <Radios
          legend="Stage of the inspection"
          hint={`Now: ${inspectionStatusLabel(inspection)}.`}
          value={status}
          options={INSPECTION_STATUSES.map((s) => ({ value: s.id, label: s.label }))}
          onChange={(v) => setStatus(v as Status)}
        />
        <Button type="submit" disabled={mutation.isPending || status === inspection.status}>
          Change status
        </Button>
      </form>
    </section>
  );
};
