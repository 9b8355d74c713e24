import { useDeferredValue, useMemo } from 'react';
import { useParams } from 'react-router';
import { todayIso } from '../../db';
import { useFieldbook } from '../shared/fieldbook-context';
import { useInspection, useRows } from '../shared/hooks';
import { ExportControls } from './ExportControls';
import { PrintDocument } from './PrintDocument';
import { buildRecord, SENSITIVE_MARKING, type RecordInput } from './record-model';
import './export.scss';
import { InspectionNotFound } from '../shared/NotFound';

/**
 * The inspection record: the whole document on screen (and on paper: the print stylesheet hides
 * the app around it and starts each judgement area on a new page), and JSON and CSV downloads.
 * Everything comes from the device, so it works offline.
 */
export const ExportPage = () => {
  const { inspectionId = '' } = useParams();
  const inspection = useInspection(inspectionId);
  const evidence = useRows('evidence', inspectionId);
  const cases = useRows('childCase', inspectionId);
  const journeyEvents = useRows('journeyEvent', inspectionId);
  const reviews = useRows('review', inspectionId);
  const drafts = useRows('judgementDraft', inspectionId);
  const concerns = useRows('safeguardingConcern', inspectionId);
  const meetings = useRows('teamMeeting', inspectionId);

  const { clock } = useFieldbook();
  const today = todayIso(clock);
  const input = useMemo((): RecordInput | undefined => {
    if (!inspection || !evidence || !cases || !journeyEvents || !reviews || !drafts) return;
    if (!concerns || !meetings) return;
    return {
      inspection,
      evidence,
      cases,
      journeyEvents,
      reviews,
      drafts,
      concerns,
      meetings,
      asOf: today,
    };
  }, [inspection, evidence, cases, journeyEvents, reviews, drafts, concerns, meetings, today]);
  const record = useMemo(() => (input ? buildRecord(input) : undefined), [input]);
  // Thousands of pieces of evidence take a moment to lay out: the buttons come first and the
  // document renders in the background, interruptibly, so the screen answers taps meanwhile.
  const shown = useDeferredValue(record, undefined);

  if (inspection === undefined) return <p className="govuk-body">Loading…</p>;
  if (inspection === null) return <InspectionNotFound />;

  return (
    <>
      <span className="govuk-caption-l">{inspection.area}</span>
      <h1 className="govuk-heading-l">Inspection record</h1>
      {!input || !record ? (
        <p className="govuk-body" role="status">
          Gathering the record…
        </p>
      ) : (
        <>
          <ExportControls
            input={input}
            sensitive={record.marking === SENSITIVE_MARKING}
            printReady={shown === record}
          />
          {shown ? (
            <PrintDocument record={shown} />
          ) : (
            <p className="govuk-body" role="status">
              Preparing the document…
            </p>
          )}
        </>
      )}
    </>
  );
};
