import { Link } from 'react-router';

export const NotFoundPage = () => (
  <>
    <h1 className="govuk-heading-l">Page not found</h1>
    <p className="govuk-body">
      There is nothing at this address on this device.{' '}
      <Link className="govuk-link" to="/">
        Go to your inspections
      </Link>
      .
    </p>
  </>
);
