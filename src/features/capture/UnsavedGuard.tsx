import { useEffect, useRef } from 'react';
import { useBlocker } from 'react-router';
import { Button } from '../shared/govuk';

/**
 * While a change could not be saved (a full disk), leaving would throw the words away: in-app
 * navigation asks first, and the browser asks before the tab closes or reloads.
 */
export const UnsavedGuard = ({
  unsaved,
  retry,
}: {
  unsaved: boolean;
  retry: () => Promise<void>;
}) => {
  const blocker = useBlocker(unsaved);
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    if (blocker.state === 'blocked') panel.current?.focus();
  }, [blocker.state]);
  useEffect(() => {
    if (!unsaved) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [unsaved]);
  useEffect(() => {
    // Saved after all (space was freed): let the user go where they were going.
    if (!unsaved && blocker.state === 'blocked') blocker.proceed();
  }, [unsaved, blocker]);
  if (blocker.state !== 'blocked') return null;
  return (
    <section className="fb-confirm" aria-labelledby="unsaved-heading" ref={panel} tabIndex={-1}>
      <h2 className="govuk-heading-m" id="unsaved-heading">
        Your last change is not saved
      </h2>
      <p className="govuk-body">
        If you leave now, what you typed since the last save will be lost.
      </p>
      <div className="govuk-button-group">
        <Button
          onClick={() => {
            blocker.reset();
            void retry();
          }}
        >
          Stay and try saving again
        </Button>
        <Button variant="warning" onClick={() => blocker.proceed()}>
          Leave without saving
        </Button>
      </div>
    </section>
  );
};
