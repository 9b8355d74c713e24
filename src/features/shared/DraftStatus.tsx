import type { AutosaveStatus } from './useAutosave';

/** The words the person sees about a draft kept on the tablet (useLocalDraft), one place. */
export const DRAFT_KEPT = 'Saved on this tablet — not yet sent.';

export const draftStatusText = (status: AutosaveStatus, changed: boolean): string => {
  if (status.state === 'error') return `Not saved on this tablet: ${status.error.message}`;
  if (!changed) return '';
  if (status.state === 'pending' || status.state === 'saving') return 'Saving on this tablet…';
  return DRAFT_KEPT;
};

/**
 * A polite live region under a form whose words wait on the tablet until its button sends them:
 * says they are kept (through a lock, a reload, leaving the screen) and that they have not gone
 * anywhere yet, and what sends them (`then`). Empty while nothing has been typed.
 */
export const DraftStatus = ({
  status,
  changed,
  then,
  testId = 'draft-status',
  className = 'govuk-body-s',
}: {
  status: AutosaveStatus;
  changed: boolean;
  then: string;
  testId?: string;
  className?: string;
}) => {
  const text = draftStatusText(status, changed);
  return (
    <p className={className} role="status" aria-live="polite" data-testid={testId}>
      {text}
      {text === DRAFT_KEPT && ` ${then}`}
    </p>
  );
};
