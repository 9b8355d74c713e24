import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { LocalInspection, LocalRow } from '../../db';
import { evidenceTitle } from '../shared/evidence-title';
import { formatDate } from '../shared/format';
import { SummaryList } from '../shared/govuk';
import { useRows } from '../shared/hooks';
import { memberName } from '../shared/members';
import { TAP_LINK } from '../shared/touch';
import { judgementLabel } from './meeting-fields';

const PRESERVE = { whiteSpace: 'pre-wrap' } as const;
const text = (value: string | null | undefined) =>
  value?.trim() ? <span style={PRESERVE}>{value}</span> : 'Not recorded';

/**
 * A team meeting as the team reads it: only the lead writes the record (S8). The lead sees it so
 * too while another tab edits it, with that tab's banner (`elsewhere`) in place of the notice.
 */
export const MeetingRecord = ({
  row,
  inspection,
  elsewhere,
}: {
  row: LocalRow<'teamMeeting'>;
  inspection: LocalInspection;
  elsewhere?: ReactNode;
}) => {
  const evidence = useRows('evidence', inspection.id);
  const f = row.fields;
  const names = (f.attendees ?? []).map((id) => memberName(inspection.team, id));
  const linked = (f.evidenceIds ?? []).map((id) => ({
    id,
    row: evidence?.find((e) => e.id === id),
  }));
  return (
    <>
      <span className="govuk-caption-l">{inspection.area}</span>
      <h1 className="govuk-heading-l">Team meeting, {formatDate(f.date)}</h1>
      {elsewhere ?? (
        <p className="govuk-inset-text">Only the lead inspector can change the meeting record.</p>
      )}
      <SummaryList
        rows={[
          { key: 'Who attended', value: names.length ? names.join(', ') : 'Not recorded' },
          ...inspection.framework.judgements.map((j) => ({
            key: judgementLabel(inspection, j.id),
            value: text(f.views?.[j.id]),
          })),
          { key: 'Evidence gaps', value: text(f.gaps) },
          { key: 'Plan for tomorrow', value: text(f.plan) },
        ]}
      />
      <h2 className="govuk-heading-m">Linked evidence</h2>
      {linked.length === 0 ? (
        <p className="govuk-body">No evidence linked.</p>
      ) : (
        <ul className="govuk-list">
          {linked.map(({ id, row: e }) => (
            <li key={id}>
              {e ? (
                <Link className={TAP_LINK} to={`/i/${inspection.id}/evidence/${id}`}>
                  {evidenceTitle(e, { withSource: true })}
                </Link>
              ) : (
                'Evidence not on this device yet'
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
};
