import { useCallback } from 'react';
import { Link, useParams } from 'react-router';
import { getRow } from '../../db';
import { useFieldbook } from '../shared/fieldbook-context';
import { LeasedEditor } from '../shared/LeasedEditor';
import { useInspection, useRow } from '../shared/hooks';
import { useTeamRole } from '../shared/useTeamRole';
import { MeetingEditor } from './MeetingEditor';
import { MeetingRecord } from './MeetingRecord';
import { InspectionNotFound, NotFound } from '../shared/NotFound';

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
  const { db } = useFieldbook();
  const read = useCallback(() => getRow(db, 'teamMeeting', meetingId), [db, meetingId]);
  if (inspection === undefined || row === undefined || role === undefined)
    return <p className="govuk-body">Loading…</p>;
  if (inspection === null) return <InspectionNotFound record="team meeting record" />;
  if (row === null || row.deleted || row.inspectionId !== inspectionId)
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
        <LeasedEditor
          leaseKey={`teamMeeting:${row.id}`}
          what="meeting record"
          live={row}
          read={read}
          readOnly={(banner) => (
            <MeetingRecord row={row} inspection={inspection} elsewhere={banner} />
          )}
        >
          {({ stored, key, flushRef }) =>
            stored && (
              <MeetingEditor key={key} row={stored} inspection={inspection} flushRef={flushRef} />
            )
          }
        </LeasedEditor>
      ) : (
        <MeetingRecord row={row} inspection={inspection} />
      )}
    </>
  );
};
