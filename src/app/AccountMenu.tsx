import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';

export type MenuLink = { to: string; label: string };

/**
 * The less-used places (Export, Inspections, Settings, Sign out) behind one "Menu" button, so the
 * nav row stays one line on a portrait tablet. A disclosure, not an ARIA menu: a button with
 * `aria-expanded` that shows a plain list of links, which screen readers and keyboards already
 * know. It closes on Escape (focus back on the button), on a tap outside and after navigating.
 */
export const AccountMenu = ({
  links,
  signedInAs,
}: {
  links: readonly MenuLink[];
  /** The signed-in user's name, shown at the top of the open menu; null when signed out. */
  signedInAs: string | null;
}) => {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const { pathname } = useLocation();

  useEffect(() => setOpen(false), [pathname]);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  return (
    <div className="fb-menu" ref={wrapper}>
      <button
        ref={button}
        type="button"
        className="govuk-button govuk-button--inverse fb-menu__button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((was) => !was)}
      >
        Menu
        <span className="fb-menu__chevron" aria-hidden="true" />
      </button>
      <div className="fb-menu__panel" id={panelId} hidden={!open}>
        {signedInAs && <p className="govuk-body-s fb-menu__who">Signed in as {signedInAs}</p>}
        <ul className="govuk-list govuk-!-margin-0">
          {links.map((link) => (
            <li key={link.label}>
              <Link className="govuk-link govuk-link--no-visited-state fb-menu__link" to={link.to}>
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
};
