import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { getRow, type LocalRow } from '../../db';
import { useFieldbook } from '../shared/fieldbook-context';
import { Button, NotificationBanner } from '../shared/govuk';
import { useInspection, useRow } from '../shared/hooks';
import { useDeviceUser } from '../shared/useDeviceUser';
import { useRecordLease, type RecordLease } from '../shared/useRecordLease';
import { EvidenceEditor } from './EvidenceEditor';
import { ReadOnlyEvidence } from './ReadOnlyEvidence';
import './capture.scss';
import { NotFound } from '../shared/NotFound';

const BackToList = ({ inspectionId }: { inspectionId: string }) => (
  <Link className="govuk-back-link fb-back-link" to={`/i/${inspectionId}/evidence`}>
    All evidence
  </Link>
);

/** The editing tab's words, read fresh when this tab takes over, not from a live query a step behind. */
const useFreshFields = (id: string, lease: RecordLease) => {
  const { db } = useFieldbook();
  const generation = lease.state === 'mine' ? lease.generation : null;
  const [fresh, setFresh] = useState<{ generation: number; row: LocalRow<'evidence'> } | null>(
    null,
  );
  useEffect(() => {
    if (generation === null) return;
    let live = true;
    void getRow(db, 'evidence', id).then((row) => {
      if (live && row) setFresh({ generation, row });
    });
    return () => {
      live = false;
    };
  }, [db, generation, id]);
  return fresh && fresh.generation === generation ? fresh.row.fields : null;
};

const OpenElsewhere = ({ takeOver }: { takeOver: () => void }) => (
  <NotificationBanner title="Important">
    <p className="govuk-notification-banner__heading">This note is open in another tab</p>
    <p className="govuk-body">
      It is shown here read-only, so the two tabs cannot overwrite each other. Editing here saves
      what was typed in the other tab first.
    </p>
    <Button variant="secondary" onClick={takeOver}>
      Edit here instead
    </Button>
  </NotificationBanner>
);

/**
 * One piece of evidence, by its URL: a draft reopens exactly as it was left, after a reload, a
 * crash or a closed tab, because every word is already in the device database.
 */
export const EvidencePage = () => {
  const { inspectionId = '', evidenceId = '' } = useParams();
  const inspection = useInspection(inspectionId);
  const row = useRow('evidence', evidenceId);
  const me = useDeviceUser().user?.id;
  // S8: only the author changes evidence. A row the server has never seen was made here.
  const mine = row ? row.seq === 0 || row.author === me : false;
  const flushRef = useRef<(() => Promise<void>) | null>(null);
  const flushEditor = useCallback(() => flushRef.current?.() ?? Promise.resolve(), []);
  const lease = useRecordLease(`evidence:${evidenceId}`, mine, flushEditor);
  const freshFields = useFreshFields(evidenceId, lease);

  if (inspection === undefined || row === undefined || me === undefined)
    return <p className="govuk-body">Loading…</p>;
  if (inspection === null || row === null || row.inspectionId !== inspectionId)
    return (
      <>
        <BackToList inspectionId={inspectionId} />
        <NotFound thing="evidence" />
      </>
    );
  if (row.deleted)
    return (
      <>
        <BackToList inspectionId={inspectionId} />
        <h1 className="govuk-heading-l">This evidence has been deleted</h1>
      </>
    );
  return (
    <>
      <BackToList inspectionId={inspectionId} />
      {!mine ? (
        <ReadOnlyEvidence row={row} inspection={inspection} />
      ) : lease.state === 'elsewhere' ? (
        <>
          <OpenElsewhere takeOver={lease.takeOver} />
          <ReadOnlyEvidence row={row} inspection={inspection} openInAnotherTab />
        </>
      ) : lease.state === 'mine' && freshFields ? (
        // Keyed by the lease: each time this tab gets the note it starts from what is stored.
        <EvidenceEditor
          key={`${row.id}:${lease.generation}`}
          row={{ ...row, fields: freshFields }}
          inspection={inspection}
          flushRef={flushRef}
        />
      ) : (
        <p className="govuk-body">Loading…</p>
      )}
    </>
  );
};
