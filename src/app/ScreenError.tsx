import { Link, useRouteError } from 'react-router';
import { isCodeLoadFailure, ReloadButton } from '../features/shared/code-load';

/**
 * What a screen shows in place of itself when it cannot open: its code could not be fetched (a
 * first visit that lost its connection, or a tab left open across an update whose old files are
 * gone), or it failed while drawing. The layout stays around it, so the user keeps the sync status
 * and the way to every other screen. React Router's own page for this would replace the whole app
 * with a developer's message.
 */
export const ScreenError = () => {
  const error = useRouteError();
  return (
    <>
      <h1 className="govuk-heading-l">This screen could not open</h1>
      <p className="govuk-body">
        {isCodeLoadFailure(error)
          ? 'Fieldbook could not load this screen. If Fieldbook was updated while this page was open, reloading brings the new version. If you are offline, check the connection first.'
          : 'Something went wrong while showing this screen. Evidence already saved on this device is not affected.'}
      </p>
      <div className="govuk-button-group">
        <ReloadButton />
        <Link className="govuk-link" to="/">
          Go to your inspections
        </Link>
      </div>
    </>
  );
};
