import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import type { DraftValue } from '../../db';
import { OpenElsewhere } from './LeasedEditor';
import { TAP_LINK } from './touch';
import type { AutosaveStatus } from './useAutosave';
import type { LocalDraft } from './useLocalDraft';
import { useSaveAnnouncement, type SaveNews } from './save-announcer';

/** The words the person sees about a draft kept on the tablet (useLocalDraft), one place. */
export const DRAFT_KEPT = 'Saved on this tablet — not yet sent.';

export const draftStatusText = (status: AutosaveStatus, changed: boolean): string => {
  if (status.state === 'error') return `Not saved on this tablet: ${status.error.message}`;
  if (!changed) return '';
  if (status.state === 'pending' || status.state === 'saving') return 'Saving on this tablet…';
  return DRAFT_KEPT;
};

/** What is read out (save-announcer.ts): that the words are kept, a failure, the save after it. */
const draftNewsText = (news: SaveNews, status: AutosaveStatus, then: string): string => {
  switch (news) {
    case 'first':
      return `What you type is saved on this tablet as you type, and not yet sent. ${then} You will hear if a change is not saved.`;
    case 'failed':
      return draftStatusText(status, true);
    case 'again':
      return `Saved on this tablet again — not yet sent. ${then}`;
  }
};

/**
 * Under a form whose words wait on the tablet until its button sends them: says they are kept
 * (through a lock, a reload, leaving the screen) and that they have not gone anywhere yet, and
 * what sends them (`then`). Empty while nothing has been typed. Beside it a polite live region
 * reads out only what matters (save-announcer.ts), not every pause in typing.
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
  const news = useSaveAnnouncement(status, (what, now) => draftNewsText(what, now, then));
  return (
    <>
      {/* The same words in the live region beside it: a screen reader meets them once. */}
      <p className={className} data-testid={testId} aria-hidden={text === news || undefined}>
        {text}
        {text === DRAFT_KEPT && ` ${then}`}
      </p>
      <p className="fb-sr-only" role="status" aria-live="polite">
        {news}
      </p>
    </>
  );
};

/** Said in a tab that waits while another edits the form (the words are kept there). */
const KEPT_THERE = 'What you typed is kept there, so the two tabs cannot overwrite each other.';

/**
 * What a form kept with useLocalDraft shows while it is not editable in this tab: loading, or
 * open in another tab (with "Edit here instead"). `heading` keeps the page named meanwhile.
 */
export const DraftNotHere = ({
  draft,
  what,
  heading,
  named,
}: {
  draft: Exclude<LocalDraft<DraftValue>, { state: 'editing' }>;
  what: string;
  heading?: ReactNode;
  /** Names the button for a screen reader where the page has another (OpenElsewhere). */
  named?: string;
}) =>
  draft.state === 'loading' ? (
    <p className="govuk-body">Loading…</p>
  ) : (
    <>
      {heading}
      <OpenElsewhere what={what} takeOver={draft.takeOver} detail={KEPT_THERE} named={named} />
    </>
  );

/** Cancel throws the kept words away, then goes back; leaving any other way keeps them. */
export const CancelDraft = ({ to, discard }: { to: string; discard: () => Promise<void> }) => {
  const navigate = useNavigate();
  return (
    <Link
      className={TAP_LINK}
      to={to}
      onClick={(event) => {
        event.preventDefault();
        void discard().then(() => navigate(to));
      }}
    >
      Cancel
    </Link>
  );
};
