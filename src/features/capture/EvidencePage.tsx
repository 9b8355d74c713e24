import { useCallback } from 'react';
import { Link, useParams } from 'react-router';
import { getRow } from '../../db';
import { useFieldbook } from '../shared/fieldbook-context';
import { useInspection, useRow } from '../shared/hooks';
import { LeasedEditor } from '../shared/LeasedEditor';
import { useDeviceUser } from '../shared/useDeviceUser';
import { EvidenceEditor } from './EvidenceEditor';
import { ReadOnlyEvidence } from './ReadOnlyEvidence';
import './capture.scss';
import { InspectionNotFound, NotFound } from '../shared/NotFound';

const BackToList = ({ inspectionId }: { inspectionId: string }) => (
  <Link className="govuk-back-link fb-back-link" to={`/i/${inspectionId}/evidence`}>
    All evidence
  </Link>
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
  const { db } = useFieldbook();
  const read = useCallback(() => getRow(db, 'evidence', evidenceId), [db, evidenceId]);
  // S8: only the author changes evidence. A row the server has never seen was made here.
  const mine = row ? row.seq === 0 || row.author === me : false;

  if (inspection === undefined || row === undefined || me === undefined)
    return <p className="govuk-body">Loading…</p>;
  // Its inspection gone (S6a, §4.3): no way back into it, only what happened and where to go.
  if (inspection === null) return <InspectionNotFound record="note" />;
  if (row === null || row.inspectionId !== inspectionId)
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
      ) : (
        <LeasedEditor
          leaseKey={`evidence:${row.id}`}
          what="note"
          live={row}
          read={read}
          readOnly={(banner) => (
            <>
              {banner}
              <ReadOnlyEvidence row={row} inspection={inspection} openInAnotherTab />
            </>
          )}
        >
          {({ stored, key, flushRef }) =>
            stored && (
              <EvidenceEditor key={key} row={stored} inspection={inspection} flushRef={flushRef} />
            )
          }
        </LeasedEditor>
      )}
    </>
  );
};
