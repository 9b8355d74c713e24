import { Link, useParams } from 'react-router';
import { formatDate } from '../shared/format';
import { useInspection, useRows } from '../shared/hooks';
import { TAP_LINK } from '../shared/touch';
import { useTeamRole } from '../shared/useTeamRole';
import { byDateDesc } from './meeting-fields';
import { InspectionNotFound } from '../shared/NotFound';

const snippet = (value: string | null | undefined, chars = 120) => {
  const words = value?.trim() ?? '';
  return words.length > chars ? `${words.slice(0, chars).trimEnd()}…` : words;
};

/** `/i/:inspectionId/meetings`: the daily team meetings, newest first. */
export const MeetingListPage = () => {
  const { inspectionId = '' } = useParams();
  const inspection = useInspection(inspectionId);
  const role = useTeamRole(inspection);
  const meetings = useRows('teamMeeting', inspectionId);
  if (inspection === undefined || meetings === undefined)
    return <p className="govuk-body">Loading…</p>;
  if (inspection === null) return <InspectionNotFound />;
  const sorted = [...meetings].sort(byDateDesc);
  return (
    <>
      <span className="govuk-caption-l">{inspection.area}</span>
      <h1 className="govuk-heading-l">Team meetings</h1>
      {role === 'lead' ? (
        <Link className="govuk-button" to={`/i/${inspectionId}/meetings/new`}>
          Record a team meeting
        </Link>
      ) : (
        <p className="govuk-body">The lead inspector records the team meetings.</p>
      )}
      {sorted.length === 0 ? (
        <p className="govuk-body">No team meetings recorded yet.</p>
      ) : (
        <ul className="govuk-list" data-testid="meetings">
          {sorted.map((m) => (
            <li key={m.id} className="govuk-!-margin-bottom-4">
              <Link className={TAP_LINK} to={`/i/${inspectionId}/meetings/${m.id}`}>
                {formatDate(m.fields.date)}
              </Link>
              <span className="govuk-body-s govuk-!-display-block">
                {m.fields.attendees?.length ?? 0} attended
                {m.fields.plan?.trim() ? ` — plan: ${snippet(m.fields.plan)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
};
