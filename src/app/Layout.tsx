import { Link, NavLink, Outlet, useMatch } from 'react-router';
import { DeviceNotices } from '../features/account/DeviceNotices';
import { SyncStatusBar } from '../features/account/SyncStatusBar';
import { useKeyring } from '../features/shared/keyring-context';
import { useSession } from '../features/shared/sync-context';

const NAV = [
  { to: '', label: 'Home', end: true },
  { to: 'evidence', label: 'Evidence', end: false },
  { to: 'cases', label: 'Child cases', end: false },
  { to: 'safeguarding', label: 'Safeguarding', end: false },
  { to: 'today', label: 'Today', end: false },
  { to: 'coverage', label: 'Coverage', end: false },
  { to: 'journeys', label: 'Journeys', end: false },
  { to: 'judgements', label: 'Judgements', end: false },
  { to: 'meetings', label: 'Team meetings', end: false },
  { to: 'export', label: 'Record', end: false },
] as const;

export const Layout = ({ banner }: { banner?: React.ReactNode }) => {
  const inInspection = useMatch('/i/:inspectionId/*');
  const base = inInspection ? `/i/${inInspection.params.inspectionId}` : null;
  const session = useSession();
  const keyring = useKeyring();
  return (
    <div className="fb-shell">
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      <header className="govuk-header" data-module="govuk-header">
        <div className="govuk-header__container govuk-width-container">
          <div className="govuk-header__logo">
            <Link to="/" className="govuk-header__homepage-link">
              <span className="govuk-header__product-name">Fieldbook</span>
            </Link>
          </div>
          <button
            type="button"
            className="govuk-button govuk-button--inverse fb-lock"
            onClick={() => void keyring.lock()}
          >
            Lock
          </button>
        </div>
      </header>
      <nav
        className="govuk-service-navigation"
        aria-label="Main menu"
        data-module="govuk-service-navigation"
      >
        <div className="govuk-width-container">
          <div className="govuk-service-navigation__container">
            <ul className="govuk-service-navigation__list">
              {base &&
                NAV.map((item) => (
                  <li className="govuk-service-navigation__item" key={item.label}>
                    <NavLink
                      className="govuk-service-navigation__link"
                      to={item.to ? `${base}/${item.to}` : base}
                      end={item.end}
                    >
                      {item.label}
                    </NavLink>
                  </li>
                ))}
              <li className="govuk-service-navigation__item">
                <NavLink className="govuk-service-navigation__link" to="/" end>
                  Inspections
                </NavLink>
              </li>
              <li className="govuk-service-navigation__item">
                <NavLink className="govuk-service-navigation__link" to="/settings">
                  Settings
                </NavLink>
              </li>
              {session?.user.admin && (
                <li className="govuk-service-navigation__item">
                  <NavLink className="govuk-service-navigation__link" to="/admin">
                    Coordinator
                  </NavLink>
                </li>
              )}
              <li className="govuk-service-navigation__item">
                <NavLink className="govuk-service-navigation__link" to="/sign-in">
                  {session ? `Signed in as ${session.user.name}` : 'Sign in'}
                </NavLink>
              </li>
            </ul>
          </div>
        </div>
      </nav>
      <SyncStatusBar />
      <div className="govuk-width-container">
        {banner}
        <DeviceNotices />
        <main className="govuk-main-wrapper" id="main-content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
};
