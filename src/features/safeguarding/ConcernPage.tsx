import { useCallback, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { draftKeyOf, getRow, isLead, type LocalInspection, type LocalRow } from '../../db';
import {
  CONCERN_STATUSES,
  labelOf,
  REFERRED_TO,
  SAFEGUARDING_CONTACTS,
  telHref,
  type SafeguardingContacts,
} from '../../domain';
import { ConflictNotice } from '../shared/conflicts';
import { useFieldbook } from '../shared/fieldbook-context';
import { formatDateTime } from '../shared/format';
import { Tag, Textarea } from '../shared/govuk';
import { useEditingGuard, useInspection, useRow } from '../shared/hooks';
import { useDeviceUser } from '../shared/useDeviceUser';
import { useRecordForm } from '../shared/useRecordForm';
import { FocusedErrorSummary, writeErrorItems } from '../shared/write-errors';
import { CloseConcern } from './CloseConcern';
import { ReferralStep, TimeStep } from './concern-steps';
import { STATUS_COLOUR } from './concern-status';
import { TAP_LINK } from '../shared/touch';
import { RefusedNotice } from '../refused/RefusedNotice';
import { LeasedEditor, useLeaseFlush, type FlushRef } from '../shared/LeasedEditor';
import './safeguarding.scss';
import { InspectionNotFound, NotFound } from '../shared/NotFound';

const LABELS: Record<string, string> = {
  concern: 'The concern',
  caseId: 'Child case',
  referredTo: 'Referred to',
  referredAt: 'Referred at',
  leadInformedAt: 'Lead inspector told at',
  directorInformedAt: 'Director told at',
  referralReference: 'Referral reference',
  referralTakenBy: 'Who took the referral',
  status: 'Status',
  raisedAt: 'Raised at',
};

const showValue = (field: string, value: unknown) => {
  if (value === null || value === undefined || value === '') return 'Not set';
  if (field === 'referredTo') return labelOf(REFERRED_TO, String(value));
  if (field === 'status') return labelOf(CONCERN_STATUSES, String(value));
  if (field.endsWith('At')) return formatDateTime(String(value));
  return String(value);
};

/** Shown until a referral is recorded: sync may be hours away, and a child may be at risk now. */
export const PhoneNow = ({ contacts }: { contacts?: SafeguardingContacts | undefined }) => {
  const numbers = SAFEGUARDING_CONTACTS.flatMap((c) =>
    contacts?.[c.id] ? [{ ...c, phone: contacts[c.id]! }] : [],
  );
  return (
    <div
      className="govuk-notification-banner"
      role="alert"
      aria-labelledby="phone-now-title"
      data-testid="phone-now"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="phone-now-title">
          Important
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">
          Phone the referral through now — this cannot wait for sync
        </p>
        {numbers.length > 0 ? (
          <ul className="govuk-list fb-phone-list" aria-label="Numbers to phone">
            {numbers.map((n) => (
              <li key={n.id}>
                <a className="govuk-notification-banner__link fb-phone" href={telHref(n.phone)}>
                  <span className="fb-phone__who">{n.label}</span>{' '}
                  <span className="fb-phone__number">{n.phone}</span>
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p className="govuk-body">
            No safeguarding numbers are recorded for this inspection yet: ask your lead inspector or
            the coordinator for the local authority’s front door number.
          </p>
        )}
        <p className="govuk-body">
          The concern is saved on this device, but it reaches no one until the device is online.
          Phone children's social care now (the police on 999 if a child is in immediate danger),
          and tell your lead inspector so they can tell the director. Then record below who you
          referred it to and when.
        </p>
      </div>
    </div>
  );
};

/** S8: the one who raised it or the lead may change it; everyone on the team may read it. */
const mayChange = (
  row: LocalRow<'safeguardingConcern'>,
  inspection: LocalInspection,
  userId: string | undefined,
) => userId !== undefined && (row.author === userId || isLead(inspection.team, userId));

/**
 * One concern. Read-only for those S8 does not let change it, and, with that tab's banner
 * (`elsewhere`), while another tab of the app edits it.
 */
const ConcernRecord = ({
  row,
  inspection,
  flushRef,
  elsewhere,
}: {
  row: LocalRow<'safeguardingConcern'>;
  inspection: LocalInspection;
  flushRef?: FlushRef;
  elsewhere?: ReactNode;
}) => {
  useEditingGuard(`concern-${row.id}`);
  const { repo, clock } = useFieldbook();
  const { user } = useDeviceUser();
  const linkedCase = useRow('childCase', row.fields.caseId ?? undefined);
  const lead = user ? isLead(inspection.team, user.id) : false;
  const readOnly = elsewhere !== undefined || !mayChange(row, inspection, user?.id);
  const raisedBy = inspection.team.find((m) => m.userId === row.author)?.name;
  const { form, set, status, flush } = useRecordForm(
    { concern: row.fields.concern },
    (patch) => repo.update('safeguardingConcern', row.id, patch, row),
    () => clock.now(),
  );
  useLeaseFlush(flushRef, flush);
  const update = (fields: Parameters<typeof repo.update<'safeguardingConcern'>>[2]) =>
    repo.update('safeguardingConcern', row.id, fields);
  const base = `/i/${inspection.id}`;
  const { fields } = row;
  if (user === undefined) return <p className="govuk-body">Loading the concern…</p>;

  return (
    <>
      <FocusedErrorSummary
        errors={status.state === 'error' ? writeErrorItems(status.error, {}, true) : []}
      />
      <span className="govuk-caption-l">
        Raised {formatDateTime(fields.raisedAt)}
        {raisedBy ? ` by ${raisedBy}` : ''}
      </span>
      <h1 className="govuk-heading-l">
        Safeguarding concern{' '}
        <Tag colour={STATUS_COLOUR[fields.status]}>{labelOf(CONCERN_STATUSES, fields.status)}</Tag>
      </h1>
      {elsewhere}
      {fields.status === 'open' && <PhoneNow contacts={inspection.contacts} />}
      <RefusedNotice entity="safeguardingConcern" id={row.id} inspectionId={inspection.id} />
      <ConflictNotice
        entity="safeguardingConcern"
        row={row}
        team={inspection.team}
        labelOf={(field) => LABELS[field] ?? field}
        show={showValue}
      />
      {readOnly ? (
        <>
          <h2 className="govuk-heading-m">The concern</h2>
          <p className="govuk-body" style={{ whiteSpace: 'pre-wrap' }}>
            {fields.concern}
          </p>
          {!elsewhere && (
            <p className="govuk-inset-text">
              Only the inspector who raised this concern, or the lead inspector, can change it.
            </p>
          )}
        </>
      ) : (
        <Textarea
          label="The concern"
          hint="Saved as you type. Refer to people by role, not name."
          rows={5}
          value={form.concern}
          error={form.concern.trim() ? null : 'Describe the concern; an empty concern is not saved'}
          onChange={(concern) => set({ concern }, concern.trim() ? { concern } : {})}
        />
      )}
      {linkedCase && (
        <p className="govuk-body">
          About child case{' '}
          <Link className="govuk-link" to={`${base}/cases/${linkedCase.id}`}>
            {linkedCase.fields.caseRef}
          </Link>
        </p>
      )}
      <ReferralStep
        draftKey={draftKeyOf(inspection.id, 'referral', row.id)}
        readOnly={readOnly}
        referredTo={fields.referredTo}
        referredAt={fields.referredAt}
        reference={fields.referralReference}
        takenBy={fields.referralTakenBy}
        onSave={(referral) =>
          update({ ...referral, status: fields.status === 'open' ? 'referred' : fields.status })
        }
      />
      <TimeStep
        readOnly={readOnly}
        title="2. Tell the lead inspector"
        question="When was the lead inspector told?"
        recordLabel="Record that the lead was told"
        doneText="The lead inspector was told at"
        value={fields.leadInformedAt}
        onSave={(leadInformedAt) => update({ leadInformedAt })}
      />
      <TimeStep
        readOnly={readOnly}
        title="3. The lead tells the director"
        question="When was the director of children's services told?"
        recordLabel="Record that the director was told"
        doneText="The director was told at"
        value={fields.directorInformedAt}
        onSave={(directorInformedAt) => update({ directorInformedAt })}
      />
      {!elsewhere && <CloseConcern concern={row} isLead={lead} />}
      <Link className={TAP_LINK} to={`${base}/safeguarding`}>
        Back to all safeguarding concerns
      </Link>
    </>
  );
};

/** The record that a concern was acted on: each step with who and when, each one changeable. */
export const ConcernPage = () => {
  const { inspectionId = '', concernId = '' } = useParams();
  const row = useRow('safeguardingConcern', concernId);
  const inspection = useInspection(inspectionId);
  const { user } = useDeviceUser();
  const { db } = useFieldbook();
  const read = useCallback(() => getRow(db, 'safeguardingConcern', concernId), [db, concernId]);
  if (row === undefined || inspection === undefined || user === undefined)
    return <p className="govuk-body">Loading the concern…</p>;
  if (inspection === null) return <InspectionNotFound record="concern" />;
  if (row === null || row.deleted || row.inspectionId !== inspection.id)
    return (
      <NotFound
        thing="concern"
        back={{ to: `/i/${inspectionId}/safeguarding`, label: 'See all safeguarding concerns' }}
      />
    );
  if (!mayChange(row, inspection, user?.id))
    return <ConcernRecord key={row.id} row={row} inspection={inspection} />;
  return (
    <LeasedEditor
      leaseKey={`safeguardingConcern:${row.id}`}
      what="concern"
      live={row}
      read={read}
      readOnly={(banner) => (
        <ConcernRecord key={row.id} row={row} inspection={inspection} elsewhere={banner} />
      )}
    >
      {({ stored, key, flushRef }) =>
        stored && (
          <ConcernRecord key={key} row={stored} inspection={inspection} flushRef={flushRef} />
        )
      }
    </LeasedEditor>
  );
};
