import { createContext, useContext, useEffect } from 'react';

/** "Coverage – Northshire – Fieldbook": the screen, then where, then the service (WCAG 2.4.2). */
export const documentTitle = (...parts: readonly (string | null | undefined)[]): string =>
  [...parts.filter((part): part is string => Boolean(part)), 'Fieldbook'].join(' – ');

/** Sets the tab's title while the screen is shown, so each screen announces itself by name. */
export const useDocumentTitle = (title: string): void => {
  useEffect(() => {
    document.title = title;
  }, [title]);
};

/**
 * A screen that shows something other than its route's name (a refusal, for one) tells the layout
 * what it is showing instead; the layout owns `document.title`, so the two never race.
 */
export const ScreenTitleContext = createContext<(title: string | null) => void>(() => undefined);

export const useScreenTitleOverride = (title: string): void => {
  const set = useContext(ScreenTitleContext);
  useEffect(() => {
    set(title);
    return () => set(null);
  }, [set, title]);
};
