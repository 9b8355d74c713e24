import { Link, NavLink, Outlet, useMatch, useMatches, useResolvedPath } from 'react-router';
import { DeviceNotices } from '../features/account/DeviceNotices';
import { SyncStatusBar } from '../features/account/SyncStatusBar';
import { useInspection } from '../features/shared/hooks';
import { useKeyring } from '../features/shared/keyring-context';
import { useSession } from '../features/shared/sync-context';
import { useState } from 'react';
import {
  documentTitle,
  ScreenTitleContext,
  useDocumentTitle,
} from '../features/shared/useDocumentTitle';
import { useTeamRole } from '../features/shared/useTeamRole';
import { AccountMenu, type MenuLink } from './AccountMenu';
import { inspectionNav, type NavItem } from './navigation';
import type { ScreenHandle } from './routes';

const isScreenHandle = (handle: unknown): handle is ScreenHandle =>
  typeof handle === 'object' && handle !== null && 'title' in handle;

/** The deepest route's title, then the inspection's area when inside one. */
const useScreenTitle = (area: string | undefined, override: string | null) => {
  const matches = useMatches();
  const screen = matches
    .map((m) => m.handle)
    .filter(isScreenHandle)
    .at(-1)?.title;
  useDocumentTitle(documentTitle(override ?? screen, area));
};

/** GOV.UK marks the active item on its `<li>`; the link says it is the current page. */
const NavEntry = ({ item }: { item: NavItem }) => {
  const { pathname } = useResolvedPath(item.to);
  const active = useMatch({ path: pathname, end: item.end });
  return (
    <li
      className={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}
    >
      <NavLink className="govuk-service-navigation__link" to={item.to} end={item.end}>
        {item.label}
      </NavLink>
    </li>
  );
};

export const Layout = ({ banner }: { banner?: React.ReactNode }) => {
  const inInspection = useMatch('/i/:inspectionId/*');
  const inspectionId = inInspection?.params.inspectionId;
  const inspection = useInspection(inspectionId);
  // No menu into an inspection that is not here (it left the device, S6a): its links lead nowhere.
  const base = inspectionId && inspection !== null ? `/i/${inspectionId}` : null;
  const session = useSession();
  const keyring = useKeyring();
  const role = useTeamRole(inspection);
  const [titleOverride, setTitleOverride] = useState<string | null>(null);
  useScreenTitle(inspection?.area, titleOverride);

  const nav: NavItem[] = [
    ...(base ? inspectionNav(base, role === 'lead' ? 'lead' : 'inspector') : []),
    ...(base ? [] : [{ to: '/', label: 'Inspections', end: true }]),
  ];
  const menu: MenuLink[] = [
    // The lead's journeys screen sits beside Coverage (which links to it) and in the menu: a ninth
    // link would not fit the nav row on a 768 px portrait tablet.
    ...(base && role === 'lead' ? [{ to: `${base}/journeys`, label: 'Journeys' }] : []),
    ...(base ? [{ to: `${base}/export`, label: 'Export' }] : []),
    ...(base ? [{ to: '/', label: 'Inspections' }] : []),
    { to: '/settings', label: 'Settings' },
    { to: '/sign-in', label: session ? 'Sign out' : 'Sign in' },
  ];

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
          <div className="fb-header__actions">
            {/* In the header, not the nav row: a lead who coordinates would need nine links there,
                more than one row holds on a 768 px portrait tablet. */}
            {session?.user.admin && (
              <NavLink className="govuk-header__link fb-header__link" to="/admin">
                Coordinator
              </NavLink>
            )}
            <button
              type="button"
              className="govuk-button govuk-button--inverse fb-lock"
              onClick={() => void keyring.lock()}
            >
              Lock
            </button>
            <AccountMenu links={menu} signedInAs={session ? session.user.name : null} />
          </div>
        </div>
      </header>
      <section className="govuk-service-navigation" aria-label="Service information">
        <div className="govuk-width-container">
          <div className="govuk-service-navigation__container">
            <nav aria-label="Main menu" className="govuk-service-navigation__wrapper">
              <ul className="govuk-service-navigation__list fb-nav">
                {nav.map((item) => (
                  <NavEntry key={item.label} item={item} />
                ))}
              </ul>
            </nav>
          </div>
        </div>
      </section>
      <SyncStatusBar />
      <div className="govuk-width-container">
        {banner}
        <DeviceNotices />
        <main className="govuk-main-wrapper" id="main-content" tabIndex={-1}>
          <ScreenTitleContext.Provider value={setTitleOverride}>
            <Outlet />
          </ScreenTitleContext.Provider>
        </main>
      </div>
    </div>
  );
};
