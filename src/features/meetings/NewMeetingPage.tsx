import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { todayIso } from '../../db';
import { useFieldbook } from '../shared/fieldbook-context';
import { formatDate } from '../shared/format';
import { DateInput, dateError } from '../shared/DateInput';
import { Button } from '../shared/govuk';
import { useInspection, useRows } from '../shared/hooks';
import { TAP_LINK } from '../shared/touch';
import { useTeamRole } from '../shared/useTeamRole';
import { FocusedErrorSummary, writeErrorItems, type ErrorItem } from '../shared/write-errors';
import { InspectionNotFound } from '../shared/NotFound';

const DATE_ID = 'new-meeting-date';

/**
 * `/i/:inspectionId/meetings/new`: the lead picks the day (today unless told otherwise) and the
 * record is made at once with the whole team ticked as attending; the rest is filled in as the
 * meeting goes, saved as typed.
 */
export const NewMeetingPage = () => {
  const { inspectionId = '' } = useParams();
  const { repo, clock } = useFieldbook();
  const navigate = useNavigate();
  const inspection = useInspection(inspectionId);
  const role = useTeamRole(inspection);
  const meetings = useRows('teamMeeting', inspectionId);
  const [date, setDate] = useState(() => todayIso(clock));
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [saving, setSaving] = useState(false);

  if (inspection === undefined || role === undefined) return <p className="govuk-body">Loading…</p>;
  if (inspection === null) return <InspectionNotFound />;
  if (role !== 'lead')
    return (
      <>
        <h1 className="govuk-heading-l">Record a team meeting</h1>
        <p className="govuk-body">Only the lead inspector records team meetings.</p>
        <Link className={TAP_LINK} to={`/i/${inspectionId}/meetings`}>
          See the team meetings
        </Link>
      </>
    );

  const sameDay = meetings?.find((m) => m.fields.date === date);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = dateError(date, 'Enter the date of the meeting');
    if (problem) {
      setErrors([{ href: `#${DATE_ID}`, text: problem }]);
      return;
    }
    setSaving(true);
    try {
      const id = await repo.create('teamMeeting', inspectionId, {
        date,
        attendees: inspection.team.map((m) => m.userId),
      });
      void navigate(`/i/${inspectionId}/meetings/${id}`, { replace: true });
    } catch (error) {
      setErrors(writeErrorItems(error));
      setSaving(false);
    }
  };

  return (
    <>
      <FocusedErrorSummary errors={errors} />
      <span className="govuk-caption-l">{inspection.area}</span>
      <h1 className="govuk-heading-l">Record a team meeting</h1>
      <form noValidate onSubmit={(e) => void submit(e)}>
        <DateInput
          id={DATE_ID}
          legend="Date of the meeting"
          value={date}
          error={errors.length > 0 ? dateError(date, 'Enter the date of the meeting') : null}
          onChange={setDate}
        />
        {sameDay && (
          <p className="govuk-inset-text">
            A meeting on {formatDate(date)} is already recorded.{' '}
            <Link className="govuk-link" to={`/i/${inspectionId}/meetings/${sameDay.id}`}>
              Open it instead
            </Link>
            .
          </p>
        )}
        <div className="govuk-button-group">
          <Button type="submit" disabled={saving}>
            Start the meeting record
          </Button>
          <Link className={TAP_LINK} to={`/i/${inspectionId}/meetings`}>
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
};
