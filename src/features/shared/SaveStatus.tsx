import { clockTime } from './format';
import type { AutosaveStatus } from './useAutosave';
import { useSaveAnnouncement, type SaveNews } from './save-announcer';

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

/** What is read out (see save-announcer.ts): a sitting's first save, a failure, the save after it. */
export const saveNewsText = (
  news: SaveNews,
  status: AutosaveStatus,
  errorAtTop = false,
  after = '',
): string => {
  switch (news) {
    case 'first':
      return `Saved on this device${after}. It saves as you type; you will hear if a change is not saved.`;
    case 'failed':
      return saveStatusText(status, errorAtTop);
    case 'again':
      return `Saved again: everything you typed is on this device${after}.`;
  }
};

/**
 * An editor's save status: {@link saveStatusText}, shown at every save, and beside it a polite
 * live region that reads out only what matters (saveStatusText's news, save-announcer.ts), not
 * every routine save. `after` follows a saved status (what happens to the words next); `instead`
 * replaces the whole text (a confirmation that outranks it) and is read out.
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
  const news = useSaveAnnouncement(status, (what, now) =>
    saveNewsText(what, now, errorAtTop, after?.replace(/\.$/, '')),
  );
  const shown = instead ?? `${saveStatusText(status, errorAtTop)}${saved && after ? after : ''}`;
  const said = instead || news;
  return (
    <>
      {/* The same words in the live region beside it: a screen reader meets them once. */}
      <p
        className={`${className} fb-save-status`}
        data-testid={testId}
        aria-hidden={shown === said || undefined}
      >
        {shown}
      </p>
      <p className="fb-sr-only" role="status" aria-live="polite">
        {said}
      </p>
    </>
  );
};
