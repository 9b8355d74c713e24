import { useState } from 'react';
import { INSPECTION_STATUSES, type Inspection } from '../../domain';
import { Button, NotificationBanner, Radios } from '../shared/govuk';
import { inspectionStatusLabel } from '../shared/inspection-status';
import { FocusedErrorSummary } from '../shared/write-errors';
import { adminKeys } from './admin-api';
import type { Admin } from './queries';
import { useAdminForm } from './useAdminForm';

type Status = Inspection['status'];
const FIELDS = { status: { id: 'inspection-status', label: 'Status' } } as const;

export const StatusForm = ({ admin, inspection }: { admin: Admin; inspection: Inspection }) => {
  const [status, setStatus] = useState<Status>(inspection.status);
  const {
    submit,
    errors,
    done: saved,
    pending,
  } = useAdminForm({
    fields: FIELDS,
    run: (next: Status) => admin.api.setStatus(admin.token, inspection.id, next),
    touches: [adminKeys.inspections()],
    done: (updated) => updated.status,
  });
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
      <FocusedErrorSummary errors={errors} />
      <form noValidate onSubmit={(event) => submit(event, status)}>
        <Radios
          legend="Stage of the inspection"
          hint={`Now: ${inspectionStatusLabel(inspection)}.`}
          value={status}
          options={INSPECTION_STATUSES.map((s) => ({ value: s.id, label: s.label }))}
          onChange={(v) => setStatus(v as Status)}
        />
        <Button type="submit" disabled={pending || status === inspection.status}>
          Change status
        </Button>
      </form>
    </section>
  );
};
