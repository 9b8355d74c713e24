import type { ReactNode } from 'react';
import { Button } from './govuk';

/**
 * "Show 30 more" under a long list drawn `shown` items at a time: each press draws up to `step`
 * more (a screen stays quick with thousands of rows), and the button goes once all `total` are
 * shown. `children` follow the words: what the items are, for the button's name.
 */
export const ShowMore = ({
  shown,
  total,
  step,
  onMore,
  children,
}: {
  shown: number;
  total: number;
  step: number;
  onMore: () => void;
  children?: ReactNode;
}) =>
  total > shown ? (
    <Button variant="secondary" onClick={onMore}>
      Show {Math.min(step, total - shown)} more
      {children}
    </Button>
  ) : null;
