import type { MouseEvent, ReactNode } from 'react';
import { useNavigate } from 'react-router';

/**
 * A region holding many in-app links (hundreds of late steps, each a link to its child): plain
 * `<a href>` elements with one click handler on the region, instead of a router `Link` each, which
 * costs a hook and a resolved path per link and made a 500-child screen take most of a second to
 * open. A plain click navigates in the app (a full page load would lock the device); a click with
 * a modifier key, or a middle click, behaves like any link.
 */
export const FastLinks = ({ children }: { children: ReactNode }) => {
  const navigate = useNavigate();
  const onClick = (event: MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as HTMLElement).closest('a');
    const href = anchor?.getAttribute('href');
    if (!anchor || !href?.startsWith('/') || anchor.target) return;
    event.preventDefault();
    void navigate(href);
  };
  return <div onClick={onClick}>{children}</div>;
};
