import { clockTime } from './format';
import type { AutosaveStatus } from './useAutosave';

/**
 * The one wording of an autosaving screen's status, so every editor says the same thing at the
 * same moment: "Saving…" while a change waits or is written, "Saved at 09:41:07" once it is,
 * "Saved on this device" before anything has changed, "Not saved" when the write failed (with
 * where to look when the screen explains it in its error summary).
 */
export const saveStatusText = (status: AutosaveStatus, errorAtTop = false): string => {
  switch (status.state) {
    case 'idle':
      return 'Saved on this device';
    case 'pending':
    case 'saving':
      return 'Saving…';
    case 'saved':
      return `Saved at ${clockTime(status.at)}`;
    case 'error':
      return errorAtTop ? 'Not saved — see the message at the top' : 'Not saved';
  }
};

/**
 * A polite live region with {@link saveStatusText}. `after` follows a saved status (what happens
 * to the words next); `instead` replaces the whole text (a confirmation that outranks it).
 */
export const SaveStatus = ({
  status,
  errorAtTop = false,
  after,
  instead,
  testId,
  className = 'govuk-body-s',
}: {
  status: AutosaveStatus;
  errorAtTop?: boolean;
  after?: string;
  instead?: string;
  testId?: string;
  className?: string;
}) => {
  const saved = status.state === 'idle' || status.state === 'saved';
  return (
    <p className={className} role="status" aria-live="polite" data-testid={testId}>
      {instead ?? `${saveStatusText(status, errorAtTop)}${saved && after ? after : ''}`}
    </p>
  );
};
