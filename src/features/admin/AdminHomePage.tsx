import { Link } from 'react-router';
import { AdminScreen } from './AdminScreen';

const SCREENS = [
  {
    to: '/admin/users',
    label: 'Users and devices',
    about: 'Add inspectors and coordinators, reset a forgotten password, revoke a lost tablet.',
  },
  {
    to: '/admin/inspections',
    label: 'Inspections and teams',
    about: 'Set up an inspection, choose its lead and team, and move it through its stages.',
  },
  {
    to: '/admin/settings',
    label: 'Device policy',
    about: 'How long a tablet may sit idle before Fieldbook locks it.',
  },
  {
    to: '/admin/audit',
    label: 'Audit log',
    about: 'Recent sign-ins, sign-outs, resets, revocations and rejected changes.',
  },
] as const;

/** The coordinator's overview (DESIGN.md §1): where each job is done. */
export const AdminHomePage = () => (
  <AdminScreen title="Coordinator" back={false}>
    {() => (
      <>
        <p className="govuk-body">
          These screens work only with a connection. The command-line tool on the server does the
          same jobs.
        </p>
        <ul className="govuk-list">
          {SCREENS.map((screen) => (
            <li key={screen.to} className="govuk-!-margin-bottom-4">
              <Link
                className="govuk-link govuk-link--no-visited-state govuk-!-font-size-24 govuk-!-font-weight-bold govuk-!-display-inline-block govuk-!-padding-top-2 govuk-!-padding-bottom-2"
                to={screen.to}
              >
                {screen.label}
              </Link>
              <p className="govuk-body govuk-!-margin-bottom-0">{screen.about}</p>
            </li>
          ))}
        </ul>
      </>
    )}
  </AdminScreen>
);
