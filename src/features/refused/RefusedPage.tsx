import { Link } from 'react-router';
import { useRefused } from '../shared/hooks';
import { TAP_LINK } from '../shared/touch';
import { RefusedCard } from './RefusedCard';
import './refused.scss';

/** Every change the server refused, oldest first: each stays until its author discards it. */
export const RefusedPage = () => {
  const changes = useRefused();
  return (
    <>
      <h1 className="govuk-heading-l">Changes the server refused</h1>
      {changes === undefined ? (
        <p className="govuk-body">Loading…</p>
      ) : changes.length === 0 ? (
        <>
          <p className="govuk-body">
            No change is waiting here: the server accepted everything sent.
          </p>
          <Link className={TAP_LINK} to="/">
            Back to your inspections
          </Link>
        </>
      ) : (
        <>
          <p className="govuk-body">
            The server would not accept{' '}
            {changes.length === 1 ? 'this change' : `these ${changes.length} changes`}. Nothing has
            been thrown away: each stays on this device until you discard it. Copy the words first
            if you want to enter them again, or ask your lead inspector.
          </p>
          {changes.map((change) => (
            <RefusedCard
              key={change.op.opId}
              change={change}
              // Read from the device: no record and no inspection means they left it together.
              inspectionGone={!change.inspection && !change.row}
            />
          ))}
        </>
      )}
    </>
  );
};
