import { Link, useParams } from 'react-router';
import { useInspection, useRow } from '../shared/hooks';
import { useTeamRole } from '../shared/useTeamRole';
import { MeetingEditor } from './MeetingEditor';
import { MeetingRecord } from './MeetingRecord';
import { NotFound } from '../shared/NotFound';

/** The GOV.UK back link with a 44 px tap area (spacing utilities only; the chevron stays centred). */
const BACK_LINK =
  'govuk-back-link govuk-!-margin-top-0 govuk-!-padding-top-3 govuk-!-padding-bottom-3';

const BackToMeetings = ({ inspectionId }: { inspectionId: string }) => (
  <Link className={BACK_LINK} to={`/i/${inspectionId}/meetings`}>
    All team meetings
  </Link>
);

/** `/i/:inspectionId/meetings/:meetingId`: the lead edits (saved as they type); the team reads. */
export const MeetingPage = () => {
  const { inspectionId = '', meetingId = '' } = useParams();
  const inspection = useInspection(inspectionId);
  const role = useTeamRole(inspection);
  const row = useRow('teamMeeting', meetingId);
  if (inspection === undefined || row === undefined || role === undefined)
    return <p className="govuk-body">Loading…</p>;
  if (inspection === null || row === null || row.deleted || row.inspectionId !== inspectionId)
    return (
      <>
        <BackToMeetings inspectionId={inspectionId} />
        <NotFound thing="team meeting" />
      </>
    );
  return (
    <>
      <BackToMeetings inspectionId={inspectionId} />
      {role === 'lead' ? (
        <MeetingEditor key={row.id} row={row} inspection={inspection} />
      ) : (
        <MeetingRecord row={row} inspection={inspection} />
      )}
    </>
  );
};
