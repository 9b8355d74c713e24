import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { Button, NotificationBanner } from './govuk';
import { useRecordLease } from './useRecordLease';

/** Where an editor puts its autosave's flush, so the page can write it before handing over. */
export type FlushRef = RefObject<(() => Promise<void>) | null>;

/** What the editor gets each time this tab holds the record. */
export type LeasedEdit<T> = {
  /** The record as stored: read straight from storage when the lease came, then kept current. */
  stored: T;
  /** A new key each time the lease comes back, so the editor starts again from `stored`. */
  key: string;
  flushRef: FlushRef;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Gives the editor's flush to the page for as long as the editor is mounted. */
export const useLeaseFlush = (flushRef: FlushRef | undefined, flush: () => Promise<void>): void => {
  useEffect(() => {
    if (!flushRef) return;
    flushRef.current = flush;
    return () => {
      flushRef.current = null;
    };
  }, [flush, flushRef]);
};

export const OpenElsewhere = ({
  what,
  takeOver,
  detail = 'It is shown here read-only, so the two tabs cannot overwrite each other.',
  named,
}: {
  what: string;
  takeOver: () => void;
  detail?: string;
  /** For a screen reader, when the page has another such button (a form inside a record). */
  named?: string;
}) => (
  <NotificationBanner title="Important">
    <p className="govuk-notification-banner__heading">This {what} is open in another tab</p>
    <p className="govuk-body">{detail} Editing here saves what was typed in the other tab first.</p>
    <Button variant="secondary" onClick={takeOver}>
      Edit here instead
      {named && <span className="govuk-visually-hidden">: {named}</span>}
    </Button>
  </NotificationBanner>
);

/**
 * Issue 11 point 7 for every editor: the record is editable in one tab of the app and shown
 * read-only, saying so, in the others (useRecordLease). Each time this tab gets the record the
 * editor is mounted afresh from what is stored once the other tab's last words were written.
 *
 * That value is read straight from storage (`read`), not taken from the page's live query
 * (`live`), which may still hold a result from before the other tab's flush: Dexie tells this tab
 * of the other's writes over a channel that can trail the lock being handed on. The editor keeps
 * that value until the live query has caught up with it (shown the same), and follows the live
 * query from then on (a pull, a resolved conflict), so a result a step behind never replaces it.
 */
export const LeasedEditor = <T,>({
  leaseKey,
  what,
  live,
  read,
  readOnly,
  children,
}: {
  /** Names the record across tabs, e.g. `childCase:<id>`. */
  leaseKey: string;
  /** The record in words for the banner: "note", "case". */
  what: string;
  live: T;
  read: () => Promise<T>;
  /** The read-only view, with the banner that offers to edit here. */
  readOnly: (banner: ReactNode) => ReactNode;
  children: (edit: LeasedEdit<T>) => ReactNode;
}) => {
  const flushRef = useRef<(() => Promise<void>) | null>(null);
  const flushEditor = useCallback(() => flushRef.current?.() ?? Promise.resolve(), []);
  const lease = useRecordLease(leaseKey, true, flushEditor);
  const generation = lease.state === 'mine' ? lease.generation : null;
  const readNow = useRef(read);
  useEffect(() => {
    readNow.current = read;
  }, [read]);

  const [fresh, setFresh] = useState<{
    generation: number;
    value: T;
    caughtUp: boolean;
  } | null>(null);
  useEffect(() => {
    if (generation === null) return;
    let current = true;
    void readNow.current().then((value) => {
      if (current) setFresh({ generation, value, caughtUp: false });
    });
    return () => {
      current = false;
    };
  }, [generation]);
  const mine = fresh && fresh.generation === generation ? fresh : null;
  useEffect(() => {
    if (mine && !mine.caughtUp && same(live, mine.value)) setFresh({ ...mine, caughtUp: true });
  }, [live, mine]);

  if (lease.state === 'elsewhere')
    return readOnly(<OpenElsewhere what={what} takeOver={lease.takeOver} />);
  if (!mine) return <p className="govuk-body">Loading…</p>;
  return children({
    stored: mine.caughtUp ? live : mine.value,
    key: `${leaseKey}:${mine.generation}`,
    flushRef,
  });
};
