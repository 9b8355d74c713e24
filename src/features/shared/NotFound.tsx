import { Link, useParams } from 'react-router';
import { isLeaving } from '../../db';
import { useNotices, useRefusedCount } from './hooks';
import { NOTICE_WORDS } from './notice-words';
import { TAP_LINK } from './touch';

/**
 * The one "not found" screen: what was asked for is not on this device (never synced here,
 * deleted, or a mistyped address), and where to go instead.
 */
export const NotFound = ({
  thing,
  back,
}: {
  /** Lower case, as in a sentence: "inspection", "judgement area". */
  thing: string;
  back?: { to: string; label: string };
}) => (
  <>
    <h1 className="govuk-heading-l">
      {thing.charAt(0).toUpperCase()}
      {thing.slice(1)} not found
    </h1>
    <p className="govuk-body">
      This {thing} is not on this device.
      {back && (
        <>
          {' '}
          <Link className="govuk-link" to={back.to}>
            {back.label}
          </Link>
          .
        </>
      )}
    </p>
  </>
);

/**
 * An inspection not on this device, on its own screens and its records' (`record`: "note", "child
 * case"). When the device removed it itself (S6a, DESIGN.md §4.3: a notice names it), it says so
 * plainly, and where the work not sent went: a note open as its inspection left stays on screen
 * at its address, and a link back into the inspection would lead nowhere. Otherwise, back to the
 * list of those that are here.
 */
export const InspectionNotFound = ({ record }: { record?: string }) => {
  const { inspectionId } = useParams();
  const notices = useNotices();
  const refused = useRefusedCount(inspectionId);
  if (notices === undefined || refused === undefined) return <p className="govuk-body">Loading…</p>;
  const left = notices.findLast((n) => n.inspectionId === inspectionId && isLeaving(n));
  if (!left)
    return <NotFound thing="inspection" back={{ to: '/', label: 'Go to your inspections' }} />;
  return (
    <>
      <h1 className="govuk-heading-l">This {record ?? 'inspection'} is no longer on this device</h1>
      <p className="govuk-body">{NOTICE_WORDS[left.kind].why(left.area)}</p>
      {refused > 0 ? (
        <>
          <p className="govuk-body">
            What you had not sent to the server is kept on this device for you to copy or discard.
          </p>
          <p className="govuk-body">
            <Link className={TAP_LINK} to="/refused">
              {refused === 1 ? 'See the change' : `See the ${refused} changes`} the server refused
            </Link>
          </p>
        </>
      ) : (
        <p className="govuk-body">Everything you recorded in it had reached the server.</p>
      )}
      <p className="govuk-body">
        <Link className={TAP_LINK} to="/">
          Go to your inspections
        </Link>
      </p>
    </>
  );
};
